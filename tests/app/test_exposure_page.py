"""AppTest of the Exposure page and the Overview's effective-rate tile: values follow the as-of
date, nothing dated after it is shown, and missing exposure tables give a note, not an error."""

from __future__ import annotations

import datetime
import shutil

import pandas as pd
import pytest

from tests.conftest import DATA, MINI
from tests.support.apptest import open_page, table_with

PAGE = "pages/exposure.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_exposure_page_follows_the_as_of_date():
    at = open_page(PAGE, MINI, {"asof": "2025-10-01"})
    assert not at.exception and not at.error
    assert metrics(at)["Effective additional US tariff"] == "13.3%"  # hand-computed in tests/unit/test_exposure.py
    assert metrics(at)["General rate on Chinese goods"] == "+20% on top of MFN"
    assert len(at.get("plotly_chart")) == 2
    table = table_with(at, "rate_in_force").set_index("name")
    assert table.loc["Passenger cars", "rate_in_force"] == "15% (all-in)"
    assert table.loc["Passenger cars", "additional_pct"] == pytest.approx(12.5)
    assert table.loc["Other goods", "how"] == "general rate"
    steps = table_with(at, "delta")
    assert list(steps["date"]) == [pd.Timestamp(d) for d in ("2025-04-03", "2025-04-05", "2025-08-07", "2025-09-16")]
    at.date_input(key="asof").set_value(datetime.date(2025, 5, 1)).run()
    assert metrics(at)["Effective additional US tariff"] == "14.5%"
    steps = table_with(at, "delta")
    assert (steps["date"] <= pd.Timestamp("2025-05-01")).all() and len(steps) == 2


def test_nothing_after_the_as_of_date_is_plotted():
    at = open_page(PAGE, MINI, {"asof": "2025-05-10"})
    effective, monthly = (c.proto for c in at.get("plotly_chart"))
    import json

    for fig in (json.loads(effective.spec), json.loads(monthly.spec)):
        for trace in fig["data"]:
            xs = [x for x in trace.get("x", []) if x]
            assert all(pd.Timestamp(x) <= pd.Timestamp("2025-05-10") for x in xs), trace.get("name")
    for shape in json.loads(effective.spec)["layout"].get("shapes", []):  # the pause band stops at the as-of date
        assert pd.Timestamp(shape["x1"]) <= pd.Timestamp("2025-05-10")
    months = [pd.Timestamp(x) for tr in json.loads(monthly.spec)["data"][:-1] for x in tr["x"]]
    assert max(months) == pd.Timestamp("2025-04-01")  # May had not ended


def test_presentation_mode_renders():
    at = open_page(PAGE, MINI, {"asof": "2025-10-01", "present": "1"})
    assert not at.exception and not at.error
    plain = open_page(PAGE, MINI, {"asof": "2025-10-01"})
    rate = metrics(plain)["Effective additional US tariff"]
    assert rate.endswith("%") and metrics(at)["Effective additional US tariff"] == rate


def test_without_exposure_tables_the_page_explains(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    for name in ("product_groups", "export_weights", "trade_monthly"):
        (folder / f"{name}.csv").unlink()
    at = open_page(PAGE, folder, {"asof": "2025-10-01"})
    assert not at.exception and not at.error
    assert any("No base-year weighting" in i.value for i in at.info)
    ov = open_page("pages/overview.py", folder, {"asof": "2025-10-01"})
    assert metrics(ov)["Effective US tariff"] == "no data"


def test_overview_shows_the_effective_rate_beside_the_autos_rate():
    at = open_page("pages/overview.py", MINI, {"asof": "2025-10-01"})
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["US tariff on Japanese autos", "Effective US tariff"]
    assert metrics(at)["Effective US tariff"] == "13.3%"


def test_the_independent_estimate_appears_once_published():
    before = open_page(PAGE, DATA, {"asof": "2025-10-01"})
    assert not any("New York Fed" in m.value for m in before.markdown)
    after = open_page(PAGE, DATA, {"asof": "2025-10-06"})
    assert any("New York Fed" in m.value and "about 15%" in m.value for m in after.markdown)


def test_annual_duty_in_dollars_and_yen_at_the_sourced_rate():
    """The bundled weights are in dollars; the duty tile and the table add yen at the 2024 rate of
    exchange_rates.csv. Without a rate (the mini data, in yen): one currency and no guessed column."""
    at = open_page(PAGE, DATA, {"asof": "2025-10-01"})
    tile = next(m for m in at.metric if m.label == "Estimated annual duty")
    assert tile.value.startswith("$") and tile.value.endswith("billion")
    assert tile.delta.startswith("¥") and "2024 values" in tile.delta
    rate = pd.read_csv(DATA / "exchange_rates.csv").set_index("year").loc[2024, "jpy_per_usd"]
    table = table_with(at, "duty_other")
    assert table["duty_other"].to_numpy() == pytest.approx(table["duty"].to_numpy() * rate)
    mini = open_page(PAGE, MINI, {"asof": "2025-10-01"})
    tile = next(m for m in mini.metric if m.label == "Estimated annual duty")
    assert tile.value.startswith("¥") and "$" not in (tile.delta or "")
    assert not any("duty_other" in d.value.columns for d in mini.dataframe)
