"""Text alternatives of the charts and the map (tightrope.summaries): what each figure shows on the
as-of date, from the frames it draws, nothing dated later, in English and Japanese."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import MINI
from tightrope import i18n, queries, summaries
from tightrope.store import load_dataset

T = pd.Timestamp
NAMES = {"USA": "United States", "CHN": "China", "JPN": "Japan", "VNM": "Vietnam"}


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": [T("2025-01-01"), T("2025-04-03"), T("2025-09-16"), T("2025-01-01"), T("2025-06-04")],
            "product": ["autos", "autos", "autos", "steel", "steel"],
            "rate_pct": [0.0, 25.0, 15.0, 25.0, 50.0],
            "label": ["none", "+25% on top of MFN", "15% (floor, all-in)", "+25% on top of MFN", "+50% on top of MFN"],
        }
    )


def test_product_rates_name_each_products_rate_on_the_as_of_date_and_nothing_later():
    text = summaries.product_rates(series(), T("2025-10-01"))
    assert text == (
        "US tariff on Japanese goods by product, as of 2025-10-01: autos 15% (floor, all-in), steel +50% on top of MFN."
    )
    earlier = summaries.product_rates(series(), T("2025-05-01"))
    assert "autos +25% on top of MFN" in earlier and "steel +25% on top of MFN" in earlier
    assert "15%" not in earlier and "50%" not in earlier


def test_country_rates_rank_highest_first_and_name_countries_without_a_rate():
    rates = pd.DataFrame(
        {
            "iso3": ["JPN", "CHN", "VNM"],
            "rate_pct": [15.0, 30.0, float("nan")],
            "label": ["15% (floor, all-in)", "+30% on top of MFN", "none"],
        }
    )
    text = summaries.country_rates(rates, NAMES, T("2025-10-01"))
    assert text.index("China +30%") < text.index("Japan 15%")
    assert text.endswith("None in force: Vietnam.")


def test_long_lists_are_cut_and_counted():
    assert summaries.listing([str(i) for i in range(9)], limit=3) == "0, 1, 2 and 6 more"
    assert summaries.listing([]) == "none"


def test_map_summary_gives_fills_and_arcs_from_the_map_frames():
    ds = load_dataset(MINI)
    day = T("2025-06-01")
    window = (day - pd.Timedelta(days=365), day)
    frames = queries.map_frames(ds, day, window)
    text = summaries.contact_map(frames["rates"], frames["arcs"], NAMES, day, window)
    assert text.startswith("Map as of 2025-06-01.")
    top = frames["arcs"].sort_values("contacts", ascending=False).iloc[0]
    assert f"{NAMES.get(top['other'], top['name'])} {top['contacts']}" in text


def test_contact_timeline_counts_per_counterpart_and_names_the_latest():
    contacts = pd.DataFrame(
        {
            "start": [T("2025-05-23"), T("2025-06-13"), T("2025-03-01")],
            "other": ["USA", "USA", "CHN"],
            "channel": ["leader_call", "leader_call", "ministerial_meeting"],
        }
    )
    text = summaries.contact_timeline(contacts, NAMES, T("2025-07-01"), (T("2024-07-01"), T("2025-07-01")))
    assert "3 contacts" in text and "United States 2, China 1" in text
    assert text.endswith("Latest: 2025-06-13, leader call with United States.")


def test_effective_rate_reports_the_value_on_the_day_and_the_peak_before_it():
    s = pd.DataFrame({"date": [T("2025-01-01"), T("2025-04-05"), T("2025-08-07")], "effective_pct": [0.0, 14.2, 12.1]})
    text = summaries.effective_rate(s, T("2025-05-01"))
    assert "as of 2025-05-01: 14.2%" in text and "12.1" not in text
    assert "highest so far 14.2% from 2025-04-05" in text


def test_scenario_summaries_say_hypothetical_and_order_groups_by_effect():
    table = pd.DataFrame(
        {
            "name": ["autos", "steel"],
            "share_pct": [30.0, 2.0],
            "delta_pct": [10.0, 25.0],
            "baseline_pct": [12.5, 50.0],
            "scenario_pct": [22.5, 75.0],
        }
    )
    change = summaries.scenario_change(table, 10.0, 13.5)
    assert change.startswith("Hypothetical scenario")
    assert change.index("autos +3.00 pp") < change.index("steel +0.50 pp")
    assert "autos 12.5 → 22.5 pp" in summaries.scenario_groups(table)


def test_summaries_are_written_in_japanese_when_the_interface_is():
    i18n.set_language("ja")
    text = summaries.product_rates(series(), T("2025-10-01"))
    assert "2025年10月1日" in text and "as of" not in text
    assert text.startswith("日本製品")
