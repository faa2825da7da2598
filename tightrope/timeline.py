"""As-of queries over the typed tables of a :class:`tightrope.store.Dataset`.

Conventions: all dates are ``pandas.Timestamp`` calendar days (naive). A measure is *in force*
on day ``D`` when ``effective <= D < ended`` (an empty ``ended`` means still in force; an empty
``effective`` means it never took effect). Rates are percent ad valorem (``25.0`` = 25 %).

The *headline rate* an imposer applies to a target's product on a day is computed from the
tariff rows in force: for each legal basis, a row naming the target beats a row for ``ALL``
(e.g. Japan's 15 % IEEPA reciprocal rate replaces the 10 % baseline), and a row for the product
beats a row for ``all_goods`` (Section 232 goods are outside the reciprocal tariff); the
rates of different legal bases then add up (e.g. IEEPA fentanyl + IEEPA reciprocal on China).
Rates with ``rate_basis`` ``floor`` or ``total`` are all-in rates; ``additional`` comes on top of
the MFN rate, which the data does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

ALL = "ALL"
ALL_GOODS = "all_goods"


def ts(day: date | str | pd.Timestamp) -> pd.Timestamp:
    """A calendar-day ``Timestamp`` from a date, ISO string or Timestamp."""
    return pd.Timestamp(day).normalize()


def in_force(measures: pd.DataFrame, on: date | pd.Timestamp) -> pd.DataFrame:
    """Rows of ``trade_measures`` in force on ``on``: ``effective <= on < ended``.

    ``measures`` has the typed ``trade_measures`` columns; returns the same columns.
    """
    day = ts(on)
    eff = measures["effective"]
    end = measures["ended"]
    mask = eff.notna() & (eff <= day) & (end.isna() | (day < end))
    return measures[mask]


@dataclass(frozen=True)
class Headline:
    """The headline rate on one day: ``rate_pct`` (percent, or ``None`` when no tariff row is in
    force), the basis (``additional``, ``total``, ``floor`` or ``mixed``), and the rows behind it."""

    rate_pct: float | None
    basis: str
    rows: pd.DataFrame

    @property
    def label(self) -> str:
        return rate_label(self.rate_pct, self.basis)


def rate_label(rate_pct: float | None, basis: str) -> str:
    """``"15% (floor, all-in)"``, ``"+25% on top of MFN"``, ``"none"`` ... for a headline rate."""
    if rate_pct is None:
        return "none"
    rate = f"{rate_pct:g}%"
    if basis == "floor":
        return f"{rate} (floor, all-in)"
    if basis == "total":
        return f"{rate} (all-in)"
    if basis == "additional":
        return f"+{rate} on top of MFN"
    return rate


def headline(measures: pd.DataFrame, imposer: str, target: str, product: str, on: date | pd.Timestamp) -> Headline:
    """The headline tariff ``imposer`` applies to ``product`` from ``target`` on ``on``.

    Returns a :class:`Headline`; rows are tariff rows of ``trade_measures``.
    """
    rows = in_force(measures, on)
    rows = rows[(rows["measure_type"] == "tariff") & (rows["imposer"] == imposer) & rows["target"].isin([target, ALL]) & rows["product"].isin([product, ALL_GOODS]) & rows["rate_pct"].notna()]
    picks = _headlines_on(rows, target, product, [ts(on)])[0]
    if not picks:
        return Headline(None, "", rows.iloc[[]])
    return _headline_of(rows.iloc[picks])


def _headline_of(picked: pd.DataFrame) -> Headline:
    """The headline made of the picked rows (one per legal basis): their rates add up."""
    bases = set(picked["rate_basis"])
    basis = bases.pop() if len(bases) == 1 else "mixed"
    return Headline(float(picked["rate_pct"].sum()), basis, picked)


def change_days(measures: pd.DataFrame) -> list[pd.Timestamp]:
    """Sorted distinct days on which some measure took effect or ended."""
    days = pd.concat([measures["effective"], measures["ended"]]).dropna().unique()
    return sorted(pd.Timestamp(d) for d in days)


def _headlines_on(rows: pd.DataFrame, target: str, product: str, days: list[pd.Timestamp]) -> list[list[int]]:
    """For each day, the positions (in ``rows``) of the rows :func:`headline` would pick.

    The rule of :func:`headline`, computed for all days at once with numpy: ``rows`` are the
    tariff rows of one imposer for ``target``/``ALL`` and ``product``/``all_goods``. Per legal
    basis the pick is the in-force row with the highest (specificity, effective date, position),
    where specificity is 2 for a row naming the target plus 1 for a row naming the product; a
    product row in force on a day shuts out the all-goods rows of that day.
    """
    n = len(rows)
    if n == 0:
        return [[] for _ in days]
    day = np.array(days, dtype="datetime64[ns]")[:, None]
    eff = rows["effective"].to_numpy(dtype="datetime64[ns]")[None, :]
    end = rows["ended"].to_numpy(dtype="datetime64[ns]")[None, :]
    live = ~np.isnat(eff) & (eff <= day) & (np.isnat(end) | (day < end))
    is_prod = (rows["product"] == product).to_numpy()
    spec = (rows["target"] == target).to_numpy().astype(int) * 2 + is_prod.astype(int)
    if product != ALL_GOODS:
        any_prod = (live & is_prod[None, :]).any(axis=1)
        live = live & (is_prod[None, :] | ~any_prod[:, None])
    eff_key = np.nan_to_num(rows["effective"].to_numpy(dtype="datetime64[ns]").astype("int64").astype(float), nan=-1.0)
    order = np.lexsort((np.arange(n), eff_key, spec))  # last = highest priority
    priority = np.empty(n, dtype=int)
    priority[order] = np.arange(n)
    picks: list[list[int]] = [[] for _ in days]
    for basis in sorted(pd.unique(rows["legal_basis"])):  # the order headline() lists them in
        cols = np.flatnonzero((rows["legal_basis"] == basis).to_numpy())
        masked = np.where(live[:, cols], priority[cols][None, :], -1)
        best = masked.argmax(axis=1)
        for i in np.flatnonzero(masked.max(axis=1) >= 0):
            picks[i].append(int(cols[best[i]]))
    return picks


def rate_series(measures: pd.DataFrame, imposer: str, target: str, products: Iterable[str], start: date, end: date) -> pd.DataFrame:
    """Step series of the headline rate per product between ``start`` and ``end``.

    Returns one row per product and change day with columns ``date`` (Timestamp), ``product``,
    ``rate_pct`` (float, 0 where none applies), ``label`` (str), ``legal_basis`` and
    ``source_id`` (``; ``-joined over the rows behind the rate). Plot with a horizontal-then-
    vertical step shape. Equal to evaluating :func:`headline` on every change day, but computed
    for all days at once (thousands of measures stay fast).
    """
    lo, hi = ts(start), ts(end)
    records = []
    for product in products:
        # only the rows that can matter for this product; the rate changes only on their days
        rows = measures[
            (measures["imposer"] == imposer)
            & measures["target"].isin([target, ALL])
            & measures["product"].isin([product, ALL_GOODS])
            & (measures["measure_type"] == "tariff")
            & measures["rate_pct"].notna()
        ].reset_index(drop=True)
        days = [lo] + [d for d in change_days(rows) if lo < d <= hi] + [hi]
        rate, basis = rows["rate_pct"].to_numpy(), rows["rate_basis"].to_numpy()
        legal, source = rows["legal_basis"].to_numpy(), rows["source_id"].to_numpy()
        for day, picked in zip(days, _headlines_on(rows, target, product, days)):
            bases = {basis[i] for i in picked}
            total = float(sum(rate[i] for i in picked)) if picked else None
            kind = (bases.pop() if len(bases) == 1 else "mixed") if picked else ""
            records.append(
                {
                    "date": day,
                    "product": product,
                    "rate_pct": total if total is not None else 0.0,
                    "label": rate_label(total, kind),
                    "legal_basis": "; ".join(legal[i] for i in picked),
                    "source_id": "; ".join(source[i] for i in picked),
                }
            )
    return pd.DataFrame.from_records(records, columns=["date", "product", "rate_pct", "label", "legal_basis", "source_id"])


def rates_by_target(measures: pd.DataFrame, imposer: str, targets: Iterable[str], on: date | pd.Timestamp, product: str = ALL_GOODS) -> pd.DataFrame:
    """Headline rate of ``imposer`` on each target for ``product`` on ``on``.

    Columns: ``iso3``, ``rate_pct`` (float, NaN when no tariff applies), ``label``, ``basis``,
    ``legal_basis``, ``source_id``.
    """
    rows = []
    live = in_force(measures, on)  # filter by date once, not once per country
    live = live[(live["imposer"] == imposer) & (live["measure_type"] == "tariff") & live["product"].isin([product, ALL_GOODS])]
    for iso3 in targets:
        h = headline(live, imposer, iso3, product, on)
        rows.append(
            {
                "iso3": iso3,
                "rate_pct": h.rate_pct if h.rate_pct is not None else float("nan"),
                "label": h.label,
                "basis": h.basis,
                "legal_basis": "; ".join(h.rows["legal_basis"]) if not h.rows.empty else "",
                "source_id": "; ".join(h.rows["source_id"]) if not h.rows.empty else "",
            }
        )
    return pd.DataFrame(rows, columns=["iso3", "rate_pct", "label", "basis", "legal_basis", "source_id"])


def contacts_between(
    contacts: pd.DataFrame,
    start: date | pd.Timestamp,
    end: date | pd.Timestamp,
    *,
    country: str | None = None,
    counterparts: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
    topics: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Contacts that started in ``[start, end]`` (inclusive), optionally filtered.

    ``country`` keeps contacts with that country on either side; ``counterparts`` keeps those
    whose other side (relative to ``country``, else either side) is listed; ``channels`` and
    ``topics`` keep rows with a matching channel or at least one matching topic. Returns the
    typed ``diplomatic_contacts`` columns plus ``other`` (the side that is not ``country``).
    """
    lo, hi = ts(start), ts(end)
    keep = (contacts["start"] >= lo) & (contacts["start"] <= hi)
    if country:
        keep &= (contacts["initiator"] == country) | (contacts["counterpart"] == country)
    out = contacts[keep]  # filter first, then copy only what is kept
    if country:
        out = out.assign(other=out["counterpart"].where(out["initiator"] == country, out["initiator"]))
    else:
        out = out.assign(other=out["counterpart"])
    if counterparts is not None:
        wanted = set(counterparts)
        if country:
            out = out[out["other"].isin(wanted)]
        else:
            out = out[out["initiator"].isin(wanted) | out["counterpart"].isin(wanted)]
    if channels is not None:
        out = out[out["channel"].isin(set(channels))]
    if topics is not None:
        wanted_topics = set(topics)
        out = out[out["topics"].map(lambda t: bool(wanted_topics & split_list(t)))]
    return out


def split_list(text: str) -> set[str]:
    """``"a; b"`` -> ``{"a", "b"}``; empty text -> empty set."""
    return {p.strip() for p in str(text).split(";") if p.strip()}


def contact_counts(contacts: pd.DataFrame, country: str) -> pd.DataFrame:
    """Number of contacts between ``country`` and each other side.

    ``contacts`` is the output of :func:`contacts_between` with ``country`` set. Returns columns
    ``other`` (iso3) and ``contacts`` (int), most first.
    """
    if contacts.empty:
        return pd.DataFrame({"other": pd.Series(dtype=str), "contacts": pd.Series(dtype="int64")})
    counts = contacts.groupby("other").size().rename("contacts").reset_index()
    return counts.sort_values(["contacts", "other"], ascending=[False, True], ignore_index=True)


def officeholder_on(officeholders: pd.DataFrame, country: str, office: str, on: date | pd.Timestamp) -> str | None:
    """Name of who held ``office`` in ``country`` on ``on`` (``start <= on`` and before ``end``)."""
    day = ts(on)
    rows = officeholders[(officeholders["country"] == country) & (officeholders["office"] == office) & (officeholders["start"] <= day) & (officeholders["end"].isna() | (officeholders["end"] > day))]
    return None if rows.empty else str(rows.sort_values("start").iloc[-1]["person"])


def key_events(measures: pd.DataFrame, contacts: pd.DataFrame, focus: str = "JPN") -> pd.DataFrame:
    """Events for the overview timeline: measures on ``focus`` (or on ``ALL``) by their
    announcement and effective dates, and contacts involving ``focus``.

    Columns: ``date``, ``track`` (``US measures``, ``China measures``, ``Contacts: <iso3>``),
    ``kind`` (announced, took effect, or the channel), ``label``, ``source_id``, ``other`` (iso3).
    """
    cols = ["date", "track", "kind", "label", "source_id", "other"]
    m = measures[measures["target"].isin([focus, ALL])]
    rate = m["rate_pct"].map(lambda r: f" {r:g}%" if pd.notna(r) else "")
    what = m["legal_basis"] + " " + m["product"].str.replace("_", " ") + rate
    track = m["imposer"] + " measures"
    announced = pd.DataFrame({"date": m["announced"], "track": track, "kind": "announced", "label": "Announced: " + what, "source_id": m["source_id"], "other": m["imposer"]})
    took = m["effective"].notna()
    effective = pd.DataFrame({"date": m["effective"], "track": track, "kind": "took effect", "label": "In force: " + what, "source_id": m["source_id"], "other": m["imposer"]})[took]
    c = contacts[(contacts["initiator"] == focus) | (contacts["counterpart"] == focus)]
    other = c["counterpart"].where(c["initiator"] == focus, c["initiator"])
    met = pd.DataFrame({"date": c["start"], "track": "Contacts: " + other, "kind": c["channel"], "label": c["summary"], "source_id": c["source_id"], "other": other})
    frames = [f for f in (announced, effective, met) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols].sort_values("date", kind="stable", ignore_index=True)
