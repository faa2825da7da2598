"""Geometry, arcs and page queries."""

import pandas as pd

from components.maps import build_deck
from tests.conftest import MINI
from tightrope import geo, queries, tariffs
from tightrope.store import load_dataset


def test_geojson_has_iso3_for_focus_countries():
    gj = geo.countries_geojson()
    codes = {f["properties"]["iso3"] for f in gj["features"]}
    assert {"JPN", "USA", "CHN", "VNM", "PHL", "MYS", "KHM", "FRA", "NOR"} <= codes
    assert "SGP" not in codes  # absent at 1:110m: shown as a capital marker
    assert "-99" not in codes


def test_arcs_from_tokyo_and_singapore_marker():
    ds = load_dataset(MINI)
    f = queries.map_frames(ds, pd.Timestamp("2025-12-31"), (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    arcs = f["arcs"].set_index("other")
    assert arcs.loc["USA", "contacts"] == 2
    assert (arcs.loc["USA", "src_lon"], arcs.loc["USA", "dst_lon"]) == (139.6917, -77.0369)
    assert "SGP" in set(f["capitals"]["iso3"])
    rates = f["rates"].set_index("iso3")
    assert rates.loc["JPN", "rate_pct"] == 15.0
    assert pd.isna(rates.loc["SGP", "rate_pct"])


def test_deck_has_no_basemap_host_and_text_tooltips():
    ds = load_dataset(MINI)
    f = queries.map_frames(ds, pd.Timestamp("2025-12-31"), (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    deck = build_deck(geo.countries_geojson(), f["rates"], f["arcs"], f["capitals"], as_of_label="2025-12-31")
    js = deck.to_json()
    assert "cartocdn" not in js.lower() and "mapbox://" not in js and "https://" not in js
    assert deck.map_style.startswith("data:application/json,")
    assert deck._tooltip["text"] == "{tooltip}" and "html" not in deck._tooltip  # text mode: innerText, never HTML
    arcs = next(layer for layer in deck.layers if layer.id == "arcs")
    assert arcs.great_circle is True


def test_latest_trade_needs_both_partners():
    ds = load_dataset(MINI)
    t = queries.latest_trade(ds, pd.Timestamp("2025-06-01"))
    assert set(t["partner"]) == {"USA", "CHN"} and set(t["year"]) == {2024}
    assert queries.latest_trade(ds, pd.Timestamp("2022-06-01")).empty
    # a year's figures count only once the year has ended
    assert set(queries.latest_trade(ds, pd.Timestamp("2024-12-31"))["year"]) == {2023}


def test_pause_band_runs_to_next_rate():
    m = load_dataset(MINI)["trade_measures"]
    bands = queries.pause_bands(m, "JPN", pd.Timestamp("2026-01-01"))
    assert len(bands) == 1
    assert bands.iloc[0]["end"] == pd.Timestamp("2025-08-07")
    ds = load_dataset(MINI)
    assert queries.pause_bands_of(ds, "JPN", pd.Timestamp("2026-01-01")).equals(bands)


def test_past_as_of_date_shows_no_later_pause_or_announcement():
    """Time travel does not leak the future: on 2025-05-01 the pause (2025-04-02 to 2025-08-07)
    runs only to that day, on 2025-03-01 it has not begun; announcements after the date are gone."""
    ds = load_dataset(MINI)
    may = queries.pause_bands_of(ds, "JPN", pd.Timestamp("2025-05-01"))
    assert list(may["end"]) == [pd.Timestamp("2025-05-01")]
    assert queries.pause_bands_of(ds, "JPN", pd.Timestamp("2025-03-01")).empty
    marks = queries.announcements_of(ds, "JPN", ["all_goods", "autos"], pd.Timestamp("2025-05-01"))
    assert marks["date"].max() <= pd.Timestamp("2025-05-01") and len(marks) == 3
    assert not marks["label"].str.contains("superseded|lifted|in_effect").any()


def test_thin_for_plot_aggregates_by_month_above_the_limit():
    days = pd.date_range("2025-01-01", periods=120, freq="D")
    frame = pd.DataFrame(
        {
            "start": days,
            "other": ["USA", "CHN"] * 60,
            "channel": "letter",
            "summary": "s",
            "source_id": [f"s{i}" for i in range(120)],
            "participants": "",
        }
    )
    same = queries.thin_for_plot(frame, "start", ["other", "channel"], max_points=200)
    assert len(same) == 120 and set(same["count"]) == {1}
    thin = queries.thin_for_plot(frame, "start", ["other", "channel"], max_points=50)
    assert len(thin) == 8  # 4 months x 2 counterparts
    assert thin["count"].sum() == 120
    assert thin.iloc[0]["summary"].endswith("in this month")
    # each month names its first three distinct sources
    first = {r.other: r.source_id for r in thin[thin["start"] == thin["start"].min()].itertuples()}
    assert first == {"USA": "s0; s2; s4", "CHN": "s1; s3; s5"}
    assert (thin["start"].dt.day == 1).all()


def test_deck_json_is_compact():
    ds = load_dataset(MINI)
    f = queries.map_frames(ds, pd.Timestamp("2025-12-31"), (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    js = build_deck(geo.countries_geojson(), f["rates"], f["arcs"], f["capitals"], as_of_label="2025-12-31").to_json()
    assert "\n" not in js
    assert len(js) < 400_000  # the map sent on every rerun (pretty-printed it was over 1 MB)


def test_deck_json_splices_the_geometry_exactly_as_pydeck_would_write_it():
    import json

    import pydeck as pdk

    ds = load_dataset(MINI)
    f = queries.map_frames(ds, pd.Timestamp("2025-12-31"), (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    gj = geo.countries_geojson()
    deck = build_deck(gj, f["rates"], f["arcs"], f["capitals"], as_of_label="2025-12-31")
    ours = json.loads(deck.to_json())
    # pydeck's own (pretty-printed) serialisation of the same deck, with the collection inline
    deck.__dict__.pop("_splice")
    deck.layers[0].data = gj
    theirs = json.loads(pdk.Deck.to_json(deck))
    assert ours == theirs
    jpn = next(feat for feat in ours["layers"][0]["data"]["features"] if feat["properties"]["iso3"] == "JPN")
    assert "15" in jpn["properties"]["tooltip"] and jpn["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_headline_and_rates_from_precomputed_steps_match_the_plain_rule():
    from tests.conftest import DATA

    ds = load_dataset(DATA)
    m = ds["trade_measures"]
    for day in pd.date_range("2025-01-01", "2026-08-01", freq="9D"):
        for target in ("JPN", "CHN", "VNM", "SGP"):
            for product in ("all_goods", "autos", "steel"):
                a, b = queries.headline(ds, target, product, day), tariffs.headline(m, "USA", target, product, day)
                assert (a.rate_pct, a.label, list(a.rows["measure_id"])) == (
                    b.rate_pct,
                    b.label,
                    list(b.rows["measure_id"]),
                ), (target, product, day)
        got = queries.rates_by_target(ds, ["JPN", "CHN", "VNM"], day)
        assert list(got["label"]) == [
            tariffs.headline(m, "USA", c, "all_goods", day).label for c in ("JPN", "CHN", "VNM")
        ]
