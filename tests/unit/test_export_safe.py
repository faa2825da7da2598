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
    frame = pd.DataFrame(
        {
            "value": [-12.5, 3.0],
            "text": ["=cmd|' /C calc'!A0", "ok"],
            "day": pd.to_datetime(["2025-04-05", None]),
            "_row": [2, 3],
        }
    )
    data = to_safe_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.StringIO(data.decode("utf-8-sig")))
    assert list(back.columns) == ["value", "text", "day"]
    assert back["value"].tolist() == [-12.5, 3.0]
    assert back["text"][0].startswith("'=")
    assert back["day"][0] == "2025-04-05"
    assert safe_frame(frame)["text"][1] == "ok"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "/relative",
        "ftp://x.org",
        "http://",
        "https://exa mple.org",
        " javascript:alert(1)",
    ],
)
def test_only_http_links(url):
    assert safe.safe_url(url) is None
    assert "](" not in safe.link("title", url)


def test_http_link_is_a_markdown_link_with_escaped_title():
    out = safe.link("[click](javascript:x) *bold*", "https://example.org/a_(b)")
    assert out.startswith("[\\[click\\]\\(javascript\\:x\\) \\*bold\\*](https://example.org/a_%28b%29)")


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", ":red[alarm]", "$x^2$", "**bold**", "[a](b)", "# title", "{name} $&", "\u202eevil"],
)
def test_markdown_escape_leaves_no_active_syntax(text):
    out = safe.md(text)
    for ch in "<>[]()*$#:{}&":
        assert ch not in out.replace("\\" + ch, "")
    assert "\u202e" not in out


def test_plotly_text_escapes_html_and_dollars():
    assert safe.plotly_text("<b onmouseover=x>$1$</b>") == "&lt;b onmouseover=x&gt;&#36;1&#36;&lt;/b&gt;"


# --- more formula forms, numbers intact, every download through to_safe_csv ----------------


@pytest.mark.parametrize(
    "cell", [" =1+1", "\u3000=1+1", "\uff1dcmd|' /C calc'!A0", "\uff0bA1", "\uff20SUM(A1)", "\n=1", "-1+A1", "@", "-"]
)
def test_hidden_and_full_width_formulas_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-3", " -3", "+0.5", "-.5", "-1e5", "日本", "テスト=1", "a-b", "2025-04-05"])
def test_numbers_and_inner_signs_untouched(cell):
    assert neutralise(cell) == cell


def test_every_column_kind_survives_export_and_negative_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "int": pd.array([-3, 4, None], dtype="Int64"),
            "float": [-0.5, -1e6, float("nan")],
            "str_dtype": pd.array(["-7", "=1+1", None], dtype="string"),
            "obj": ["@cmd", 5, None],
            "=evil header": ["x", "y", "z"],
        }
    )
    back = pd.read_csv(io.StringIO(to_safe_csv(frame).decode("utf-8-sig")), dtype=str, keep_default_na=False)
    assert back["int"].tolist() == ["-3", "4", ""]
    assert back["float"].tolist()[:2] == ["-0.5", "-1000000.0"]
    assert back["str_dtype"].tolist() == ["-7", "'=1+1", ""]
    assert back["obj"].tolist() == ["'@cmd", "5", ""]
    assert list(back.columns)[-1] == "'=evil header"
    assert pd.read_csv(io.StringIO(to_safe_csv(frame).decode("utf-8-sig")))["int"].iloc[0] == -3


def _view_files():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    files = [root / "app.py", *sorted((root / "components").rglob("*.py")), *sorted((root / "pages").rglob("*.py"))]
    return root, files


def test_every_download_button_goes_through_to_safe_csv():
    """Every st.download_button's data is to_safe_csv(...) (components.blocks.download)."""
    import ast

    root, files = _view_files()
    # The editor's "Download my version" hands an editor the raw table file being edited (the
    # bytes a save would write to data/), so it stays byte-faithful; only editors see it.
    allowed = {
        ("components/blocks.py", "lambda: to_safe_csv(frame, header_row)"),
        ("components/table_editor.py", "editing.to_csv_text(state.work, state.loaded.columns).encode('utf-8')"),
    }
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "download_button"
            ):
                data = next(
                    (k.value for k in node.keywords if k.arg == "data"), node.args[1] if len(node.args) > 1 else None
                )
                found.add((path.relative_to(root).as_posix(), ast.unparse(data) if data is not None else ""))
    assert ("components/blocks.py", "lambda: to_safe_csv(frame, header_row)") in found  # made on click
    assert found <= allowed, found - allowed


def test_no_unsafe_html_in_views():
    """No view passes unsafe_allow_html; st.html only renders the app's own CSS constants (and its one
    history script, a ``*_JS`` constant)."""
    import re

    _, files = _view_files()
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html=True" not in text, path
        assert "components.v1" not in text and "components.html" not in text, path
        for m in re.finditer(r"st\.html\(([^)]*)\)", text):
            # the app's own constants only; script only from a ``*_JS`` constant (the history script)
            arg = m.group(1).strip()
            assert re.fullmatch(r"(?:[a-z_]+\.)?[A-Z_]+|[A-Z_]+_JS, unsafe_allow_javascript=True", arg), (
                path,
                m.group(0),
            )


# --- links in tables, shortening, plotly labels -----------------------------------------------------


def test_table_keeps_only_http_links_and_removes_bidi_overrides():
    frame = pd.DataFrame(
        {
            "url": [
                "https://example.org/a",
                "javascript:alert(1)",
                "data:text/html,x",
                "/relative",
                None,
                " https://example.org/b ",
            ],
            "title": ["\u202eevil.exe", "ok", "<b>", "=1", None, "x"],
            "n": [-1, 2, 3, 4, 5, 6],
        }
    )
    out = safe.table(frame, links=["url"])
    assert out["url"].tolist() == ["https://example.org/a", None, None, None, None, "https://example.org/b"]
    assert out["title"].tolist()[:4] == ["evil.exe", "ok", "<b>", "=1"]
    assert out["n"].tolist() == [-1, 2, 3, 4, 5, 6]
    assert frame["title"][0].startswith("\u202e")  # the input is not modified


def test_shorten_and_md_limit():
    assert safe.shorten("W" * 5000, 60) == "W" * 59 + "…"
    assert safe.shorten("short", 60) == "short"
    assert safe.shorten("\u202eab", None) == "ab"
    assert len(safe.md("W" * 5000, 200)) == 200


def test_plotly_text_keeps_quotes_readable_and_cuts_labels():
    # plotly decodes &lt; &gt; &amp; and numeric entities but not &quot;: quotes stay as typed
    out = safe.plotly_text('<img src=x onerror="alert(1)">')
    assert out == '&lt;img src=x onerror="alert(1)"&gt;'
    assert "&quot;" not in out
    label = safe.plotly_text("W" * 5000)
    assert len(label.replace("<br>", "")) == safe.LABEL_CHARS
    assert all(len(line) <= safe.LABEL_WIDTH for line in label.split("<br>"))
    assert safe.plotly_text("W" * 5000, limit=None, width=None) == "W" * 5000
    assert safe.plotly_text("a\nb") == "a<br>b"


def test_plotly_hover_wraps_and_escapes_after_wrapping():
    out = safe.plotly_hover("<" * 100 + " " + "x" * 5000)
    lines = out.split("<br>")
    assert all(len(line.replace("&lt;", "<")) <= safe.HOVER_WIDTH for line in lines)
    assert "<" not in out.replace("<br>", "")
    assert len(out.replace("<br>", "").replace("&lt;", "<")) <= safe.HOVER_CHARS
