"""Hostile data in every free-text column (tests/payloads.py): every page, presentation mode, the
map and chart hover, URL notices, the sidebar's event list and a CSV download, in headless
Chromium at 1280x720. Nothing runs (no dialog, ``window.__pwned`` stays undefined, no inline
event handler, no link but http(s)), the text is shown literally, and nothing overflows."""

from __future__ import annotations

import csv
import io
import math
from urllib.parse import quote

import pytest

from components.maps import INITIAL_VIEW
from tests.e2e.conftest import Server, assert_clean, wait_idle
from tests.payloads import DIRECTIVE, FORMULA, IMG, JS_URL, MATHS, SCRIPT, TEMPLATE, write_payload_folder
from tightrope import registry

pytestmark = pytest.mark.e2e

W, H = 1280, 720
PAGES = [registry.url_of(p) for p in registry.PAGES]
#: Text that must appear literally somewhere on the page (main area, tables included).
LITERAL = {
    "": [SCRIPT],  # the map's footer cites the first source, whose publisher is the script tag
    "tariffs": [SCRIPT],
    "exposure": [SCRIPT],  # source footers, and product group names in the exposure table
    "diplomacy": [FORMULA],
    "southeast_asia": [SCRIPT],
    "trade": [SCRIPT],
    "sources": [SCRIPT, TEMPLATE],
    "data": [IMG, JS_URL],  # the validation problems quote the bad values
    "scenarios": [SCRIPT, TEMPLATE],  # the first preset's title and rationale (opened by QUERY)
}
#: Query strings that open a page on the view holding the payloads.
QUERY = {"scenarios": "?sc=autos-25"}


#: Everything a page must not have: injected elements, inline handlers, non-http links, maths.
DOM_PROBLEMS = """() => {
    const out = [];
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            if (a.name.startsWith('on')) out.push(`${el.tagName} has ${a.name}`);
        }
    }
    for (const a of document.querySelectorAll('a[href]')) {
        if (!['http:', 'https:'].includes(new URL(a.href, location.href).protocol)) out.push(`link ${a.href}`);
    }
    for (const sel of ['img[src="x"]', '.katex', 'iframe']) {
        if (document.querySelector(sel)) out.push(`found ${sel}`);
    }
    // the one script the app writes itself is its history rule (components/style.py HISTORY_JS)
    for (const s of document.querySelectorAll('[data-testid="stMain"] script')) {
        if (!s.textContent.includes('__tightropeHistory')) out.push(`found a script: ${s.textContent.slice(0, 60)}`);
    }
    if (typeof window.__pwned !== 'undefined') out.push('window.__pwned is set');
    return out;
}"""

#: Text containers that are wider than their box (text that neither wraps nor is cut; KPI tiles
#: cut their text with an ellipsis by design).
OVERFLOWING = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"], '
        + '[data-testid="stMain"] [data-testid="stCaptionContainer"], '
        + '[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3')]
    .filter(e => !e.closest('[data-testid="stMetric"]'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth)
    .map(e => e.innerText.slice(0, 80))"""

#: The visible text of the main area plus the accessible copy of every table (the grid is a canvas).
PAGE_TEXT = """() => [document.querySelector('[data-testid="stMain"]').innerText,
    ...[...document.querySelectorAll('[data-testid="stDataFrame"] table')].map(t => t.textContent)].join('\\n')"""


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory):
    folder = write_payload_folder(tmp_path_factory.mktemp("payloads") / "data")
    s = Server(folder, tmp_path_factory.mktemp("payload-server") / "streamlit.log")
    yield s
    s.stop()


def open_page(make_page, server: Server, path: str):
    page, w = make_page(server.url, W, H)
    page.goto(f"{server.url}/{path}")
    wait_idle(page)
    return page, w


def assert_safe(page, w) -> None:
    """Nothing ran, nothing was injected, nothing overflows at 1280 px."""
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()
    assert page.evaluate(DOM_PROBLEMS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= W
    assert page.evaluate(OVERFLOWING) == []
    assert_clean(w)  # no dialog, console error, page exception or outside request


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_page_shows_payloads_literally(payload_server, make_page, path):
    page, w = open_page(make_page, payload_server, path + QUERY.get(path, ""))
    text = page.evaluate(PAGE_TEXT)
    for literal in LITERAL[path]:
        assert literal in text, (literal, text[:2000])
    assert "\u202e" not in text  # right-to-left overrides are removed, never rendered (Data page too)
    assert_safe(page, w)


def story_bar(make_page, payload_server, step: int):
    """Open presentation mode at ``step``; returns (page, watch, the story bar, its text)."""
    page, w = open_page(make_page, payload_server, f"?present=1&step={step}")
    bar = page.locator(".st-key-story-bar")
    bar.wait_for()
    return page, w, bar, bar.inner_text()


def test_presentation_story_caption_and_title_are_literal(payload_server, make_page):
    page, w, _bar, text = story_bar(make_page, payload_server, 1)
    assert IMG in text and SCRIPT in text
    assert_safe(page, w)


def test_presentation_long_title_is_cut_and_maths_and_directives_stay_text(payload_server, make_page):
    page, w, bar, text = story_bar(make_page, payload_server, 2)
    assert "W" * 100 in text and "W" * 300 not in text and "…" in text  # the 5,000-character title is cut
    assert f"{MATHS} {DIRECTIVE}" in text  # no maths, no colour, no icon, no emoji
    assert bar.locator(".katex, [data-testid='stMarkdownContainer'] [data-testid='stIconMaterial']").count() == 0
    assert_safe(page, w)


def test_url_parameter_notices_are_literal(payload_server, make_page):
    page, w = make_page(payload_server.url, W, H)
    page.goto(
        f"{payload_server.url}/?asof={quote(SCRIPT)}&c=JPN,{quote(IMG)}&present={quote('[x](javascript:alert(1))')}"
    )
    page.wait_for_selector('[data-testid="stToast"]', timeout=60_000)
    toasts = page.locator('[data-testid="stToast"]')
    page.wait_for_function("document.querySelectorAll('[data-testid=stToast]').length >= 3", timeout=30_000)
    text = "\n".join(toasts.evaluate_all("els => els.map(e => e.textContent)"))
    assert "<script>window.__pwned=1" in text and "<img src=x onerror=" in text and "[x](javascript:alert(1))" in text
    assert toasts.locator("a, img").count() == 0
    wait_idle(page)
    assert_safe(page, w)


def test_sidebar_event_list_is_literal(payload_server, make_page):
    page, w = open_page(make_page, payload_server, "")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    options = page.locator('[role="option"]')
    options.first.wait_for()
    text = "\n".join(options.all_inner_texts())
    assert f"Story 1: {IMG}" in text and f"Story 3: {SCRIPT}" in text
    assert page.locator('[role="listbox"] img, [role="listbox"] a').count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= W
    page.keyboard.press("Escape")
    assert_safe(page, w)


def _pixel(
    box: dict,
    lon: float,
    lat: float,
    centre=(INITIAL_VIEW["longitude"], INITIAL_VIEW["latitude"]),
    zoom: float = INITIAL_VIEW["zoom"],
) -> tuple[float, float]:
    """Screen position of (lon, lat) on the deck (Web Mercator, 512 px world at zoom 0)."""

    def world(lo, la):
        size = 512 * 2**zoom
        return (lo + 180) / 360 * size, (
            1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi
        ) / 2 * size

    (x, y), (cx, cy) = world(lon, lat), world(*centre)
    return box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy


def test_map_tooltip_is_text(payload_server, make_page):
    page, w = open_page(make_page, payload_server, "")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    box = canvas.bounding_box()
    tip = None
    # Tokyo's capital marker (countries.csv: Japan's name is the script tag); try a few pixels around it
    for dx, dy in [(0, 0), (2, 0), (-2, 0), (0, 2), (0, -2), (3, 3), (-3, -3)]:
        x, y = _pixel(box, 139.6917, 35.6895)
        page.mouse.move(x + dx, y + dy)
        page.wait_for_timeout(300)
        tip = page.evaluate(
            "() => { const t = document.querySelector('.deck-tooltip'); "
            "return t && t.style.display !== 'none' ? {text: t.innerText, children: t.children.length} : null }"
        )
        if tip and "capital of" in tip["text"]:
            break
    assert tip and "capital of" in tip["text"], tip
    # the capital's tooltip, then the US rate the country faced (the polygons are not pickable)
    assert f"capital of {SCRIPT}: " in tip["text"] and "as of" in tip["text"]
    assert tip["children"] == 0  # set as text: no element was parsed out of it
    assert_safe(page, w)


def test_plotly_hover_is_text(payload_server, make_page):
    page, w = open_page(make_page, payload_server, "")
    points = page.locator(".js-plotly-plot .scatterlayer .point")
    points.first.scroll_into_view_if_needed()
    seen = []
    for i in range(points.count()):
        points.nth(i).hover(force=True)
        page.wait_for_timeout(150)
        hover = page.evaluate(
            "() => [...document.querySelectorAll('.hoverlayer .hovertext')].map(e => e.textContent).join(' ')"
        )
        if "<" in hover:
            seen.append(hover)
            assert page.locator(".hoverlayer a, .hoverlayer img, .hoverlayer script").count() == 0
    assert any("<script>window.__pwned=1" in h for h in seen), seen
    assert_safe(page, w)


def test_downloaded_csv_has_no_live_formula(payload_server, make_page):
    page, w = open_page(make_page, payload_server, "diplomacy")
    with page.expect_download() as info:
        page.locator(".st-key-dl-contacts button").click()
    data = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(data)))
    cells = [c for r in rows for c in r]
    assert "'" + FORMULA in cells
    for c in cells:
        head = c.lstrip(" \u3000")
        assert not head.startswith(("=", "+", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff20")), c
        if head.startswith("-"):
            float(head)  # only numbers may start with a minus sign
    assert_safe(page, w)
