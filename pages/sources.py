"""Sources: every source, its publisher, date, kind and link, and what cites it."""

import streamlit as st

from components import safe, session
from components.blocks import EMPTY_CELL, download, known_gaps, table_config
from tightrope import i18n, queries
from tightrope.i18n import gettext as _

view = session.current()
ds = view.ds
st.title(_("Sources"))
st.caption(
    _(
        "Every row of data cites one of these. *official* = a government or court "
        "document or release; *news*; *analysis*. Titles are given as published."
    )
)
src = ds["sources"]
cites = queries.citing(ds)
kinds = st.multiselect(
    _("Kind"), ["official", "news", "analysis"], key="source-kinds", format_func=i18n.label, placeholder=_("All kinds")
)
q = st.text_input(_("Search publisher or title"), key="source-q", max_chars=200)
table = queries.find_sources(queries.source_register(ds), kinds, q)
table = safe.table(table.assign(link=table["url"]), links=["link"])  # LinkColumn: http(s) only, else no link
c1, c2, c3 = st.columns(3)
c1.metric(_("Sources"), len(src), border=True)
c2.metric(_("Official"), int((src["kind"] == "official").sum()), border=True)
c3.metric(_("Cited rows"), int(cites["rows"].sum()) if not cites.empty else 0, border=True)
known_gaps(ds.gaps)
listed = table[["source_id", "publisher", "title", "published", "kind", "link", "cited_by", "tables", "rows"]]
listed = listed.assign(kind=listed["kind"].map(i18n.label)).sort_values("published", ascending=False)
st.dataframe(
    listed,
    hide_index=True,
    placeholder=EMPTY_CELL,
    key="table-sources",
    column_config=table_config(
        listed,
        link=st.column_config.LinkColumn(_("link"), display_text=_("open")),
        cited_by=st.column_config.NumberColumn(_("cited by (rows)"), format="%d"),
    ),
)
download(table.drop(columns=["link"]), "sources", key="dl-sources")
