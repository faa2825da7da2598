"""What-if tariff scenarios on Japanese goods: the ``changes`` grammar (shared by ``scenarios.csv``
and the ``sc`` URL parameter) and the overlay of a scenario on
the exposure engine's baseline (:mod:`tightrope.exposure`). A scenario is *hypothetical*: nothing
here feeds the as-of views of the real record.

Grammar: ``;``-separated items ``product=rate:basis`` where ``product`` is a
``product_groups.product`` or ``all_goods`` (the general rate on the target's goods), ``rate`` is
percent ad valorem between 0 and 1000, and ``basis`` is ``additional``, ``total`` or ``floor``
(as ``trade_measures.rate_basis``). Example: ``autos=25:additional; auto_parts=25:additional``.
An empty string is the baseline (changes nothing).

Overlay rules (stated once; :func:`overlay` applies them):

1. A group named in the changes gets the scenario rate in place of its product measure (Section
   232) or group rate or exemption, like a new product measure: the general tariffs that do not
   stack on product measures (IEEPA reciprocal, Section 122) drop off it, and the general tariffs
   in force that do stack (e.g. Section 301, IEEPA fentanyl) stay on top, unless the scenario
   also sets ``all_goods``.
2. ``all_goods`` sets the whole general rate: it replaces every general tariff on the groups
   that took the general rate on the day (how ``general rate`` or ``none`` in
   :meth:`tightrope.exposure.Exposure.table`, and always ``other_goods``), and adds nothing to
   groups named in the changes (rule 1). Groups under a product measure or a group rate or
   exemption that the scenario does not name keep what is in force.
3. The additional duty of a scenario rate is :func:`tightrope.exposure.additional_duty` with the
   group's own MFN rate (``floor`` and ``total`` count only above MFN, per group).
4. A group named in the changes that has no base-year export weight of its own (e.g.
   semiconductors, inside electrical machinery in the bundled weights) contributes zero: no
   weight is invented for it, and :attr:`Overlay.unweighted` lists it so views can say so.
5. A scenario with no changes equals the baseline exactly (same numbers, same order of sums).

Length: the grammar, the overlay and its plain-text table are one concept that the page, the CLI
and the URL share; the checks of ``scenarios.csv`` live apart in :mod:`tightrope.scenario_checks`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tightrope import currency, i18n, tariffs
from tightrope.constants import ALL_GOODS, IMPOSER
from tightrope.exposure import (
    GENERAL_RATE,
    NO_TARIFF,
    NOT_ON_PRODUCT_MEASURES,
    OTHER_GOODS,
    Exposure,
    additional_duty,
)
from tightrope.i18n import N_
from tightrope.i18n import gettext as _
from tightrope.schema import RATE_BASES

MAX_RATE = 1000.0
MAX_CHANGES_LEN = 400
_ITEM = re.compile(r"^\s*([a-z0-9]+(?:[-_][a-z0-9]+)*)\s*=\s*(\d+(?:\.\d+)?)\s*:\s*([a-z]+)\s*$")
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: How a basis reads after a rate (translated when a label is built).
BASIS_WORDS = {"additional": N_("on top of MFN"), "total": N_("all-in"), "floor": N_("floor, all-in")}


class ChangesError(ValueError):
    """A ``changes`` string that cannot be used; ``str()`` says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Change:
    """One item of a scenario: ``product`` (group slug or ``all_goods``), ``rate`` (percent,
    0-1000) and ``basis`` (``additional`` | ``total`` | ``floor``)."""

    product: str
    rate: float
    basis: str

    def label(self) -> str:
        """``25% (on top of MFN)`` in the current language."""
        return _("{rate} ({basis})").format(rate=f"{self.rate:g}%", basis=_(BASIS_WORDS[self.basis]))


def parse_changes(text: str, known: set[str] | frozenset[str] | None = None) -> tuple[Change, ...]:
    """The items of a ``changes`` string, in the order given (an empty string -> ``()``).

    ``known``: the allowed product slugs besides ``all_goods`` (``None``: any slug). Raises
    :class:`ChangesError` naming the item and the fix for a malformed item, a rate outside
    0-1000, an unknown basis, an unknown product group or a product named twice."""
    text = (text or "").strip()
    if len(text) > MAX_CHANGES_LEN:
        raise ChangesError(f"is {len(text)} characters long; keep a scenario under {MAX_CHANGES_LEN}")
    out: list[Change] = []
    for raw in (p for p in text.split(";") if p.strip()):
        m = _ITEM.match(raw)
        if not m:
            raise ChangesError(f"item {raw.strip()[:40]!r} is not product=rate:basis; write e.g. autos=25:additional")
        product, rate, basis = m.group(1), float(m.group(2)), m.group(3)
        if basis not in RATE_BASES:
            raise ChangesError(f"item {raw.strip()!r}: basis {basis!r} is not one of {', '.join(RATE_BASES)}")
        if not (0.0 <= rate <= MAX_RATE) or not math.isfinite(rate):
            raise ChangesError(f"item {raw.strip()!r}: rate {rate:g} is outside 0-1000 percent")
        if known is not None and product != ALL_GOODS and product not in known:
            raise ChangesError(
                f"item {raw.strip()!r}: {product!r} is not a product group of product_groups.csv; "
                "use one of its products or all_goods"
            )
        if any(c.product == product for c in out):
            raise ChangesError(f"{product!r} is named twice; give each product group one rate")
        out.append(Change(product, rate, basis))
    return tuple(out)


def format_changes(changes: tuple[Change, ...] | list[Change]) -> str:
    """The canonical ``changes`` string (``all_goods`` first, then groups in the given order):
    ``parse_changes(format_changes(c))`` gives back ``c`` in that order."""
    ordered = sorted(changes, key=lambda c: c.product != ALL_GOODS)
    return "; ".join(f"{c.product}={c.rate:g}:{c.basis}" for c in ordered)


# --- presets (scenarios.csv) --------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """One row of ``scenarios.csv``: ``scenario_id``, ``title``, ``title_ja``, ``changes``
    (parsed), ``rationale``, ``rationale_ja``, ``source_ids`` (tuple) and ``note``."""

    scenario_id: str
    title: str
    title_ja: str
    changes: tuple[Change, ...]
    rationale: str
    rationale_ja: str
    source_ids: tuple[str, ...]
    note: str


def presets(scenarios: pd.DataFrame) -> dict[str, Preset]:
    """The presets of the typed (validated) ``scenarios`` table, by id, in file order. Rows whose
    ``changes`` do not parse were already left out by :func:`check`; any left are skipped."""
    out: dict[str, Preset] = {}
    for r in scenarios.itertuples(index=False):
        try:
            changes = parse_changes(r.changes)
        except ChangesError:
            continue
        out[r.scenario_id] = Preset(
            r.scenario_id,
            r.title,
            r.title_ja,
            changes,
            r.rationale,
            r.rationale_ja,
            tuple(s.strip() for s in r.source_ids.split(";") if s.strip()),
            r.note,
        )
    return out


def of_dataset(ds) -> dict[str, Preset]:
    """:func:`presets` of a loaded :class:`tightrope.store.Dataset`, computed once per dataset."""
    return ds.memo("scenario_presets", lambda: presets(ds["scenarios"]))


# --- the overlay ---------------------------------------------------------------------------------

OVERLAY_COLUMNS = [
    "product",
    "name",
    "value",
    "share_pct",
    "mfn_pct",
    "rate_in_force",
    "baseline_pct",
    "scenario_rate",
    "scenario_pct",
    "delta_pct",
    "baseline_duty",
    "scenario_duty",
    "delta_duty",
    "changed_by",
    "source_id",
]


@dataclass(frozen=True)
class Overlay:
    """A scenario on one day next to the baseline.

    ``table`` columns: ``product``, ``name``, ``value`` (base-year value, weighting unit),
    ``share_pct``, ``mfn_pct``, ``rate_in_force`` (baseline label), ``baseline_pct`` and
    ``scenario_pct`` (additional duty, points over MFN), ``scenario_rate`` (scenario label in the
    current language, or ``as in force``), ``delta_pct``, ``baseline_duty``, ``scenario_duty``,
    ``delta_duty`` (weighting unit per year), ``changed_by`` (``group`` | ``general rate`` |
    ``""``) and ``source_id`` (the measures in force behind the baseline). ``baseline`` and
    ``scenario`` are effective additional tariffs (percent), ``baseline_duty`` and
    ``scenario_duty`` estimated annual duties (weighting unit); ``unweighted`` the named groups
    without an export weight of their own (they count as zero)."""

    on: pd.Timestamp
    changes: tuple[Change, ...]
    table: pd.DataFrame
    baseline: float
    scenario: float
    baseline_duty: float
    scenario_duty: float
    unweighted: tuple[str, ...]
    unit: str
    year: int


def general_steps(measures: pd.DataFrame, target: str, imposer: str = IMPOSER) -> tariffs.RateSteps:
    """The general (``all_goods``) rate steps of ``imposer`` on ``target`` (typed
    ``trade_measures``): what :func:`overlay` needs to know which general tariffs stack."""
    return tariffs.rate_steps(measures, imposer, target, ALL_GOODS)


def general_of_dataset(ds, target: str) -> tariffs.RateSteps:
    """:func:`general_steps` of a loaded dataset, computed once per dataset."""
    return ds.memo(f"scenario_general:{target}", lambda: general_steps(ds["trade_measures"], target))


def stacking_rows(general: tariffs.RateSteps, on) -> pd.DataFrame:
    """The general tariff rows of ``general`` (see :func:`general_steps`) in force on ``on`` that
    stack on product measures (legal bases outside
    :data:`tightrope.exposure.NOT_ON_PRODUCT_MEASURES`, e.g. Section 301): typed
    ``trade_measures`` rows (``rate_pct``, ``rate_basis``, ``legal_basis`` ...)."""
    i = general.step_on(pd.Timestamp(on))
    if i < 0:
        return general.rows.iloc[0:0]
    rows = general.rows.iloc[list(general.picks[i])]
    return rows[~rows["legal_basis"].isin(NOT_ON_PRODUCT_MEASURES)]


def overlay(
    exp: Exposure,
    on,
    changes: tuple[Change, ...],
    general: tariffs.RateSteps | None = None,
    base: pd.DataFrame | None = None,
) -> Overlay:
    """The scenario ``changes`` on ``exp`` (the baseline exposure) on day ``on``, by the overlay
    rules of this module. ``general`` (:func:`general_steps` of the measures the baseline was
    built from) gives the general tariffs that stack on product measures (rule 1); without it
    none do. ``base``: ``exp.table(on)`` when the caller already has it (a page keeps it per
    as-of date, so a scenario change does not rebuild the baseline)."""
    day = pd.Timestamp(on)
    base = exp.table(day) if base is None else base
    by_product = {c.product: c for c in changes}
    new_general = by_product.get(ALL_GOODS)
    stack = stacking_rows(general, day) if general is not None and ALL_GOODS not in by_product and by_product else None
    stacked = (
        list(zip(stack["rate_pct"], stack["rate_basis"], stack["legal_basis"]))
        if stack is not None and len(stack)
        else []
    )
    stack_text = "".join(
        "; " + _("{rate} {basis} (in force, stacks)").format(rate=tariffs.rate_label(r, b), basis=i18n.legal_basis(lb))
        for r, b, lb in stacked
    )
    as_in_force = _("as in force")
    scen_add, scen_label, changed = [], [], []
    # plain lists, not itertuples: a control change on the Scenarios page runs this every time
    for product, how, mfn_pct, additional in zip(
        base["product"].tolist(), base["how"].tolist(), base["mfn_pct"].tolist(), base["additional_pct"].tolist()
    ):
        mfn = 0.0 if pd.isna(mfn_pct) else float(mfn_pct)
        c = by_product.get(product)
        takes_general = product == OTHER_GOODS or how in (GENERAL_RATE, NO_TARIFF)
        if c is not None:
            extra = float(sum(additional_duty(r, b, mfn) for r, b, _lb in stacked))
            scen_add.append(additional_duty(c.rate, c.basis, mfn) + extra)
            scen_label.append(c.label() + stack_text)
            changed.append("group")
        elif new_general is not None and takes_general:
            scen_add.append(additional_duty(new_general.rate, new_general.basis, mfn))
            scen_label.append(_("{rate} [general rate]").format(rate=new_general.label()))
            changed.append("general rate")
        else:
            scen_add.append(float(additional))
            scen_label.append(as_in_force)
            changed.append("")
    value = base["value"].to_numpy(dtype=float)
    baseline_pct = base["additional_pct"].to_numpy(dtype=float)
    scenario_pct = np.asarray(scen_add, dtype=float)
    baseline_duty_col = base["duty"].to_numpy(dtype=float)
    scenario_duty_col = value * scenario_pct / 100.0
    columns = {
        "product": base["product"].to_numpy(),
        "name": base["name"].to_numpy(),
        "value": value,
        "share_pct": base["share_pct"].to_numpy(dtype=float),
        "mfn_pct": base["mfn_pct"].to_numpy(dtype=float),
        "rate_in_force": base["rate_in_force"].to_numpy(),
        "baseline_pct": baseline_pct,
        "scenario_rate": scen_label,
        "scenario_pct": scenario_pct,
        "delta_pct": scenario_pct - baseline_pct,
        "baseline_duty": baseline_duty_col,
        "scenario_duty": scenario_duty_col,
        "delta_duty": scenario_duty_col - baseline_duty_col,
        "changed_by": changed,
        "source_id": base["source_id"].to_numpy(),
    }
    out = pd.DataFrame({c: columns[c] for c in OVERLAY_COLUMNS})
    shares, values = exp.weights.groups["share"], exp.weights.groups["value"]
    # the same sums, in the same order, as Exposure.effective_on / duty_on: no change == baseline exactly
    baseline = exp.effective_on(day)
    baseline_duty = exp.duty_on(day)
    scenario = float(sum(s * a for s, a in zip(shares, scen_add)))
    scenario_duty = float(sum(v * a / 100.0 for v, a in zip(values, scen_add)))
    if not any(changed):  # every group as in force
        scenario, scenario_duty = baseline, baseline_duty
    weighted = set(base["product"])
    unweighted = tuple(c.product for c in changes if c.product != ALL_GOODS and c.product not in weighted)
    w = exp.weights
    return Overlay(
        day,
        tuple(changes),
        out,
        baseline,
        scenario,
        baseline_duty,
        scenario_duty,
        unweighted,
        w.unit,
        w.year,
    )


def resolve(value: str, presets_by_id: dict[str, Preset], known: set[str]) -> tuple[str | None, tuple[Change, ...]]:
    """A scenario named by a preset id or written as a ``changes`` string (the ``sc`` URL value,
    the CLI's ``--scenario``): ``(preset id or None, changes)``. Raises :class:`ChangesError`
    with a fix for an unknown id or malformed changes."""
    value = (value or "").strip()
    if value in presets_by_id:
        return value, presets_by_id[value].changes
    if "=" not in value:
        listed = ", ".join(list(presets_by_id)[:12]) or "none in scenarios.csv"
        raise ChangesError(
            f"{value[:40]!r} is neither a preset scenario ({listed}) nor changes like autos=25:additional"
        )
    changes = parse_changes(value, known)
    for pid, p in presets_by_id.items():  # a custom scenario equal to a preset is that preset
        if set(p.changes) == set(changes):
            return pid, p.changes
    return None, changes


def format_overlay(ov: Overlay, target: str, name: str, rate: currency.YenRate | None = None) -> str:
    """The CLI text of an :class:`Overlay`: a HYPOTHETICAL header, the table (group, share,
    baseline rate and points, scenario rate and points, estimated duties in the weights' unit),
    the annual duty in both currencies (the other one at ``rate``, the base year's average from
    ``exchange_rates.csv``; without a rate, a line saying none is sourced) and, last, one line
    ``effective additional US tariff on JPN goods on YYYY-MM-DD under scenario ID: X.X% (baseline Y.Y%)``."""
    day = f"{ov.on:%Y-%m-%d}"
    unit = ov.unit.replace("_bn", " bn")
    header = [
        "group",
        "share",
        "in force",
        "baseline",
        "scenario rate",
        "scenario",
        f"duty base ({unit})",
        f"duty scen. ({unit})",
    ]
    rows = [
        [
            r.product,
            f"{r.share_pct:.1f}%",
            r.rate_in_force,
            f"{r.baseline_pct:.2f} pp",
            r.scenario_rate,
            f"{r.scenario_pct:.2f} pp",
            f"{r.baseline_duty:,.1f}",
            f"{r.scenario_duty:,.1f}",
        ]
        for r in ov.table.itertuples(index=False)
    ]
    rows.append(
        [
            "total",
            "100.0%",
            "",
            f"{ov.baseline:.2f} pp",
            "",
            f"{ov.scenario:.2f} pp",
            f"{ov.baseline_duty:,.1f}",
            f"{ov.scenario_duty:,.1f}",
        ]
    )
    widths = [max(len(str(x[i])) for x in [header, *rows]) for i in range(len(header))]
    align = ["<", ">", "<", ">", "<", ">", ">", ">"]

    def line(cells):
        return "  ".join(f"{c:{a}{wd}}" for c, a, wd in zip(cells, align, widths)).rstrip()

    out = [f"HYPOTHETICAL scenario {name}: {format_changes(ov.changes) or 'no changes'}"]
    out += [line(header), line(["-" * wd for wd in widths])] + [line(r) for r in rows]
    if ov.unweighted:
        out.append(
            f"no export weight of their own (inside other groups in the {ov.year} weights), so they count as zero: "
            f"{', '.join(ov.unweighted)}"
        )
    out.append(_duty_line(ov, rate))
    out.append(
        f"static, pre-substitution estimate at {ov.year} values ({ov.unit}); a hypothetical scenario, not a measure "
        "in force."
    )
    out.append(
        f"effective additional US tariff on {target} goods on {day} under scenario {name}: {ov.scenario:.1f}% "
        f"(baseline {ov.baseline:.1f}%)"
    )
    return "\n".join(out)


def _duty_line(ov: Overlay, rate: currency.YenRate | None) -> str:
    """One line: the annual duty in force and under the scenario, in dollars and in yen, and the rate used
    (``estimated annual duty at 2024 values: USD 18.9 bn in force -> 25.0 bn (+6.0 bn); JPY ...; at R JPY/USD ...``)."""
    change = ov.scenario_duty - ov.baseline_duty
    parts = []
    for unit in (currency.USD_BN, currency.JPY_BN):
        base, scen, delta = (
            currency.to_unit(v, ov.unit, unit, rate) for v in (ov.baseline_duty, ov.scenario_duty, change)
        )
        if base is not None:
            parts.append(f"{unit.replace('_bn', '')} {base:,.1f} bn in force -> {scen:,.1f} bn ({delta:+,.1f} bn)")
    if rate is not None and ov.unit in (currency.USD_BN, currency.JPY_BN):
        parts.append(f"at {rate.jpy_per_usd:.2f} JPY/USD, the {rate.year} annual average")
    else:
        parts.append(f"no sourced {ov.year} yen-dollar rate in exchange_rates.csv, so one currency only")
    return f"estimated annual duty at {ov.year} values: " + "; ".join(parts)


def export(ov: Overlay, name: str, rate: currency.YenRate | None) -> tuple[str, str, pd.DataFrame]:
    """The download of a scenario: ``(file stem, header row, frame)``. The stem starts with
    ``HYPOTHETICAL_scenario_`` and the header row (written above the CSV header) with
    ``HYPOTHETICAL SCENARIO, not a measure in force``, so the file says what it is wherever it is
    opened; it also names the changes, the as-of date, the base year and unit, and the exchange
    rate (or that there is none). ``frame``: :attr:`Overlay.table` with each duty column given in
    billion US dollars and billion yen (``baseline_duty_usd_bn``, ``baseline_duty_jpy_bn`` ...;
    :func:`tightrope.currency.with_both`: a currency without a rate is left out)."""
    day = f"{ov.on:%Y-%m-%d}"
    yen = (
        f"duties in yen at {rate.jpy_per_usd:g} JPY per USD ({rate.year} annual average, source {rate.source_id})"
        if rate is not None
        else f"no {'yen' if ov.unit == currency.USD_BN else 'dollar'} columns: no sourced {ov.year} exchange rate in "
        "the data"
    )
    header = (
        f"HYPOTHETICAL SCENARIO, not a measure in force: {name} ({format_changes(ov.changes) or 'no changes'}); "
        f"baseline in force on {day}; static pre-substitution estimate at {ov.year} values ({ov.unit}); {yen}"
    )
    frame = currency.with_both(ov.table, ["baseline_duty", "scenario_duty", "delta_duty"], ov.unit, rate)
    return f"HYPOTHETICAL_scenario_{name}_{day}", header, frame
