"""What the US tariff wall costs Japan: the additional duty on each product group, the effective
(trade-weighted) additional tariff on Japanese goods, and the estimated annual duty.

Inputs are the typed tables of a :class:`tightrope.store.Dataset`: ``trade_measures`` (the US
measures), ``product_groups`` (HS coverage and MFN rate of each group) and ``export_weights``
(Japan's exports to the US by group in a base year). Rates are percent ad valorem (``15.0`` =
15 %); values are in the weighting's unit (``JPY_bn`` or ``USD_bn``). No Streamlit here.

The rules, stated once (everything below applies them):

1. **In force.** A measure counts on day ``D`` when ``effective <= D < ended``: a measure ending on
   ``D`` is not counted on ``D``. Which rows apply is the rule engine's headline rule
   (:func:`tightrope.tariffs.rate_steps`): per legal basis, a row naming the target beats a row
   for ``ALL`` and the latest effective row wins; rates of different legal bases add up.
2. **Additional duty of a row** for a group with MFN rate ``m`` (:func:`additional_duty`):
   ``additional`` -> the rate; ``total`` (all-in) and ``floor`` (all-in is ``max(m, rate)``, the
   US-Japan deal's 15 %) -> ``max(0, rate - m)``. So with MFN 2.5 the 15 % floor adds 12.5 points,
   and with MFN 20 it adds nothing.
3. **Stacking.** A group with a product-specific measure in force (Section 232 goods) is outside
   the general tariffs of :data:`NOT_ON_PRODUCT_MEASURES` (the IEEPA reciprocal tariff, and
   Section 122, which did not stack on Section 232 goods); a general tariff of another legal basis
   (e.g. IEEPA fentanyl, Section 301) would still come on top. A product row whose legal basis is
   itself one of those general bases (a group rate or exemption, e.g. the 0 % IEEPA reciprocal
   row of the Annex II exemption of pharmaceuticals) replaces the general row of that basis only.
   A group without a product row takes the general (``all_goods``) rate. ``other_goods`` (the
   total minus the named groups) is never under a product row. A floor or all-in rate on a group
   without an MFN rate is applied as if MFN were 0 and says so in its label.
4. **Effective additional tariff** on day ``D`` = ``sum_g(share_g * additional_g(D))`` where
   ``share_g = value_g / total`` of the base-year weighting; **estimated annual duty** =
   ``sum_g(value_g * additional_g(D) / 100)`` in the weighting's unit.

This is a static, pre-substitution estimate: base-year trade values, no change in volumes, no
quotas, exclusions, refunds or duty drawback; an MFN rate per group is an average over its lines.

Only targets with sourced product weights (Japan) get an effective rate; for other targets
(China, the Southeast Asian states) use :func:`general_rate`, which is the headline rate on goods
in general and must be labelled as such, never as an effective rate.

A later what-if scenario plugs in as per-group overrides of the rows picked on a day
(:func:`additional_duty` applies to them unchanged); the CLI builds its report through
:func:`report`, so a ``--scenario`` option adds one argument there.

Length: one module because the rules above are one concept (a group's duty, its weighting, the
effective rate, its series and the report of it); splitting would spread the rules over files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from tightrope import i18n, tariffs
from tightrope.constants import ALL, ALL_GOODS, FOCUS, IMPOSER, RIVAL
from tightrope.contacts import split_list
from tightrope.dates import ts
from tightrope.i18n import gettext as _

OTHER_GOODS = "other_goods"
#: General (all-goods) legal bases that do not apply to goods under a product-specific measure.
NOT_ON_PRODUCT_MEASURES = frozenset({"IEEPA reciprocal", "Section 122"})
#: How a group's rate was set on a day.
PRODUCT_MEASURE, GROUP_RATE, GENERAL_RATE, NO_TARIFF = (
    "product measure",
    "group rate or exemption",
    "general rate",
    "none",
)


def additional_duty(rate_pct, rate_basis, mfn_pct):
    """Additional duty in percentage points of one tariff row for a group with MFN ``mfn_pct``
    (rule 2): ``additional`` -> ``rate_pct``; ``total`` or ``floor`` -> ``max(0, rate_pct - mfn_pct)``.

    Works on scalars (returns ``float``) and on numpy arrays or Series (element-wise). Raises
    ``ValueError`` for an unknown basis (scalar input).
    """
    if np.ndim(rate_pct) == 0 and np.ndim(rate_basis) == 0:
        if rate_basis == "additional":
            return float(rate_pct)
        if rate_basis in ("total", "floor"):
            return max(0.0, float(rate_pct) - float(mfn_pct))
        raise ValueError(f"unknown rate_basis {rate_basis!r}: use additional, total or floor")
    rate = np.asarray(rate_pct, dtype=float)
    basis = np.asarray(rate_basis, dtype=object)
    return np.where(basis == "additional", rate, np.maximum(0.0, rate - np.asarray(mfn_pct, dtype=float)))


# --- the base-year weighting ---------------------------------------------------------------------

WEIGHT_COLUMNS = [
    "product",
    "name",
    "name_ja",
    "hs_codes",
    "mfn_pct",
    "mfn_source_id",
    "value",
    "share",
    "source_id",
    "derived",
]


@dataclass(frozen=True)
class Weighting:
    """Exports of ``reporter`` to ``partner`` by product group in one ``year`` and ``unit``.

    ``groups`` columns: ``product`` (str), ``name``, ``name_ja``, ``hs_codes`` (str),
    ``mfn_pct`` (float, percent; NaN when ``product_groups`` has no MFN for it), ``mfn_source_id``,
    ``value`` (float, in ``unit``), ``share`` (float, 0-1 of ``total``), ``source_id``, ``derived``
    (bool: ``other_goods`` computed as the total minus the named groups). Shares add up to 1.
    """

    reporter: str
    partner: str
    year: int
    unit: str
    total: float
    total_source_id: str
    groups: pd.DataFrame

    @property
    def named_share(self) -> float:
        """Share of the total in named groups (everything but ``other_goods``), 0-1."""
        return float(self.groups.loc[self.groups["product"] != OTHER_GOODS, "share"].sum())


def weighting(
    product_groups: pd.DataFrame,
    export_weights: pd.DataFrame,
    reporter: str = FOCUS,
    partner: str = IMPOSER,
    year: int | None = None,
    unit: str | None = None,
) -> Weighting | None:
    """The weighting of ``reporter``'s exports to ``partner``: the given ``year`` and ``unit``, or
    the latest year (yen before dollars within a year). ``None`` when no weighting with an
    ``all_goods`` total exists. ``other_goods`` is the total minus the named groups unless the
    table gives it. Inputs are the typed ``product_groups`` and ``export_weights`` tables."""
    w = export_weights[(export_weights["reporter"] == reporter) & (export_weights["partner"] == partner)]
    totals = w[w["product"] == ALL_GOODS]
    if year is not None:
        totals = totals[totals["year"] == year]
    if unit is not None:
        totals = totals[totals["unit"] == unit]
    if totals.empty:
        return None
    pick = totals.assign(_u=(totals["unit"] != "JPY_bn")).sort_values(["year", "_u"], ascending=[False, True]).iloc[0]
    year, unit, total = int(pick["year"]), str(pick["unit"]), float(pick["value"])
    rows = w[(w["year"] == year) & (w["unit"] == unit) & (w["product"] != ALL_GOODS)][
        ["product", "value", "source_id"]
    ].copy()
    rows["derived"] = False
    if OTHER_GOODS not in set(rows["product"]):
        rest = max(0.0, total - float(rows["value"].sum()))
        rows = pd.concat(
            [
                rows,
                pd.DataFrame(
                    [{"product": OTHER_GOODS, "value": rest, "source_id": pick["source_id"], "derived": True}]
                ),
            ],
            ignore_index=True,
        )
    g = product_groups[["product", "name", "name_ja", "hs_codes", "mfn_pct", "mfn_source_id"]]
    out = rows.merge(g, on="product", how="left")
    out["name"] = out["name"].fillna(out["product"].str.replace("_", " ").str.capitalize())
    out = out.fillna({"name_ja": "", "hs_codes": "", "mfn_source_id": ""})
    out["share"] = out["value"] / total if total > 0 else 0.0
    out = out.sort_values(["derived", "value"], ascending=[True, False], kind="stable").reset_index(drop=True)
    out["derived"] = out["derived"].astype(bool)
    return Weighting(reporter, partner, year, unit, total, str(pick["source_id"]), out[WEIGHT_COLUMNS])


# --- one group's duty as a step function ---------------------------------------------------------


@dataclass(frozen=True)
class GroupSteps:
    """The additional duty on one product group as a step function (rules 1-3).

    Step ``i`` holds from ``days[i]`` (sorted ``datetime64[ns]``) until ``days[i + 1]``; nothing
    applies before ``days[0]``. Per step: ``additional`` (float, percentage points over MFN),
    ``how`` (:data:`PRODUCT_MEASURE`, :data:`GROUP_RATE`, :data:`GENERAL_RATE` or :data:`NO_TARIFF`), ``label`` (the
    rate in force and its basis, e.g. ``"15% (floor, all-in)"``; ``; ``-joined when legal bases
    stack), ``legal_basis`` and ``source_id`` (``; ``-joined) and ``measure_id`` (``; ``-joined).
    """

    product: str
    mfn_pct: float
    days: np.ndarray
    additional: np.ndarray
    how: list[str]
    label: list[str]
    legal_basis: list[str]
    source_id: list[str]
    measure_id: list[str]

    def step_on(self, on: date | pd.Timestamp) -> int:
        """Index of the step in force on ``on``; -1 before the first change day."""
        return int(np.searchsorted(self.days, np.datetime64(ts(on), "ns"), side="right")) - 1

    def on(self, day: date | pd.Timestamp) -> dict:
        """``additional`` (float), ``how``, ``label``, ``legal_basis``, ``source_id`` and
        ``measure_id`` on ``day`` (no tariff before the first step)."""
        i = self.step_on(day)
        if i < 0:
            return {
                "additional": 0.0,
                "how": NO_TARIFF,
                "label": _("none"),
                "legal_basis": "",
                "source_id": "",
                "measure_id": "",
            }
        return {
            "additional": float(self.additional[i]),
            "how": self.how[i],
            "label": self.label[i],
            "legal_basis": self.legal_basis[i],
            "source_id": self.source_id[i],
            "measure_id": self.measure_id[i],
        }

    def at(self, days: np.ndarray) -> np.ndarray:
        """The additional duty on each of ``days`` (``datetime64[ns]`` array), vectorised."""
        idx = np.searchsorted(self.days, days, side="right") - 1
        vals = np.concatenate([[0.0], self.additional])
        return vals[idx + 1]


def _row_label(rate: float, basis: str, legal_basis: str) -> str:
    """A picked row's rate and basis; a 0 % row of a general basis is an exemption from it."""
    if rate == 0 and legal_basis in NOT_ON_PRODUCT_MEASURES:
        return _("exempt from {legal_basis} (0%)").format(legal_basis=i18n.legal_basis(legal_basis))
    return tariffs.rate_label(rate, basis)


class _Rows:
    """The columns of a :class:`tightrope.tariffs.RateSteps`'s rows as plain arrays, and each
    row's additional duty for one MFN rate, so a step is summed without touching pandas."""

    def __init__(self, rows: pd.DataFrame, mfn: float) -> None:
        self.rate = rows["rate_pct"].to_numpy(dtype=float)
        self.basis = rows["rate_basis"].to_numpy(dtype=object)
        self.legal = rows["legal_basis"].to_numpy(dtype=object)
        self.source = rows["source_id"].to_numpy(dtype=object)
        self.ids = rows["measure_id"].to_numpy(dtype=object)
        self.product = rows["product"].to_numpy(dtype=object)
        self.add = additional_duty(self.rate, self.basis, mfn) if len(rows) else np.zeros(0)
        self.floor = np.isin(self.basis, ["total", "floor"]) if len(rows) else np.zeros(0, dtype=bool)
        self.general = np.isin(self.legal, list(NOT_ON_PRODUCT_MEASURES)) if len(rows) else np.zeros(0, dtype=bool)


def group_steps(
    measures: pd.DataFrame,
    target: str,
    product: str,
    mfn_pct: float,
    *,
    general: tariffs.RateSteps | None = None,
    imposer: str = IMPOSER,
) -> GroupSteps:
    """The additional duty ``imposer`` puts on ``target``'s ``product`` group (MFN ``mfn_pct``,
    percent; NaN is taken as 0) on every day it can change, by rules 1-3. ``measures`` is the
    typed ``trade_measures`` table; ``general`` (optional) is the precomputed
    :func:`tightrope.tariffs.rate_steps` of ``all_goods`` for the target."""
    no_mfn = mfn_pct is None or np.isnan(mfn_pct)
    mfn = 0.0 if no_mfn else float(mfn_pct)
    general = general if general is not None else tariffs.rate_steps(measures, imposer, target, ALL_GOODS)
    specific = (
        tariffs.rate_steps(measures, imposer, target, product) if product not in (ALL_GOODS, OTHER_GOODS) else None
    )
    day_sets = [general.days] + ([specific.days] if specific is not None else [])
    days = np.unique(np.concatenate(day_sets))
    g_idx = np.searchsorted(general.days, days, side="right") - 1
    s_idx = np.searchsorted(specific.days, days, side="right") - 1 if specific is not None else None
    gr = _Rows(general.rows, mfn)
    sr = _Rows(specific.rows, mfn) if specific is not None else None
    additional, how, label, legal, source, ids = [], [], [], [], [], []
    for k in range(len(days)):
        picked: list[tuple[_Rows, int]] = []
        own: list[int] = []  # the group's own rows in force (the headline rule's picks when a product row is in force)
        if sr is not None and s_idx[k] >= 0:
            cand = specific.picks[s_idx[k]]
            if any(sr.product[i] == product for i in cand):
                own = list(cand)
        measure = any(not sr.general[i] for i in own)  # e.g. Section 232
        replaced = {sr.legal[i] for i in own}  # a product row of a general basis replaces that basis
        picked = [(sr, i) for i in own]
        if g_idx[k] >= 0:
            for i in general.picks[g_idx[k]]:
                if gr.legal[i] in replaced or (measure and gr.general[i]):
                    continue  # rule 3
                picked.append((gr, i))
        kind = PRODUCT_MEASURE if measure else (GROUP_RATE if own else (GENERAL_RATE if picked else NO_TARIFF))
        additional.append(float(sum(r.add[i] for r, i in picked)))
        how.append(kind)
        if picked:
            text = "; ".join(_row_label(r.rate[i], r.basis[i], r.legal[i]) for r, i in picked)
            if no_mfn and any(r.floor[i] for r, i in picked):
                text += " " + _("[MFN unknown: taken as 0]")
        else:
            text = _("none")
        label.append(text)
        legal.append("; ".join(r.legal[i] for r, i in picked))
        source.append("; ".join(dict.fromkeys(r.source[i] for r, i in picked)))
        ids.append("; ".join(r.ids[i] for r, i in picked))
    return GroupSteps(
        product,
        mfn,
        np.asarray(days, dtype="datetime64[ns]"),
        np.asarray(additional, dtype=float),
        how,
        label,
        legal,
        source,
        ids,
    )


# --- the exposure of one target ------------------------------------------------------------------

TABLE_COLUMNS = [
    "product",
    "name",
    "name_ja",
    "hs_codes",
    "value",
    "share_pct",
    "mfn_pct",
    "how",
    "rate_in_force",
    "legal_basis",
    "additional_pct",
    "duty",
    "measure_id",
    "source_id",
    "weight_source_id",
    "mfn_source_id",
    "derived",
]

SERIES_COLUMNS = ["date", "effective_pct", "duty", "change", "source_id"]


@dataclass(frozen=True)
class Exposure:
    """The exposure of ``target``'s exports to the US under the weighting ``weights``: one
    :class:`GroupSteps` per group (in the weighting's order). Build it with :func:`exposure`."""

    target: str
    weights: Weighting
    steps: tuple[GroupSteps, ...]
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def table(self, on: date | pd.Timestamp) -> pd.DataFrame:
        """The exposure table on ``on``, one row per group (named groups by value, then
        ``other_goods``). Columns: ``product``, ``name``, ``name_ja``, ``hs_codes``, ``value``
        (float, base-year value in :attr:`Weighting.unit`), ``share_pct`` (float, percent of the
        total), ``mfn_pct`` (float), ``how`` (product measure | group rate or exemption | general rate | none),
        ``rate_in_force`` (str: rate and basis), ``legal_basis``, ``additional_pct`` (float,
        points over MFN), ``duty`` (float, estimated annual duty = value x additional / 100, in
        the unit), ``measure_id``, ``source_id`` (the measures'), ``weight_source_id``,
        ``mfn_source_id`` (str) and ``derived`` (bool)."""
        g = self.weights.groups
        rows = [s.on(on) for s in self.steps]
        out = pd.DataFrame(
            {
                "product": g["product"],
                "name": g["name"],
                "name_ja": g["name_ja"],
                "hs_codes": g["hs_codes"],
                "value": g["value"],
                "share_pct": g["share"] * 100.0,
                "mfn_pct": g["mfn_pct"],
                "how": [r["how"] for r in rows],
                "rate_in_force": [r["label"] for r in rows],
                "legal_basis": [r["legal_basis"] for r in rows],
                "additional_pct": [r["additional"] for r in rows],
                "measure_id": [r["measure_id"] for r in rows],
                "source_id": [r["source_id"] for r in rows],
                "weight_source_id": g["source_id"],
                "mfn_source_id": g["mfn_source_id"],
                "derived": g["derived"],
            }
        )
        out["duty"] = out["value"] * out["additional_pct"] / 100.0
        return out[TABLE_COLUMNS]

    def effective_on(self, on: date | pd.Timestamp) -> float:
        """The effective additional tariff on ``on`` (rule 4), percent."""
        return float(sum(share * s.on(on)["additional"] for share, s in zip(self.weights.groups["share"], self.steps)))

    def duty_on(self, on: date | pd.Timestamp) -> float:
        """The estimated annual duty on ``on`` at base-year values, in the weighting's unit."""
        return float(
            sum(value * s.on(on)["additional"] / 100.0 for value, s in zip(self.weights.groups["value"], self.steps))
        )

    def measure_ids(self) -> set[str]:
        """Ids of every ``trade_measures`` row that sets some group's duty on some day."""
        return {i for s in self.steps for cell in s.measure_id for i in cell.split("; ") if i}

    def change_days(self) -> np.ndarray:
        """Sorted distinct days (``datetime64[ns]``) on which some group's duty can change."""
        if not self.steps:
            return np.array([], dtype="datetime64[ns]")
        return np.unique(np.concatenate([s.days for s in self.steps]))

    def timeline(self) -> pd.DataFrame:
        """The effective rate on every day some group's duty changes, computed once (vectorised
        over groups and days) and kept with the object. Columns as :meth:`series` plus
        ``changed`` (bool: the rate of some group moved that day)."""
        if "timeline" in self._cache:
            return self._cache["timeline"]
        days = self.change_days()
        if not self.steps or len(days) == 0:
            out = pd.DataFrame(
                {c: pd.Series(dtype=t) for c, t in zip(SERIES_COLUMNS, ("datetime64[ns]", float, float, str, str))}
            )
            out["changed"] = pd.Series(dtype=bool)
        else:
            add = np.vstack([s.at(days) for s in self.steps])  # groups x days
            eff = self.weights.groups["share"].to_numpy(dtype=float) @ add
            duty = self.weights.groups["value"].to_numpy(dtype=float) @ add / 100.0
            prev = np.hstack([np.zeros((add.shape[0], 1)), add[:, :-1]])  # nothing applies before the first day
            moved = ~np.isclose(add, prev)
            names = self.weights.groups["name"].to_numpy()
            change, sources = [], []
            for j in range(len(days)):
                gs = np.flatnonzero(moved[:, j])
                change.append("; ".join(f"{names[g]} {prev[g, j]:.4g} -> {add[g, j]:.4g}" for g in gs))
                ids: dict[str, None] = {}
                for g in gs:
                    i = self.steps[g].step_on(pd.Timestamp(days[j]))
                    ids.update(dict.fromkeys(split_list(self.steps[g].source_id[i] if i >= 0 else "")))
                sources.append("; ".join(ids))
            out = pd.DataFrame(
                {
                    "date": pd.to_datetime(days),
                    "effective_pct": eff,
                    "duty": duty,
                    "change": change,
                    "source_id": sources,
                    "changed": moved.any(axis=0),
                }
            )
        self._cache["timeline"] = out
        return out

    def series(self, start: date | pd.Timestamp, end: date | pd.Timestamp) -> pd.DataFrame:
        """The effective rate as a step series from ``start`` to ``end`` (inclusive): the value on
        ``start``, one row per day it changes, and ``end``; a slice of :meth:`timeline`, so an
        as-of change costs two binary searches.

        Columns: ``date`` (Timestamp), ``effective_pct`` (float, percent), ``duty`` (float,
        estimated annual duty in the weighting's unit), ``change`` (str: the groups whose duty
        changed that day, ``name old -> new``), ``source_id`` (the measures behind the changed
        groups' new rates, ``; ``-joined). Plot with a horizontal-then-vertical step shape."""
        lo, hi = ts(start), ts(end)
        full = self.timeline()
        days = full["date"].to_numpy(dtype="datetime64[ns]")

        def at(day: pd.Timestamp) -> dict:
            i = int(np.searchsorted(days, np.datetime64(day, "ns"), side="right")) - 1
            eff, duty = (float(full["effective_pct"].iat[i]), float(full["duty"].iat[i])) if i >= 0 else (0.0, 0.0)
            return {"date": day, "effective_pct": eff, "duty": duty, "change": "", "source_id": ""}

        inside = full[(full["date"] > lo) & (full["date"] <= hi) & full["changed"]][SERIES_COLUMNS]
        parts = [pd.DataFrame([at(lo)], columns=SERIES_COLUMNS), inside]
        if hi > lo and (inside.empty or inside["date"].iat[-1] != hi):
            parts.append(pd.DataFrame([at(hi)], columns=SERIES_COLUMNS))
        out = pd.concat([p for p in parts if not p.empty], ignore_index=True)
        return out.astype({"date": "datetime64[ns]", "effective_pct": float, "duty": float})


def exposure(measures: pd.DataFrame, weights: Weighting, target: str = FOCUS, imposer: str = IMPOSER) -> Exposure:
    """The :class:`Exposure` of ``target``'s goods to ``imposer``'s tariffs under ``weights``
    (typed ``trade_measures``; see :func:`weighting`)."""
    general = tariffs.rate_steps(measures, imposer, target, ALL_GOODS)
    steps = tuple(
        group_steps(measures, target, p, m, general=general, imposer=imposer)
        for p, m in zip(weights.groups["product"], weights.groups["mfn_pct"])
    )
    return Exposure(target, weights, steps)


def general_rate(
    measures: pd.DataFrame, target: str, on: date | pd.Timestamp, imposer: str = IMPOSER
) -> tariffs.Headline:
    """The headline rate on ``target``'s goods in general (``all_goods``) on ``on``: what to show
    for a target without product weights. Label it "general rate", never "effective"."""
    return tariffs.headline(measures, imposer, target, ALL_GOODS, on)


def rename_change(text: str, names: dict[str, str]) -> str:
    """A :meth:`Exposure.series` ``change`` cell (``name old -> new``, ``; ``-joined) with each
    group's name replaced by ``names[name]`` (e.g. its Japanese name); unknown names stay."""
    items = []
    for item in text.split("; ") if text else []:
        m = _CHANGE.match(item)
        items.append(f"{names.get(m[1], m[1])} {m[2]} -> {m[3]}" if m else item)
    return "; ".join(items)


_CHANGE = re.compile(r"^(.*) (\S+) -> (\S+)$")


def named_steps(
    series: pd.DataFrame,
    measures: pd.DataFrame,
    target: str = FOCUS,
    min_change: float = 0.5,
    imposer: str = IMPOSER,
    *,
    relevant: set[str] | None = None,
) -> pd.DataFrame:
    """The steps of an effective-rate ``series`` (from :meth:`Exposure.series`) that moved it by at
    least ``min_change`` points, named after the US tariff rows on ``target`` (or ``ALL``) that
    took effect or ended that day (only ``relevant`` measure ids when given, e.g.
    :meth:`Exposure.measure_ids`; a row ending the day a row of the same legal basis and product
    takes effect is not named twice). Columns: ``date``, ``effective_pct``, ``delta`` (points),
    ``label`` (e.g. ``"in force: Section 232 autos 15% (floor)"``; ``; ``-joined), ``source_id``."""
    cols = ["date", "effective_pct", "delta", "label", "source_id"]
    if len(series) < 2:
        return pd.DataFrame(columns=cols)
    delta = series["effective_pct"].diff()
    moved = series[(delta.abs() >= min_change).to_numpy()].assign(delta=delta)
    m = measures[
        (measures["imposer"] == imposer)
        & measures["target"].isin([target, ALL])
        & (measures["measure_type"] == "tariff")
    ]
    if relevant is not None:
        m = m[m["measure_id"].isin(relevant)]
    wanted = set(moved["date"])
    named: dict[pd.Timestamp, tuple[list[str], list[str]]] = {}
    started = set(zip(m["effective"], m["legal_basis"], m["product"]))
    for verb, col in (("in force", "effective"), ("ended", "ended")):
        hit = m[m[col].isin(wanted)]  # one pass over the measures, whatever their number
        for day, legal, product, rate, basis, sid in zip(
            hit[col], hit["legal_basis"], hit["product"], hit["rate_pct"], hit["rate_basis"], hit["source_id"]
        ):
            if verb == "ended" and (day, legal, product) in started:
                continue  # replaced by the row taking effect that day
            parts, ids = named.setdefault(day, ([], []))
            what, law = i18n.label(product), i18n.legal_basis(legal)
            if rate == 0 and legal in NOT_ON_PRODUCT_MEASURES:  # an exemption row
                text = _("{product} exempt from {legal_basis}").format(product=what, legal_basis=law)
                parts.append(text + (" " + _("(exemption ended)") if verb == "ended" else ""))
            else:
                text = _("in force: {legal_basis} {product} {rate} ({basis})") if verb == "in force" else None
                text = text or _("ended: {legal_basis} {product} {rate} ({basis})")
                parts.append(text.format(legal_basis=law, product=what, rate=f"{rate:g}%", basis=i18n.label(basis)))
            ids.append(sid)
    rows = []
    for r in moved.itertuples(index=False):
        parts, ids = named.get(r.date, ([], []))
        rows.append(
            {
                "date": r.date,
                "effective_pct": r.effective_pct,
                "delta": r.delta,
                "label": ("；" if i18n.is_ja() else "; ").join(dict.fromkeys(parts)) or r.change,
                "source_id": "; ".join(dict.fromkeys(ids)) or r.source_id,
            }
        )
    return pd.DataFrame(rows, columns=cols)


MONTHLY_SERIES = (
    (IMPOSER, ALL_GOODS),
    (IMPOSER, "autos"),
    (RIVAL, ALL_GOODS),
    ("ASEAN", ALL_GOODS),
    ("WORLD", ALL_GOODS),
)


def monthly_exports(
    trade_monthly: pd.DataFrame, as_of: date | pd.Timestamp | None, reporter: str = FOCUS, unit: str = "JPY_bn"
) -> pd.DataFrame:
    """``reporter``'s monthly exports per (partner, product) of :data:`MONTHLY_SERIES`, for the
    months that had ended by ``as_of`` (every month when ``None``; release lags are not modelled), one row per calendar
    month from the first to the last reported month of each series: a month without a sourced
    figure is a row with ``value`` NaN (a gap, never a zero).

    Columns: ``month`` (Timestamp, first day), ``period`` (``YYYY-MM``), ``partner``, ``product``,
    ``series`` (``partner product``), ``value`` (float, ``unit``), ``status``, ``source_id``."""
    cols = ["month", "period", "partner", "product", "series", "value", "status", "source_id"]
    t = trade_monthly[
        (trade_monthly["reporter"] == reporter) & (trade_monthly["flow"] == "export") & (trade_monthly["unit"] == unit)
    ]
    if t.empty:
        return pd.DataFrame(columns=cols)
    t = t.assign(month=pd.to_datetime(t["period"] + "-01", format="%Y-%m-%d"))
    if as_of is not None:
        t = t[t["month"] + pd.offsets.MonthEnd(0) <= ts(as_of)]
    frames = []
    for partner, product in MONTHLY_SERIES:
        g = (
            t[(t["partner"] == partner) & (t["product"] == product)]
            .drop_duplicates("period", keep="last")
            .set_index("month")
            .sort_index()
        )
        if g.empty:
            continue
        g = g.reindex(pd.date_range(g.index.min(), g.index.max(), freq="MS"))
        g.index.name = "month"
        g = g.reset_index().assign(
            partner=partner,
            product=product,
            series=f"{partner} {product}",
            period=lambda f: f["month"].dt.strftime("%Y-%m"),
        )
        frames.append(g.fillna({"status": "", "source_id": ""})[cols])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


# --- dataset-level entry points (memoised per loaded dataset) -------------------------------------


def of_dataset(ds, target: str = FOCUS) -> Exposure | None:
    """The :class:`Exposure` of ``target`` from a :class:`tightrope.store.Dataset` (its latest
    weighting), computed once per loaded dataset; ``None`` when the data has no weighting for
    ``target`` (then only :func:`general_rate` may be shown)."""

    def compute():
        w = weighting(ds["product_groups"], ds["export_weights"], reporter=target)
        return None if w is None else exposure(ds["trade_measures"], w, target)

    return ds.memo(f"exposure:{target}", compute)


def monthly_of_dataset(ds, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """:func:`monthly_exports` of a loaded dataset on ``as_of``: every month is computed once per
    dataset, and a rerun keeps the months that had ended by ``as_of`` (a gap month between the last
    reported one and ``as_of`` stays a NaN row: nothing is drawn for it)."""
    full = ds.memo("monthly_exports", lambda: monthly_exports(ds["trade_monthly"], None))
    return full[(full["month"] + pd.offsets.MonthEnd(0)) <= ts(as_of)] if not full.empty else full


@dataclass(frozen=True)
class Report:
    """What the CLI prints for one target and day: either an exposure ``table`` with the
    ``effective`` rate and ``duty`` total, or (no weights) the ``general`` headline rate only."""

    target: str
    on: pd.Timestamp
    exposure: Exposure | None
    table: pd.DataFrame | None
    effective: float | None
    duty: float | None
    general: tariffs.Headline


def report(ds, target: str, on: date | pd.Timestamp) -> Report:
    """The :class:`Report` of ``target`` on ``on`` from a loaded dataset."""
    day = ts(on)
    exp = of_dataset(ds, target)
    general = general_rate(ds["trade_measures"], target, day)
    if exp is None:
        return Report(target, day, None, None, None, None, general)
    return Report(target, day, exp, exp.table(day), exp.effective_on(day), exp.duty_on(day), general)


def format_report(rep: Report, names: dict[str, str] | None = None) -> str:
    """The CLI text of a :class:`Report`: the table (group, base-year value, share, rate in force
    and basis, additional duty, estimated duty) and, last, one line
    ``effective additional US tariff on JPN goods on YYYY-MM-DD: X.X% (trade-weighted, base year YYYY)``;
    without weights, one line ``general US tariff on CHN goods on ...`` saying it is not an
    effective rate."""
    day = f"{rep.on:%Y-%m-%d}"
    if rep.exposure is None or rep.table is None:
        g = rep.general
        rate = "none" if g.rate_pct is None else g.label
        return (
            f"general US tariff on {rep.target} goods on {day}: {rate} "
            "(headline rate on goods not under a product measure; not an "
            f"effective rate: no product weights are sourced for {rep.target})"
        )
    w = rep.exposure.weights
    unit = w.unit.replace("_bn", " bn")
    t = rep.table
    header = [
        "group",
        f"value {w.year} ({unit})",
        "share",
        "rate in force (basis)",
        "additional",
        f"est. duty ({unit}/yr)",
    ]
    rows = []
    for r in t.itertuples(index=False):
        name = r.product + (" (derived)" if r.derived else "")
        rate = r.rate_in_force if r.how != GENERAL_RATE else f"{r.rate_in_force} [general rate]"
        rows.append(
            [name, f"{r.value:,.1f}", f"{r.share_pct:.1f}%", rate, f"{r.additional_pct:.2f} pp", f"{r.duty:,.1f}"]
        )
    rows.append(["total", f"{w.total:,.1f}", "100.0%", "", f"{rep.effective:.2f} pp", f"{rep.duty:,.1f}"])
    widths = [max(len(str(x[i])) for x in [header, *rows]) for i in range(len(header))]
    align = ["<", ">", ">", "<", ">", ">"]

    def line(cells):
        return "  ".join(f"{c:{a}{wd}}" for c, a, wd in zip(cells, align, widths)).rstrip()

    out = [line(header), line(["-" * wd for wd in widths])] + [line(r) for r in rows]
    out.append(
        "MFN per group from product_groups.csv; additional = points over MFN "
        f"(floor/all-in: max(0, rate - MFN)); named groups {w.named_share:.1%} of the total."
    )
    out.append(
        f"effective additional US tariff on {rep.target} goods on {day}: "
        f"{rep.effective:.1f}% (trade-weighted, base year {w.year})"
    )
    return "\n".join(out)
