"""Page-level queries: each function takes a :class:`~tightrope.store.Dataset` and the view's
dates and returns the small frames a page hands to its components. No Streamlit here.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from tightrope import geo, timeline
from tightrope.store import Dataset

FOCUS = "JPN"
IMPOSER = "USA"


def involving(ds: Dataset, country: str) -> pd.DataFrame:
    """The contacts with ``country`` on either side (typed ``diplomatic_contacts`` rows),
    computed once per loaded dataset, so each rerun filters a smaller frame."""
    c = ds["diplomatic_contacts"]
    return ds.memo(f"involving:{country}", lambda: c[(c["initiator"] == country) | (c["counterpart"] == country)])


def key_events(ds: Dataset, focus: str = FOCUS) -> pd.DataFrame:
    """:func:`tightrope.timeline.key_events` of the dataset, computed once per loaded dataset."""
    return ds.memo(f"key_events:{focus}", lambda: timeline.key_events(ds["trade_measures"], involving(ds, focus), focus))


def map_frames(ds: Dataset, as_of: pd.Timestamp, window: tuple[pd.Timestamp, pd.Timestamp], counterparts: list[str] | None = None, channels=None, topics=None) -> dict[str, pd.DataFrame]:
    """Inputs of the map: ``rates`` (US headline rate on goods in general on ``as_of`` for each
    country of role focus, power or partner, or named by a US measure; see
    :func:`tightrope.timeline.rates_by_target`), ``arcs`` (Japan's contacts per
    counterpart in ``window``, see :func:`tightrope.geo.arcs`) and ``capitals``."""
    countries = ds["countries"]
    # countries of the story, plus any the US names in a measure: a row for ALL does not speak for
    # countries kept for context only (Canada, for instance, was outside the reciprocal tariff)
    named = set(ds["trade_measures"].loc[ds["trade_measures"]["imposer"] == IMPOSER, "target"])
    tracked = countries["role"].isin(["focus", "power", "partner"]) | countries["iso3"].isin(named)
    targets = [c for c in countries.loc[tracked, "iso3"] if c != IMPOSER]
    rates = timeline.rates_by_target(ds["trade_measures"], IMPOSER, targets, as_of)
    contacts = timeline.contacts_between(involving(ds, FOCUS), window[0], window[1], country=FOCUS, counterparts=counterparts, channels=channels, topics=topics)
    counts = timeline.contact_counts(contacts, FOCUS)
    return {"rates": rates, "arcs": geo.arcs(counts, countries, FOCUS), "capitals": geo.capitals(countries), "contacts": contacts}


def latest_trade(ds: Dataset, as_of: pd.Timestamp, partners=("USA", "CHN"), flow: str = "export", unit: str = "JPY_bn") -> pd.DataFrame:
    """Japan's ``flow`` to each partner in the latest calendar year that had ended before
    ``as_of`` (a year's figures appear only after it ends) for which every partner has an
    ``all_goods`` value in ``unit``.

    Returns columns ``partner``, ``year`` (int), ``value`` (float, in ``unit``), ``source_id``;
    empty when no common year exists.
    """
    f = ds["trade_flows"]
    f = f[(f["reporter"] == FOCUS) & (f["flow"] == flow) & (f["product"] == "all_goods") & (f["unit"] == unit) & f["partner"].isin(partners) & (f["year"] < as_of.year)]
    years = [y for y, g in f.groupby("year") if set(partners) <= set(g["partner"])]
    if not years:
        return pd.DataFrame(columns=["partner", "year", "value", "source_id"])
    year = max(years)
    out = f[f["year"] == year][["partner", "year", "value", "source_id"]]
    return out.assign(year=out["year"].astype(int)).reset_index(drop=True)


def contacts_last_days(ds: Dataset, as_of: pd.Timestamp, days: int = 90) -> pd.DataFrame:
    """Japan's contacts that started in the ``days`` days up to and including ``as_of``
    (typed ``diplomatic_contacts`` plus ``other``)."""
    return timeline.contacts_between(involving(ds, FOCUS), as_of - timedelta(days=days - 1), as_of, country=FOCUS)


def pause_bands(measures: pd.DataFrame, target: str, end: pd.Timestamp) -> pd.DataFrame:
    """Shaded pauses of US measures on ``target``: a paused row's pause runs from the day it
    stopped applying (``ended``; ``announced`` if it never applied) to the day the next row of
    the same legal basis for the same target and product took effect (``end`` if none).
    Columns ``start``, ``end``, ``label``."""
    m = measures[(measures["imposer"] == IMPOSER) & (measures["target"] == target)]
    out = []
    for r in m[m["status"] == "paused"].itertuples(index=False):
        start = r.ended if pd.notna(r.ended) else r.announced
        nxt = m[(m["legal_basis"] == r.legal_basis) & (m["product"] == r.product) & (m["effective"] > start)]["effective"]
        stop = nxt.min() if not nxt.empty else end
        rate = f" {r.rate_pct:g}%" if pd.notna(r.rate_pct) else ""
        out.append({"start": start, "end": stop, "label": f"pause:{rate} {r.legal_basis} {r.product.replace('_', ' ')}"})
    return pd.DataFrame(out, columns=["start", "end", "label"])


def announcements(measures: pd.DataFrame, target: str, products: list[str]) -> pd.DataFrame:
    """Announcement marks for the step chart: US measures naming ``target`` or ``ALL`` for the
    given products. Columns ``date``, ``label``, ``source_id``."""
    m = measures[(measures["imposer"] == IMPOSER) & measures["target"].isin([target, "ALL"]) & measures["product"].isin(products) & (measures["measure_type"] == "tariff")]
    labels = [f"{r.legal_basis}: {r.product.replace('_', ' ')} {r.rate_pct:g}% ({r.status})" for r in m.itertuples(index=False)]
    return pd.DataFrame({"date": m["announced"].values, "label": labels, "source_id": m["source_id"].values})


def sea_contact_counts(ds: Dataset, window: tuple[pd.Timestamp, pd.Timestamp], states: list[str], powers=("JPN", "CHN")) -> pd.DataFrame:
    """Contacts of each power with each Southeast Asian state in ``window``.

    Columns ``iso3`` (the state), ``power`` (iso3), ``contacts`` (int; 0 where none)."""
    rows = []
    for power in powers:
        c = timeline.contacts_between(involving(ds, power), window[0], window[1], country=power, counterparts=states)
        counts = c.groupby("other").size()
        for s in states:
            rows.append({"iso3": s, "power": power, "contacts": int(counts.get(s, 0))})
    return pd.DataFrame(rows, columns=["iso3", "power", "contacts"])


def citing(ds: Dataset) -> pd.DataFrame:
    """Which rows cite each source: columns ``source_id``, ``table``, ``rows`` (count), ``ids``
    (the row keys, ``; ``-joined, at most 12)."""
    out = []
    for name, key in (("trade_measures", "measure_id"), ("diplomatic_contacts", "contact_id"), ("trade_flows", None), ("statements", "statement_id"), ("officeholders", "person")):
        f = ds[name]
        if f.empty:
            continue
        for sid, g in f.groupby("source_id"):
            keys = list(g[key]) if key else [f"{r.partner} {r.year} {r.flow}" for r in g.itertuples(index=False)]
            out.append({"source_id": sid, "table": name, "rows": len(g), "ids": "; ".join(map(str, keys[:12])) + (" …" if len(keys) > 12 else "")})
    return pd.DataFrame(out, columns=["source_id", "table", "rows", "ids"])


#: Above this many points a time chart plots monthly counts instead of one marker per row.
MAX_POINTS = 1500
#: Tables show at most this many rows (the newest); the download has them all.
MAX_TABLE_ROWS = 1000


def thin_for_plot(frame: pd.DataFrame, date_col: str, keys: list[str], max_points: int = MAX_POINTS) -> pd.DataFrame:
    """Rows for a dot-per-event chart, with a ``count`` column.

    At or below ``max_points`` rows: the rows as they are (``count`` = 1). Above: one row per
    calendar month and ``keys`` combination, dated the first of the month, with ``count`` the
    number of rows, ``summary``/``label`` saying so and ``source_id`` listing up to three
    sources — so a chart of 100,000 contacts sends a few hundred points, not 100,000.
    """
    out = frame.copy()
    if len(out) <= max_points:
        out["count"] = 1
        return out
    out["_month"] = out[date_col].dt.to_period("M").dt.to_timestamp()
    agg = out.groupby(["_month", *keys], sort=True).agg(count=(date_col, "size"), source_id=("source_id", lambda s: "; ".join(list(dict.fromkeys(s))[:3]))).reset_index()
    agg = agg.rename(columns={"_month": date_col})
    text = agg["count"].astype(str) + " in this month"
    for col in ("summary", "label"):
        if col in frame.columns:
            agg[col] = text
    for col in frame.columns:
        if col not in agg.columns:
            agg[col] = ""
    return agg[[*frame.columns, "count"]]


def newest(frame: pd.DataFrame, date_col: str, limit: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """The ``limit`` most recent rows by ``date_col`` (newest first)."""
    return frame.sort_values(date_col, ascending=False).head(limit)
