"""Every page in Japanese (``lang=ja``) in headless Chromium, and presentation mode: no English
message of the catalog is visible (page text and chart SVG text; data text and source titles are
not catalog messages), no traceback, and the page is otherwise clean (console, outside hosts)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.e2e.conftest import ROOT, assert_clean, wait_idle
from tightrope import registry

pytestmark = pytest.mark.e2e

#: a catalog message counts as visible English when a run of at least this many words of it
#: (between placeholders) is on the page: shorter runs ("as of", "Section 232") also occur in data
#: text and source titles, which stay as written.
MIN_WORDS = 4


def english_phrases() -> list[str]:
    with (ROOT / "locale" / "ja" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="ja")
    out = set()
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        for text in ids:
            for chunk in re.split(r"\{\w+\}", text.replace("*", "")):
                chunk = chunk.strip(" .,:;()—-")
                if len(chunk.split()) >= MIN_WORDS:
                    out.add(chunk)
    return sorted(out)


PHRASES = english_phrases()
PATHS = [registry.url_of(p) for p in registry.PAGES]


def visible_text(page) -> str:
    return page.evaluate(
        "() => document.body.innerText + '\\n' + Array.from(document.querySelectorAll('svg text'))"
        ".map(t => t.textContent).join('\\n')"
    )


def check(page, w) -> None:
    text = visible_text(page)
    assert "Traceback" not in text
    assert page.locator('[data-testid="stException"]').count() == 0
    english = [p for p in PHRASES if p in text]
    assert english == [], english
    assert_clean(w)


def test_phrases_are_found():
    assert len(PHRASES) > 100


@pytest.mark.parametrize("path", PATHS, ids=[p or "overview" for p in PATHS])
def test_page_in_japanese_shows_no_english_message(server, make_page, path):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/{path}?lang=ja&asof=2025-10-01")
    wait_idle(page)
    assert page.locator("h1").first.is_visible()
    check(page, w)


def test_presentation_mode_in_japanese_shows_no_english_message(server, make_page):
    """The story bar, its sources and the presenter's buttons (the step label itself is an AppTest)."""
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/?lang=ja&present=1&step=2")
    wait_idle(page)
    assert page.locator(".st-key-story-bar").count() == 1
    check(page, w)


#: English that plotly writes by itself unless told otherwise: month names on date axes and SI
#: suffixes (12k) on value axes.
PLOTLY_ENGLISH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|^-?[\d.]+[kMG]$")


@pytest.mark.parametrize("path", ["exposure", "trade", "scenarios"])
def test_chart_axes_and_placeholders_read_japanese(server, make_page, path):
    """Axis ticks as 2025年4月 and 12,000 (not Jan 2025, 12k); no selectbox placeholder left as
    Streamlit's English default; no empty table cell written as None."""
    page, w = make_page(server.url)
    page.goto(f"{server.url}/{path}?lang=ja")
    wait_idle(page)
    ticks = page.evaluate("() => Array.from(document.querySelectorAll('svg text')).map(t => t.textContent.trim())")
    assert ticks and [t for t in ticks if PLOTLY_ENGLISH.search(t)] == []
    holders = page.evaluate(
        "() => Array.from(document.querySelectorAll('input[placeholder]')).map(i => i.getAttribute('placeholder'))"
    )
    assert "Choose an option" not in holders and "Select..." not in holders, holders
    assert_clean(w)


@pytest.mark.parametrize("path", ["", "exposure", "scenarios"])
def test_kpi_text_is_not_clipped_at_1280_in_japanese(server, make_page, path):
    """Japanese KPI labels, values and delta chips wrap inside their tile at 1280x720 instead of
    being cut off with an ellipsis."""
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/{path}?lang=ja")
    wait_idle(page)
    clipped = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid="stMetric"] *'))
          .filter(el => getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
          .map(el => el.textContent)"""
    )
    assert page.locator('[data-testid="stMetric"]').count() >= 3
    assert clipped == [], clipped
    assert_clean(w)
