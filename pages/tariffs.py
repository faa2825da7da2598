"""Tariffs: US measures on Japanese goods over time, what is in force, and comparison rates."""

import pandas as pd
import streamlit as st

from components import charts, context, safe
from components.widgets import chart, chart_footer, download, no_general_tariff_note
from tightrope import timeline, views

view = context.current()
ds = view.ds
m = ds["trade_measures"]
names = view.names
st.title("Tariffs")
st.caption("Rates are percent ad valorem. *additional* = on top of the MFN rate; *all-in* = the total rate; *floor* = the total is the higher of the MFN rate and this rate (the US–Japan deal's 15%).")

us_on_jpn = m[(m["imposer"] == "USA") & m["target"].isin(["JPN", "ALL"]) & (m["measure_type"] == "tariff")]
products = sorted(us_on_jpn["product"].unique(), key=lambda p: (p != "all_goods", p))
preferred = [p for p in ("all_goods", "autos", "auto_parts", "steel", "aluminum") if p in products]
if "products" not in st.session_state:
    st.session_state["products"] = preferred or products[:4]
st.session_state["products"] = [p for p in st.session_state["products"] if p in products]
chosen = st.multiselect("Products", products, key="products", format_func=lambda p: p.replace("_", " "), placeholder="Choose products")

start = pd.Timestamp("2025-01-01")
first = m["effective"].dropna()
if not first.empty:
    start = min(start, first[first >= pd.Timestamp("2024-01-01")].min() if (first >= pd.Timestamp("2024-01-01")).any() else start)
end = view.as_of  # what had happened by the as-of date, never what came later (as on the Trade page)
series = views.rate_series(ds, "JPN", chosen, start, end)
st.subheader("US tariff on Japanese goods, by product")
chart(charts.rate_steps(series, view.as_of, marks=views.announcements_of(ds, "JPN", chosen), bands=views.pause_bands_of(ds, "JPN", end), big=view.present), "chart-rate-steps")
chart_footer(unit="% ad valorem (headline rate in force; triangles mark announcements, grey bands pauses)", as_of=view.as_of, sources=ds["sources"], ids=series["source_id"])
download(series.assign(date=series["date"].dt.strftime("%Y-%m-%d")), "us_tariff_on_japan_by_product", key="dl-steps")

st.subheader(f"US measures on Japanese goods in force on {view.as_of:%Y-%m-%d}")
now = timeline.in_force(us_on_jpn, view.as_of)
# only the rows the headline rule applies to Japanese goods (a row for every partner gives way to
# one naming Japan: Japan's 15% replaced the 10% baseline)
applies = set().union(*(views.headline(ds, "JPN", p, view.as_of).rows["measure_id"] for p in now["product"].unique()))
now = now[now["measure_id"].isin(applies)]
table = now[["measure_id", "product", "legal_basis", "rate_pct", "rate_basis", "announced", "effective", "status", "source_id", "note"]].merge(
    ds["sources"][["source_id", "publisher", "url"]], on="source_id", how="left"
)
table = safe.table(table, links=["url"])  # LinkColumn: http(s) only, else no link
st.dataframe(
    table,
    hide_index=True,
    key="table-in-force",
    column_config={
        "rate_pct": st.column_config.NumberColumn("rate (%)", format="%.1f"),
        "announced": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "effective": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "url": st.column_config.LinkColumn("source link", display_text="open"),
        "status": st.column_config.TextColumn("status today"),
    },
)
download(table, "us_measures_on_japan_in_force", key="dl-in-force")

left, right = st.columns(2)
with left:
    st.subheader("For comparison: US rate on goods in general")
    targets = [c for c in view.countries if c not in ("USA",)]
    comp = views.rates_by_target(ds, targets, view.as_of)
    comp = comp[comp["rate_pct"].notna() | comp["iso3"].isin(["JPN", "CHN"])]
    if not no_general_tariff_note(ds, view.as_of, comp):
        chart(charts.country_rate_bars(comp, names, big=view.present, height=max(300, 34 * len(comp) + 80)), "chart-compare")
        chart_footer(unit="% ad valorem, headline rate on goods not under a product measure", as_of=view.as_of, sources=ds["sources"], ids=comp["source_id"])
    download(comp, f"us_rates_by_country_{view.as_of:%Y-%m-%d}", key="dl-compare")
with right:
    st.subheader("China's measures on Japan")
    cn = m[(m["imposer"] == "CHN") & (m["target"].isin(["JPN", "ALL"]))].copy()
    cn["in force"] = cn.index.isin(timeline.in_force(cn, view.as_of).index)
    cn = cn[cn["announced"] <= view.as_of]
    st.dataframe(
        safe.table(cn[["product", "in force", "effective", "ended", "measure_type", "status", "rate_pct", "announced", "legal_basis", "source_id", "note"]].sort_values(["in force", "effective"], ascending=[False, False])),
        hide_index=True,
        key="table-china",
        column_config={**{c: st.column_config.DateColumn(format="YYYY-MM-DD") for c in ("announced", "effective", "ended")}, "status": st.column_config.TextColumn("status today")},
    )
    st.caption(f"As of {view.as_of:%Y-%m-%d}: measures announced by then; *in force* follows effective ≤ date < ended.")
