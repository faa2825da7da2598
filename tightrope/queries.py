"""Page-level queries: each function takes a :class:`~tightrope.store.Dataset` and the view's
dates and returns the small frames a page hands to its components. No Streamlit here.

Length: one small function per question a page asks, grouped by page in sections; split into one
module per page when a section outgrows it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pandas as pd

from tightrope import geo, i18n, localized, tariffs
from tightrope.constants import ALL, ALL_GOODS, FOCUS, IMPOSER, RIVAL
from tightrope.contacts import contact_counts, contacts_between, split_list
from tightrope.dates import ts
from tightrope.i18n import gettext as _
from tightrope.schema import TABLES
from tightrope.store import Dataset
from tightrope.validation import ERROR, WARNING


def involving(ds: Dataset, country: str) -> pd.DataFrame:
    """The contacts with ``country`` on either side (typed ``diplomatic_contacts`` rows),
    computed once per loaded dataset and sorted by ``start``, so each rerun filters a smaller
    frame and a date window is a slice (see :func:`tightrope.contacts.contacts_between`)."""
    c = ds["diplomatic_contacts"]
    return ds.memo(
        f"involving:{country}",
        lambda: c[(c["initiator"] == country) | (c["counterpart"] == country)].sort_values("start", kind="stable"),
    )


def others_of(ds: Dataset, country: str) -> list[str]:
    """Every country code on either side of a contact, except ``country`` (computed once per
    loaded dataset; the Diplomacy page's counterpart choices)."""

    def compute() -> list[str]:
        c = ds["diplomatic_contacts"]
        return sorted((set(pd.unique(c["initiator"])) | set(pd.unique(c["counterpart"]))) - {country})

    return ds.memo(f"others:{country}", compute)


def key_events(ds: Dataset, focus: str = FOCUS) -> pd.DataFrame:
    """:func:`key_events_frame` of the dataset, computed once per loaded dataset."""
    return ds.memo(f"key_events:{focus}", lambda: key_events_frame(ds["trade_measures"], involving(ds, focus), focus))


def steps(ds: Dataset, target: str, product: str = ALL_GOODS, imposer: str = IMPOSER) -> tariffs.RateSteps:
    """:func:`tightrope.tariffs.rate_steps` of the dataset's measures, computed once per loaded
    dataset: an as-of change then looks the rate up (a binary search) instead of filtering
    every measure again."""
    return ds.memo(
        f"steps:{imposer}:{target}:{product}",
        lambda: tariffs.rate_steps(ds["trade_measures"], imposer, target, product),
    )


def headline(ds: Dataset, target: str, product: str, on: pd.Timestamp, imposer: str = IMPOSER) -> tariffs.Headline:
    """:func:`tightrope.tariffs.headline` of ``imposer`` on ``target``'s ``product`` on ``on``,
    from the dataset's precomputed steps."""
    return steps(ds, target, product, imposer).headline_on(on)


def rates_by_target(
    ds: Dataset, targets: list[str], on: pd.Timestamp, product: str = ALL_GOODS, imposer: str = IMPOSER
) -> pd.DataFrame:
    """:func:`tightrope.tariffs.rates_by_target` from the dataset's precomputed steps (same
    columns: ``iso3``, ``rate_pct`` in percent or NaN, ``label``, ``basis``, ``legal_basis``,
    ``source_id``)."""
    return tariffs.rates_by_target(
        ds["trade_measures"], imposer, targets, on, product, steps=lambda t: steps(ds, t, product, imposer)
    )


def comparison_rates(ds: Dataset, targets: list[str], on: pd.Timestamp, imposer: str = IMPOSER) -> pd.DataFrame:
    """The imposer's rate on goods in general for each of ``targets`` on ``on`` (columns of
    :func:`rates_by_target`), without the imposer itself and without targets that have no rate,
    except Japan and China, which are always kept (a missing rate is shown as such for them)."""
    comp = rates_by_target(ds, [t for t in targets if t != imposer], on, imposer=imposer)
    return comp[comp["rate_pct"].notna() | comp["iso3"].isin([FOCUS, RIVAL])]


def rate_series(
    ds: Dataset, target: str, products: list[str], start: pd.Timestamp, end: pd.Timestamp, imposer: str = IMPOSER
) -> pd.DataFrame:
    """:func:`tightrope.tariffs.rate_series` from the dataset's precomputed steps."""
    return tariffs.rate_series(
        ds["trade_measures"], imposer, target, products, start, end, steps=lambda p: steps(ds, target, p, imposer)
    )


def last_general_tariff_end(ds: Dataset, on: pd.Timestamp, imposer: str = IMPOSER) -> dict | None:
    """The US tariff on goods in general (a row for ``ALL``) that ended last on or before ``on``:
    ``{"measure_id", "legal_basis", "ended"}`` (``ended`` a Timestamp), or ``None``."""
    m = ds["trade_measures"]
    rows = m[
        (m["imposer"] == imposer)
        & (m["target"] == ALL)
        & (m["product"] == ALL_GOODS)
        & (m["measure_type"] == "tariff")
        & m["ended"].notna()
        & (m["ended"] <= ts(on))
    ]
    if rows.empty:
        return None
    r = rows.sort_values("ended", kind="stable").iloc[-1]
    return {"measure_id": r["measure_id"], "legal_basis": r["legal_basis"], "ended": r["ended"]}


def tracked_targets(ds: Dataset) -> list[str]:
    """Countries the map colours: role focus, power or partner, or named by a US measure (a row
    for ``ALL`` does not speak for countries kept for context only: Canada, for instance, was
    outside the reciprocal tariff). The US itself is left out."""

    def compute() -> list[str]:
        countries, m = ds["countries"], ds["trade_measures"]
        named = set(m.loc[m["imposer"] == IMPOSER, "target"])
        tracked = countries["role"].isin(["focus", "power", "partner"]) | countries["iso3"].isin(named)
        return [c for c in countries.loc[tracked, "iso3"] if c != IMPOSER]

    return ds.memo("tracked_targets", compute)


def overview_events(ds: Dataset) -> tuple[pd.DataFrame, np.ndarray]:
    """The Overview's key-events chart rows before the as-of and country filters, computed once
    per loaded dataset (track names use ``countries.csv`` names): :func:`key_events` from the
    first contact on, measures of the US and China and every contact of Japan, on readable
    tracks (``US measures``, ``Contacts: China`` ...) ordered bottom to top (Southeast Asia,
    China's measures, contacts with China, with the US, the US's measures), by date within a
    track. Returns the frame (columns of :func:`key_events_frame`) and a boolean array: the row
    is a measure."""

    def compute():
        names = dict(zip(ds["countries"]["iso3"], localized.column(ds["countries"], "name")))
        events = key_events(ds)
        events = events[events["date"] >= pd.Timestamp(ds.earliest_date)]
        shown = events[events["other"].isin([IMPOSER, RIVAL]) | events["track"].str.startswith("Contacts")].copy()
        rank = {"USA measures": 0, "Contacts: USA": 1, "Contacts: CHN": 2, "CHN measures": 3}
        shown["order"] = shown["track"].map(rank).fillna(4)
        pairs = shown[["track", "other"]].drop_duplicates()
        measures_of = {IMPOSER: _("US measures"), RIVAL: _("China measures")}
        label = {
            t: (
                _("Contacts: {name}").format(name=names.get(o, o))
                if t.startswith("Contacts")
                else measures_of.get(o, _("{name} measures").format(name=names.get(o, o)))
            )
            for t, o in zip(pairs["track"], pairs["other"])
        }
        is_measure = shown["track"].str.endswith("measures")
        shown["track"] = shown["track"].map(label)
        order = shown.assign(_m=is_measure).sort_values(
            ["order", "track", "date"], ascending=[False, False, True], kind="stable"
        )
        return order.drop(columns=["order", "_m"]).reset_index(drop=True), order["_m"].to_numpy(dtype=bool)

    return ds.memo("overview_events", compute)


def overview_events_on(
    ds: Dataset, as_of: pd.Timestamp, countries: list[str] | None = None
) -> tuple[pd.DataFrame, set[str], list[str]]:
    """The Overview's key events as of ``as_of``: rows of :func:`overview_events` dated on or
    before it, contacts narrowed to ``countries`` when given (measures are always kept). Returns
    the rows, the tracks that hold measures in the whole dataset (whatever the day or countries),
    and the tracks of the rows kept, in drawing order (bottom to top)."""
    shown, is_measure = overview_events(ds)
    keep = (shown["date"] <= as_of).to_numpy()
    if countries:
        keep = keep & (shown["other"].isin(countries).to_numpy() | is_measure)
    measure_tracks = set(shown.loc[is_measure, "track"])
    shown = shown[keep]
    return shown, measure_tracks, list(pd.unique(shown["track"]))


def map_frames(
    ds: Dataset,
    as_of: pd.Timestamp,
    window: tuple[pd.Timestamp, pd.Timestamp],
    counterparts: list[str] | None = None,
    channels=None,
    topics=None,
) -> dict[str, pd.DataFrame]:
    """Inputs of the map: ``rates`` (US headline rate on goods in general on ``as_of`` for each
    country of role focus, power or partner, or named by a US measure; see
    :func:`tightrope.tariffs.rates_by_target`), ``arcs`` (Japan's contacts per
    counterpart in ``window``, see :func:`tightrope.geo.arcs`) and ``capitals``; ``rates`` carries
    each row's ``evidence`` level (:func:`with_evidence`)."""
    countries = ds["countries"]
    rates = rates_by_target(ds, tracked_targets(ds), as_of)
    contacts = contacts_between(
        involving(ds, FOCUS),
        window[0],
        window[1],
        country=FOCUS,
        counterparts=counterparts,
        channels=channels,
        topics=topics,
    )
    counts = contact_counts(contacts, FOCUS)
    return {
        "rates": with_evidence(rates, ds["sources"]),
        "arcs": geo.arcs(counts, countries, FOCUS),
        "capitals": geo.capitals(countries),
        "contacts": contacts,
    }


def latest_trade(
    ds: Dataset, as_of: pd.Timestamp, partners=(IMPOSER, RIVAL), flow: str = "export", unit: str = "JPY_bn"
) -> pd.DataFrame:
    """Japan's ``flow`` to each partner in the latest calendar year that had ended before
    ``as_of`` (a year's figures appear only after it ends) for which every partner has an
    ``all_goods`` value in ``unit``.

    Returns columns ``partner``, ``year`` (int), ``value`` (float, in ``unit``), ``source_id``;
    empty when no common year exists.
    """
    f = ds["trade_flows"]
    f = f[
        (f["reporter"] == FOCUS)
        & (f["flow"] == flow)
        & (f["product"] == ALL_GOODS)
        & (f["unit"] == unit)
        & f["partner"].isin(partners)
        & (f["year"] < as_of.year)
    ]
    years = [y for y, g in f.groupby("year") if set(partners) <= set(g["partner"])]
    if not years:
        return pd.DataFrame(columns=["partner", "year", "value", "source_id"])
    year = max(years)
    out = f[f["year"] == year][["partner", "year", "value", "source_id"]]
    return out.assign(year=out["year"].astype(int)).reset_index(drop=True)


def contacts_last_days(ds: Dataset, as_of: pd.Timestamp, days: int = 90) -> pd.DataFrame:
    """Japan's contacts that started in the ``days`` days up to and including ``as_of``
    (typed ``diplomatic_contacts`` plus ``other``)."""
    return contacts_between(involving(ds, FOCUS), as_of - timedelta(days=days - 1), as_of, country=FOCUS)


def last_contact(ds: Dataset, other: str, as_of: pd.Timestamp) -> pd.Series | None:
    """Japan's latest contact with ``other`` (iso3) that started on or before ``as_of`` (a row of
    typed ``diplomatic_contacts`` plus ``other``), or ``None`` when there was none."""
    c = involving(ds, FOCUS)
    c = c[((c["initiator"] == other) | (c["counterpart"] == other)) & (c["start"] <= as_of)]
    return None if c.empty else c.iloc[-1]  # involving() is sorted by start


def pause_bands_of(ds: Dataset, target: str, end: pd.Timestamp) -> pd.DataFrame:
    """:func:`pause_bands` of the dataset's measures as known on ``end`` (the as-of date), computed
    once per loaded dataset: pauses that began after ``end`` are left out and a pause still running
    on ``end`` (or left open) stops there, so a past as-of date never shows what came later."""
    bands = ds.memo(f"pause_bands:{target}", lambda: pause_bands(ds["trade_measures"], target, pd.NaT))
    if bands.empty:
        return bands
    bands = bands[bands["start"] <= end]
    return bands.assign(end=bands["end"].fillna(end).clip(upper=end))


def announcements_of(ds: Dataset, target: str, products: list[str], as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """:func:`announcements` of the dataset's measures, computed once per loaded dataset; with
    ``as_of``, only those announced on or before it."""
    marks = ds.memo(
        f"announcements:{target}:{'|'.join(products)}", lambda: announcements(ds["trade_measures"], target, products)
    )
    return marks if as_of is None else marks[marks["date"] <= as_of]


def pause_bands(measures: pd.DataFrame, target: str, end: pd.Timestamp) -> pd.DataFrame:
    """Shaded pauses of US measures on ``target``: a paused row's pause runs from the day it
    stopped applying (``ended``; ``announced`` if it never applied) to the day the next row of
    the same legal basis for the same target and product took effect (``end`` if none).
    Columns ``start``, ``end``, ``label``."""
    m = measures[(measures["imposer"] == IMPOSER) & (measures["target"] == target)]
    out = []
    for r in m[m["status"] == "paused"].itertuples(index=False):
        start = r.ended if pd.notna(r.ended) else r.announced
        nxt = m[(m["legal_basis"] == r.legal_basis) & (m["product"] == r.product) & (m["effective"] > start)][
            "effective"
        ]
        stop = nxt.min() if not nxt.empty else end  # NaT end: left open
        rate = f" {r.rate_pct:g}%" if pd.notna(r.rate_pct) else ""
        what = f"{rate} {i18n.legal_basis(r.legal_basis)} {i18n.label(r.product)}"
        out.append({"start": start, "end": stop, "label": _("pause:{what}").format(what=what)})
    return pd.DataFrame(out, columns=["start", "end", "label"]).astype(
        {"start": "datetime64[ns]", "end": "datetime64[ns]"}
    )


def announcements(measures: pd.DataFrame, target: str, products: list[str]) -> pd.DataFrame:
    """Announcement marks for the step chart: US measures naming ``target`` or ``ALL`` for the
    given products. Columns ``date``, ``label``, ``source_id``."""
    m = measures[
        (measures["imposer"] == IMPOSER)
        & measures["target"].isin([target, ALL])
        & measures["product"].isin(products)
        & (measures["measure_type"] == "tariff")
    ]
    labels = [
        # no status: it is today's (superseded, lifted ...), which a past as-of date must not reveal
        f"{i18n.legal_basis(r.legal_basis)}: {i18n.label(r.product)} {r.rate_pct:g}%"
        if pd.notna(r.rate_pct)
        else f"{i18n.legal_basis(r.legal_basis)}: {i18n.label(r.product)}"
        for r in m.itertuples(index=False)
    ]
    return pd.DataFrame({"date": m["announced"].values, "label": labels, "source_id": m["source_id"].values})


#: Whose contacts with Southeast Asia the Southeast Asia page compares: Japan and the two powers.
SEA_POWERS = (FOCUS, RIVAL, IMPOSER)


def sea_contacts(
    ds: Dataset, window: tuple[pd.Timestamp, pd.Timestamp], states: list[str], powers=SEA_POWERS
) -> pd.DataFrame:
    """Contacts of each power with the Southeast Asian ``states`` in ``window``: typed
    ``diplomatic_contacts`` plus ``other`` (the state) and ``power`` (the power's iso3)."""
    frames = [
        contacts_between(involving(ds, p), window[0], window[1], country=p, counterparts=states).assign(power=p)
        for p in powers
    ]
    return pd.concat(frames)


def sea_contact_counts(contacts: pd.DataFrame, states: list[str], powers=SEA_POWERS) -> pd.DataFrame:
    """Counts of :func:`sea_contacts` per power and state. Columns ``iso3`` (the state),
    ``power`` (iso3), ``contacts`` (int; 0 where none)."""
    counts = contacts.groupby(["power", "other"]).size()
    rows = [{"iso3": s, "power": p, "contacts": int(counts.get((p, s), 0))} for p in powers for s in states]
    return pd.DataFrame(rows, columns=["iso3", "power", "contacts"])


def citing(ds: Dataset) -> pd.DataFrame:
    """Which rows cite each source: columns ``source_id``, ``table``, ``rows`` (count), ``ids``
    (the row keys, ``; ``-joined, at most 12). Computed once per loaded dataset."""
    return ds.memo("citing", lambda: _citing(ds))


def source_register(ds: Dataset) -> pd.DataFrame:
    """``sources.csv`` with who cites each source: its columns plus ``cited_by`` (rows citing it,
    0 if none), ``tables`` (``, ``-joined table names) and ``rows`` (``; ``-joined row keys, see
    :func:`citing`). Computed once per loaded dataset."""

    def compute():
        summary = (
            citing(ds)
            .groupby("source_id")
            .agg(
                cited_by=("rows", "sum"),
                tables=("table", lambda s: ", ".join(sorted(set(s)))),
                rows=("ids", lambda s: "; ".join(s)),
            )
            .reset_index()
        )
        merged = ds["sources"].merge(summary, on="source_id", how="left")
        return merged.fillna({"cited_by": 0, "tables": "", "rows": ""})

    return ds.memo("source_register", compute)


def find_sources(register: pd.DataFrame, kinds: list[str] | None = None, text: str = "") -> pd.DataFrame:
    """Rows of ``register`` (:func:`source_register`) of one of ``kinds`` (all when empty) whose
    publisher or title contains ``text``, ignoring case (all when empty). ``text`` is matched as
    plain text, never as a pattern."""
    if kinds:
        register = register[register["kind"].isin(kinds)]
    if text:
        needle = text.lower()
        register = register[
            register["publisher"].str.lower().str.contains(needle, regex=False)
            | register["title"].str.lower().str.contains(needle, regex=False)
        ]
    return register


def _citing(ds: Dataset) -> pd.DataFrame:
    out = []
    for name, key in (
        ("trade_measures", "measure_id"),
        ("diplomatic_contacts", "contact_id"),
        ("trade_flows", None),
        ("statements", "statement_id"),
        ("officeholders", "person"),
    ):
        f = ds[name]
        if f.empty:
            continue
        for sid, g in f.groupby("source_id"):
            keys = list(g[key]) if key else [f"{r.partner} {r.year} {r.flow}" for r in g.itertuples(index=False)]
            out.append(
                {
                    "source_id": sid,
                    "table": name,
                    "rows": len(g),
                    "ids": "; ".join(map(str, keys[:12])) + (" …" if len(keys) > 12 else ""),
                }
            )
    # the exposure tables: the MFN rate's source, and rows named by their content
    for name, col, label in (
        ("product_groups", "mfn_source_id", lambda f: f["product"]),
        ("export_weights", "source_id", lambda f: f["product"] + " " + f["year"].astype(str)),
        ("trade_monthly", "source_id", lambda f: f["partner"] + " " + f["period"] + " " + f["product"]),
        ("exchange_rates", "source_id", lambda f: "JPY/USD " + f["year"].astype(str)),
    ):
        f = ds[name]
        f = f[f[col] != ""] if not f.empty else f
        for sid, g in f.groupby(col):
            keys = list(label(g))
            out.append(
                {
                    "source_id": sid,
                    "table": name,
                    "rows": len(g),
                    "ids": "; ".join(keys[:12]) + (" …" if len(keys) > 12 else ""),
                }
            )
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
    if len(frame) <= max_points:
        return frame.assign(count=1)
    out = frame[[date_col, *keys, "source_id"]].copy()
    out["_month"] = out[date_col].dt.to_period("M").dt.to_timestamp()
    group = ["_month", *keys]
    counts = out.groupby(group, sort=True).size().rename("count")
    # the first three distinct sources of each group, joined without a Python call per group
    firsts = out[[*group, "source_id"]].drop_duplicates()
    firsts = firsts.assign(_rank=firsts.groupby(group, sort=False).cumcount())
    firsts = firsts[firsts["_rank"] < 3].pivot(index=group, columns="_rank", values="source_id")
    joined = firsts[0].astype(str)
    for rank in (1, 2):
        if rank in firsts.columns:
            joined = joined + ("; " + firsts[rank].astype(str)).where(firsts[rank].notna(), "")
    agg = pd.concat([counts, joined.rename("source_id")], axis=1).reset_index()
    agg = agg.rename(columns={"_month": date_col})
    text = agg["count"].map(lambda n: _("{n} in this month").format(n=n))
    for col in ("summary", "label"):
        if col in frame.columns:
            agg[col] = text
    for col in frame.columns:
        if col not in agg.columns:
            agg[col] = ""
    return agg[[*frame.columns, "count"]]


def key_events_frame(measures: pd.DataFrame, contacts: pd.DataFrame, focus: str = FOCUS) -> pd.DataFrame:
    """Events for the overview timeline: measures on ``focus`` (or on ``ALL``) by their
    announcement and effective dates, and contacts involving ``focus``.

    Columns: ``date``, ``track`` (``US measures``, ``China measures``, ``Contacts: <iso3>``),
    ``kind`` (announced, took effect, or the channel), ``label``, ``source_id``, ``other`` (iso3).
    """
    cols = ["date", "track", "kind", "label", "source_id", "other"]
    m = measures[measures["target"].isin([focus, ALL])]
    rate = m["rate_pct"].map(lambda r: f" {r:g}%" if pd.notna(r) else "")
    what = (
        pd.Series(
            [f"{i18n.legal_basis(b)} {i18n.label(p)}" for b, p in zip(m["legal_basis"], m["product"])], index=m.index
        )
        + rate
    )
    track = m["imposer"] + " measures"
    announced = pd.DataFrame(
        {
            "date": m["announced"],
            "track": track,
            "kind": "announced",
            "label": what.map(lambda w: _("Announced: {what}").format(what=w)),
            "source_id": m["source_id"],
            "other": m["imposer"],
        }
    )
    took = m["effective"].notna()
    effective = pd.DataFrame(
        {
            "date": m["effective"],
            "track": track,
            "kind": "took effect",
            "label": what.map(lambda w: _("In force: {what}").format(what=w)),
            "source_id": m["source_id"],
            "other": m["imposer"],
        }
    )[took]
    c = contacts[(contacts["initiator"] == focus) | (contacts["counterpart"] == focus)]
    other = c["counterpart"].where(c["initiator"] == focus, c["initiator"])
    met = pd.DataFrame(
        {
            "date": c["start"],
            "track": "Contacts: " + other,
            "kind": c["channel"],
            "label": localized.column(c, "summary"),
            "source_id": c["source_id"],
            "other": other,
        }
    )
    frames = [f for f in (announced, effective, met) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols].sort_values("date", kind="stable", ignore_index=True)


# --- the Tariffs page ----------------------------------------------------------------------------

#: Products the Tariffs page shows first when the viewer has not chosen any.
PREFERRED_PRODUCTS = (ALL_GOODS, "autos", "auto_parts", "steel", "aluminum")


def tariffs_on(ds: Dataset, target: str = FOCUS, imposer: str = IMPOSER) -> pd.DataFrame:
    """``imposer``'s tariff rows (``measure_type`` tariff) naming ``target`` or ``ALL``: typed
    ``trade_measures`` rows, in file order, whether or not they took effect."""
    m = ds["trade_measures"]
    return m[(m["imposer"] == imposer) & m["target"].isin([target, ALL]) & (m["measure_type"] == "tariff")]


def tariff_products(measures: pd.DataFrame) -> list[str]:
    """The product slugs of ``measures``: ``all_goods`` first, then the others alphabetically."""
    return sorted(measures["product"].unique(), key=lambda p: (p != ALL_GOODS, p))


def default_products(products: list[str]) -> list[str]:
    """The products shown before the viewer chooses: those of :data:`PREFERRED_PRODUCTS` present,
    else the first four."""
    return [p for p in PREFERRED_PRODUCTS if p in products] or products[:4]


def rate_chart_start(ds: Dataset) -> pd.Timestamp:
    """Where the rate-steps chart starts: 2025-01-01, or the first effective date from 2024 on if
    earlier."""
    start = pd.Timestamp("2025-01-01")
    first = ds["trade_measures"]["effective"].dropna()
    recent = first[first >= pd.Timestamp("2024-01-01")]
    return min(start, recent.min()) if not recent.empty else start


IN_FORCE_COLUMNS = [
    "measure_id",
    "product",
    "legal_basis",
    "rate_pct",
    "rate_basis",
    "announced",
    "effective",
    "status",
    "source_id",
    "note",
    "note_ja",
]


def applied_in_force(ds: Dataset, on: pd.Timestamp, target: str = FOCUS, imposer: str = IMPOSER) -> pd.DataFrame:
    """``imposer``'s tariff rows on ``target``'s goods in force on ``on`` that the headline rule
    applies (a row for every partner gives way to one naming ``target``: Japan's 15% replaced the
    10% baseline), one per row: :data:`IN_FORCE_COLUMNS` plus the source's ``publisher`` and ``url``."""
    now = tariffs.in_force(tariffs_on(ds, target, imposer), on)
    applies = set().union(*(headline(ds, target, p, on, imposer).rows["measure_id"] for p in now["product"].unique()))
    now = now[now["measure_id"].isin(applies)]
    return now[IN_FORCE_COLUMNS].merge(ds["sources"][["source_id", "publisher", "url"]], on="source_id", how="left")


def measures_on_focus(ds: Dataset, on: pd.Timestamp, imposer: str = RIVAL, target: str = FOCUS) -> pd.DataFrame:
    """Every measure of ``imposer`` naming ``target`` or ``ALL`` announced on or before ``on``
    (typed ``trade_measures`` rows) with a boolean column ``in force`` (on ``on``)."""
    m = ds["trade_measures"]
    out = m[(m["imposer"] == imposer) & (m["target"].isin([target, ALL]))].copy()
    out["in force"] = out.index.isin(tariffs.in_force(out, on).index)
    return out[out["announced"] <= on]


# --- the Southeast Asia page ---------------------------------------------------------------------


def first_announced_rates(
    ds: Dataset, states: list[str], on: pd.Timestamp, names: dict[str, str], imposer: str = IMPOSER
) -> pd.DataFrame:
    """Per state: the US headline rate on goods in general in force on ``on`` and the first rate
    announced for it. Columns ``iso3``, ``state`` (name), ``in force on YYYY-MM-DD`` (label),
    ``first announced rate (%)`` (float or None), ``announced`` (Timestamp or NaT), ``sources``
    (``; ``-joined source ids)."""
    m = ds["trade_measures"]
    rows = []
    for iso3 in states:
        first = headline(ds, iso3, ALL_GOODS, on, imposer)
        ann = m[(m["imposer"] == imposer) & (m["target"] == iso3) & (m["product"] == ALL_GOODS)].sort_values(
            "announced"
        )
        rows.append(
            {
                "iso3": iso3,
                "state": names.get(iso3, iso3),
                _("in force on {day}").format(day=i18n.day(on)): first.label,
                _("first announced rate (%)"): float(ann["rate_pct"].iloc[0]) if not ann.empty else None,
                "announced": ann["announced"].iloc[0] if not ann.empty else pd.NaT,
                "sources": "; ".join(sorted(set(ann["source_id"]) | set(first.rows["source_id"]))),
            }
        )
    return pd.DataFrame(rows)


# --- the Trade page ------------------------------------------------------------------------------

#: Partners the Trade page lists first, in this order.
MAIN_PARTNERS = (IMPOSER, RIVAL, "ASEAN", "WORLD")


def focus_trade(ds: Dataset, reporter: str = FOCUS) -> pd.DataFrame:
    """``trade_flows`` rows reported by ``reporter`` (typed)."""
    f = ds["trade_flows"]
    return f[f["reporter"] == reporter]


def trade_partners(flows: pd.DataFrame) -> list[str]:
    """Partners of ``flows``: those of :data:`MAIN_PARTNERS` present first, then the rest sorted."""
    present = set(flows["partner"])
    return [p for p in MAIN_PARTNERS if p in present] + sorted(present - set(MAIN_PARTNERS))


def annual_flows(flows: pd.DataFrame, unit: str, partners: list[str], before_year: int) -> pd.DataFrame:
    """Rows of ``flows`` (:func:`focus_trade`) for goods in general, in ``unit``, with one of
    ``partners``, for calendar years before ``before_year`` (years that had ended by the as-of
    date)."""
    return flows[
        (flows["unit"] == unit)
        & (flows["product"] == ALL_GOODS)
        & flows["partner"].isin(partners)
        & (flows["year"] < before_year)
    ]


def product_share(flows: pd.DataFrame, unit: str, partner: str = IMPOSER, flow: str = "export") -> pd.DataFrame:
    """Each product's value against ``all_goods`` for the same year: ``trade_flows`` rows of
    ``partner``/``flow``/``unit`` other than ``all_goods``, plus ``total`` (the all-goods value)
    and ``share_pct`` (percent, one decimal; NaN without a total)."""
    f = flows[(flows["partner"] == partner) & (flows["flow"] == flow) & (flows["unit"] == unit)]
    total = f[f["product"] == ALL_GOODS][["year", "value"]].rename(columns={"value": "total"})
    share = f[f["product"] != ALL_GOODS].merge(total, on="year", how="left")
    share["share_pct"] = (share["value"] / share["total"] * 100).round(1)
    return share


# --- the sidebar and filters ---------------------------------------------------------------------


def all_topics(ds: Dataset) -> list[str]:
    """Every topic slug used by a contact, sorted (computed once per loaded dataset)."""

    def compute() -> list[str]:
        topics: set[str] = set()
        for t in ds["diplomatic_contacts"]["topics"].unique():
            topics |= split_list(t)
        return sorted(topics)

    return ds.memo("all_topics", compute)


#: The sidebar's event list holds at most this many measures (the latest).
MAX_NAMED_EVENTS = 200


def named_events(ds: Dataset) -> list[tuple[str, date]]:
    """Dates a presenter may jump to: the story's steps, then the (at most 200 latest) measures
    on Japan taking effect, in date order. Returns ``(label, date)`` pairs; computed once per
    loaded dataset."""

    def compute() -> list[tuple[str, date]]:
        events: list[tuple[str, date]] = []
        for r in ds["story"].sort_values("step").itertuples(index=False):
            title, mark = localized.text_of(r._asdict(), "title")
            events.append((_("Story {step}: {title}").format(step=int(r.step), title=title + mark), r.as_of.date()))
        m = ds["trade_measures"]
        m = m[m["target"].isin([FOCUS, ALL]) & m["effective"].notna()].sort_values("effective").tail(MAX_NAMED_EVENTS)
        for r in m.itertuples(index=False):
            rate = f" {r.rate_pct:g}%" if pd.notna(r.rate_pct) else ""
            label = (
                f"{i18n.day(r.effective)} {r.imposer} {i18n.legal_basis(r.legal_basis)}: {i18n.label(r.product)}{rate}"
            )
            events.append((label, r.effective.date()))
        return events

    return ds.memo("named_events", compute)


# --- Data page --------------------------------------------------------------------------------------


def table_counts(ds: Dataset) -> pd.DataFrame:
    """One row per table: ``table`` (file name), ``rows shown`` (valid rows in the dashboard),
    ``errors`` and ``warnings`` (problems of the file), ``status`` ("last version that loaded"
    when the file could not be read and an earlier version is shown, else ""); headers and status
    in the current language."""
    rows = []
    for name, t in TABLES.items():
        found = ds.report.for_file(t.file)
        rows.append(
            {
                _("table"): t.file,
                _("rows shown"): len(ds.tables[name]),
                _("errors"): sum(p.severity == ERROR for p in found),
                _("warnings"): sum(p.severity == WARNING for p in found),
                _("status"): _("last version that loaded") if t.file in ds.fallbacks else "",
            }
        )
    return pd.DataFrame(rows)


def rows_containing(frame: pd.DataFrame, needle: str) -> pd.DataFrame:
    """The rows of ``frame`` with ``needle`` (surrounding spaces ignored; plain text, not a pattern)
    in any cell but the internal ``_row``, case-insensitive; every row when ``needle`` is blank."""
    needle = needle.strip()
    if not needle:
        return frame
    text = frame.drop(columns=["_row"], errors="ignore").astype(str)
    mask = text.apply(lambda col: col.str.contains(needle, case=False, regex=False)).any(axis=1)
    return frame[mask]


# --- evidence level and age of the record ---------------------------------------------------------

#: A row's evidence level: ``official`` when at least one of its sources is a government or court
#: document or release (``sources.kind == "official"``), else ``reported`` (news or analysis only).
OFFICIAL = "official"
REPORTED = "reported"


def source_kinds(sources: pd.DataFrame) -> dict[str, str]:
    """``source_id`` -> ``kind`` of the ``sources`` table (unknown ids are simply absent)."""
    return dict(zip(sources["source_id"], sources["kind"], strict=True))


def evidence_of(cell: object, kinds: dict[str, str]) -> str:
    """Evidence level of one ``source_id``/``source_ids`` cell (``;``-separated ids allowed):
    :data:`OFFICIAL` if any cited source is official, else :data:`REPORTED`."""
    return OFFICIAL if any(kinds.get(s) == OFFICIAL for s in split_list(cell)) else REPORTED


def with_evidence(frame: pd.DataFrame, sources: pd.DataFrame, col: str = "source_id") -> pd.DataFrame:
    """A copy of ``frame`` with an ``evidence`` column (:data:`OFFICIAL` | :data:`REPORTED`)
    placed right after ``col``; ``frame`` unchanged when it has no ``col`` column. Each distinct
    cell is classified once, so a table of 100,000 rows citing a few hundred sources stays cheap."""
    if col not in frame.columns:
        return frame
    kinds = source_kinds(sources)
    levels = {cell: evidence_of(cell, kinds) for cell in frame[col].unique()}
    out = frame.drop(columns="evidence", errors="ignore")
    out.insert(out.columns.get_loc(col) + 1, "evidence", out[col].map(levels).astype(object))
    return out


def evidence_counts(sources: pd.DataFrame, ids) -> tuple[int, int]:
    """``(official, reported)``: how many of the distinct sources cited in ``ids`` (cells of
    ``;``-separated ids) are official and how many are news or analysis. Ids missing from
    ``sources`` are not counted."""
    kinds = source_kinds(sources)
    cells = ids.unique() if isinstance(ids, pd.Series) else dict.fromkeys(ids)
    distinct = {s for cell in cells for s in split_list(cell) if s in kinds}
    official = sum(kinds[s] == OFFICIAL for s in distinct)
    return official, len(distinct) - official


def evidence_summary(sources: pd.DataFrame, ids) -> str:
    """``"3 official, 2 reported"`` for the sources cited in ``ids`` (see :func:`evidence_counts`)."""
    official, reported = evidence_counts(sources, ids)
    return _("{official} official, {reported} reported").format(official=official, reported=reported)


def current_to_label(current_to: date, today: date) -> str:
    """``"current to 2026-07-24, 131 days ago"``: the record's current-to date and its age on
    ``today`` ("today" when equal; "in N days" if the date lies ahead)."""
    days = (today - current_to).days
    if days == 0:
        age = _("today")
    elif days > 0:
        age = i18n.ngettext("{n} day ago", "{n} days ago", days).format(n=days)
    else:
        age = i18n.ngettext("in {n} day", "in {n} days", -days).format(n=-days)
    return _("current to {day}, {age}").format(day=i18n.day(current_to), age=age)


#: A curator's bracketed remark at the start of a source title ("[headline not shown in excerpt] ...").
_REMARK = re.compile(r"^\s*\[([^\]]*)\]\s*")
#: Remarks saying the rest is a description, not the source's own title.
_NOT_A_TITLE = ("headline not shown", "descriptive title", "no title", "untitled")


def link_title(title: object, publisher: object, published_label: str) -> tuple[str, str]:
    """The text of a link to a source, and a description to show beside it (``""`` if none).

    A title is shown as written without the curators' leading bracketed remarks. When a remark
    says the rest is only a description (``[headline not shown in excerpt]``, ``[descriptive
    title]``) or the title is empty, the link reads "<publisher>, <published_label>" and the
    description follows it. ``published_label``: the date as the page writes it (or "n.d.")."""
    text = "" if title is None or (isinstance(title, float) and pd.isna(title)) else str(title)
    remarks = []
    while m := _REMARK.match(text):
        remarks.append(m.group(1).lower())
        text = text[m.end() :]
    text = text.strip()
    fallback = _("{publisher}, {day}").format(
        publisher=str(publisher).strip()
        if isinstance(publisher, str) and publisher.strip()
        else _("unknown publisher"),
        day=published_label,
    )
    if not text:
        return fallback, ""
    if any(flag in r for r in remarks for flag in _NOT_A_TITLE):
        return fallback, text
    return text, ""
