"""Sources: every source, its publisher, date, kind and link, and what cites it."""

import streamlit as st

from components import safe, session
from components.blocks import download, known_gaps
from tightrope import queries

view = session.current()
ds = view.ds
st.title("Sources")
st.caption(
    "Every row of data cites one of these. *official* = a government or court document or release; *news*; *analysis*."
)
src = ds["sources"]
cites = queries.citing(ds)
summary = (
    cites.groupby("source_id")
    .agg(
        cited_by=("rows", "sum"),
        tables=("table", lambda s: ", ".join(sorted(set(s)))),
        rows=("ids", lambda s: "; ".join(s)),
    )
    .reset_index()
)
table = src.merge(summary, on="source_id", how="left").fillna({"cited_by": 0, "tables": "", "rows": ""})
kinds = st.multiselect("Kind", ["official", "news", "analysis"], key="source-kinds", placeholder="All kinds")
q = st.text_input("Search publisher or title", key="source-q", max_chars=200)
if kinds:
    table = table[table["kind"].isin(kinds)]
if q:
    needle = q.lower()
    table = table[
        table["publisher"].str.lower().str.contains(needle, regex=False)
        | table["title"].str.lower().str.contains(needle, regex=False)
    ]
table = safe.table(table.assign(link=table["url"]), links=["link"])  # LinkColumn: http(s) only, else no link
c1, c2, c3 = st.columns(3)
c1.metric("Sources", len(src), border=True)
c2.metric("Official", int((src["kind"] == "official").sum()), border=True)
c3.metric("Cited rows", int(cites["rows"].sum()) if not cites.empty else 0, border=True)
known_gaps(ds.gaps)
st.dataframe(
    table[["source_id", "publisher", "title", "published", "kind", "link", "cited_by", "tables", "rows"]].sort_values(
        "published", ascending=False
    ),
    hide_index=True,
    key="table-sources",
    column_config={
        "published": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "link": st.column_config.LinkColumn("link", display_text="open"),
        "cited_by": st.column_config.NumberColumn("cited by (rows)", format="%d"),
    },
)
download(table.drop(columns=["link"]), "sources", key="dl-sources")
