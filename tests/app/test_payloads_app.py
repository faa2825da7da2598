"""Hostile data (tests/payloads.py) on every page, without a browser: no exception, and no
Markdown the app sends (markdown, captions, toasts, alerts, KPI help) carries a payload in a form
that Streamlit would render as markup. tests/e2e/test_payloads.py checks what Chromium shows."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.payloads import write_payload_folder
from tests.support.apptest import open_page
from tightrope import registry

PAGES = [p.path for p in registry.PAGES]

#: Markup that must never reach Streamlit's Markdown unescaped (a backslash before the first
#: character makes it literal text).
ACTIVE = [r"<script", r"<img", r"<svg", r"<a ", r"\]\(javascript", r":red\[", r":material/", r"\$x\^2\$", r"\{name\}"]
UNESCAPED = re.compile(r"(?<!\\)(?:" + "|".join(ACTIVE) + ")")


@pytest.fixture(scope="module")
def payload_dir(tmp_path_factory):
    return write_payload_folder(tmp_path_factory.mktemp("payload-app") / "data")


def markdown_bodies(at: AppTest) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "toast", "error", "warning", "info", "success", "title", "subheader", "header"):
        out += [str(e.value) for e in at.get(kind)]
    out += [m.proto.help for m in at.metric]
    return out


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_payloads_as_text(page, payload_dir):
    at = open_page(page, payload_dir)
    assert not at.exception, [e.value for e in at.exception]
    bodies = markdown_bodies(at)
    assert bodies
    bad = [b[:200] for b in bodies if UNESCAPED.search(b)]
    assert not bad, bad


@pytest.mark.parametrize("step", ["1", "2", "3"])
def test_story_bar_escapes_titles_and_captions(step, payload_dir):
    at = open_page("pages/overview.py", payload_dir, {"present": "1", "step": step})
    assert not at.exception
    bodies = markdown_bodies(at)
    assert any(f"Step {step} of 3" in b for b in bodies)
    assert not [b[:200] for b in bodies if UNESCAPED.search(b)]
    assert all(len(b) < 1200 for b in bodies if b.startswith("**Step"))  # the 5,000-character title is cut


def test_url_notices_are_escaped(payload_dir):
    at = open_page(
        "pages/overview.py",
        payload_dir,
        {"asof": "<script>alert(1)</script>", "c": "JPN,<img src=x onerror=alert(1)>", "present": ":red[x]"},
    )
    notices = [t.value for t in at.toast]
    assert len(notices) == 3
    assert not [n for n in notices if UNESCAPED.search(n)]
