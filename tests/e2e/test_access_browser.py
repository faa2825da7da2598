"""Accessibility a browser shows, in headless Chromium: every chart and the map carry a
text alternative (their accessible name says what they show on the as-of date) with the table
behind them one click away; overlapping diplomacy marks stay apart; the presenter's URL notices,
history (one Back per page, filters restored) and a URL that follows the player; no motion
unless asked (prefers-reduced-motion); Tab reaches every control with a visible focus ring; axe
in Japanese."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import assert_clean, wait_idle
from tests.support.a11y import describe, run_axe, serious
from tightrope import registry

pytestmark = pytest.mark.e2e

FIGURES = '[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]'


def _names(page) -> list[str]:
    """(role, accessible name) of every chart and map container."""
    return page.evaluate(
        "(sel) => [...document.querySelectorAll(sel)]"
        ".map(e => [e.getAttribute('role'), e.getAttribute('aria-label') || ''])",
        FIGURES,
    )


def test_every_chart_and_the_map_say_what_they_show_and_the_table_is_one_click_away(server, make_page):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/tariffs?asof=2025-10-01&prod=autos,steel")
    wait_idle(page)
    names = _names(page)
    assert names and all(role == "figure" for role, _n in names), names
    assert names[0][1] == (
        "US tariff on Japanese goods by product, as of 2025-10-01: autos 15% (floor, all-in), steel +50% on top of MFN."
    )
    assert "China +30% on top of MFN" in names[1][1]
    expanders = page.get_by_text("Chart as text and table")
    assert expanders.count() == len(names)
    expanders.first.click()
    table = page.locator('[data-testid="stExpander"]').first.locator('[data-testid="stDataFrame"]')
    table.wait_for(timeout=30_000)
    assert table.is_visible()
    for slug in (s for s in registry.SLUGS if s not in ("tariffs", "sources", "data")):  # pages with charts
        page.goto(f"{server.url}/{slug}?asof=2025-10-01")
        wait_idle(page)
        names = _names(page)
        assert names and all(role == "figure" and len(n) > 40 for role, n in names), (slug, names)
        if slug in ("overview", "diplomacy"):
            assert any(n.startswith("Map as of 2025-10-01.") for _r, n in names), names
    # in Japanese too
    page.goto(f"{server.url}/tariffs?asof=2025-10-01&prod=autos&lang=ja")
    wait_idle(page)
    assert _names(page)[0][1].startswith("日本製品に対する米国の品目別関税、2025年10月1日時点：自動車 15%")
    assert_clean(w)


def test_contacts_on_nearby_days_are_drawn_apart(server, make_page):
    """The Ishiba–Trump calls of 2025-05-23 and 2025-06-13 sat on one spot; now one is offset."""
    page, w = make_page(server.url)
    page.goto(f"{server.url}/diplomacy?asof=2025-07-01")
    wait_idle(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    points = page.evaluate(
        """() => { const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot'); const out = [];
        for (const tr of gd.data) tr.x.forEach((x, i) => out.push([String(x).slice(0, 10), tr.y[i], tr.marker.symbol]));
        return out; }"""
    )
    calls = {d: y for d, y, _s in points if d in ("2025-05-23", "2025-06-13")}
    assert len(calls) == 2 and calls["2025-05-23"] != calls["2025-06-13"], points
    # and the channel has a shape as well as a colour
    assert {s for _d, _y, s in points} - {"circle"}, "every channel drawn as the same shape"
    assert_clean(w)


def test_bad_step_gets_a_notice_in_presentation_mode(server, make_page):
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/?present=1&step=999")
    wait_idle(page)
    toast = page.locator('[data-testid="stToast"]')
    toast.first.wait_for(timeout=30_000)
    assert "step='999'" in toast.first.inner_text() and "not a story step" in toast.first.inner_text()
    assert "step=1" in page.url
    assert_clean(w)


def test_one_back_per_page_restores_the_earlier_filters(server, make_page):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/tariffs?asof=2025-03-01&prod=autos")
    wait_idle(page)
    length = page.evaluate("history.length")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Diplomacy").click()
    page.wait_for_url("**/diplomacy**", timeout=60_000)
    wait_idle(page)
    page.get_by_role("button", name="One step forward", exact=True).click()  # a change on the new page
    wait_idle(page)
    assert "asof=2025-04-01" in page.url
    assert page.evaluate("history.length") == length + 1, "one history entry per page"
    page.go_back()
    page.wait_for_url("**/tariffs**", timeout=60_000)
    wait_idle(page)
    assert "asof=2025-03-01" in page.url and "prod=autos" in page.url, page.url
    date_input = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input').first
    assert date_input.input_value() == "2025-03-01"
    chosen = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "autos" in chosen and "steel" not in chosen
    assert_clean(w)


def test_the_url_follows_the_player_and_nothing_moves_unless_asked(server, make_page):
    page, w = make_page(server.url)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{server.url}/tariffs?asof=2025-03-01")
    wait_idle(page)
    date_input = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input').first
    time.sleep(5)  # reduced motion: the player never starts by itself
    assert date_input.input_value() == "2025-03-01" and "asof=2025-03-01" in page.url
    assert page.get_by_role("button", name="Play", exact=True).count() == 1
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar] [data-testid=stDateInput] input').value >= '2025-05-01'",
        timeout=60_000,
    )
    page.get_by_role("button", name="Pause", exact=True).click()
    wait_idle(page)
    shown = date_input.input_value()
    assert f"asof={shown}" in page.url, (shown, page.url)
    assert_clean(w)


def _focus_walk(page, presses: int) -> list[dict]:
    out = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        out.append(
            page.evaluate(
                """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {tag: e.tagName,
                        label: (e.getAttribute('aria-label') || e.innerText || e.value || '').slice(0, 60),
                        testid: (e.closest('[data-testid]') || e).getAttribute('data-testid'),
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
                                 || s.boxShadow !== 'none'}; }"""
            )
        )
    return out


def test_tab_reaches_every_control_with_a_visible_focus(server, make_page):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/tariffs?asof=2025-10-01")
    wait_idle(page)
    walk = _focus_walk(page, 60)
    labels = " | ".join(f"{f['testid']}:{f['label']}" for f in walk)
    # the as-of date, the event picker, the player, the step size, the products, a chart's
    # table, a download: in this order
    wanted = ["As of", "Jump to an event", "One step back", "Play", "One step forward", "step: week", "Products"]
    wanted += ["Chart as text and table", "Download CSV"]
    at = [next((i for i, f in enumerate(walk) if name in f["label"]), None) for name in wanted]
    assert None not in at, f"not reached: {[n for n, i in zip(wanted, at) if i is None]}: {labels}"
    assert at == sorted(at), f"Tab order: {list(zip(wanted, at))}"
    missing = [f for f in walk if f["tag"] != "BODY" and not f["outline"]]
    assert not missing, f"focus not visible on: {missing}"
    assert_clean(w)


@pytest.mark.parametrize("slug", ["overview", "tariffs", "scenarios"])
def test_japanese_pages_pass_axe(server, make_page, slug):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/{slug}?asof=2025-10-01&lang=ja")
    wait_idle(page)
    found = run_axe(page)
    print(f"\n/{slug} ja: {sum(len(v['nodes']) for v in found)} violating element(s)\n{describe(found)}")
    assert not serious(found), describe(serious(found))
    assert_clean(w)
