"""The Exposure page in headless Chromium at projector size in both themes: the effective-rate
chart with its numbered steps, the monthly-trade panels and the KPI on the as-of date; no
console error, no request to another host, no horizontal scrolling at 1280 px."""

import pytest

from tests.e2e.conftest import assert_clean, wait_idle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_exposure_page_at_projector_size(server, make_page, scheme):
    page, w = make_page(server.url, 1280, 720, scheme)
    page.goto(f"{server.url}/exposure?asof=2025-10-01")
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 2
    effective = page.locator(".js-plotly-plot").first
    # the named steps are numbered 1.. on the chart (the table under it names them)
    assert effective.locator("text", has_text="1").count() >= 1
    assert effective.locator("text", has_text="as of 2025-10-01").count() == 1
    metric = page.locator('[data-testid="stMetric"]', has_text="Effective additional US tariff")
    assert "13.0%" in metric.inner_text()  # hand-computed in tests/unit/test_exposure.py (2025-09-16 step)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_clean(w)


def test_exposure_page_in_presentation_mode(server, make_page):
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/exposure?asof=2026-03-01&present=1")
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert (
        page.locator('[data-testid="stSidebar"]').count() == 0
        or not page.locator('[data-testid="stSidebar"]').is_visible()
    )
    assert "11.7%" in page.locator('[data-testid="stMetric"]', has_text="Effective additional US tariff").inner_text()
    assert_clean(w)
