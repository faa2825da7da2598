"""Trade: Japan's exports to and imports from the US, China, ASEAN and the world by year."""

import streamlit as st

from components import charts, session
from components.blocks import chart, chart_footer, download, fact_table, known_gaps
from tightrope import queries
from tightrope.constants import ALL_GOODS, IMPOSER, RIVAL

view = session.current()
ds = view.ds
names = view.names
st.title("Trade exposure")
st.caption(
    "Japan as reporter (Ministry of Finance trade statistics), calendar years that had ended by the as-of date. Years without a sourced figure are gaps, not zeros."
)
known_gaps(ds.gaps, ("trade",))
f = queries.focus_trade(ds)
units = sorted(f["unit"].unique()) or ["JPY_bn"]
unit = st.radio(
    "Unit",
    units,
    horizontal=True,
    key="trade-unit",
    format_func=lambda u: {"JPY_bn": "billion yen", "USD_bn": "billion US dollars"}.get(u, u),
)
partners = queries.trade_partners(f)
chosen = st.multiselect(
    "Partners",
    partners,
    default=[p for p in (IMPOSER, RIVAL, "ASEAN") if p in partners],
    key="trade-partners",
    format_func=lambda c: names.get(c, c),
)
g = f[(f["unit"] == unit) & (f["product"] == ALL_GOODS) & f["partner"].isin(chosen) & (f["year"] < view.as_of.year)]
c1, c2 = st.columns(2)
for col, flow, title in ((c1, "export", "Exports"), (c2, "import", "Imports")):
    with col:
        st.subheader(f"{title}, all goods")
        sub = g[g["flow"] == flow]
        if sub.empty:
            st.info(f"No sourced {flow} figures in {unit} for the chosen partners.")
            continue
        chart(
            charts.trade_lines(
                queries.with_evidence(sub, ds["sources"]), names, flow, unit, as_of=view.as_of, big=view.present
            ),
            f"chart-trade-{flow}",
        )
        chart_footer(
            unit=unit.replace("_bn", " billion") + ", calendar year",
            as_of=view.as_of,
            sources=ds["sources"],
            ids=sub["source_id"],
        )
        download(sub, f"japan_{flow}s_{unit}", key=f"dl-trade-{flow}")

st.subheader("Autos in Japan's exports to the US")
share = queries.product_share(f, unit)
if share.empty:
    st.info("No sourced figures for autos exported to the US in this unit.")
else:
    fact_table(
        share[["year", "product", "value", "total", "share_pct", "source_id", "note"]],
        ds["sources"],
        key="table-autos",
        column_config={
            "share_pct": st.column_config.NumberColumn("share of exports to US (%)", format="%.1f"),
            "year": st.column_config.NumberColumn(format="%d"),
        },
    )
st.subheader("All rows")
fact_table(
    f.drop(columns=["_row"]),
    ds["sources"],
    key="table-trade",
    column_config={"year": st.column_config.NumberColumn(format="%d")},
)
download(f, "trade_flows", key="dl-trade")
