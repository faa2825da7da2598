"""Text alternatives of the dashboard's charts and map: one short sentence per figure saying what
it shows on the as-of date, in the interface language (:mod:`tightrope.i18n`), computed from the
same frames the figure draws. A screen reader reads it as the figure's accessible name; the page
shows it beside the table behind the figure (``components.blocks.chart``).

Every function returns plain text (no Markdown, no HTML): the caller escapes it where it is shown.
Lists are cut to :data:`MAX_ITEMS` entries with "and N more", so a name stays short enough to be
heard in one go. Data text (country names, labels) is passed through as written; callers give
names already in the interface language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from tightrope import i18n
from tightrope.i18n import gettext as _

#: At most this many items of a list are named; the rest are counted.
MAX_ITEMS = 6


def listing(items: Iterable[str], limit: int = MAX_ITEMS) -> str:
    """``"a, b, c"``; beyond ``limit`` items ``"a, b, c and 4 more"`` (``"なし"``/``"none"`` when empty)."""
    items = [str(x) for x in items]
    if not items:
        return _("none")
    sep = "、" if i18n.is_ja() else ", "
    shown = sep.join(items[:limit])
    if len(items) > limit:
        return _("{items} and {n} more").format(items=shown, n=len(items) - limit)
    return shown


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def product_rates(series: pd.DataFrame, as_of) -> str:
    """The Tariffs chart: the rate of each product on ``as_of`` (each product's last step on or
    before it). ``series``: ``date``, ``product``, ``rate_pct``, ``label``
    (:func:`tightrope.tariffs.rate_series`). Example: "US tariff on Japanese goods by product,
    as of 2025-10-01: autos 15% (floor, all-in), steel +50% on top of MFN"."""
    on = series[series["date"] <= pd.Timestamp(as_of)]
    # each product's last step, products in the series' (the legend's) order
    last = on.loc[on.groupby("product", sort=False)["date"].idxmax()]
    items = [f"{i18n.label(p)} {label}" for p, label in zip(last["product"], last["label"])]
    return _("US tariff on Japanese goods by product, as of {day}: {items}.").format(
        day=i18n.day(as_of), items=listing(items)
    )


def country_rates(rates: pd.DataFrame, names: Mapping[str, str], as_of, *, subject: str | None = None) -> str:
    """A bar chart of the US rate on goods in general per country, highest first; countries
    without one in force are named apart. ``rates``: ``iso3``, ``rate_pct`` (NaN = none),
    ``label`` (:func:`tightrope.tariffs.rates_by_target`)."""
    ranked = rates.sort_values("rate_pct", ascending=False, kind="stable")
    has = ranked[ranked["rate_pct"].notna()]
    items = [f"{names.get(c, c)} {label}" for c, label in zip(has["iso3"], has["label"])]
    none = [names.get(c, c) for c in ranked.loc[ranked["rate_pct"].isna(), "iso3"]]
    text = _("{subject}, as of {day}: {items}.").format(
        subject=subject or _("US tariff on goods in general by country"), day=i18n.day(as_of), items=listing(items)
    )
    if none:
        text += " " + _("None in force: {names}.").format(names=listing(none))
    return text


def contact_map(rates: pd.DataFrame, arcs: pd.DataFrame, names: Mapping[str, str], as_of, window) -> str:
    """The map: the highest US rates on goods in general (the countries' fill) and Japan's
    contacts per counterpart in the window (the arcs, most first). ``arcs``: ``other``,
    ``contacts``, ``name`` (:func:`tightrope.geo.arcs`)."""
    has = rates[rates["rate_pct"].notna()].sort_values("rate_pct", ascending=False, kind="stable")
    fills = [f"{names.get(c, c)} {v:g}%" for c, v in zip(has["iso3"], has["rate_pct"])]
    ranked = arcs.sort_values("contacts", ascending=False, kind="stable")
    lines = [f"{names.get(c, n)} {k}" for c, n, k in zip(ranked["other"], ranked["name"], ranked["contacts"])]
    w0, w1 = window
    return _(
        "Map as of {day}. US tariff on goods in general, highest first: "
        "{fills}. Japan's contacts {start} to {end}, by counterpart: {arcs}."
    ).format(day=i18n.day(as_of), fills=listing(fills), start=i18n.day(w0), end=i18n.day(w1), arcs=listing(lines))


def contact_timeline(contacts: pd.DataFrame, names: Mapping[str, str], as_of, window) -> str:
    """The Diplomacy timeline: how many contacts in the window, per counterpart (most first),
    and the latest. ``contacts``: ``start``, ``other`` (iso3), ``channel``."""
    w0, w1 = window
    counts = contacts["other"].value_counts(sort=True)
    items = [f"{names.get(c, c)} {n}" for c, n in counts.items()]
    text = i18n.ngettext(
        "Japan's contacts {start} to {end}, as of {day}: {n} contact; by counterpart: {items}.",
        "Japan's contacts {start} to {end}, as of {day}: {n} contacts; by counterpart: {items}.",
        len(contacts),
    ).format(start=i18n.day(w0), end=i18n.day(w1), day=i18n.day(as_of), n=len(contacts), items=listing(items))
    if not contacts.empty:
        last = contacts.sort_values("start", kind="stable").iloc[-1]
        text += " " + _("Latest: {day}, {channel} with {other}.").format(
            day=i18n.day(last["start"]),
            channel=i18n.label(last["channel"]),
            other=names.get(last["other"], last["other"]),
        )
    return text


def key_events(events: pd.DataFrame, as_of, measure_tracks: Iterable[str]) -> str:
    """The Overview's key events up to ``as_of``: how many measures and contacts, and the latest
    few. ``events``: ``date``, ``track``, ``label`` (:func:`tightrope.queries.overview_events`)."""
    shown = events[events["date"] <= pd.Timestamp(as_of)].sort_values("date", kind="stable")
    is_measure = shown["track"].isin(set(measure_tracks))
    latest = [f"{i18n.day(d)} {label}" for d, label in zip(shown["date"].iloc[-3:], shown["label"].iloc[-3:])]
    return _("Key events up to {day}: {measures} measure events and {contacts} contacts. Latest: {latest}.").format(
        day=i18n.day(as_of),
        measures=int(is_measure.sum()),
        contacts=int((~is_measure).sum()),
        latest=listing(reversed(latest)),
    )


def contact_counts(counts: pd.DataFrame, names: Mapping[str, str], window) -> str:
    """Southeast Asia's grouped bars: each power's contacts with the region's states in the
    window, and the state each met most. ``counts``: ``iso3``, ``power``, ``contacts``."""
    w0, w1 = window
    items = []
    for power, g in counts.groupby("power", sort=True):
        top = g.sort_values("contacts", ascending=False, kind="stable").iloc[0] if len(g) else None
        most = (
            _("most with {state} ({n})").format(state=names.get(top["iso3"], top["iso3"]), n=int(top["contacts"]))
            if top is not None and top["contacts"] > 0
            else _("none")
        )
        items.append(f"{names.get(power, power)} {int(g['contacts'].sum())} ({most})")
    return _("Contacts with Southeast Asian states, {start} to {end}: {items}.").format(
        start=i18n.day(w0), end=i18n.day(w1), items=listing(items)
    )


def trade_values(flows: pd.DataFrame, names: Mapping[str, str], flow: str, unit: str) -> str:
    """A Trade chart: the latest year's value per partner, largest first. ``flows``:
    ``partner``, ``year``, ``flow``, ``value``; ``unit``: the unit as shown (translated)."""
    f = flows[flows["flow"] == flow]
    if f.empty:
        return _("Japan's {flow}: no sourced figures.").format(flow=i18n.label(flow))
    year = int(f["year"].max())
    last = f[f["year"] == year].sort_values("value", ascending=False, kind="stable")
    items = [f"{names.get(p, p)} {i18n.number(v)}" for p, v in zip(last["partner"], last["value"])]
    return _("Japan's {flow} by partner, {unit}, calendar year {year}: {items}.").format(
        flow=i18n.label(flow), unit=unit, year=year, items=listing(items)
    )


def effective_rate(series: pd.DataFrame, as_of) -> str:
    """The Exposure chart: the effective additional US tariff on ``as_of`` and its highest value
    up to then. ``series``: ``date``, ``effective_pct``."""
    on = series[series["date"] <= pd.Timestamp(as_of)]
    if on.empty:
        return _("Effective additional US tariff on Japanese goods: no estimate up to {day}.").format(
            day=i18n.day(as_of)
        )
    now = on.sort_values("date", kind="stable").iloc[-1]["effective_pct"]
    peak = on.loc[on["effective_pct"].idxmax()]
    return _(
        "Effective additional US tariff on Japanese goods (trade-weighted), "
        "as of {day}: {now}; highest so far {peak} from {peak_day}."
    ).format(day=i18n.day(as_of), now=_pct(now), peak=_pct(peak["effective_pct"]), peak_day=i18n.day(peak["date"]))


def monthly_exports(monthly: pd.DataFrame, names: Mapping[str, str], unit: str) -> str:
    """The monthly exports chart: the latest reported month per series. ``monthly``: ``month``,
    ``series``, ``partner``, ``product``, ``value`` (NaN = gap)."""
    known = monthly[monthly["value"].notna()].sort_values("month", kind="stable")
    last = known.groupby("series", sort=False).tail(1)
    autos = _("{partner}, autos")  # the chart's legend label for a partner's autos series
    items = [
        f"{autos.format(partner=names.get(p, p)) if prod == 'autos' else names.get(p, p)} "
        f"{i18n.month(m)} {i18n.number(v, 1)}"
        for p, prod, m, v in zip(last["partner"], last["product"], last["month"], last["value"])
    ]
    return _("Japan's monthly exports, {unit}, latest reported month per series: {items}.").format(
        unit=unit, items=listing(items)
    )


def scenario_change(table: pd.DataFrame, baseline: float, scenario: float) -> str:
    """The Scenarios waterfall: from the rate in force to the hypothetical one, and the groups
    that move it most. ``table``: ``name``, ``share_pct``, ``delta_pct``."""
    contrib = (table["share_pct"] * table["delta_pct"] / 100.0).rename("c")
    moved = table.assign(c=contrib)[contrib.abs() > 1e-12]
    moved = moved.reindex(moved["c"].abs().sort_values(ascending=False).index)
    items = [f"{n} " + _("{value} pp").format(value=f"{c:+.2f}") for n, c in zip(moved["name"], moved["c"])]
    return _(
        "Hypothetical scenario: effective additional US tariff from "
        "{baseline} in force to {scenario}; changes by group: {items}."
    ).format(baseline=_pct(baseline), scenario=_pct(scenario), items=listing(items))


def scenario_groups(table: pd.DataFrame) -> str:
    """The Scenarios bars: additional duty per group in force and under the hypothetical
    scenario. ``table``: ``name``, ``baseline_pct``, ``scenario_pct``."""
    items = [
        f"{n} " + _("{value} pp").format(value=f"{b:.1f} → {s:.1f}")
        for n, b, s in zip(table["name"], table["baseline_pct"], table["scenario_pct"])
    ]
    return _("Additional duty over MFN by product group, in force → hypothetical scenario: {items}.").format(
        items=listing(items, limit=MAX_ITEMS + 2)
    )
