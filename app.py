"""Tightrope: how Japan walks the line between the United States and China.

Entry point: page config, the shared sidebar (mirrored in the URL), navigation from the page
registry (:mod:`tightrope.registry`), the data banner. Run with ``make run`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import streamlit as st

from components import cache, presentation, session, sidebar, style, table_editor
from components.blocks import validation_banner
from tightrope import registry
from tightrope.i18n import gettext as _

session.choose_language()  # first: everything below is written in the viewer's language
st.set_page_config(
    page_title=_("Tightrope · Japan between the US and China"), page_icon="components/assets/favicon.png", layout="wide"
)

#: slug -> st.Page, in navigation order (titles in the viewer's language); every page answers at
#: its slug (``/overview``)
PAGES = {p.slug: st.Page(p.path, title=_(p.title), icon=p.icon, url_path=p.slug) for p in registry.PAGES}
HOME = registry.DEFAULT


def _home() -> None:
    """The app root (``/``) opens the default page at its slug. (Streamlit serves a default page
    only at ``/`` and says "page not found" at its slug, so the default is this hidden redirect.)"""
    st.session_state[session.SWITCHED_KEY] = True
    st.switch_page(PAGES[HOME.slug])


ds = cache.dataset()
lo, hi = session.start(ds)
table_editor.keep_pending()  # edits the browser sent with this rerun, before a page drops their widget
sidebar.draw(ds, lo, hi)
view = session.view(ds)
root = st.Page(_home, title=_(HOME.title), url_path="home", default=True, visibility="hidden")
page = st.navigation([root, *PAGES.values()], position="hidden" if view.present else "sidebar")
style.apply(session.active_theme(), present=view.present)
presentation.apply(view, PAGES)
if not view.present:  # data problems are for the editor, not a presentation's audience
    validation_banner(ds.report, ds.fallbacks)
page.run()
session.sync_url(view)
