"""The Exposure page in headless Chromium at projector size: the effective-rate
chart with its numbered steps, the monthly-trade panels and the KPI on the as-of date; no
console error, no request to another host, no horizontal scrolling at 1280 px."""

import pytest

from tests.conftest import DATA
from tests.e2e.conftest import assert_clean, wait_idle
from tightrope import exposure
from tightrope.store import load_dataset

pytestmark = pytest.mark.e2e


def engine_rate(day: str) -> str:
    """The effective rate the engine gives on the bundled data (its rules and hand-computed references are
    unit-tested in tests/unit/test_exposure.py), as the KPI tile writes it."""
    return f"{exposure.of_dataset(load_dataset(DATA), 'JPN').effective_on(day):.1f}%"


def test_exposure_page_at_projector_size(server, make_page):
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/exposure?asof=2025-10-01")
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 2
    effective = page.locator(".js-plotly-plot").first
    # the named steps are numbered 1.. on the chart (the table under it names them)
    assert effective.locator("text", has_text="1").count() >= 1
    assert effective.locator("text", has_text="as of 2025-10-01").count() == 1
    metric = page.locator('[data-testid="stMetric"]', has_text="Effective additional US tariff")
    assert engine_rate("2025-10-01") in metric.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_clean(w)
