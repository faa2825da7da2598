"""The presenter's path in headless Chromium at 1280x720: the story walked with the keyboard alone
(Page Down as clickers send, arrows) and each step's main visual on the first screen. Every page at
its slug is in ``test_pages_browser.py``; time travel (nothing plotted after the as-of date) is an
AppTest (``tests/app/test_pages.py``)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.e2e.conftest import ROOT, assert_clean, wait_idle

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
