"""The presenter's path in headless Chromium at 1280x720: the story walked with the keyboard alone
(Page Down as clickers send, arrows), each step's main visual on the first screen, every page at
its slug, and time travel that shows nothing dated after the as-of date."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.e2e.conftest import ROOT, assert_clean, wait_idle
from tightrope import registry

pytestmark = pytest.mark.e2e

STEPS = len(pd.read_csv(ROOT / "data" / "story.csv"))
VISUAL = '[data-testid="stDeckGlJsonChart"], .js-plotly-plot'


def _step_shown(page) -> int:
    text = page.locator(".st-key-story-bar strong").first.inner_text()
    return int(re.match(r"Step (\d+) of", text).group(1))


def press(page, key: str, step: int) -> None:
    """Press ``key`` and wait until the story bar shows ``step`` (a page switch may come first)."""
    page.keyboard.press(key)
    page.wait_for_function(
        "(s) => [...document.querySelectorAll('.st-key-story-bar strong')]"
        ".some(e => e.innerText.startsWith(`Step ${s} of`))",
        arg=step,
        timeout=60_000,
    )
    wait_idle(page)


def test_keyboard_walks_the_story_and_each_visual_is_on_the_first_screen(server, make_page):
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/overview?present=1&step=1")
    wait_idle(page)
    for step in range(1, STEPS + 1):
        assert _step_shown(page) == step
        assert f"step={step}" in page.url
        # the step's main visual (its map or first chart) starts on the first screen
        top = page.locator(VISUAL).first.bounding_box()["y"]
        assert top < 720 - 150, f"step {step}: main visual starts at {top:.0f} px"
        assert page.locator('[data-testid="stAlert"]:has-text("data problem")').count() == 0
        if step < STEPS:
            press(page, "PageDown" if step % 2 else "ArrowRight", step + 1)
    press(page, "PageUp", STEPS - 1)
    assert _step_shown(page) == STEPS - 1
    press(page, "ArrowLeft", STEPS - 2)
    assert _step_shown(page) == STEPS - 2
    # Tab reaches Back, Next and Exit, with a visible focus ring
    names = []
    for _ in range(20):
        page.keyboard.press("Tab")
        # buttons only: a scrollable container is focusable too, and its text holds every button's
        names.append(
            page.evaluate(
                "document.activeElement.tagName === 'BUTTON' "
                "? (document.activeElement.innerText || document.activeElement.ariaLabel || '') : ''"
            )
        )
        if "Exit" in names[-1]:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none"
            break
    assert any("Exit" in n for n in names), names
    page.keyboard.press("Enter")
    wait_idle(page)
    assert page.locator(".st-key-story-bar").count() == 0 and "present=1" not in page.url
    assert_clean(w)


def test_every_registered_page_answers_at_its_slug(server, make_page):
    page, w = make_page(server.url)
    for spec in registry.PAGES:
        page.goto(f"{server.url}/{spec.slug}?asof=2025-10-01")
        wait_idle(page)
        assert page.get_by_text("Page not found").count() == 0, spec.slug
        assert f"/{spec.slug}" in page.url
    assert_clean(w)


def _dates_after(page, day: str) -> list[str]:
    """Dates later than ``day`` in any plotly chart's data or shapes (the as-of marker excepted)."""
    return page.evaluate(
        """(day) => {
        const late = [];
        const iso = (v) => typeof v === 'string' && /^\\d{4}-\\d{2}-\\d{2}/.test(v) ? v.slice(0, 10) : null;
        for (const gd of document.querySelectorAll('.js-plotly-plot')) {
            for (const tr of gd.data || []) for (const x of (Array.isArray(tr.x) ? tr.x : [])) {
                const d = iso(x); if (d && d > day) late.push(`${tr.name}: ${d}`);
            }
            for (const s of (gd.layout && gd.layout.shapes) || []) for (const x of [s.x0, s.x1]) {
                const d = iso(x); if (d && d > day) late.push(`shape: ${d}`);
            }
        }
        return late;
    }""",
        day,
    )


@pytest.mark.parametrize("day", ["2025-03-01", "2025-05-01", "2025-08-01"])
def test_time_travel_shows_nothing_after_the_as_of_date(server, make_page, day):
    page, w = make_page(server.url)
    for slug in ("tariffs", "diplomacy", "overview"):
        page.goto(f"{server.url}/{slug}?asof={day}")
        wait_idle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert _dates_after(page, day) == [], f"/{slug} as of {day}"
    assert_clean(w)
