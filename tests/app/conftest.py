"""AppTest fixtures. Every AppTest run starts Streamlit's legacy ``pages/`` mode afresh (AppTest
resets ``PagesManager.uses_pages_directory`` before each run), so a run after a page switch would
start the page script directly and pay for the app's workaround (a rerun) every time. Tests here
switch that mode off as ``st.navigation`` does; ``test_legacy_pages_mode.py`` (marked
``legacy_pages``) keeps it, to prove the workaround in :func:`components.session.legacy_pages_mode`."""

from __future__ import annotations

import pytest
from streamlit.runtime.pages_manager import PagesManager

from tests.conftest import DATA


@pytest.fixture(autouse=True)
def _bundled_data_after(monkeypatch):
    """Every test may point ``TIGHTROPE_DATA_DIR`` elsewhere (:func:`tests.support.apptest.open_app`
    sets it); the next test starts on the bundled data again."""
    monkeypatch.setenv("TIGHTROPE_DATA_DIR", str(DATA))


@pytest.fixture(autouse=True)
def _no_legacy_pages_mode(request, monkeypatch):
    if request.node.get_closest_marker("legacy_pages"):
        yield
        return
    init = PagesManager.__init__

    def init_without_legacy(self, *args, **kwargs):
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_without_legacy)
    yield
