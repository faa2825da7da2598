"""Every page in headless Chromium: map canvas and plotly charts drawn, no console error, no
page exception, no request to any host but the app's own, no dialog, no traceback."""

import pytest

from tests.e2e.conftest import assert_clean, wait_idle
from tightrope import registry

pytestmark = pytest.mark.e2e

#: on 2025-10-01 every chart has data (on the data's last day no general tariff is in force, and the
#: rate comparisons show a note instead of an empty chart)
PAGES = {
    "": (1, 1),
    "tariffs?asof=2025-10-01": (0, 2),
    "exposure?asof=2025-10-01": (0, 2),
    "scenarios?asof=2025-10-01&sc=autos-back-to-25": (0, 2),
    "diplomacy": (1, 1),
    "southeast_asia?asof=2025-10-01": (0, 2),
    "trade": (0, 2),
    "sources": (0, 0),
    "data": (0, 0),
}


def test_every_registered_page_is_opened_at_its_url():
    assert [p.split("?")[0] for p in PAGES] == [registry.url_of(p) for p in registry.PAGES]


@pytest.mark.parametrize("path", list(PAGES), ids=[p.split("?")[0] or "overview" for p in PAGES])
def test_page_loads_clean(server, make_page, path):
    page, w = make_page(server.url)
    page.goto(f"{server.url}/{path}")
    wait_idle(page)
    maps, charts = PAGES[path]
    if maps:
        page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
        assert page.locator('[data-testid="stDeckGlJsonChart"] canvas').count() >= maps
    if charts:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert page.locator(".js-plotly-plot").count() >= charts
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()
    assert page.locator("h1").first.is_visible()
    assert page.get_by_text("Page not found").count() == 0
    slug = path.split("?")[0] or registry.DEFAULT.slug  # the root opens the default page at its slug
    assert page.url.split("?")[0] == f"{server.url}/{slug}"  # the page answers at its own address
    assert_clean(w)


def test_projector_size_dark_theme(server, make_page):
    page, w = make_page(server.url, 1280, 720, "dark")
    page.goto(f"{server.url}/")
    wait_idle(page)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    # no horizontal scrolling at 1280 px
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_clean(w)
