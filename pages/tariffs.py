"""Tariffs: US measures on Japanese goods over time, what is in force, and comparison rates."""

import streamlit as st

from components import cache, charts, safe, session
from components.blocks import chart, chart_footer, download, fact_table, rate_comparison
from tightrope import i18n, queries, summaries
from tightrope.constants import FOCUS, RIVAL
from tightrope.i18n import gettext as _
from tightrope.localized import localize_frame

view = session.current()
ds = view.ds
names = view.names
st.title(_("Tariffs"))
st.caption(
    _(
        "Rates are percent ad valorem. *additional* = on top of the MFN rate; *all-in* = the total "
        "rate; *floor* = the total is the higher of the MFN rate and this rate (the US–Japan deal's 15%)."
    )
)

products = queries.tariff_products(queries.tariffs_on(ds))
if "products" not in st.session_state:
    st.session_state["products"] = queries.default_products(products)
st.session_state["products"] = [p for p in st.session_state["products"] if p in products]
chosen = st.multiselect(
    _("Products"), products, key="products", format_func=i18n.label, placeholder=_("Choose products")
)

start = queries.rate_chart_start(ds)
end = view.as_of  # what had happened by the as-of date, never what came later (as on the Trade page)
series = queries.rate_series(ds, FOCUS, chosen, start, end)
st.subheader(_("US tariff on Japanese goods, by product"))
chart(
    # one figure per data version and view, shared by every session with that view
    cache.shared(
        ds,
        "chart-rate-steps",
        (tuple(chosen), view.as_of, view.present),
        lambda: charts.rate_steps(
            queries.with_evidence(series, ds["sources"]),
            view.as_of,
            marks=queries.announcements_of(ds, FOCUS, chosen, view.as_of),
            bands=queries.pause_bands_of(ds, FOCUS, end),
            big=view.present,
        ),
    ),
    "chart-rate-steps",
    summary=summaries.product_rates(series, view.as_of),
    data=series,
)
chart_footer(
    unit=_("% ad valorem (headline rate in force; triangles mark announcements, grey bands pauses)"),
    as_of=view.as_of,
    sources=ds["sources"],
    ids=series["source_id"],
)
download(
    localize_frame(series.assign(date=series["date"].dt.strftime("%Y-%m-%d"))),
    "us_tariff_on_japan_by_product",
    key="dl-steps",
)

st.subheader(_("US measures on Japanese goods in force on {day}").format(day=i18n.day(view.as_of)))
table = queries.with_evidence(queries.applied_in_force(ds, view.as_of), ds["sources"])
fact_table(  # LinkColumn: http(s) only, else no link
    table,
    ds["sources"],
    links=["url"],
    key="table-in-force",
    column_config={
        "rate_pct": st.column_config.NumberColumn(_("rate (%)"), format="%.1f"),
        "url": st.column_config.LinkColumn(_("source link"), display_text=_("open")),
        "status": st.column_config.TextColumn(_("status today")),
    },
)
download(localize_frame(safe.table(table, links=["url"])), "us_measures_on_japan_in_force", key="dl-in-force")

left, right = st.columns(2)
with left:
    st.subheader(_("For comparison: US rate on goods in general"))
    comp = queries.comparison_rates(ds, view.countries, view.as_of)
    rate_comparison(
        view,
        comp,
        key="chart-compare",
        unit=_(
            "% ad valorem, headline rate on goods not under a product "
            "measure; hatched bars: reported by news or analysis only"
        ),
        summary=summaries.country_rates(comp, names, view.as_of),
        data=comp[["iso3", "rate_pct", "label", "legal_basis", "source_id"]],
    )
    download(comp, f"us_rates_by_country_{view.as_of:%Y-%m-%d}", key="dl-compare")
with right:
    st.subheader(_("China's measures on Japan"))
    cn = queries.measures_on_focus(ds, view.as_of, imposer=RIVAL)
    fact_table(
        cn[
            [
                "product",
                "in force",
                "effective",
                "ended",
                "measure_type",
                "status",
                "rate_pct",
                "announced",
                "legal_basis",
                "source_id",
                "note",
                "note_ja",
            ]
        ].sort_values(["in force", "effective"], ascending=[False, False]),
        ds["sources"],
        key="table-china",
        column_config={"status": st.column_config.TextColumn(_("status today"))},
    )
    st.caption(
        _("As of {day}: measures announced by then; *in force* follows effective ≤ date < ended.").format(
            day=i18n.day(view.as_of)
        )
    )
