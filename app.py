"""Tightrope: how Japan walks the line between the United States and China.

Entry point: page config, shared sidebar filters (mirrored in the URL), navigation, and the
data banner. Run with ``make run`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import streamlit as st

from components import context, presentation
from components.widgets import validation_banner

st.set_page_config(page_title="Tightrope · Japan between the US and China", page_icon="components/assets/favicon.png", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/tariffs.py", title="Tariffs", icon=":material/percent:", url_path="tariffs"),
    st.Page("pages/exposure.py", title="Exposure", icon=":material/account_balance:", url_path="exposure"),
    st.Page("pages/diplomacy.py", title="Diplomacy", icon=":material/handshake:", url_path="diplomacy"),
    st.Page("pages/southeast_asia.py", title="Southeast Asia", icon=":material/public:", url_path="southeast_asia"),
    st.Page("pages/trade.py", title="Trade", icon=":material/bar_chart:", url_path="trade"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    st.Page("pages/data.py", title="Data", icon=":material/table_edit:", url_path="data"),
]

ds = context.dataset()
view = context.setup(ds, story_len=len(ds["story"]))
page = st.navigation(PAGES, position="hidden" if view.present else "sidebar")
presentation.apply(view, PAGES)
validation_banner(ds.report, ds.fallbacks)
page.run()
context.sync_url(view)
