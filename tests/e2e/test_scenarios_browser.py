"""The Scenarios page in headless Chromium: a custom scenario set with a control goes into the
address bar, and that link reopens the same scenario in a fresh browser. No console error, no
request to another host. (The story step that opens a scenario is an AppTest.)"""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import assert_clean, wait_idle

pytestmark = pytest.mark.e2e


def kpi(page, label: str) -> str:
    return (
        page.locator('[data-testid="stMetric"]', has_text=label)
        .first.locator('[data-testid="stMetricValue"]')
        .inner_text()
    )


def test_custom_scenario_round_trips_through_the_url(server, make_page):
    page, w = make_page(server.url, 1280, 720)
    page.goto(f"{server.url}/scenarios?asof=2026-03-01&sc=autos%3D25%3Aadditional")
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert "Hypothetical scenario" in page.locator("h1").first.inner_text()
    assert kpi(page, "Baseline: in force") == "11.0%"
    # change a custom rate with the control: machinery's basis is 'as in force', so set the general rate instead
    rate = page.locator(".st-key-sc_rate_autos input")
    rate.fill("30")
    rate.press("Enter")
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('autos%3D30')", timeout=30_000)
    scenario = kpi(page, "Scenario (hypothetical)")
    sc = parse_qs(urlparse(page.url).query)["sc"][0]
    assert sc == "autos=30:additional; auto_parts=25:additional" or sc.startswith("autos=30:additional")
    fresh, w2 = make_page(server.url, 1600, 1000)
    fresh.goto(page.url)
    wait_idle(fresh)
    assert kpi(fresh, "Scenario (hypothetical)") == scenario
    assert fresh.locator(".st-key-sc_rate_autos input").input_value() == "30.0"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_clean(w)
    assert_clean(w2)
