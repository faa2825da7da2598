"""The tariff rule engine: which measures are in force on a day and the headline rate they add up to.

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

from tightrope.constants import ALL, ALL_GOODS
from tightrope.dates import ts
from tightrope.i18n import gettext as _


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
        return _("none")
    rate = f"{rate_pct:g}%"
    if basis == "floor":
        return _("{rate} (floor, all-in)").format(rate=rate)
    if basis == "total":
        return _("{rate} (all-in)").format(rate=rate)
    if basis == "additional":
        return _("+{rate} on top of MFN").format(rate=rate)
    return rate


def headline(measures: pd.DataFrame, imposer: str, target: str, product: str, on: date | pd.Timestamp) -> Headline:
    """The headline tariff ``imposer`` applies to ``product`` from ``target`` on ``on``.

    Returns a :class:`Headline`; rows are tariff rows of ``trade_measures``.
    """
    rows = in_force(measures, on)
    rows = rows[
        (rows["measure_type"] == "tariff")
        & (rows["imposer"] == imposer)
        & rows["target"].isin([target, ALL])
        & rows["product"].isin([product, ALL_GOODS])
        & rows["rate_pct"].notna()
    ]
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


def _candidates(measures: pd.DataFrame, imposer: str, target: str, product: str) -> pd.DataFrame:
    """The tariff rows that can make ``imposer``'s headline rate on ``target``'s ``product``."""
    return measures[
        (measures["imposer"] == imposer)
        & measures["target"].isin([target, ALL])
        & measures["product"].isin([product, ALL_GOODS])
        & (measures["measure_type"] == "tariff")
        & measures["rate_pct"].notna()
    ].reset_index(drop=True)


@dataclass(frozen=True)
class RateSteps:
    """The headline rate of one imposer on one target's product as a step function.

    The rate can change only on a day some candidate row takes effect or ends, so it is
    computed once for each of those ``days`` (sorted ``datetime64[ns]``); step ``i`` holds from
    ``days[i]`` until ``days[i + 1]``, and no tariff applies before ``days[0]``. ``rows`` are the
    candidate tariff rows; ``picks[i]`` their positions behind step ``i``; ``rate`` is percent
    ad valorem (NaN where none applies); ``label``, ``legal_basis`` and ``source_id`` are
    strings per step (the last two ``; ``-joined). Build it with :func:`rate_steps`.
    """

    rows: pd.DataFrame
    days: np.ndarray
    picks: list[list[int]]
    rate: np.ndarray
    basis: list[str]
    label: list[str]
    legal_basis: list[str]
    source_id: list[str]

    def step_on(self, on: date | pd.Timestamp) -> int:
        """Index of the step in force on ``on``; -1 before the first change day."""
        return int(np.searchsorted(self.days, np.datetime64(ts(on), "ns"), side="right")) - 1

    def headline_on(self, on: date | pd.Timestamp) -> Headline:
        """The :class:`Headline` on ``on``: equal to :func:`headline` on the same rows."""
        i = self.step_on(on)
        if i < 0 or not self.picks[i]:
            return Headline(None, "", self.rows.iloc[[]])
        return Headline(float(self.rate[i]), self.basis[i], self.rows.iloc[self.picks[i]])

    def between(self, product: str, start: date | pd.Timestamp, end: date | pd.Timestamp) -> list[dict]:
        """Records of :func:`rate_series` for ``[start, end]``: the rate on ``start``, then one
        record per day on which the rate, its label or its sources change, then ``end``."""
        lo, hi = ts(start), ts(end)
        out: list[dict] = []
        first = self.step_on(lo)
        inside = np.flatnonzero((self.days > np.datetime64(lo, "ns")) & (self.days <= np.datetime64(hi, "ns")))
        last_key = None
        for day, i in [(lo, first), *((pd.Timestamp(self.days[j]), int(j)) for j in inside)]:
            key = (self.label[i], self.source_id[i]) if i >= 0 else ("none", "")
            if key == last_key:
                continue
            last_key = key
            out.append(self._record(day, product, i))
        if out[-1]["date"] != hi:
            out.append(self._record(hi, product, self.step_on(hi)))
        return out

    def fields(self, i: int) -> dict:
        """Step ``i``'s ``rate_pct`` (NaN when none applies), ``label``, ``basis``,
        ``legal_basis`` and ``source_id``; ``i`` < 0 (before the first change day) is none."""
        if i < 0 or not self.picks[i]:
            return {"rate_pct": float("nan"), "label": "none", "basis": "", "legal_basis": "", "source_id": ""}
        return {
            "rate_pct": float(self.rate[i]),
            "label": self.label[i],
            "basis": self.basis[i],
            "legal_basis": self.legal_basis[i],
            "source_id": self.source_id[i],
        }

    def _record(self, day: pd.Timestamp, product: str, i: int) -> dict:
        f = self.fields(i)
        rate = 0.0 if np.isnan(f["rate_pct"]) else f["rate_pct"]
        return {
            "date": day,
            "product": product,
            "rate_pct": rate,
            "label": f["label"],
            "legal_basis": f["legal_basis"],
            "source_id": f["source_id"],
        }


def rate_steps(measures: pd.DataFrame, imposer: str, target: str, product: str) -> RateSteps:
    """The headline rate of ``imposer`` on ``target``'s ``product`` on every change day, computed
    at once with numpy (the rule of :func:`headline`; thousands of measures stay fast)."""
    rows = _candidates(measures, imposer, target, product)
    days = change_days(rows)
    picks = _headlines_on(rows, target, product, days)
    rate_col, basis_col = rows["rate_pct"].to_numpy(dtype=float), rows["rate_basis"].to_numpy()
    legal_col, source_col = rows["legal_basis"].to_numpy(), rows["source_id"].to_numpy()
    rate, basis, label, legal, source = [], [], [], [], []
    for picked in picks:
        if not picked:
            rate.append(np.nan), basis.append(""), label.append("none"), legal.append(""), source.append("")
            continue
        bases = {basis_col[i] for i in picked}
        kind = bases.pop() if len(bases) == 1 else "mixed"
        total = float(sum(rate_col[i] for i in picked))
        rate.append(total), basis.append(kind), label.append(rate_label(total, kind))
        legal.append("; ".join(legal_col[i] for i in picked)), source.append("; ".join(source_col[i] for i in picked))
    return RateSteps(
        rows, np.array(days, dtype="datetime64[ns]"), picks, np.array(rate, dtype=float), basis, label, legal, source
    )


RATE_SERIES_COLUMNS = ["date", "product", "rate_pct", "label", "legal_basis", "source_id"]


def rate_series(
    measures: pd.DataFrame, imposer: str, target: str, products: Iterable[str], start: date, end: date, *, steps=None
) -> pd.DataFrame:
    """Step series of the headline rate per product between ``start`` and ``end``.

    Returns, per product, the rate on ``start``, one row per day on which the rate, its label
    or its sources change, and a last row on ``end``; columns ``date`` (Timestamp),
    ``product``, ``rate_pct`` (float, 0 where none applies), ``label`` (str), ``legal_basis``
    and ``source_id`` (``; ``-joined over the rows behind the rate). Plot with a
    horizontal-then-vertical step shape. Equal to evaluating :func:`headline` on each of those
    days. ``steps`` (optional) maps a product to its precomputed :class:`RateSteps`.
    """
    records = []
    for product in products:
        s = steps(product) if steps is not None else rate_steps(measures, imposer, target, product)
        records.extend(s.between(product, start, end))
    return pd.DataFrame.from_records(records, columns=RATE_SERIES_COLUMNS)


def rates_by_target(
    measures: pd.DataFrame,
    imposer: str,
    targets: Iterable[str],
    on: date | pd.Timestamp,
    product: str = ALL_GOODS,
    *,
    steps=None,
) -> pd.DataFrame:
    """Headline rate of ``imposer`` on each target for ``product`` on ``on``.

    Columns: ``iso3``, ``rate_pct`` (float, NaN when no tariff applies), ``label``, ``basis``,
    ``legal_basis``, ``source_id``. ``steps`` (optional) maps a target to its precomputed
    :class:`RateSteps` for ``product``.
    """
    rows = []
    for iso3 in targets:
        s = steps(iso3) if steps is not None else rate_steps(measures, imposer, iso3, product)
        rows.append({"iso3": iso3, **s.fields(s.step_on(on))})
    return pd.DataFrame(rows, columns=["iso3", "rate_pct", "label", "basis", "legal_basis", "source_id"])
