"""Yen and dollars: the conversion at the sourced annual rate of ``exchange_rates.csv``, the labels
in both languages (``$20.0 billion`` / ``¥3.0 trillion``; ``200億ドル`` / ``3.0兆円``), validation of
the table, and the scenario download that carries both currencies and says it is hypothetical."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import DATA, MINI
from tightrope import currency, exposure, i18n, scenarios
from tightrope.currency import JPY_BN, USD_BN, YenRate
from tightrope.store import load_dataset

RATE = YenRate(2024, 150.97, "fx-official")


@pytest.fixture
def ja():
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def test_dollars_convert_to_yen_at_the_rate_and_back():
    assert currency.to_jpy_bn(10.0, USD_BN, RATE) == pytest.approx(1509.7)
    assert currency.to_usd_bn(1509.7, JPY_BN, RATE) == pytest.approx(10.0)
    assert currency.to_usd_bn(10.0, USD_BN, None) == 10.0  # same currency: no rate needed
    assert currency.to_jpy_bn(830.0, JPY_BN, None) == 830.0
    series = currency.to_jpy_bn(pd.Series([1.0, 2.0]), USD_BN, RATE)
    assert list(series) == pytest.approx([150.97, 301.94])


def test_no_rate_means_no_converted_figure_never_a_guess():
    assert currency.to_jpy_bn(10.0, USD_BN, None) is None
    assert currency.to_usd_bn(10.0, JPY_BN, None) is None
    assert currency.labels(10.0, USD_BN, None) == ("$10.0 billion", None)
    with pytest.raises(ValueError, match="unknown unit"):
        currency.to_jpy_bn(1.0, "EUR_bn", RATE)


def test_labels_in_english():
    # 20 bn USD x 150.97 = 3,019.4 bn yen; 6 bn USD = 905.82 bn yen
    assert currency.labels(20.0, USD_BN, RATE) == ("$20.0 billion", "¥3.0 trillion")
    assert currency.labels(6.0, USD_BN, RATE, sign=True) == ("+$6.0 billion", "+¥906 billion")
    assert currency.labels(-6.0, USD_BN, RATE, sign=True) == ("−$6.0 billion", "−¥906 billion")
    assert currency.labels(1509.7, JPY_BN, RATE) == ("$10.0 billion", "¥1.5 trillion")
    assert i18n.usd_bn(1234.0) == "$1.2 trillion"


def test_labels_in_japanese_use_oku_and_cho(ja):
    assert currency.labels(20.0, USD_BN, RATE) == ("200億ドル", "3.0兆円")
    assert currency.labels(-6.0, USD_BN, RATE, sign=True) == ("−60億ドル", "−9,058億円")
    assert i18n.usd_bn(1234.0) == "1.2兆ドル"
    assert i18n.amount_unit(JPY_BN) == (10.0, "億円") and i18n.amount_unit(USD_BN) == (10.0, "億ドル")


def test_with_both_replaces_each_amount_by_both_currencies_in_place():
    frame = pd.DataFrame({"name": ["a", "b"], "duty": [1.0, 2.0], "share": [0.4, 0.6]})
    out = currency.with_both(frame, ["duty"], USD_BN, RATE)
    assert list(out.columns) == ["name", "duty_usd_bn", "duty_jpy_bn", "share"]
    assert list(out["duty_jpy_bn"]) == pytest.approx([150.97, 301.94])
    dollars_only = currency.with_both(frame, ["duty"], USD_BN, None)
    assert list(dollars_only.columns) == ["name", "duty_usd_bn", "share"]
    assert list(frame.columns) == ["name", "duty", "share"]  # the input is left alone


def test_the_bundled_rate_is_the_weights_year_and_sourced():
    ds = load_dataset(DATA)
    exp = exposure.of_dataset(ds)
    rate = currency.of_dataset(ds, exp.weights.year)
    assert rate is not None and rate.year == exp.weights.year == 2024
    assert rate.jpy_per_usd == 150.97
    assert rate.source_id in set(ds["sources"]["source_id"])
    assert currency.of_dataset(ds, 1999) is None  # no carrying over from another year


def write_rates(folder, *rows: str) -> None:
    (folder / "exchange_rates.csv").write_text(
        "year,jpy_per_usd,source_id,note\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("rows", "row", "column", "words"),
    [
        (["2024,0.0066,fx-official,inverted"], 2, "jpy_per_usd", "out of range"),
        (["2024,abc,fx-official,"], 2, "jpy_per_usd", "not a plain number"),
        (["2024,150.97,fx-official,", "2024,151.2,fx-news,"], 3, "year", "unique"),
        (["FY2024,150.97,fx-official,"], 2, "year", "four-digit calendar year"),
        (["2024,150.97,fx-missing,"], 2, "source_id", "not in sources.csv"),
    ],
)
def test_bad_rate_rows_name_file_row_column_and_fix(mini_copy, rows, row, column, words):
    write_rates(mini_copy, *rows)
    ds = load_dataset(mini_copy)
    [p] = [p for p in ds.report.errors if p.file == "exchange_rates.csv"]
    assert (p.row, p.column) == (row, column)
    assert words in p.message and p.fix
    kept = ds["exchange_rates"]
    assert len(kept) == len(rows) - 1  # only the bad row is left out


def test_a_rate_converts_the_scenario_download_and_the_header_says_hypothetical(mini_copy):
    write_rates(mini_copy, "2024,150,fx-official,TEST")
    ds = load_dataset(mini_copy)
    exp = exposure.of_dataset(ds)
    rate = currency.of_dataset(ds, exp.weights.year)
    ov = scenarios.overlay(exp, "2025-10-01", scenarios.parse_changes("autos=25:additional"))
    stem, header, frame = scenarios.export(ov, "custom", rate)
    assert stem == "HYPOTHETICAL_scenario_custom_2025-10-01"
    assert header.startswith("HYPOTHETICAL SCENARIO, not a measure in force: custom (autos=25:additional)")
    assert "150 JPY per USD (2024 annual average, source fx-official)" in header
    # the fixture weights are in yen: autos 300 bn yen x 25 points (additional counts in full)
    # = 75 bn yen = 0.5 bn USD at 150 yen
    autos = frame.set_index("product").loc["autos"]
    assert autos["scenario_duty_jpy_bn"] == pytest.approx(75.0)
    assert autos["scenario_duty_usd_bn"] == pytest.approx(0.5)
    assert "scenario_duty" not in frame.columns  # every amount column names its currency
    _stem, header, frame = scenarios.export(ov, "custom", None)
    assert "no dollar columns: no sourced 2024 exchange rate" in header
    assert "scenario_duty_usd_bn" not in frame.columns and "scenario_duty_jpy_bn" in frame.columns


def test_the_mini_fixture_has_no_rate():
    assert currency.of_dataset(load_dataset(MINI), 2024) is None


def test_to_unit_converts_to_either_currency_and_refuses_an_unknown_target():
    rate = currency.YenRate(2024, 150.0, "fx")
    assert currency.to_unit(2.0, currency.USD_BN, currency.JPY_BN, rate) == 300.0
    assert currency.to_unit(300.0, currency.JPY_BN, currency.USD_BN, rate) == 2.0
    assert currency.to_unit(2.0, currency.USD_BN, currency.JPY_BN, None) is None  # never a guessed rate
    with pytest.raises(ValueError, match="unknown target"):
        currency.to_unit(2.0, currency.USD_BN, "EUR_bn", rate)
