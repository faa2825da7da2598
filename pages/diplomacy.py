"""Diplomacy: Japan's contacts over time, on the map, and in a table, with filters."""

import streamlit as st

from components import charts, session
from components.blocks import chart, chart_footer, download, fact_table
from components.mapview import show_map
from tightrope import queries
from tightrope.constants import FOCUS
from tightrope.schema import CHANNELS

view = session.current()
ds = view.ds
names = view.names
st.title("Diplomacy")
st.caption(
    "Japan's meetings, calls, letters, negotiation rounds and delegations. Initiator = the side that travels, writes or calls."
)

c1, c2, c3 = st.columns(3)
others = sorted(queries.others_of(ds, FOCUS), key=lambda c: names.get(c, c))
st.session_state["counterparts"] = [c for c in st.session_state.get("counterparts", []) if c in others]
counterparts = c1.multiselect(
    "Counterpart", others, key="counterparts", format_func=lambda c: names.get(c, c), placeholder="All counterparts"
)
channels = c2.multiselect(
    "Channel", list(CHANNELS), key="channels", format_func=lambda c: c.replace("_", " "), placeholder="All channels"
)
topics = c3.multiselect("Topic", queries.all_topics(ds), key="topics", placeholder="All topics")

w0, w1 = view.window
# with no counterpart chosen here, the sidebar's Countries (if any) are the counterparts
selected = counterparts or ([c for c in view.state.countries if c != FOCUS] if view.state.countries else None)
frames = queries.map_frames(
    ds, view.as_of, view.window, counterparts=selected, channels=channels or None, topics=topics or None
)
contacts = frames["contacts"]

st.subheader(f"Contacts {w0:%Y-%m-%d} to {w1:%Y-%m-%d}: {len(contacts)}")
plotted = queries.thin_for_plot(
    contacts[["start", "other", "channel", "summary", "participants", "source_id"]], "start", ["other", "channel"]
)
if len(plotted) < len(contacts):
    st.caption(
        f"{len(contacts):,} contacts: each dot is one month's contacts of a channel with a counterpart; larger dots, more contacts."
    )
chart(
    charts.contact_timeline(
        queries.with_evidence(plotted, ds["sources"]),
        names,
        view.as_of,
        big=view.present,
        height=max(320, 40 * contacts["other"].nunique() + 140),
    ),
    "chart-contacts",
)
chart_footer(
    unit="one dot per contact, coloured by channel", as_of=view.as_of, sources=ds["sources"], ids=contacts["source_id"]
)

st.subheader("On the map")
show_map(view, frames, key="map-diplomacy", height=480)

st.subheader("Table")
table = contacts.sort_values("start", ascending=False)[
    [
        "start",
        "end",
        "initiator",
        "counterpart",
        "channel",
        "venue_city",
        "participants",
        "topics",
        "summary",
        "source_id",
    ]
]
if len(table) > queries.MAX_TABLE_ROWS:
    st.caption(f"Showing the newest {queries.MAX_TABLE_ROWS:,} of {len(table):,} contacts; the download has them all.")
fact_table(
    table.head(queries.MAX_TABLE_ROWS),
    ds["sources"],
    key="table-contacts",
    column_config={
        "start": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "end": st.column_config.DateColumn(format="YYYY-MM-DD"),
    },
)
download(table, "japan_contacts_filtered", "Download these contacts (CSV)", key="dl-contacts")
