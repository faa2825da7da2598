"""The benchmark's data generator (bench/synth.py) writes folders that validate, with the
row counts it promises. No timings here: the benchmark itself is ``make bench``."""

from __future__ import annotations

from pathlib import Path

from bench.synth import synthesize, target_counts
from tests.conftest import DATA
from tightrope.store import load_dataset


def test_multiplier_three_validates_with_the_right_row_counts(tmp_path: Path) -> None:
    bundled = load_dataset(DATA)
    n_contacts, n_measures = target_counts(3, len(bundled["diplomatic_contacts"]), len(bundled["trade_measures"]))
    assert n_contacts == max(300, len(bundled["diplomatic_contacts"]))

    counts = synthesize(tmp_path / "x3", 3, source=DATA)
    ds = load_dataset(tmp_path / "x3")

    assert ds.report.ok, [str(p) for p in ds.report.errors][:5]
    assert not ds.report.warnings, [str(p) for p in ds.report.warnings][:5]
    assert counts == {"diplomatic_contacts": n_contacts, "trade_measures": n_measures}
    assert len(ds["diplomatic_contacts"]) == n_contacts
    assert len(ds["trade_measures"]) == n_measures
    assert ds["diplomatic_contacts"]["contact_id"].is_unique
    assert ds["trade_measures"]["measure_id"].is_unique
    for name in ("sources", "countries", "trade_flows", "statements"):
        assert len(ds[name]) == len(bundled[name])
    # the bundled rows are kept, and the date range (so the default view) does not change
    assert set(bundled["diplomatic_contacts"]["contact_id"]) <= set(ds["diplomatic_contacts"]["contact_id"])
    assert ds.earliest_date == bundled.earliest_date
    assert ds.latest_date == bundled.latest_date


def test_multiplier_one_is_the_bundled_data(tmp_path: Path) -> None:
    counts = synthesize(tmp_path / "x1", 1, source=DATA)
    bundled = load_dataset(DATA)
    assert counts == {
        "diplomatic_contacts": len(bundled["diplomatic_contacts"]),
        "trade_measures": len(bundled["trade_measures"]),
    }
    assert load_dataset(tmp_path / "x1").report.ok


def test_generation_is_deterministic(tmp_path: Path) -> None:
    synthesize(tmp_path / "a", 2, source=DATA)
    synthesize(tmp_path / "b", 2, source=DATA)
    for f in ("diplomatic_contacts.csv", "trade_measures.csv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_page_floor_adds_each_component_kind_once():
    from bench import report

    anatomy = {
        k: {"median_ms": v}
        for k, v in {"empty": 1000, "chrome": 1200, "pydeck": 3000, "plotly": 1900, "dataframe": 1600}.items()
    }
    first_paint = {
        "empty": {"median_ms": 900},
        "overview": {"median_ms": 5000, "maps": 2, "charts": 1, "tables": 0},
        "sources": {"median_ms": 1900, "maps": 0, "charts": 0, "tables": 1},
    }
    floors = report.page_floors({"anatomy": anatomy, "first_paint": first_paint})
    assert floors["overview"] == {
        "ms": 1200 + 2000 + 900,
        "parts": "chrome + pydeck + plotly",
    }  # two map canvases count once
    assert floors["sources"]["ms"] == 1200 + 600
    assert report.page_floors({"anatomy": {}, "first_paint": first_paint}) == {}
