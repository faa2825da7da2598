"""Exposure: what the US tariffs cost Japan — the effective (trade-weighted) additional US tariff
on Japanese goods over time, the exposure table on the as-of date, monthly trade around the
tariff steps, and how the estimate is made."""

import pandas as pd
import streamlit as st

from components import charts, safe, session
from components.blocks import EMPTY_CELL, chart, chart_footer, download, exposure_method_note, known_gaps, kpi
from tightrope import currency, exposure, i18n, localized, queries, summaries
from tightrope.constants import ALL_GOODS, FOCUS, RIVAL
from tightrope.i18n import gettext as _

view = session.current()
ds = view.ds
m = ds["trade_measures"]
as_of = view.as_of
st.title(_("What it costs Japan"))
st.caption(
    _(
        "The additional US duty on Japanese goods, weighted by what Japan sells to the US: each product "
        "group's rate in force on the as-of date (over its MFN rate), times its share of Japan's "
        "exports to the US in the base year. A static estimate: trade volumes held at the base year."
    )
)

exp = exposure.of_dataset(ds, FOCUS)
if exp is None:
    st.info(
        _(
            "No base-year weighting of Japan's exports to the US by product group is in "
            "the data (export_weights.csv with product_groups.csv), so no effective rate "
            "can be computed. The general rate on Japanese goods is on the Tariffs page."
        ),
        icon=":material/info:",
    )
else:
    w = exp.weights
    unit = charts.unit_label(w.unit)
    table = exp.table(as_of)
    effective, duty = exp.effective_on(as_of), exp.duty_on(as_of)
    general = exposure.general_rate(m, FOCUS, as_of)
    china = exposure.general_rate(m, RIVAL, as_of)
    cols = st.columns(4)
    kpi(
        cols[0],
        _("Effective additional US tariff"),
        f"{effective:.1f}%",
        _("Trade-weighted over {n} product groups, base year {year}; points over MFN. Sources: {sources}").format(
            n=len(table),
            year=w.year,
            sources=", ".join(
                dict.fromkeys([w.total_source_id, *(x for c in table["source_id"] for x in c.split("; ") if x)])
            ),
        ),
        delta=_("on {day}").format(day=i18n.day(as_of)),
    )
    # the duty in both currencies at the base year's sourced yen-dollar rate (exchange_rates.csv), as on Scenarios
    rate = currency.of_dataset(ds, w.year)
    usd, jpy = currency.labels(duty, w.unit, rate)
    first, second = (usd, jpy) if w.unit == currency.USD_BN else (jpy, usd)
    rate_help = (
        _("Shown in yen too at {rate} yen per US dollar, the {year} annual average (source: {source}).").format(
            rate=f"{rate.jpy_per_usd:.2f}", year=rate.year, source=rate.source_id
        )
        if rate is not None
        else _("No sourced {year} yen-dollar rate in exchange_rates.csv, so one currency only.").format(year=w.year)
    )
    kpi(
        cols[1],
        _("Estimated annual duty"),
        first,
        _(
            "Sum of base-year value x additional duty by group ({unit}); "
            "static, before any change in trade. Source of the values: {source}"
        ).format(unit=w.unit, source=w.total_source_id)
        + " "
        + rate_help,
        delta=(
            _("{amount}; per year, {year} values").format(amount=second, year=w.year)
            if second
            else _("per year, {year} values").format(year=w.year)
        ),
    )
    kpi(
        cols[2],
        _("General rate on Japanese goods"),
        general.label if general.rate_pct is not None else _("none"),
        _("Headline rate on goods not under a product measure (not trade-weighted). Sources: {sources}").format(
            sources=", ".join(general.rows["source_id"]) or _("none")
        ),
        delta=_("not trade-weighted"),
    )
    kpi(
        cols[3],
        _("General rate on Chinese goods"),
        china.label if china.rate_pct is not None else _("none"),
        _(
            "Headline rate on Chinese goods in general; no product weights are "
            "sourced for China, so no effective rate is shown. Sources: {sources}"
        ).format(sources=", ".join(china.rows["source_id"]) or _("none")),
        delta=_("not trade-weighted"),
    )

    start = min(pd.Timestamp("2025-01-01"), as_of)  # the chart starts with the tariffs of 2025
    series = exp.series(start, as_of)
    group_names = dict(zip(w.groups["name"], localized.column(w.groups, "name")))  # in the current language
    events = exposure.named_steps(series, m, FOCUS, relevant=exp.measure_ids())
    st.subheader(_("Effective additional US tariff on Japanese goods"))
    groups = list(w.groups["product"]) + [ALL_GOODS]
    marks = queries.announcements_of(ds, FOCUS, groups)
    marks = marks[(marks["date"] <= as_of) & (marks["date"] >= start)]
    bands = queries.pause_bands_of(ds, FOCUS, as_of)  # a pause is drawn only as far as the as-of date
    bands = (
        bands[bands["start"] <= as_of].assign(end=lambda b: b["end"].clip(upper=as_of)) if not bands.empty else bands
    )
    chart(
        charts.effective_rate(series, as_of, events=events, marks=marks, bands=bands, big=view.present),
        "chart-effective",
        summary=summaries.effective_rate(series, as_of),
        data=series[["date", "effective_pct", "change", "source_id"]].assign(
            change=lambda f: f["change"].map(lambda c: exposure.rename_change(c, group_names))
        ),
    )
    st.dataframe(
        safe.table(events.assign(n=range(1, len(events) + 1))[["n", "date", "effective_pct", "delta", "label"]]),
        hide_index=True,
        placeholder=EMPTY_CELL,
        key="table-steps",
        height=min(36 * (len(events) + 1) + 4, 260),
        column_config={
            # px: the Japanese day (2025年10月10日) and headers (変化後の税率（%）) whole at 1280 px
            "n": st.column_config.NumberColumn("#", width=50),
            "date": st.column_config.DateColumn(_("date"), format=i18n.moment_day(), width=120),
            "effective_pct": st.column_config.NumberColumn(_("rate after (%)"), format="%.1f", width=130),
            "delta": st.column_config.NumberColumn(_("change (pp)"), format="%+.1f", width=120),
            "label": st.column_config.TextColumn(_("what changed (the numbered circles on the chart)"), width="large"),
        },
    )
    chart_footer(
        unit=_(
            "percent of the value of Japan's exports to the US (additional duty over MFN, weighted by {year} "
            "exports; numbered circles: steps of 0.5 points or more; triangles: announcements; grey bands: pauses)"
        ).format(year=w.year),
        as_of=as_of,
        sources=ds["sources"],
        ids=pd.concat([series["source_id"], pd.Series([w.total_source_id])]),
    )
    download(
        series.assign(date=series["date"].dt.strftime("%Y-%m-%d")),
        f"effective_us_tariff_on_japan_to_{as_of:%Y-%m-%d}",
        key="dl-effective",
    )

    st.subheader(_("Exposure by product group on {day}").format(day=i18n.day(as_of)))
    shown = table.merge(ds["sources"][["source_id", "url"]], on="source_id", how="left").assign(
        name=lambda t: localized.column(t, "name"),
        how=lambda t: t["how"].map(i18n.label),
        legal_basis=lambda t: t["legal_basis"].map(
            lambda v: "; ".join(i18n.legal_basis(x) for x in v.split("; ") if x)
        ),
    )
    other_unit = currency.JPY_BN if w.unit == currency.USD_BN else currency.USD_BN
    other = currency.to_unit(shown["duty"], w.unit, other_unit, rate)
    shown["duty_other"] = other if other is not None else float("nan")
    st.dataframe(
        safe.table(
            shown[
                [
                    "name",
                    "hs_codes",
                    "value",
                    "share_pct",
                    "mfn_pct",
                    "rate_in_force",
                    "how",
                    "additional_pct",
                    "duty",
                    *(["duty_other"] if rate is not None else []),
                    "legal_basis",
                    "source_id",
                    "url",
                    "weight_source_id",
                    "mfn_source_id",
                ]
            ],
            links=["url"],
        ),
        hide_index=True,
        placeholder=EMPTY_CELL,
        key="table-exposure",
        column_config={
            "name": st.column_config.TextColumn(_("product group")),
            "hs_codes": st.column_config.TextColumn(_("HS codes")),
            "value": st.column_config.NumberColumn(
                _("exports to US {year} ({unit})").format(year=w.year, unit=unit), format="%,.1f"
            ),
            "share_pct": st.column_config.NumberColumn(_("share (%)"), format="%.1f"),
            "mfn_pct": st.column_config.NumberColumn(_("MFN (%)"), format="%.2f"),
            "rate_in_force": st.column_config.TextColumn(_("rate in force (basis)")),
            "how": st.column_config.TextColumn(_("set by")),
            "legal_basis": st.column_config.TextColumn(i18n.header("legal_basis")),
            "additional_pct": st.column_config.NumberColumn(_("additional duty (pp)"), format="%.2f"),
            "duty": st.column_config.NumberColumn(_("est. duty ({unit}/yr)").format(unit=unit), format="%,.1f"),
            "duty_other": st.column_config.NumberColumn(
                _("est. duty ({unit}/yr)").format(unit=charts.unit_label(other_unit)), format="%,.1f"
            ),
            "source_id": st.column_config.TextColumn(_("measure source")),
            "url": st.column_config.LinkColumn(_("link"), display_text=_("open")),
            "weight_source_id": st.column_config.TextColumn(_("trade source")),
            "mfn_source_id": st.column_config.TextColumn(_("MFN source")),
        },
    )
    derived = _("other goods = total minus the named groups (derived); ") if table["derived"].any() else ""
    chart_footer(
        unit=_(
            "{unit} ({year} exports to the US), % and percentage points "
            "over MFN; {derived}named groups cover {share} of the total"
        ).format(unit=unit, year=w.year, derived=derived, share=f"{w.named_share:.1%}"),
        as_of=as_of,
        sources=ds["sources"],
        ids=pd.concat([table["source_id"], table["weight_source_id"], table["mfn_source_id"]]),
    )
    download(table, f"japan_exposure_by_group_{as_of:%Y-%m-%d}", key="dl-exposure")

st.subheader(_("What the tariffs did: Japan's monthly exports"))
monthly = exposure.monthly_of_dataset(ds, as_of)
if monthly["value"].notna().sum() == 0:
    st.info(
        _("No monthly export figures that had been reported by the as-of date are in the data (trade_monthly.csv)."),
        icon=":material/info:",
    )
else:
    steps = (
        exp.series(monthly["month"].min(), as_of)
        if exp is not None
        else pd.DataFrame({"date": [monthly["month"].min(), as_of], "effective_pct": [float("nan")] * 2})
    )
    chart(
        charts.monthly_exports(monthly, steps, as_of, view.names, big=view.present),
        "chart-monthly",
        summary=summaries.monthly_exports(monthly, view.names, charts.unit_label("JPY_bn")),
        data=monthly.drop(columns=["month", "series"])  # series: partner and product
        .dropna(subset=["value"])
        .assign(partner=lambda f: f["partner"].map(lambda p: view.names.get(p, p))),
    )
    chart_footer(
        unit=_(
            "billion yen per calendar month (Ministry of Finance, Japan as reporter); gaps are "
            "months without a sourced figure; lower panel: effective additional US tariff (%)"
        ),
        as_of=as_of,
        sources=ds["sources"],
        ids=monthly["source_id"][monthly["source_id"] != ""],
        note="· " + _("A month is shown once it has ended; preliminary figures are marked in the hover and the CSV."),
    )
    download(
        monthly.drop(columns=["month"]).dropna(subset=["value"]),
        f"japan_monthly_exports_to_{as_of:%Y-%m-%d}",
        key="dl-monthly",
    )

st.subheader(_("How this is estimated"))
known_gaps(ds.gaps, ("exposure", "trade"))
exposure_method_note(exp)
NYFED = "x-nyfed-2025-10-06-country-tariffs"  # an independent estimate, shown once it was published
nyfed = ds["sources"][ds["sources"]["source_id"] == NYFED]
if exp is not None and not nyfed.empty and as_of >= nyfed["published"].iloc[0]:
    july = pd.Timestamp("2025-07-31")
    ours = exp.effective_on(july)
    mfn = float((exp.weights.groups["share"] * exp.weights.groups["mfn_pct"].fillna(0.0)).sum())
    st.markdown(
        _(
            "**An independent estimate.** The New York Fed measured the *realized* tariff rate on Japanese "
            "goods (duties collected over imports, MFN included) at about {nyfed} in data through July 2025. "
            "Ours for {day} is {ours} additional, about {total} with the weighted MFN ({mfn}). A gap is "
            "expected: theirs is what was collected on 2025's actual trade, after importers shifted away from "
            "taxed goods and after the front-loading of early 2025, and exempt lines inside our groups paid "
            "nothing; ours holds {year} trade fixed and applies each group's statutory rate to all of it."
        ).format(
            nyfed="15%",
            day=i18n.day(july),
            ours=f"{ours:.1f}%",
            total=f"{ours + mfn:.1f}%",
            mfn=f"{mfn:.1f}%",
            year=exp.weights.year,
        )
    )
    chart_footer(unit=_("percent"), as_of=as_of, sources=ds["sources"], ids=[NYFED])
