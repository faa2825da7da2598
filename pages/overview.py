"""Overview: the tightrope at a glance (KPIs, map, key events)."""

import streamlit as st

from components import cache, charts, session
from components.blocks import chart, chart_footer, current_to_text, download, kpi
from components.mapview import map_frames, show_map
from components.safe import md
from tightrope import exposure, i18n, queries, summaries
from tightrope.constants import ALL_GOODS, FOCUS, IMPOSER, RIVAL
from tightrope.i18n import gettext as _
from tightrope.localized import localize_frame

view = session.current()
ds = view.ds
m = ds["trade_measures"]
st.title(_("Japan between the United States and China"))
st.caption(
    _(
        "As of {day}. {current}. Every figure below names its source; open "
        "the Sources page for the full list and the known gaps in the record."
    ).format(day=i18n.day(view.as_of), current=current_to_text(ds.current_to))
)

autos = queries.headline(ds, FOCUS, "autos", view.as_of)
goods = queries.headline(ds, FOCUS, ALL_GOODS, view.as_of)
recent = queries.contacts_last_days(ds, view.as_of, 90)
n_us = int((recent["other"] == IMPOSER).sum())
n_cn = int((recent["other"] == RIVAL).sum())
trade = queries.latest_trade(ds, view.as_of)

cols = st.columns(6)


def rate_value(h):
    if h.rate_pct is None:
        return _("none"), _("none recorded")
    return f"{h.rate_pct:g}%", {
        "floor": _("floor, all-in"),
        "total": _("all-in"),
        "additional": _("on top of MFN"),
    }.get(h.basis, h.basis)


def sources_of(rows) -> str:
    return ", ".join(rows["source_id"]) or _("none")


v, d = rate_value(autos)
kpi(
    cols[0],
    _("US tariff on Japanese autos"),
    v,
    _("Section 232 / deal rate in force on the as-of date. Sources: {sources}").format(sources=sources_of(autos.rows)),
    delta=d,
)
effective = exposure.of_dataset(ds, FOCUS)
if effective is None:
    kpi(
        cols[1],
        _("Effective US tariff"),
        _("no data"),
        _("No base-year weighting of Japan's exports to the US by product group (export_weights.csv)."),
    )
else:
    kpi(
        cols[1],
        _("Effective US tariff"),
        f"{effective.effective_on(view.as_of):.1f}%",
        _(
            "Additional US duty over MFN on Japanese goods on the as-of date, weighted by Japan's "
            "{year} exports to the US by product group (static estimate; see the Exposure page)."
        ).format(year=effective.weights.year),
        delta=_("trade-weighted"),
    )
v, d = rate_value(goods)
if goods.rate_pct is None and (ended := queries.last_general_tariff_end(ds, view.as_of)):
    d = _("none in force; last ended {day}").format(day=i18n.day(ended["ended"]))
kpi(
    cols[2],
    _("US tariff on other goods"),
    v,
    _(
        "General tariff (IEEPA reciprocal until 2026-02-24, then "
        "Section 122) in force on the as-of date. Sources: {sources}"
    ).format(sources=sources_of(goods.rows)),
    delta=d,
)


def contacts_delta(n: int, other: str) -> str:
    """ "last 90 days"; with none in them, when the last contact was and what it was, so a zero
    tile still tells the state of play."""
    if n:
        return _("last 90 days")
    last = queries.last_contact(ds, other, view.as_of)
    if last is None:
        return _("none in 90 days; none before")
    if view.present:  # the tile stays short: the map below must stay on the first screen
        return _("none in 90 days; last {day}").format(day=i18n.day(last["start"]))
    city = f", {md(last['venue_city'], 40)}" if isinstance(last["venue_city"], str) and last["venue_city"] else ""
    return _("none in 90 days; last: {day}, {channel}{city}").format(
        day=i18n.day(last["start"]), channel=i18n.label(last["channel"]), city=city
    )


kpi(
    cols[3],
    _("Japan–US contacts"),
    str(n_us),
    _("Meetings, calls, letters and negotiation rounds in the 90 days up to the as-of date (diplomatic_contacts.csv)."),
    delta=contacts_delta(n_us, IMPOSER),
)
kpi(
    cols[4],
    _("Japan–China contacts"),
    str(n_cn),
    _("Meetings, calls, letters and delegations in the 90 days up to the as-of date (diplomatic_contacts.csv)."),
    delta=contacts_delta(n_cn, RIVAL),
)
if trade.empty:
    kpi(cols[5], _("Exports: US vs China"), _("no data"), _("No calendar year with both values in trade_flows.csv."))
else:
    v = dict(zip(trade["partner"], trade["value"]))
    year = int(trade["year"].iloc[0])
    kpi(
        cols[5],
        _("Exports: US vs China"),
        f"{i18n.number(v['USA'] / 1000, 1)} / {i18n.number(v['CHN'] / 1000, 1)}",
        _("Japan's exports (Ministry of Finance, calendar year), trillion yen. Sources: {sources}").format(
            sources=", ".join(sorted(set(trade["source_id"])))
        ),
        delta=_("¥ trillion, {year}").format(year=year),
    )

st.subheader(_("The map: US tariff pressure and Japan's contacts"))
frames, params = map_frames(view)
show_map(view, frames, params, key="map-overview", height=460 if view.present else 520)

st.subheader(_("Key events"))
# the sidebar's Countries narrow the contact tracks
shown, measure_tracks, tracks = queries.overview_events_on(ds, view.as_of, view.state.countries)


def event_figure():
    plotted = queries.thin_for_plot(shown, "date", ["track", "other"])
    if len(plotted) < len(shown):
        plotted["kind"] = plotted["track"].isin(measure_tracks).map({True: "took effect", False: "contact"})
    return len(plotted) < len(shown), charts.event_timeline(
        queries.with_evidence(plotted, ds["sources"]), view.as_of, view.names, big=view.present, tracks=tracks
    )


# one figure per data version and view, shared by every session with that view
thinned, fig = cache.shared(ds, "chart-events", (view.as_of, view.state.countries, view.present), event_figure)
if thinned:
    st.caption(
        _("{n} events: each mark is one month's events of a kind on a track; larger marks, more events.").format(
            n=i18n.number(len(shown))
        )
    )
chart(
    fig,
    "chart-events",
    summary=summaries.key_events(shown, view.as_of, measure_tracks),
    data=shown.sort_values("date", ascending=False),
)
chart_footer(
    unit=_("events (filled diamonds: measures taking effect; open diamonds: measures announced; circles: contacts)"),
    as_of=view.as_of,
    sources=ds["sources"],
    ids=shown["source_id"],
)
download(localize_frame(shown), f"key_events_to_{view.as_of:%Y-%m-%d}", key="dl-events")
