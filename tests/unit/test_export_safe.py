"""Sanitisers: formula injection neutralised on export; links only for http(s); text escaped."""

import io

import pandas as pd
import pytest

from components import safe
from tightrope.export import neutralise, safe_frame, to_safe_csv


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://x")'])
def test_formulas_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12.5", "+3", "-0", "1e-3", "plain text", "", "2025-04-05"])
def test_plain_values_untouched(cell):
    assert neutralise(cell) == cell


def test_export_keeps_negative_numbers_numeric_and_dates_iso():
    frame = pd.DataFrame({"value": [-12.5, 3.0], "text": ["=cmd|' /C calc'!A0", "ok"], "day": pd.to_datetime(["2025-04-05", None]), "_row": [2, 3]})
    data = to_safe_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.StringIO(data.decode("utf-8-sig")))
    assert list(back.columns) == ["value", "text", "day"]
    assert back["value"].tolist() == [-12.5, 3.0]
    assert back["text"][0].startswith("'=")
    assert back["day"][0] == "2025-04-05"
    assert safe_frame(frame)["text"][1] == "ok"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>", "/relative", "ftp://x.org", "http://", "https://exa mple.org", " javascript:alert(1)"])
def test_only_http_links(url):
    assert safe.safe_url(url) is None
    assert "](" not in safe.link("title", url)


def test_http_link_is_a_markdown_link_with_escaped_title():
    out = safe.link("[click](javascript:x) *bold*", "https://example.org/a_(b)")
    assert out.startswith("[\\[click\\]\\(javascript\\:x\\) \\*bold\\*](https://example.org/a_%28b%29)")


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", ":red[alarm]", "$x^2$", "**bold**", "[a](b)", "# title", "{name} $&", "\u202eevil"])
def test_markdown_escape_leaves_no_active_syntax(text):
    out = safe.md(text)
    for ch in "<>[]()*$#:{}&":
        assert ch not in out.replace("\\" + ch, "")
    assert "\u202e" not in out


def test_plotly_text_escapes_html_and_dollars():
    assert safe.plotly_text("<b onmouseover=x>$1$</b>") == "&lt;b onmouseover=x&gt;&#36;1&#36;&lt;/b&gt;"
