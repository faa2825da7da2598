"""Streamlit's legacy ``pages/`` mode and the app's workaround (components.session.legacy_pages_mode).

With a ``pages/`` folder beside ``app.py``, Streamlit runs a page script directly (not through
``app.py``'s ``st.navigation``) until navigation has run once in the process: on a real server for
a shared link that is the first request, in AppTest for every run after a page switch. If the first
test fails after a Streamlit upgrade, the legacy mode is gone: delete ``legacy_pages_mode`` and its
call in ``session.current``, and this file."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import session
from tests.conftest import MINI, ROOT

pytestmark = pytest.mark.legacy_pages


def test_streamlit_still_runs_a_page_script_directly_in_legacy_mode(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "other.py").write_text("import streamlit as st\nst.title('direct')\n")
    (tmp_path / "app.py").write_text(
        "import streamlit as st\n"
        "page = st.navigation([st.Page(lambda: st.title('main'), title='Main', "
        "url_path='main', default=True), st.Page('pages/other.py', url_path='other')])\n"
        "st.caption('routed')\n"
        "page.run()\n"
    )
    at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60).run()
    assert [t.value for t in at.title] == ["main"] and at.caption[0].value == "routed"
    at.switch_page("pages/other.py").run()
    # the page ran without app.py: no "routed" caption. When Streamlit changes this, the
    # workaround is dead code (see the module docstring).
    assert [t.value for t in at.title] == ["direct"]
    assert not at.caption, "Streamlit no longer runs page scripts directly: remove components.session.legacy_pages_mode"


def test_the_workaround_routes_a_directly_run_page_through_the_app(monkeypatch):
    monkeypatch.setenv("TIGHTROPE_DATA_DIR", str(MINI))
    calls = []
    real = session.legacy_pages_mode
    monkeypatch.setattr(session, "legacy_pages_mode", lambda: calls.append(real()) or calls[-1])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/tariffs.py").run()
    assert True in calls  # the page script started directly and asked for a rerun
    assert not at.exception
    assert at.title[0].value == "Tariffs"
    assert at.sidebar.date_input  # the sidebar: app.py ran
