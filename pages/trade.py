"""Trade: Japan's exports to and imports from the US, China, ASEAN and the world by year."""

import streamlit as st

from components import charts, session
from components.blocks import chart, chart_footer, download, fact_table, known_gaps
from components.charts import unit_label
from tightrope import i18n, queries, summaries
from tightrope.constants import IMPOSER, RIVAL
from tightrope.i18n import gettext as _

view = session.current()
ds = view.ds
names = view.names
st.title(_("Trade exposure"))
st.caption(
    _(
        "Japan as reporter (Ministry of Finance trade statistics), calendar years that "
        "had ended by the as-of date. Years without a sourced figure are gaps, not zeros."
    )
)
known_gaps(ds.gaps, ("trade",))
f = queries.focus_trade(ds)
units = sorted(f["unit"].unique()) or ["JPY_bn"]
unit = st.radio(_("Unit"), units, horizontal=True, key="trade-unit", format_func=unit_label)
partners = queries.trade_partners(f)
chosen = st.multiselect(
    _("Partners"),
    partners,
    default=[p for p in (IMPOSER, RIVAL, "ASEAN") if p in partners],
    key="trade-partners",
    format_func=lambda c: names.get(c, c),
    placeholder=_("Choose partners"),
)
g = queries.annual_flows(f, unit, chosen, view.as_of.year)
c1, c2 = st.columns(2)
for col, flow, title in ((c1, "export", _("Exports, all goods")), (c2, "import", _("Imports, all goods"))):
    with col:
        st.subheader(title)
        sub = g[g["flow"] == flow]
        if sub.empty:
            st.info(
                _("No sourced {flow} figures in {unit} for the chosen partners.").format(
                    flow=i18n.label(flow), unit=unit_label(unit)
                )
            )
            continue
        chart(
            charts.trade_lines(
                queries.with_evidence(sub, ds["sources"]), names, flow, unit, as_of=view.as_of, big=view.present
            ),
            f"chart-trade-{flow}",
            summary=summaries.trade_values(sub, names, flow, unit_label(unit)),
            data=sub[["partner", "year", "flow", "value", "unit", "source_id"]],
        )
        chart_footer(
            unit=_("{unit}, calendar year").format(unit=charts.chart_unit(unit)[1]),
            as_of=view.as_of,
            sources=ds["sources"],
            ids=sub["source_id"],
        )
        download(sub, f"japan_{flow}s_{unit}", key=f"dl-trade-{flow}")

st.subheader(_("Autos in Japan's exports to the US"))
share = queries.product_share(f, unit)
if share.empty:
    st.info(_("No sourced figures for autos exported to the US in this unit."))
else:
    fact_table(
        share[["year", "product", "value", "total", "share_pct", "source_id", "note"]],
        ds["sources"],
        key="table-autos",
        column_config={
            "share_pct": st.column_config.NumberColumn(_("share of exports to US (%)"), format="%.1f"),
            "year": st.column_config.NumberColumn(_("year"), format="%d"),
        },
    )
st.subheader(_("All rows"))
rows = f.drop(columns=["_row"])
if i18n.is_ja():
    rows = rows.assign(partner=rows["partner"].map(lambda c: names.get(c, c)), unit=rows["unit"].map(unit_label))
fact_table(
    rows,
    ds["sources"],
    key="table-trade",
    column_config={"year": st.column_config.NumberColumn(_("year"), format="%d")},
)
download(f, "trade_flows", key="dl-trade")
