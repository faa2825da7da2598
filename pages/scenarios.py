"""Scenarios: a hypothetical US tariff scenario on Japanese goods (a preset of scenarios.csv or a
custom one per product group) next to the baseline in force on the as-of date. Everything here is
labelled hypothetical; the scenario lives only on this page and in the ``sc`` URL parameter.

Length: one page of controls (a preset and a rate and basis per group), two KPI rows, two charts and two
tables; the rules and figures already live in tightrope.scenarios, tightrope.currency and
components.scenario_charts. Splitting it further is left for when the page gets a second view.
"""

import streamlit as st

from components import cache, charts, safe, scenario_charts, session, style
from components.blocks import chart, download, exposure_method_note, footer_text, kpi, source_links
from tightrope import currency, exposure, i18n, localized, scenarios, summaries
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
# presentation mode: the story bar says what the step is; the page keeps its visual on the first screen
if not view.present:
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
    why = right.expander(_("Why it is plausible"), icon=":material/help:") if view.present else right
    why.markdown(_("**Why it is plausible.** {text}").format(text=safe.md(rationale)))
    why.caption(_("Sources:") + " " + source_links(ds["sources"], list(preset.source_ids)))
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
            "Rate in percent ad valorem, 0 to 1000. *Additional* counts in "
            "full; *all-in* and *floor* count only above the group's MFN rate. "
            "The general rate replaces the rate on groups that take the "
            "general rate on the as-of date; groups under a Section 232 measure "
            "or an exemption keep theirs unless set here."
        )
    )

if exp is None:
    st.info(
        _("No base-year weighting of Japan's exports to the US is in the data, so no scenario can be weighted."),
        icon=":material/info:",
    )
    st.stop()

rate = currency.of_dataset(ds, exp.weights.year)
NAME_WIDTH, MONEY_WIDTH = 250, 135  # px: long group names are cut (hover shows them) so every column fits at 1600 px
TABLE_COLUMNS = ["name", "share_pct", "rate_in_force", "baseline_pct", "scenario_rate", "scenario_pct", "delta_pct"]
ids = [exp.weights.total_source_id, *(preset.source_ids if preset else [])]


def _texts() -> dict:
    """The footers and notes that depend on the as-of date and the preset, not on the rates set:
    a control change finds them built."""
    base = cache.shared(ds, "scenario_baseline", (as_of,), lambda: exp.table(as_of))
    year, unit = exp.weights.year, exp.weights.unit
    no_figure = _("no yen figure") if unit == currency.USD_BN else _("no dollar figure")
    if rate is not None:
        rate_text = _("converted at {rate} yen per US dollar, the {year} annual average").format(
            rate=f"{rate.jpy_per_usd:.2f}", year=rate.year
        )
    else:
        rate_text = _(
            "{no_figure}: the data holds no sourced {year} yen-dollar rate (exchange_rates.csv), and none is invented"
        ).format(no_figure=no_figure, year=year)
    note = "· " + _("{hypo}. Static, pre-substitution estimate at {year} trade values (see the method below).").format(
        hypo=HYPO, year=year
    )
    srcs = ds["sources"]
    footers = (
        footer_text(
            unit=_(
                "percent of the value of Japan's exports to the US (additional duty over "
                "MFN, weighted by {year} exports); bars between: each group's share x change"
            ).format(year=year),
            as_of=as_of,
            sources=srcs,
            ids=ids,
            note=note,
        ),
        footer_text(
            unit=_("percentage points over MFN per product group; vermillion hatched bars: the hypothetical scenario"),
            as_of=as_of,
            sources=srcs,
            ids=[*ids, *base["source_id"]],
            note=note,
        ),
        footer_text(
            unit=_("annual duty at {year} values, {rate}").format(year=year, rate=rate_text),
            as_of=as_of,
            sources=srcs,
            ids=[*ids, *([rate.source_id] if rate is not None else [])],
            note=note,
        ),
        footer_text(
            unit=_("percent of {year} exports to the US; percentage points over MFN").format(year=year),
            as_of=as_of,
            sources=srcs,
            ids=[*ids, *base["source_id"]],
            note=note,
        ),
    )
    if rate is not None:
        yen_note = _(
            "**Yen.** The duties are estimated in {unit} (the unit of the "
            "{year} weights) and shown in yen at {rate} yen per US dollar, "
            "the {year} annual average of exchange_rates.csv: one rate for "
            "the base year, so the yen figures do not follow today's rate. "
            "Source: {source}"
        ).format(
            unit=charts.unit_label(unit),
            year=rate.year,
            rate=f"{rate.jpy_per_usd:.2f}",
            source=source_links(srcs, [rate.source_id]),
        )
    else:
        yen_note = _("**Yen.** No yen figures: {why}.").format(why=rate_text)
    return {"footers": footers, "rate_text": rate_text, "no_figure": no_figure, "yen_note": yen_note}


def _build() -> dict:
    """Everything below the controls that depends only on the data, the as-of date, the scenario,
    the language and the size: the overlay, its table in both currencies (names in the current
    language), the two figures and the download. Built once and shared by every
    viewer of the same view (components.cache.shared), so a control change reruns only the
    widgets and this lookup."""
    base = cache.shared(ds, "scenario_baseline", (as_of,), lambda: exp.table(as_of))
    ov = scenarios.overlay(exp, as_of, changes, scenarios.general_of_dataset(ds, FOCUS), base)
    stem, header_row, converted = scenarios.export(ov, pid or "custom", rate)  # both currencies, once
    localized_names = {
        "name": ov.table["product"].map(names).fillna(ov.table["name"]),
        "rate_in_force": ov.table["rate_in_force"].replace({"none": _("none")}),
    }
    named = ov.table.assign(**localized_names)
    shown = converted.assign(**localized_names)
    columns, config = ["name"], {}
    for c, head in (
        ("baseline_duty", _("baseline")),
        ("scenario_duty", _("scenario")),
        ("delta_duty", _("change")),
    ):
        for cur, unit_code in (("usd", currency.USD_BN), ("jpy", currency.JPY_BN)):
            if f"{c}_{cur}_bn" in shown:
                factor, unit_label = i18n.amount_unit(unit_code)
                columns.append(f"{c}_{cur}")
                shown[f"{c}_{cur}"] = shown[f"{c}_{cur}_bn"] * factor
                config[f"{c}_{cur}"] = st.column_config.NumberColumn(
                    _("{what} ({unit}/yr)").format(what=head, unit=unit_label),
                    format="%,.1f" if factor == 1 else "%,.0f",
                    width=MONEY_WIDTH,
                )
    return {
        "ov": ov,
        "table": safe.table(shown[TABLE_COLUMNS]),
        "duties": safe.table(shown[columns]),
        "config": config,
        "figures": (
            scenario_charts.waterfall(
                named, ov.baseline, ov.scenario, big=view.present, height=330 if view.present else 380
            ),
            scenario_charts.by_group(named, big=view.present, height=max(360, 44 * len(named) + 80)),
        ),
        "summaries": (summaries.scenario_change(named, ov.baseline, ov.scenario), summaries.scenario_groups(named)),
        "waterfall_data": named[["name", "share_pct", "baseline_pct", "scenario_pct", "delta_pct"]],
        "export": (stem, header_row, converted),
    }


built = {  # a new dict: the shared results themselves are never modified
    **cache.shared(ds, "scenario", (as_of, pid, scenarios.format_changes(changes), view.present), _build),
    **cache.shared(ds, "scenario_texts", (as_of, pid), _texts),
}
ov = built["ov"]
if ov.unweighted:
    st.warning(
        _(
            "{groups}: no export weight of its own in the {year} weights (these goods sit inside larger groups "
            "such as electrical machinery or other goods), so this estimate "
            "counts the change as **zero** rather than invent a weight."
        ).format(groups=safe.md(", ".join(ov.unweighted)), year=ov.year),
        icon=":material/scale:",
    )
lead = st.container()  # presentation mode: the waterfall, then the KPI rows
k = st.columns(3)
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
duty_help = _(
    "Base-year value x additional duty by group, {year} values in {unit}; {rate}. Static: trade held at the base year."
).format(year=ov.year, unit=charts.unit_label(ov.unit), rate=built["rate_text"])
d = st.columns(3)
for i, (label, value, hypo) in enumerate(
    (
        (_("Annual duty: in force"), ov.baseline_duty, False),
        (_("Annual duty (hypothetical)"), ov.scenario_duty, True),
        (_("Duty change (hypothetical)"), ov.scenario_duty - ov.baseline_duty, True),
    )
):
    usd, jpy = currency.labels(value, ov.unit, rate, sign=i == 2)
    first, second = (usd, jpy) if ov.unit == currency.USD_BN else (jpy, usd)
    kpi(d[i], label, first, (f"{HYPO}. " if hypo else "") + duty_help, delta=second or built["no_figure"])
if rate is None:
    st.caption(_("Duties in {unit} only: {why}.").format(unit=charts.unit_label(ov.unit), why=built["rate_text"]))

waterfall_fig, groups_fig = built["figures"]
waterfall_text, groups_text = built["summaries"]
with lead if view.present else st.container():
    st.subheader(_("From the baseline to the scenario (hypothetical)"))
    chart(waterfall_fig, "chart-scenario-waterfall", summary=waterfall_text, data=built["waterfall_data"])
    st.caption(built["footers"][0])
st.subheader(_("Additional duty by product group: in force vs scenario (hypothetical)"))
chart(groups_fig, "chart-scenario-groups", summary=groups_text)
st.caption(built["footers"][1])
st.dataframe(
    built["table"],
    hide_index=True,
    placeholder=safe.EMPTY_CELL,
    key="table-scenario",
    column_config={
        "name": st.column_config.TextColumn(_("product group"), width=NAME_WIDTH),
        "share_pct": st.column_config.NumberColumn(
            _("share of {year} exports (percent)").format(year=ov.year), format="%.1f", width=120
        ),
        "rate_in_force": st.column_config.TextColumn(_("in force (baseline)"), width=150),
        "baseline_pct": st.column_config.NumberColumn(_("baseline (pp)"), format="%.2f", width=110),
        "scenario_rate": st.column_config.TextColumn(_("scenario rate (hypothetical)"), width=180),
        "scenario_pct": st.column_config.NumberColumn(_("scenario (pp)"), format="%.2f", width=110),
        "delta_pct": st.column_config.NumberColumn(_("change (pp)"), format="%+.2f", width=100),
    },
)
st.caption(built["footers"][3])
st.subheader(_("Estimated annual duty by product group (hypothetical)"))
st.dataframe(
    built["duties"],
    hide_index=True,
    placeholder=safe.EMPTY_CELL,
    key="table-scenario-duties",
    column_config={"name": st.column_config.TextColumn(_("product group"), width=NAME_WIDTH), **built["config"]},
)
st.caption(built["footers"][2])
stem, header_row, frame = built["export"]
download(frame, stem, label=_("Download CSV (hypothetical)"), key="dl-scenario", header_row=header_row)
if preset is not None and preset.note:
    with st.expander(_("How the preset's rates map to the record"), icon=":material/info:"):
        st.markdown(safe.md(preset.note))

st.subheader(_("How this is estimated"))
st.markdown(
    _(
        "**{hypo}.** A scenario replaces the additional duty of the groups "
        "it names (and, for the general rate, of the groups that take the "
        "general rate on the as-of date); every other group keeps what is "
        "in force. The rules are written once, in `tightrope/scenarios.py`."
    ).format(hypo=HYPO)
)
st.markdown(built["yen_note"])
exposure_method_note(exp)
