"""Scenarios: a hypothetical US tariff scenario on Japanese goods (a preset of scenarios.csv or a
custom one per product group) next to the baseline in force on the as-of date. Everything here is
labelled hypothetical; the scenario lives only on this page and in the ``sc`` URL parameter."""

import streamlit as st

from components import safe, scenario_charts, session
from components.blocks import KPI_CSS, chart, chart_footer, download, exposure_method_note, kpi, source_links
from tightrope import exposure, scenarios
from tightrope.constants import ALL_GOODS, FOCUS
from tightrope.schema import RATE_BASES

NONE, CUSTOM, AS_IN_FORCE = "", "custom", "as in force"
BASIS_LABELS = {
    AS_IN_FORCE: "as in force",
    "additional": "additional (on top of MFN)",
    "total": "all-in",
    "floor": "floor (all-in, at least MFN)",
}
HYPO = "Hypothetical scenario, not a measure in force"

view = session.current()
ds = view.ds
as_of = view.as_of
ss = st.session_state
presets = scenarios.of_dataset(ds)
known = set(ds["product_groups"]["product"])
exp = exposure.of_dataset(ds, FOCUS)
controls = [ALL_GOODS] + (list(exp.weights.groups["product"]) if exp is not None else [])
names = {ALL_GOODS: "General rate on Japanese goods"} | (
    dict(zip(exp.weights.groups["product"], exp.weights.groups["name"])) if exp is not None else {}
)


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
label = preset.title if preset else ("custom" if changes else "no change")
st.html("<style>[data-testid='stMain'] h1 { font-size: 2rem !important; }</style>")  # preset titles are long
st.title(f"Hypothetical scenario: {label}")
st.caption(
    f"What if the US changed its tariffs on Japanese goods? The **baseline** is what was in force on {as_of:%Y-%m-%d}; "
    "the **scenario** replaces the rates you set and keeps the rest. Everything on this page is hypothetical: "
    "the Overview, Tariffs and Exposure pages show only the record."
)
for notice in [] if value else ss.get("_sc_url_errors", []):
    st.error(f"{safe.md(notice)} Pick a preset or set rates below.", icon=":material/link_off:")
if error:
    st.error(
        f"The scenario {safe.md(value, 60)!s} cannot be used: {safe.md(error)}. The baseline is shown; pick a preset or set rates below.",
        icon=":material/error:",
    )

left, right = st.columns([2, 3], vertical_alignment="top")
left.selectbox(
    "Scenario",
    [NONE, *presets, CUSTOM],
    key="sc_preset",
    on_change=_on_preset,
    format_func=lambda k: (
        "No change (baseline)" if k == NONE else ("Custom (set below)" if k == CUSTOM else presets[k].title)
    ),
    help="Presets come from data/scenarios.csv: each is grounded in a threat, proposal or precedent in the record.",
)
if preset is not None:
    right.markdown(f"**Why it is plausible.** {safe.md(preset.rationale)}")
    right.caption("Sources: " + source_links(ds["sources"], list(preset.source_ids)))
elif changes:
    right.markdown(f"**Custom scenario:** `{safe.md(scenarios.format_changes(changes))}`")

with st.expander(
    "Set rates by product group (blank basis = as in force)", expanded=preset is None, icon=":material/tune:"
):
    cols = st.columns(3)
    for i, p in enumerate(controls):
        box = cols[i % 3].container(border=True)
        box.markdown(f"**{safe.md(names.get(p, p))}**")
        a, b = box.columns([3, 2])
        a.selectbox(
            "basis",
            [AS_IN_FORCE, *RATE_BASES],
            key=f"sc_basis_{p}",
            on_change=_on_control,
            format_func=BASIS_LABELS.get,
            label_visibility="collapsed",
        )
        b.number_input(
            "rate %",
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
        "Rate in percent ad valorem, 0 to 1000. *Additional* counts in full; *all-in* and *floor* count only above the group's MFN rate. "
        "The general rate replaces the rate on groups that take the general rate on the as-of date; groups under a Section 232 measure "
        "or an exemption keep theirs unless set here."
    )

if exp is None:
    st.info(
        "No base-year weighting of Japan's exports to the US is in the data, so no scenario can be weighted.",
        icon=":material/info:",
    )
    st.stop()

ov = scenarios.overlay(exp, as_of, changes, scenarios.general_of_dataset(ds, FOCUS))
unit = ov.unit.replace("_bn", " bn")
currency = "US dollars" if ov.unit == "USD_bn" else "yen"
if ov.unweighted:
    st.warning(
        f"{safe.md(', '.join(ov.unweighted))}: no export weight of its own in the {ov.year} weights (these goods sit inside larger groups "
        "such as electrical machinery or other goods), so this estimate counts the change as **zero** rather than invent a weight.",
        icon=":material/scale:",
    )
st.html(KPI_CSS)
k = st.columns(4)
kpi(
    k[0],
    "Baseline: in force",
    f"{ov.baseline:.1f}%",
    "Effective additional US tariff on Japanese goods on the as-of date (the record).",
    delta=f"on {as_of:%Y-%m-%d}",
)
kpi(
    k[1],
    "Scenario (hypothetical)",
    f"{ov.scenario:.1f}%",
    f"{HYPO}. Effective additional tariff with the scenario's rates.",
    delta="hypothetical",
)
kpi(
    k[2],
    "Change",
    f"{ov.scenario - ov.baseline:+.2f} pp",
    "Scenario minus baseline, percentage points of the value of Japan's exports to the US.",
    delta="hypothetical",
)
kpi(
    k[3],
    f"Est. annual duty ({unit})",
    f"{ov.scenario_duty:,.1f}",
    f"{HYPO}. Base-year value x additional duty by group, in {currency} ({ov.unit}), the unit of the {ov.year} weighting. "
    "No yen figure: the data holds no sourced exchange rate, and none is invented.",
    delta=f"baseline {ov.baseline_duty:,.1f} · {ov.scenario_duty - ov.baseline_duty:+,.1f}",
)
ids = [exp.weights.total_source_id, *(preset.source_ids if preset else [])]
note = f"· {HYPO}. Static, pre-substitution estimate at {ov.year} trade values (see the method below)."

st.subheader("From the baseline to the scenario (hypothetical)")
chart(scenario_charts.waterfall(ov.table, ov.baseline, ov.scenario, big=view.present), "chart-scenario-waterfall")
chart_footer(
    unit=f"% of the value of Japan's exports to the US (additional duty over MFN, weighted by {ov.year} exports); bars between: each group's share x change",
    as_of=as_of,
    sources=ds["sources"],
    ids=ids,
    note=note,
)

st.subheader("Additional duty by product group: in force vs scenario (hypothetical)")
chart(
    scenario_charts.by_group(ov.table, big=view.present, height=max(360, 44 * len(ov.table) + 80)),
    "chart-scenario-groups",
)
chart_footer(
    unit="percentage points over MFN per product group; vermillion bars: the hypothetical scenario",
    as_of=as_of,
    sources=ds["sources"],
    ids=[*ids, *ov.table["source_id"]],
    note=note,
)
st.dataframe(
    safe.table(
        ov.table[
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
    key="table-scenario",
    column_config={
        "name": st.column_config.TextColumn("product group"),
        "share_pct": st.column_config.NumberColumn(f"share of {ov.year} exports (%)", format="%.1f"),
        "rate_in_force": st.column_config.TextColumn("in force (baseline)"),
        "baseline_pct": st.column_config.NumberColumn("baseline (pp)", format="%.2f"),
        "scenario_rate": st.column_config.TextColumn("scenario rate (hypothetical)"),
        "scenario_pct": st.column_config.NumberColumn("scenario (pp)", format="%.2f"),
        "delta_pct": st.column_config.NumberColumn("change (pp)", format="%+.2f"),
        "baseline_duty": st.column_config.NumberColumn(f"duty, baseline ({unit}/yr)", format="%,.1f"),
        "scenario_duty": st.column_config.NumberColumn(f"duty, scenario ({unit}/yr)", format="%,.1f"),
    },
)
chart_footer(
    unit=f"{ov.unit} per year at {ov.year} values; percentage points over MFN",
    as_of=as_of,
    sources=ds["sources"],
    ids=ids,
    note=note,
)
name = pid or "custom"
download(
    ov.table,
    f"HYPOTHETICAL_scenario_{name}_{as_of:%Y-%m-%d}",
    label="Download CSV (hypothetical)",
    key="dl-scenario",
    header_row=f"HYPOTHETICAL SCENARIO, not a measure in force: {name} ({scenarios.format_changes(changes) or 'no changes'}); baseline in force on {as_of:%Y-%m-%d}; static pre-substitution estimate at {ov.year} values ({ov.unit})",
)
if preset is not None and preset.note:
    with st.expander("How the preset's rates map to the record", icon=":material/info:"):
        st.markdown(safe.md(preset.note))

st.subheader("How this is estimated")
st.markdown(
    f"**{HYPO}.** A scenario replaces the additional duty of the groups it names (and, for the general rate, of the groups that take the "
    "general rate on the as-of date); every other group keeps what is in force. The rules are written once, in `tightrope/scenarios.py`."
)
exposure_method_note(exp)
