"""Southeast Asia: Japan's, China's and the US's contacts with each state, and the US rates they faced."""

import streamlit as st

from components import charts, session
from components.blocks import chart, chart_footer, download, fact_table, rate_comparison
from tightrope import i18n, localized, queries, summaries
from tightrope.i18n import gettext as _

view = session.current()
ds = view.ds
names = view.names
st.title(_("Southeast Asia: the contest for the middle"))
states = view.region("Southeast Asia")
if not states:
    if "countries.csv" in ds.fallbacks or ds["countries"].empty:
        st.warning(
            _(
                "countries.csv could not be read, so the page does not know which "
                "states are in Southeast Asia. See the Data page for what to fix."
            ),
            icon=":material/error:",
        )
    else:
        st.info(_("No Southeast Asian state is selected in the sidebar's Countries filter."))
    st.stop()

w0, w1 = view.window
both = queries.sea_contacts(ds, view.window, states)
counts = queries.sea_contact_counts(both, states)
st.subheader(
    _("Contacts of Japan, China and the US with each state, {start} to {end}").format(
        start=i18n.day(w0), end=i18n.day(w1)
    )
)
chart(
    charts.side_by_side_contacts(counts, names, big=view.present),
    "chart-sea-contacts",
    summary=summaries.contact_counts(counts, names, view.window),
    data=counts,
)
chart_footer(
    unit=_(
        "contacts (count) in the window; leader visits, calls and "
        "ministerial meetings; each power has its colour and fill pattern"
    ),
    as_of=view.as_of,
    sources=ds["sources"],
    ids=both["source_id"],
)
download(counts, "southeast_asia_contact_counts", key="dl-sea-counts")

st.subheader(_("US tariff each state faced"))
table = queries.first_announced_rates(ds, states, view.as_of, names)
comp = queries.rates_by_target(ds, states, view.as_of)
c1, c2 = st.columns([3, 2])
with c1:
    rate_comparison(
        view,
        comp,
        key="chart-sea-rates",
        unit=_("% ad valorem, US headline rate on goods in general; hatched bars: reported by news or analysis only"),
        summary=summaries.country_rates(
            comp, names, view.as_of, subject=_("US tariff on goods in general, Southeast Asian states")
        ),
        data=comp[["iso3", "rate_pct", "label", "legal_basis", "source_id"]],
    )
with c2:
    fact_table(table.drop(columns="iso3"), ds["sources"], key="table-sea-rates")
    download(table, "southeast_asia_us_rates", key="dl-sea")

st.subheader(_("Contacts"))
both = both.sort_values("start", ascending=False)
sea = both[["start", "power", "other", "channel", "venue_city", "source_id"]].assign(
    summary=localized.column(both, "summary"),
    venue_city=both["venue_city"].map(lambda c: view.cities.get(c, c)),
)
if i18n.is_ja():
    sea = sea.assign(power=sea["power"].map(names), other=sea["other"].map(names))
fact_table(
    sea[["start", "power", "other", "channel", "venue_city", "summary", "source_id"]].head(queries.MAX_TABLE_ROWS),
    ds["sources"],
    key="table-sea-contacts",
)
