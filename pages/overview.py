"""Overview: the tightrope at a glance (KPIs, map, key events)."""

import pandas as pd
import streamlit as st

from components import charts, session
from components.blocks import chart, chart_footer, current_to_text, download, kpi
from components.mapview import show_map
from tightrope import exposure, queries
from tightrope.constants import ALL_GOODS, FOCUS, IMPOSER, RIVAL

view = session.current()
ds = view.ds
m = ds["trade_measures"]
st.title("Japan between the United States and China")
st.caption(
    f"As of {view.as_of:%Y-%m-%d}. {current_to_text(ds.current_to)}. Every figure below names its source; open the Sources page for the full list and the known gaps in the record."
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
        return "none", "none recorded"
    return f"{h.rate_pct:g}%", {"floor": "floor, all-in", "total": "all-in", "additional": "on top of MFN"}.get(
        h.basis, h.basis
    )


v, d = rate_value(autos)
kpi(
    cols[0],
    "US tariff on Japanese autos",
    v,
    "Section 232 / deal rate in force on the as-of date. Sources: " + (", ".join(autos.rows["source_id"]) or "none"),
    delta=d,
)
effective = exposure.of_dataset(ds, FOCUS)
if effective is None:
    kpi(
        cols[1],
        "Effective US tariff",
        "no data",
        "No base-year weighting of Japan's exports to the US by product group (export_weights.csv).",
    )
else:
    kpi(
        cols[1],
        "Effective US tariff",
        f"{effective.effective_on(view.as_of):.1f}%",
        f"Additional US duty over MFN on Japanese goods on the as-of date, weighted by Japan's {effective.weights.year} exports to the US by product group (static estimate; see the Exposure page).",
        delta="trade-weighted",
    )
v, d = rate_value(goods)
kpi(
    cols[2],
    "US tariff on other goods",
    v,
    "General tariff (IEEPA reciprocal until 2026-02-24, then Section 122) in force on the as-of date. Sources: "
    + (", ".join(goods.rows["source_id"]) or "none"),
    delta=d,
)
kpi(
    cols[3],
    "Japan–US contacts",
    str(n_us),
    "Meetings, calls, letters and negotiation rounds in the 90 days up to the as-of date (diplomatic_contacts.csv).",
    delta="last 90 days",
)
kpi(
    cols[4],
    "Japan–China contacts",
    str(n_cn),
    "Meetings, calls, letters and delegations in the 90 days up to the as-of date (diplomatic_contacts.csv).",
    delta="last 90 days",
)
if trade.empty:
    kpi(cols[5], "Exports: US vs China", "no data", "No calendar year with both values in trade_flows.csv.")
else:
    v = dict(zip(trade["partner"], trade["value"]))
    year = int(trade["year"].iloc[0])
    kpi(
        cols[5],
        "Exports: US vs China",
        f"{v['USA'] / 1000:.1f} / {v['CHN'] / 1000:.1f}",
        "Japan's exports (Ministry of Finance, calendar year), trillion yen. Sources: "
        + ", ".join(sorted(set(trade["source_id"]))),
        delta=f"¥ trillion, {year}",
    )

st.subheader("The map: US tariff pressure and Japan's contacts")
frames = queries.map_frames(ds, view.as_of, view.window)
show_map(view, frames, key="map-overview", height=460 if view.present else 520)

st.subheader("Key events")
shown, is_measure = queries.overview_events(ds)
keep = (shown["date"] <= view.as_of).to_numpy()
if view.state.countries:  # the sidebar's Countries narrow the contact tracks
    keep = keep & (shown["other"].isin(view.state.countries).to_numpy() | is_measure)
shown = shown[keep]
tracks = list(pd.unique(shown["track"]))  # bottom to top
plotted = queries.thin_for_plot(shown, "date", ["track", "other"])
if len(plotted) < len(shown):
    plotted["kind"] = plotted["track"].str.endswith("measures").map({True: "took effect", False: "contact"})
    st.caption(
        f"{len(shown):,} events: each mark is one month's events of a kind on a track; larger marks, more events."
    )
chart(
    charts.event_timeline(
        queries.with_evidence(plotted, ds["sources"]), view.as_of, view.names, big=view.present, tracks=tracks
    ),
    "chart-events",
)
chart_footer(
    unit="events (diamonds: measures announced or taking effect; circles: contacts)",
    as_of=view.as_of,
    sources=ds["sources"],
    ids=shown["source_id"],
)
download(shown, f"key_events_to_{view.as_of:%Y-%m-%d}", key="dl-events")
