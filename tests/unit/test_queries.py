"""Page-level queries of tightrope.queries that pages used to compute inline (on the mini fixture)."""

import pandas as pd
import pytest

from tests.conftest import MINI
from tightrope import queries
from tightrope.store import load_dataset


@pytest.fixture(scope="module")
def ds():
    return load_dataset(MINI)


def test_key_events_lists_measures_twice_and_japans_contacts(ds):
    ev = queries.key_events_frame(ds["trade_measures"], ds["diplomatic_contacts"])
    assert list(ev.columns) == ["date", "track", "kind", "label", "source_id", "other"]
    assert ev["date"].is_monotonic_increasing
    base = ev[ev["label"].str.contains("IEEPA reciprocal all goods 10%")]
    assert set(base["kind"]) == {"announced", "took effect"}
    # the paused 24% never took effect: only its announcement is an event
    assert set(ev[ev["label"].str.contains("24%")]["kind"]) == {"announced"}
    contacts = ev[ev["track"].str.startswith("Contacts")]
    assert len(contacts) == 6 and "fx-c5" not in set(contacts["label"])  # China-Vietnam is not Japan's
    assert set(contacts["other"]) == {"USA", "CHN", "VNM", "PHL", "SGP"}


def test_tariffs_on_japan_keep_us_tariff_rows_for_japan_and_all(ds):
    rows = queries.tariffs_on(ds)
    assert set(rows["measure_id"]) == {"fx-baseline", "fx-jpn-24", "fx-jpn-15", "fx-jpn-autos-25", "fx-jpn-autos-15"}
    assert queries.tariff_products(rows) == ["all_goods", "autos"]  # all goods first
    assert queries.default_products(["all_goods", "autos", "zinc"]) == ["all_goods", "autos"]
    assert queries.default_products(["a", "b", "c", "d", "e"]) == ["a", "b", "c", "d"]


def test_rate_chart_starts_at_2025_unless_a_2024_measure_took_effect_earlier(ds):
    assert queries.rate_chart_start(ds) == pd.Timestamp("2025-01-01")  # the 2023 ban is before 2024
    m = ds["trade_measures"]
    early = ds.tables | {
        "trade_measures": m.assign(
            effective=m["effective"].where(m["measure_id"] != "fx-chn-fent", pd.Timestamp("2024-06-01"))
        )
    }
    assert queries.rate_chart_start(type(ds)(ds.folder, early, ds.report)) == pd.Timestamp("2024-06-01")


def test_in_force_table_keeps_only_rows_the_headline_rule_applies(ds):
    # 2025-05-01: the 10% baseline (Japan's own rate not yet in force) and the autos Section 232 25%
    t = queries.applied_in_force(ds, pd.Timestamp("2025-05-01"))
    assert list(t["measure_id"]) == ["fx-baseline", "fx-jpn-autos-25"]
    # 2025-09-20: Japan's 15% replaces the baseline, autos 15% replaces 25%
    t = queries.applied_in_force(ds, pd.Timestamp("2025-09-20"))
    assert list(t["measure_id"]) == ["fx-jpn-15", "fx-jpn-autos-15"]
    assert list(t.columns) == queries.IN_FORCE_COLUMNS + ["publisher", "url"]
    assert set(t["publisher"]) == {"Test Publisher"}


def test_china_measures_on_japan_by_announcement_with_in_force_flag(ds):
    assert queries.measures_on_focus(ds, pd.Timestamp("2023-08-01")).empty  # not yet announced
    t = queries.measures_on_focus(ds, pd.Timestamp("2025-09-20"))
    assert t[["measure_id", "in force"]].to_dict("records") == [{"measure_id": "fx-chn-seafood", "in force": True}]


def test_first_announced_rates_per_state(ds):
    t = queries.first_announced_rates(ds, ["VNM", "PHL"], pd.Timestamp("2025-09-20"), {"VNM": "Viet Nam"})
    assert list(t.columns) == [
        "iso3",
        "state",
        "in force on 2025-09-20",
        "first announced rate (%)",
        "announced",
        "sources",
    ]
    vnm, phl = t.iloc[0], t.iloc[1]
    assert (vnm["state"], vnm["in force on 2025-09-20"], vnm["first announced rate (%)"], vnm["announced"]) == (
        "Viet Nam",
        "+20% on top of MFN",
        20.0,
        pd.Timestamp("2025-07-31"),
    )
    assert vnm["sources"] == "fx-official"
    assert (phl["state"], phl["in force on 2025-09-20"], phl["sources"]) == ("PHL", "none", "")
    assert pd.isna(phl["first announced rate (%)"]) and pd.isna(phl["announced"])


def test_trade_partners_and_product_share(ds):
    f = queries.focus_trade(ds)
    assert set(f["reporter"]) == {"JPN"}
    assert queries.trade_partners(f) == ["USA", "CHN"]
    assert queries.trade_partners(f.assign(partner=["ZAF", "USA", "ASEAN", "CHN", "WORLD", "AUS", "USA"])) == [
        "USA",
        "CHN",
        "ASEAN",
        "WORLD",
        "AUS",
        "ZAF",
    ]
    share = queries.product_share(f, "JPY_bn")
    assert share[["year", "product", "value", "total", "share_pct"]].to_dict("records") == [
        {"year": 2024, "product": "autos_and_parts", "value": 7000.0, "total": 21000.0, "share_pct": 33.3}
    ]
    assert queries.product_share(f, "USD_bn").empty


def test_topics_and_named_events_are_computed_once_per_dataset(ds):
    assert queries.all_topics(ds) == sorted(queries.all_topics(ds))
    assert {"tariffs", "security"} <= set(queries.all_topics(ds))
    events = queries.named_events(ds)
    assert queries.named_events(ds) is events  # memoised on the dataset
    story = [label for label, _ in events if label.startswith("Story ")]
    assert len(story) == len(ds["story"])
    measures = [label for label, _ in events if not label.startswith("Story ")]
    assert "2025-08-07 USA IEEPA reciprocal: all goods 15%" in measures
    days = [day for label, day in events if not label.startswith("Story ")]
    assert days == sorted(days)  # measures in the order they took effect


def test_each_row_gets_its_evidence_level_from_the_kind_of_its_sources():
    sources = pd.DataFrame({"source_id": ["gov", "paper", "blog"], "kind": ["official", "news", "analysis"]})
    rows = pd.DataFrame({"x": [1, 2, 3, 4], "source_id": ["gov", "paper; blog", "paper;gov", "missing"], "note": ""})
    out = queries.with_evidence(rows, sources)
    assert list(out.columns) == ["x", "source_id", "evidence", "note"]  # beside the source column
    assert list(out["evidence"]) == ["official", "reported", "official", "reported"]
    assert "evidence" not in rows.columns  # the input is not changed
    assert queries.with_evidence(rows.drop(columns="source_id"), sources).equals(rows.drop(columns="source_id"))
    story = pd.DataFrame({"step": [1], "source_ids": ["blog;gov"]})
    assert queries.with_evidence(story, sources, "source_ids")["evidence"].tolist() == ["official"]


def test_a_footer_counts_distinct_sources_by_evidence_level():
    sources = pd.DataFrame({"source_id": ["gov", "paper", "blog"], "kind": ["official", "news", "analysis"]})
    cited = pd.Series(["gov", "gov", "paper; blog", "unknown"])
    assert queries.evidence_counts(sources, cited) == (1, 2)
    assert queries.evidence_summary(sources, ["paper"]) == "0 official, 1 reported"


def test_current_to_label_says_how_old_the_record_is():
    from datetime import date

    assert queries.current_to_label(date(2026, 7, 24), date(2026, 12, 2)) == "current to 2026-07-24, 131 days ago"
    assert queries.current_to_label(date(2026, 7, 24), date(2026, 7, 25)) == "current to 2026-07-24, 1 day ago"
    assert queries.current_to_label(date(2026, 7, 24), date(2026, 7, 24)) == "current to 2026-07-24, today"
    assert queries.current_to_label(date(2026, 7, 24), date(2026, 7, 22)) == "current to 2026-07-24, in 2 days"


def test_link_title_drops_curators_remarks_and_falls_back_to_publisher_and_date():
    lt = queries.link_title
    assert lt("Proclamation 10908", "Federal Register", "2025-03-31") == ("Proclamation 10908", "")
    assert lt("[headline rebuilt from URL] US proposed forced-labor tariff", "X", "2026-06-02") == (
        "US proposed forced-labor tariff",
        "",
    )
    assert lt("[headline not shown in excerpt] Yomiuri report: Japan repeats", "Yomiuri", "2025-07-01") == (
        "Yomiuri, 2025-07-01",
        "Yomiuri report: Japan repeats",
    )
    assert lt("[published date approximate] [descriptive title] Wire report", "Jiji", "n.d.") == (
        "Jiji, n.d.",
        "Wire report",
    )
    assert lt("", "Kyodo", "2025-01-02") == ("Kyodo, 2025-01-02", "")
    assert lt(float("nan"), "", "n.d.") == ("unknown publisher, n.d.", "")


def test_last_contact_is_the_latest_with_that_counterpart_up_to_the_day(ds):
    day = pd.Timestamp("2030-01-01")
    c = ds["diplomatic_contacts"]
    with_us = c[
        ((c["initiator"] == "USA") | (c["counterpart"] == "USA"))
        & ((c["initiator"] == "JPN") | (c["counterpart"] == "JPN"))
    ]
    assert queries.last_contact(ds, "USA", day)["start"] == with_us["start"].max()
    assert queries.last_contact(ds, "USA", with_us["start"].min() - pd.Timedelta(days=1)) is None


def test_overview_events_stop_at_the_day_and_countries_narrow_contacts_not_measures(ds):
    everything, measure_tracks, tracks = queries.overview_events_on(ds, pd.Timestamp("2026-01-01"))
    early, _, _ = queries.overview_events_on(ds, pd.Timestamp("2025-04-20"))
    assert len(early) < len(everything) and early["date"].max() <= pd.Timestamp("2025-04-20")
    assert measure_tracks and measure_tracks <= set(tracks)
    us_only, _, us_tracks = queries.overview_events_on(ds, pd.Timestamp("2026-01-01"), ["USA"])
    contacts = us_only[~us_only["track"].isin(measure_tracks)]
    assert set(contacts["other"]) == {"USA"}
    # the measures stay whatever the countries: China's ban on Japanese seafood is still on its track
    assert set(us_only[us_only["track"].isin(measure_tracks)]["track"]) == measure_tracks & set(tracks)
    assert us_tracks == list(pd.unique(us_only["track"]))


def test_comparison_rates_keep_japan_and_china_even_without_a_rate(ds):
    before = queries.comparison_rates(ds, ["USA", "JPN", "CHN", "VNM"], pd.Timestamp("2025-03-01"))
    assert list(before["iso3"]) == ["JPN", "CHN"] and before["rate_pct"].isna().all()  # Vietnam: no rate, left out
    after = queries.comparison_rates(ds, ["USA", "JPN", "CHN", "VNM"], pd.Timestamp("2025-10-01"))
    assert dict(zip(after["iso3"], after["rate_pct"])) == {"JPN": 15.0, "CHN": 20.0, "VNM": 20.0}


def test_source_register_counts_citing_rows_and_an_uncited_source_is_zero(ds):
    extra = ds["sources"].iloc[[0]].assign(source_id="fx-uncited", title="Nobody cites (this)")
    with_extra = type(ds)(ds.folder, ds.tables | {"sources": pd.concat([ds["sources"], extra])}, ds.report)
    reg = queries.source_register(with_extra).set_index("source_id")
    cites = queries.citing(ds)
    assert reg.loc["fx-official", "cited_by"] == cites[cites["source_id"] == "fx-official"]["rows"].sum() > 0
    assert "trade_measures" in reg.loc["fx-official", "tables"]
    assert (reg.loc["fx-uncited", "cited_by"], reg.loc["fx-uncited", "tables"]) == (0, "")
    found = queries.find_sources(reg.reset_index(), ["official"], "(THIS)")  # any case, brackets as text
    assert list(found["source_id"]) == ["fx-uncited"]
    assert list(queries.find_sources(reg.reset_index(), ["news"])["source_id"]) == ["fx-news"]
    assert len(queries.find_sources(reg.reset_index())) == 3


def test_annual_flows_are_goods_in_general_for_years_that_had_ended(ds):
    f = queries.focus_trade(ds)
    rows = queries.annual_flows(f, "JPY_bn", ["USA"], 2025)
    assert set(rows["product"]) == {"all_goods"} and set(rows["partner"]) == {"USA"}
    assert sorted(zip(rows["year"], rows["flow"])) == [(2023, "export"), (2024, "export"), (2024, "import")]
    assert sorted(queries.annual_flows(f, "JPY_bn", ["USA", "CHN"], 2024)["year"]) == [2023, 2023]
    assert queries.annual_flows(f, "USD_bn", ["USA"], 2025).empty
