"""Shared links, page switches, presentation mode and the map's view, in headless Chromium."""

import re

import pytest

from tests.e2e.conftest import ROOT, Server, assert_clean, wait_idle

pytestmark = pytest.mark.e2e


def multiselect(page, label: str):
    return page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)


def choose(page, label: str, option: str) -> None:
    multiselect(page, label).locator("input").click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)


def test_fresh_server_opens_a_page_link_directly(tmp_path, make_page):
    """A shared link to a page, as the very first request a server gets, renders that page."""
    s = Server(ROOT / "data", tmp_path / "log.txt")
    try:
        page, w = make_page(s.url)
        page.goto(f"{s.url}/tariffs?asof=2025-05-01")
        wait_idle(page)
        assert page.locator("h1").first.inner_text() == "Tariffs"
        assert_clean(w)
    finally:
        s.stop()


def test_url_reopens_the_same_view(server, make_page):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/tariffs?asof=2025-05-01&c=JPN,CHN,VNM&prod=autos,steel")
    wait_idle(page)
    assert page.locator('[data-testid="stDateInput"] input').first.input_value() == "2025-05-01"
    chips = multiselect(page, "Countries").inner_text()
    assert "Japan (JPN)" in chips and "China (CHN)" in chips and "Vietnam (VNM)" in chips
    legend = (
        page.locator(".js-plotly-plot").first.locator(".legendtext").evaluate_all("els => els.map(e => e.textContent)")
    )
    assert "autos" in legend and "steel" in legend and "all goods" not in legend
    # the comparison chart shows only the chosen countries (Japan, China, Vietnam)
    bars = (
        page.locator(".js-plotly-plot").nth(1).locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
    )
    assert sorted(bars) == ["China", "Japan", "Vietnam"]
    assert "asof=2025-05-01" in page.url
    assert_clean(w)


def test_page_switch_keeps_filters_and_url(server, make_page):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/diplomacy?asof=2025-06-01")
    wait_idle(page)
    choose(page, "Channel", "leader meeting")
    page.wait_for_function("() => location.search.includes('ch=leader_meeting')", timeout=10_000)
    page.get_by_role("link", name="Overview").click()
    wait_idle(page)
    assert "ch=leader_meeting" in page.url and "asof=2025-06-01" in page.url
    page.get_by_role("link", name="Diplomacy").click()
    wait_idle(page)
    assert "leader meeting" in multiselect(page, "Channel").inner_text()
    assert "ch=leader_meeting" in page.url
    assert_clean(w)


def test_presentation_mode_story_next_advances_step_and_url(server, make_page):
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/?present=1&step=1")
    wait_idle(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stToolbar"]').is_visible()
    body = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').first
    assert float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20
    first = page.get_by_text(re.compile(r"^Step 1 of \d+")).first.inner_text()
    page.get_by_role("button", name="Next").click()
    page.wait_for_function("() => location.search.includes('step=2')", timeout=15_000)
    wait_idle(page)
    second = page.get_by_text(re.compile(r"^Step 2 of \d+")).first.inner_text()
    assert first != second
    assert "present=1" in page.url
    page.get_by_role("button", name="Exit").click()
    page.wait_for_function("() => !location.search.includes('present=1')", timeout=15_000)
    wait_idle(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    assert_clean(w)


def test_map_view_survives_a_filter_change(server, make_page):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/diplomacy?asof=2025-06-01")
    wait_idle(page)
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    deck.scroll_into_view_if_needed()
    initial = deck.screenshot()
    box = deck.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.wheel(0, -240)
    page.wait_for_timeout(1200)
    zoomed = deck.screenshot()
    assert zoomed != initial
    choose(page, "Channel", "leader meeting")
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    deck.scroll_into_view_if_needed()
    page.wait_for_timeout(1200)
    after = deck.screenshot()
    # still zoomed in: the picture is not the initial framing (arcs change, the view does not)
    from io import BytesIO

    from PIL import Image, ImageChops

    def diff(a, b):
        return sum(
            ImageChops.difference(Image.open(BytesIO(a)).convert("L"), Image.open(BytesIO(b)).convert("L")).histogram()[
                32:
            ]
        )

    assert diff(after, zoomed) < diff(after, initial)
    assert_clean(w)
