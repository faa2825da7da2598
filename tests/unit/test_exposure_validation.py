"""Validation of the exposure tables: each bad input names file, spreadsheet row, column and a
fix, and the bad rows (or the whole weighting) are left out of the views."""

from __future__ import annotations

from tests.conftest import MINI
from tightrope.store import load_dataset


def only(ds, file):
    return [p for p in ds.report.errors if p.file == file]


def replace_line(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_fixture_exposure_tables_load_clean():
    ds = load_dataset(MINI)
    assert ds.report.ok
    assert len(ds["product_groups"]) == 4 and len(ds["export_weights"]) == 4 and len(ds["trade_monthly"]) == 48


def test_bad_month_2025_13(mini_copy):
    replace_line(mini_copy / "trade_monthly.csv", "JPN,CHN,2025-03,", "JPN,CHN,2025-13,")
    ds = load_dataset(mini_copy)
    [p] = only(ds, "trade_monthly.csv")
    assert (p.row, p.column, p.value) == (12, "period", "2025-13")
    assert "YYYY-MM" in p.message and "01 to 12" in p.fix
    assert len(ds["trade_monthly"]) == 47  # only that row is left out


def test_negative_value(mini_copy):
    replace_line(
        mini_copy / "trade_monthly.csv", "JPN,USA,2025-01,export,autos,490,", "JPN,USA,2025-01,export,autos,-490,"
    )
    ds = load_dataset(mini_copy)
    [p] = only(ds, "trade_monthly.csv")
    assert (p.row, p.column, p.value, p.message) == (3, "value", "-490", "is out of range")
    assert "at least 0" in p.fix


def test_negative_mfn_rate(mini_copy):
    replace_line(mini_copy / "product_groups.csv", "84,1,", "84,-1,")
    [p] = only(load_dataset(mini_copy), "product_groups.csv")
    assert (p.row, p.column, p.value) == (3, "mfn_pct", "-1")


def test_unknown_product_group(mini_copy):
    replace_line(mini_copy / "export_weights.csv", "JPN,USA,2024,steel,100,", "JPN,USA,2024,stainless,100,")
    ds = load_dataset(mini_copy)
    problems = only(ds, "export_weights.csv")
    unknown = next(p for p in problems if p.column == "product")
    assert (unknown.row, unknown.value) == (5, "stainless")
    assert "not a product group" in unknown.message and "product_groups.csv" in unknown.fix and "steel" in unknown.fix
    # without steel the named groups cover 70% < 80%: the whole weighting is refused too
    assert any(p.column == "value" and p.row == 2 for p in problems)
    assert ds["export_weights"].empty


def test_named_groups_under_80_percent_of_the_total(mini_copy):
    replace_line(mini_copy / "export_weights.csv", "JPN,USA,2024,all_goods,1000,", "JPN,USA,2024,all_goods,1200,")
    ds = load_dataset(mini_copy)
    [p] = only(ds, "export_weights.csv")
    assert (p.row, p.column, p.value) == (2, "value", "1200")
    assert "66.7%" in p.message and "at least 80%" in p.message
    assert "add the missing product groups" in p.fix
    assert ds["export_weights"].empty  # a weighting that fails is left out whole


def test_exactly_80_percent_is_enough():
    ds = load_dataset(MINI)  # the fixture's named groups are 800 of 1000
    assert not only(ds, "export_weights.csv")


def test_named_groups_above_the_total(mini_copy):
    replace_line(mini_copy / "export_weights.csv", "JPN,USA,2024,all_goods,1000,", "JPN,USA,2024,all_goods,700,")
    [p] = only(load_dataset(mini_copy), "export_weights.csv")
    assert p.row == 2 and "smaller than the sum of the named product groups" in p.message


def test_weighting_without_total(mini_copy):
    path = mini_copy / "export_weights.csv"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if ",all_goods," not in line) + "\n")
    [p] = only(load_dataset(mini_copy), "export_weights.csv")
    assert p.row == 2 and "without an all_goods row" in p.message and "add the all_goods total" in p.fix


def test_unknown_mfn_source(mini_copy):
    replace_line(mini_copy / "product_groups.csv", "72,0,fx-official", "72,0,fx-nowhere")
    [p] = only(load_dataset(mini_copy), "product_groups.csv")
    assert (p.row, p.column, p.value) == (4, "mfn_source_id", "fx-nowhere")


def test_missing_exposure_files_are_not_errors(mini_copy):
    for name in ("product_groups", "export_weights", "trade_monthly"):
        (mini_copy / f"{name}.csv").unlink()
    ds = load_dataset(mini_copy)
    assert ds.report.ok and ds["export_weights"].empty and ds["trade_monthly"].empty


def test_mfn_rate_without_its_source(mini_copy):
    replace_line(mini_copy / "product_groups.csv", "72,0,fx-official", "72,0,")
    [p] = only(load_dataset(mini_copy), "product_groups.csv")
    assert (p.row, p.column) == (4, "mfn_source_id") and "mfn_pct is given" in p.message


def test_mfn_rate_may_be_left_empty(mini_copy):
    replace_line(mini_copy / "product_groups.csv", "72,0,fx-official", "72,,")
    assert not only(load_dataset(mini_copy), "product_groups.csv")
