"""Scenarios: a hypothetical US tariff scenario on Japanese goods (a preset of scenarios.csv or a
custom one per product group) next to the baseline in force on the as-of date. Everything here is
labelled hypothetical; the scenario lives only on this page and in the ``sc`` URL parameter."""

import streamlit as st

from components import charts, safe, scenario_charts, session, style
from components.blocks import EMPTY_CELL, chart, chart_footer, download, exposure_method_note, kpi, source_links
from tightrope import exposure, i18n, localized, scenarios
from tightrope.constants import ALL_GOODS, FOCUS
from tightrope.i18n import N_
from tightrope.i18n import gettext as _
from tightrope.schema import RATE_BASES

NONE, CUSTOM, AS_IN_FORCE = "", "custom", "as in force"
BASIS_LABELS = {
    AS_IN_FORCE: N_("as in force"),
    "additional": N_("additional (on top of MFN)"),
    "total": N_("all-in"),
    "floor": N_("floor (all-in, at least MFN)"),
}
HYPO = _("Hypothetical scenario, not a measure in force")

view = session.current()
ds = view.ds
as_of = view.as_of
ss = st.session_state
presets = scenarios.of_dataset(ds)
known = set(ds["product_groups"]["product"])
exp = exposure.of_dataset(ds, FOCUS)
controls = [ALL_GOODS] + (list(exp.weights.groups["product"]) if exp is not None else [])
names = {ALL_GOODS: _("General rate on Japanese goods")} | (
    dict(zip(exp.weights.groups["product"], localized.column(exp.weights.groups, "name"))) if exp is not None else {}
)


def _title(p) -> str:
    """A preset's title in the current language (``title_ja`` in Japanese, else ``title``)."""
    return (p.title_ja or p.title) if i18n.is_ja() else p.title


def _resolve(value: str | None):
    """``(preset id, changes, error)`` of the scenario in the session; an error leaves the baseline."""
    if not value:
        return None, (), None
    try:
        pid, changes = scenarios.resolve(value, presets, known)
        return pid, changes, None
    except scenarios.ChangesError as exc:
        return None, (), str(exc)


def _set_widgets(pid, changes) -> None:
    by = {c.product: c for c in changes}
    ss["sc_preset"] = pid or (CUSTOM if changes else NONE)
    for p in controls:
        c = by.get(p)
        ss[f"sc_basis_{p}"] = c.basis if c else AS_IN_FORCE
        ss[f"sc_rate_{p}"] = float(c.rate) if c else float(ss.get(f"sc_rate_{p}", 0.0) or 0.0)


def _on_preset() -> None:
    choice = ss["sc_preset"]
    if choice == CUSTOM:
        return  # keep the controls as they are
    ss[session.SCENARIO_KEY] = choice or None


def _on_control() -> None:
    _pid, current, _err = _resolve(ss.get(session.SCENARIO_KEY))
    kept = [c for c in current if c.product not in controls]  # named groups without a weight of their own
    edited = [
        scenarios.Change(p, float(ss[f"sc_rate_{p}"]), ss[f"sc_basis_{p}"])
        for p in controls
        if ss.get(f"sc_basis_{p}", AS_IN_FORCE) != AS_IN_FORCE
    ]
    text = scenarios.format_changes(edited + kept)
    pid, _changes, _e = _resolve(text)
    value = pid or text or None
    ss[session.SCENARIO_KEY] = value
    ss["_sc_applied"] = value
    ss["sc_preset"] = pid or (CUSTOM if text else NONE)


value = ss.get(session.SCENARIO_KEY)
pid, changes, error = _resolve(value)
if ss.get("_sc_applied", "\0") != value:  # a link, a story step or a preset set the scenario
    _set_widgets(pid, changes)
    ss["_sc_applied"] = value
preset = presets.get(pid) if pid else None
label = _title(preset) if preset else (_("custom") if changes else _("no change"))
st.html(style.LONG_TITLE_CSS)  # preset titles are long
st.title(_("Hypothetical scenario: {label}").format(label=label))
st.caption(
    _(
        "What if the US changed its tariffs on Japanese goods? The **baseline** is what was in force on {day}; "
        "the **scenario** replaces the rates you set and keeps the rest. Everything on this page is hypothetical: "
        "the Overview, Tariffs and Exposure pages show only the record."
    ).format(day=i18n.day(as_of))
)
for notice in [] if value else ss.get("_sc_url_errors", []):
    st.error(safe.md(notice) + " " + _("Pick a preset or set rates below."), icon=":material/link_off:")
if error:
    st.error(
        _(
            "The scenario {value} cannot be used: {error}. The baseline is shown; pick a preset or set rates below."
        ).format(value=safe.md(value, 60), error=safe.md(error)),
        icon=":material/error:",
    )

left, right = st.columns([2, 3], vertical_alignment="top")
left.selectbox(
    _("Scenario"),
    [NONE, *presets, CUSTOM],
    key="sc_preset",
    on_change=_on_preset,
    format_func=lambda k: (
        _("No change (baseline)") if k == NONE else (_("Custom (set below)") if k == CUSTOM else _title(presets[k]))
    ),
    help=_("Presets come from data/scenarios.csv: each is grounded in a threat, proposal or precedent in the record."),
    placeholder=_("Choose an option"),
)
if preset is not None:
    rationale = preset.rationale_ja or preset.rationale if i18n.is_ja() else preset.rationale
    right.markdown(_("**Why it is plausible.** {text}").format(text=safe.md(rationale)))
    right.caption(_("Sources:") + " " + source_links(ds["sources"], list(preset.source_ids)))
elif changes:
    right.markdown(
        _("**Custom scenario:** {changes}").format(changes=f"`{safe.md(scenarios.format_changes(changes))}`")
    )

with st.expander(
    _("Set rates by product group (blank basis = as in force)"), expanded=preset is None, icon=":material/tune:"
):
    cols = st.columns(3)
    for i, p in enumerate(controls):
        box = cols[i % 3].container(border=True)
        box.markdown(f"**{safe.md(names.get(p, p))}**")
        a, b = box.columns([3, 2])
        a.selectbox(
            _("basis"),
            [AS_IN_FORCE, *RATE_BASES],
            key=f"sc_basis_{p}",
            on_change=_on_control,
            format_func=lambda b: _(BASIS_LABELS[b]),
            label_visibility="collapsed",
            placeholder=_("Choose an option"),
        )
        b.number_input(
            _("rate (percent)"),
            min_value=0.0,
            max_value=float(scenarios.MAX_RATE),
            step=0.5,
            key=f"sc_rate_{p}",
            on_change=_on_control,
            disabled=ss.get(f"sc_basis_{p}", AS_IN_FORCE) == AS_IN_FORCE,
            label_visibility="collapsed",
            format="%.1f",
        )
    st.caption(
        _(
            "Rate in percent ad valorem, 0 to 1000. *Additional* counts in full; *all-in* and *floor* count only above the group's MFN rate. "
            "The general rate replaces the rate on groups that take the general rate on the as-of date; groups under a Section 232 measure "
            "or an exemption keep theirs unless set here."
        )
    )

if exp is None:
    st.info(
        _("No base-year weighting of Japan's exports to the US is in the data, so no scenario can be weighted."),
        icon=":material/info:",
    )
    st.stop()

ov = scenarios.overlay(exp, as_of, changes, scenarios.general_of_dataset(ds, FOCUS))
unit = charts.unit_label(ov.unit)
shown = ov.table.assign(name=ov.table["product"].map(names).fillna(ov.table["name"]))  # names in the current language
currency = _("US dollars") if ov.unit == "USD_bn" else _("yen")
if ov.unweighted:
    st.warning(
        _(
            "{groups}: no export weight of its own in the {year} weights (these goods sit inside larger groups "
            "such as electrical machinery or other goods), so this estimate counts the change as **zero** rather than invent a weight."
        ).format(groups=safe.md(", ".join(ov.unweighted)), year=ov.year),
        icon=":material/scale:",
    )
k = st.columns(4)
kpi(
    k[0],
    _("Baseline: in force"),
    f"{ov.baseline:.1f}%",
    _("Effective additional US tariff on Japanese goods on the as-of date (the record)."),
    delta=_("on {day}").format(day=i18n.day(as_of)),
)
kpi(
    k[1],
    _("Scenario (hypothetical)"),
    f"{ov.scenario:.1f}%",
    _("{hypo}. Effective additional tariff with the scenario's rates.").format(hypo=HYPO),
    delta=_("hypothetical"),
)
kpi(
    k[2],
    _("Change"),
    _("{value} pp").format(value=f"{ov.scenario - ov.baseline:+.2f}"),
    _("Scenario minus baseline, percentage points of the value of Japan's exports to the US."),
    delta=_("hypothetical"),
)
kpi(
    k[3],
    _("Est. annual duty ({unit})").format(unit=unit),
    f"{ov.scenario_duty:,.1f}",
    _(
        "{hypo}. Base-year value x additional duty by group, in {currency} ({unit}), the unit of the {year} weighting. "
        "No yen figure: the data holds no sourced exchange rate, and none is invented."
    ).format(hypo=HYPO, currency=currency, unit=ov.unit, year=ov.year),
    delta=_("baseline {value}").format(value=f"{ov.baseline_duty:,.1f}")
    + f" · {ov.scenario_duty - ov.baseline_duty:+,.1f}",
)
ids = [exp.weights.total_source_id, *(preset.source_ids if preset else [])]
note = "· " + _("{hypo}. Static, pre-substitution estimate at {year} trade values (see the method below).").format(
    hypo=HYPO, year=ov.year
)

st.subheader(_("From the baseline to the scenario (hypothetical)"))
chart(scenario_charts.waterfall(shown, ov.baseline, ov.scenario, big=view.present), "chart-scenario-waterfall")
chart_footer(
    unit=_(
        "percent of the value of Japan's exports to the US (additional duty over MFN, weighted by {year} exports); bars between: each group's share x change"
    ).format(year=ov.year),
    as_of=as_of,
    sources=ds["sources"],
    ids=ids,
    note=note,
)

st.subheader(_("Additional duty by product group: in force vs scenario (hypothetical)"))
chart(
    scenario_charts.by_group(shown, big=view.present, height=max(360, 44 * len(shown) + 80)),
    "chart-scenario-groups",
)
chart_footer(
    unit=_("percentage points over MFN per product group; vermillion bars: the hypothetical scenario"),
    as_of=as_of,
    sources=ds["sources"],
    ids=[*ids, *ov.table["source_id"]],
    note=note,
)
st.dataframe(
    safe.table(
        shown[
            [
                "name",
                "share_pct",
                "rate_in_force",
                "baseline_pct",
                "scenario_rate",
                "scenario_pct",
                "delta_pct",
                "baseline_duty",
                "scenario_duty",
            ]
        ]
    ),
    hide_index=True,
    placeholder=EMPTY_CELL,
    key="table-scenario",
    column_config={
        "name": st.column_config.TextColumn(_("product group")),
        "share_pct": st.column_config.NumberColumn(
            _("share of {year} exports (percent)").format(year=ov.year), format="%.1f"
        ),
        "rate_in_force": st.column_config.TextColumn(_("in force (baseline)")),
        "baseline_pct": st.column_config.NumberColumn(_("baseline (pp)"), format="%.2f"),
        "scenario_rate": st.column_config.TextColumn(_("scenario rate (hypothetical)")),
        "scenario_pct": st.column_config.NumberColumn(_("scenario (pp)"), format="%.2f"),
        "delta_pct": st.column_config.NumberColumn(_("change (pp)"), format="%+.2f"),
        "baseline_duty": st.column_config.NumberColumn(
            _("duty, baseline ({unit}/yr)").format(unit=unit), format="%,.1f"
        ),
        "scenario_duty": st.column_config.NumberColumn(
            _("duty, scenario ({unit}/yr)").format(unit=unit), format="%,.1f"
        ),
    },
)
chart_footer(
    unit=_("{unit} per year at {year} values; percentage points over MFN").format(unit=unit, year=ov.year),
    as_of=as_of,
    sources=ds["sources"],
    ids=ids,
    note=note,
)
name = pid or "custom"
download(
    ov.table,
    f"HYPOTHETICAL_scenario_{name}_{as_of:%Y-%m-%d}",
    label=_("Download CSV (hypothetical)"),
    key="dl-scenario",
    header_row=f"HYPOTHETICAL SCENARIO, not a measure in force: {name} ({scenarios.format_changes(changes) or 'no changes'}); baseline in force on {as_of:%Y-%m-%d}; static pre-substitution estimate at {ov.year} values ({ov.unit})",
)
if preset is not None and preset.note:
    with st.expander(_("How the preset's rates map to the record"), icon=":material/info:"):
        st.markdown(safe.md(preset.note))

st.subheader(_("How this is estimated"))
st.markdown(
    _(
        "**{hypo}.** A scenario replaces the additional duty of the groups it names (and, for the general rate, of the groups that take the "
        "general rate on the as-of date); every other group keeps what is in force. The rules are written once, in `tightrope/scenarios.py`."
    ).format(hypo=HYPO)
)
exposure_method_note(exp)
