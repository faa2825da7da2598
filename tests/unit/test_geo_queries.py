"""Geometry, arcs and page queries."""

import json
import re

import pandas as pd

from components.maps import GEOJSON_URL, INITIAL_VIEW, UNTRACKED_FILL, build_deck, fill_expression
from components.palette import rate_colour
from tests.conftest import DATA, MINI, ROOT
from tightrope import geo, manifest, queries, tariffs
from tightrope.files import file_sha256
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
    deck = build_deck(f["rates"], f["arcs"], f["capitals"], as_of_label="2025-12-31")
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


def test_deck_json_is_compact_and_leaves_the_geometry_to_the_static_file():
    ds = load_dataset(MINI)
    f = queries.map_frames(ds, pd.Timestamp("2025-12-31"), (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    deck = build_deck(f["rates"], f["arcs"], f["capitals"], as_of_label="2025-12-31")
    js = deck.to_json()
    assert "\n" not in js
    assert len(js) < 30_000  # sent on every as-of change; with the geometry inline it was about 250 kB
    assert '"coordinates"' not in js and "Polygon" not in js
    countries = json.loads(js)["layers"][0]
    assert countries["data"] == GEOJSON_URL and not GEOJSON_URL.startswith(("/", "http"))  # relative: base paths
    assert deck.to_json() is js  # encoded once, so a shared deck costs nothing on the next session


def test_static_geometry_is_the_checksummed_build():
    # the browser loads static/geo/...; make geo writes it with the same bytes as data/geo/...,
    # whose SHA-256 the manifest records
    served = ROOT / "static" / GEOJSON_URL.removeprefix("app/static/")
    recorded = manifest.read(DATA)["geo"]["geo/countries_110m.geojson"]["sha256"]
    assert file_sha256(served) == recorded == file_sha256(DATA / "geo" / "countries_110m.geojson")


def _fill_of(expr: str, iso3: str) -> list[int]:
    """Evaluate the deck.gl accessor expression for a feature (it is a chain of ``a == "X" ? [..] :``)."""
    py = re.sub(r'properties\.iso3 == ("[A-Z]{3}") \? (\[[0-9,]+\]) :', r"\2 if iso3 == \1 else", expr)
    return eval(py, {"iso3": iso3})  # noqa: S307 - our own expression of literals


def test_country_fills_are_joined_in_the_browser_by_iso3():
    ds = load_dataset(MINI)
    f = queries.map_frames(ds, pd.Timestamp("2025-12-31"), (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    deck = build_deck(f["rates"], f["arcs"], f["capitals"], as_of_label="2025-12-31")
    expr = json.loads(deck.to_json())["layers"][0]["getFillColor"]
    assert expr.startswith("@@=")
    rates = f["rates"].set_index("iso3")
    assert _fill_of(expr[3:], "JPN") == list(rate_colour(rates.loc["JPN", "rate_pct"]))
    assert _fill_of(expr[3:], "ATA") == UNTRACKED_FILL  # not in countries.csv: grey
    assert _fill_of(expr[3:], "USA") != _fill_of(expr[3:], "JPN")  # the imposer in its own colour
    # a code that is not three capitals never reaches the expression
    assert fill_expression({'JPN" || 1': [1, 2, 3, 4]}) == json.dumps(UNTRACKED_FILL, separators=(",", ""))
    # the rate a country faced is in its capital's tooltip (the polygons are not pickable)
    caps = next(layer for layer in json.loads(deck.to_json())["layers"] if layer["id"] == "capitals")
    tokyo = next(c["tooltip"] for c in caps["data"] if c["tooltip"].startswith("Tokyo"))
    assert "15" in tokyo and "as of 2025-12-31" in tokyo


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


def test_the_map_in_japanese_names_capitals_in_japanese_and_keeps_labels_apart():
    from tightrope import i18n

    ds = load_dataset(DATA)
    assert (ds["countries"]["capital_ja"].str.strip() != "").all()  # every bundled capital has its Japanese name
    f = queries.map_frames(ds, pd.Timestamp("2025-12-31"), (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    names = dict(zip(ds["countries"]["iso3"], ds["countries"]["name_ja"]))
    i18n.set_language("ja")
    try:
        deck = build_deck(f["rates"], f["arcs"], f["capitals"], as_of_label="2025年12月31日", names=names)
    finally:
        i18n.set_language("en")
    caps = next(layer for layer in deck.layers if layer.id == "capitals").data
    tips = {r["tooltip"].split("（")[0] for r in caps}
    assert {"北京", "ワシントンD.C.", "東京"} <= tips
    assert not any("Beijing" in r["tooltip"] or "Washington" in r["tooltip"] for r in caps)
    labels = {
        r["label"]: r["offset"] for r in next(layer for layer in deck.layers if layer.id == "capital-labels").data
    }
    # アメリカ合衆国 goes below Washington's marker, clear of Ottawa's just to the north
    assert labels["アメリカ合衆国"][1] > 0 and labels["CAN"][1] < 0 and labels["中国"][1] < 0


def test_capital_ja_is_optional_and_shown_marked_when_missing(tmp_path):
    import shutil

    from tightrope import i18n, localized

    shutil.copytree(MINI, tmp_path / "d")
    path = tmp_path / "d" / "countries.csv"
    frame = pd.read_csv(path, dtype=str).drop(columns=["capital_ja"])
    frame.to_csv(path, index=False)
    ds = load_dataset(tmp_path / "d")
    assert ds.report.ok, [str(p) for p in ds.report.errors]
    caps = geo.capitals(ds["countries"])
    assert (caps["capital_ja"] == "").all()
    i18n.set_language("ja")
    try:
        assert localized.column(caps, "capital").iloc[0] == "Tokyo " + localized.MISSING_MARK
    finally:
        i18n.set_language("en")


def test_southeast_asian_labels_stand_apart_in_two_columns_at_the_default_view():
    countries = pd.read_csv(ROOT / "data" / "countries.csv")
    sea = countries[countries["region"] == "Southeast Asia"]
    zoom = INITIAL_VIEW["zoom"]
    cols = geo.label_columns(sea, zoom, gap_px=14.0)
    assert list(cols["iso3"]) == list(sea["iso3"])
    assert set(cols["anchor"]) == {"start", "end"}
    for _anchor, col in cols.groupby("anchor"):
        ys = sorted(geo._mercator_y(lat, zoom) for lat in col["label_lat"])
        assert all(b - a >= 14.0 - 1e-6 for a, b in zip(ys, ys[1:])), ys
    # west labels end west of every western capital; east labels start east of every eastern one
    west = sea["lon"] < 104.5
    assert (cols.loc[west.to_numpy(), "label_lon"] < sea.loc[west, "lon"].min()).all()
    assert (cols.loc[~west.to_numpy(), "label_lon"] > sea.loc[~west, "lon"].max()).all()
    # a label never moves up, and only as far down as the column needs
    assert (cols["label_lat"].to_numpy() <= sea["lat"].to_numpy() + 1e-9).all()
