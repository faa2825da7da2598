"""Diplomacy: Japan's contacts over time, on the map, and in a table, with filters."""

import streamlit as st

from components import cache, charts, safe, session
from components.blocks import chart, chart_footer, download, fact_table
from components.mapview import map_frames, show_map
from tightrope import i18n, localized, queries, summaries
from tightrope.constants import FOCUS
from tightrope.i18n import gettext as _
from tightrope.schema import CHANNELS

view = session.current()
ds = view.ds
names = view.names
st.title(_("Diplomacy"))
st.caption(
    _(
        "Japan's meetings, calls, letters, negotiation rounds and "
        "delegations. Initiator = the side that travels, writes or calls."
    )
)

c1, c2, c3 = st.columns(3)
others = sorted(queries.others_of(ds, FOCUS), key=lambda c: names.get(c, c))
st.session_state["counterparts"] = [c for c in st.session_state.get("counterparts", []) if c in others]
counterparts = c1.multiselect(
    _("Counterpart"),
    others,
    key="counterparts",
    format_func=lambda c: names.get(c, c),
    placeholder=_("All counterparts"),
)
channels = c2.multiselect(
    _("Channel"), list(CHANNELS), key="channels", format_func=i18n.label, placeholder=_("All channels")
)
topics = c3.multiselect(
    _("Topic"), queries.all_topics(ds), key="topics", format_func=i18n.label, placeholder=_("All topics")
)

w0, w1 = view.window
# with no counterpart chosen here, the sidebar's Countries (if any) are the counterparts
selected = counterparts or ([c for c in view.state.countries if c != FOCUS] if view.state.countries else None)
frames, params = map_frames(view, counterparts=selected, channels=channels, topics=topics)
contacts = frames["contacts"]

st.subheader(
    _("Contacts {start} to {end}: {n}").format(start=i18n.day(w0), end=i18n.day(w1), n=i18n.number(len(contacts)))
)


def contact_figure():
    plotted = queries.thin_for_plot(
        contacts[["start", "other", "channel", "source_id"]].assign(
            summary=localized.column(contacts, "summary"), participants=localized.column(contacts, "participants")
        ),
        "start",
        ["other", "channel"],
    )
    return len(plotted) < len(contacts), charts.contact_timeline(
        queries.with_evidence(plotted, ds["sources"]),
        names,
        view.as_of,
        big=view.present,
        height=max(320, 40 * contacts["other"].nunique() + 140),
    )


# one figure per data version and view (the map's parameters are the filters), shared by every session
thinned, fig = cache.shared(ds, "chart-contacts", (*params, view.present), contact_figure)
if thinned:
    st.caption(
        _(
            "{n} contacts: each dot is one month's contacts of a "
            "channel with a counterpart; larger dots, more contacts."
        ).format(n=i18n.number(len(contacts)))
    )
chart(
    fig,
    "chart-contacts",
    summary=summaries.contact_timeline(contacts, names, view.as_of, view.window),
    data=contacts[["start", "other", "channel", "venue_city", "source_id"]].sort_values("start", ascending=False),
)
chart_footer(
    unit=_(
        "one mark per contact; colour and shape show the channel; "
        "marks on one row close in time are set apart vertically"
    ),
    as_of=view.as_of,
    sources=ds["sources"],
    ids=contacts["source_id"],
)

st.subheader(_("On the map"))
show_map(view, frames, params, key="map-diplomacy", height=480)

st.subheader(_("Table"))
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
        "summary_ja",
        "participants_ja",
    ]
]
if i18n.is_ja():  # country names in Japanese (the English table keeps the ISO codes analysts filter by)
    table = table.assign(
        initiator=table["initiator"].map(names),
        counterpart=table["counterpart"].map(names),
        venue_city=table["venue_city"].map(lambda c: view.cities.get(c, c)),
    )
if len(table) > queries.MAX_TABLE_ROWS:
    st.caption(
        _("Showing the newest {shown} of {n} contacts; the download has them all.").format(
            shown=i18n.number(queries.MAX_TABLE_ROWS), n=i18n.number(len(table))
        )
    )
fact_table(table.head(queries.MAX_TABLE_ROWS), ds["sources"], key="table-contacts")
download(
    localized.localize_frame(safe.table(table)),
    "japan_contacts_filtered",
    _("Download these contacts (CSV)"),
    key="dl-contacts",
)
