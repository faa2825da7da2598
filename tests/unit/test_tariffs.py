"""The tariff rule engine: a measure is in force on D iff effective <= D < ended; headline rates."""

import pandas as pd
import pytest

from tests.conftest import MINI
from tightrope import tariffs as tl
from tightrope.store import load_dataset


@pytest.fixture(scope="module")
def ds():
    return load_dataset(MINI)


def test_in_force_boundaries(ds):
    m = ds["trade_measures"]
    ids = lambda d: set(tl.in_force(m, d)["measure_id"])  # noqa: E731
    assert "fx-baseline" not in ids("2025-04-04")  # the day before it took effect
    assert "fx-baseline" in ids("2025-04-05")  # effective day counts
    assert "fx-baseline" in ids("2025-08-06")  # last day before ended
    assert "fx-baseline" not in ids("2025-08-07")  # the ended day does not count
    assert "fx-jpn-15" in ids("2030-01-01")  # empty ended: still in force


def test_never_effective_is_never_in_force(ds):
    m = ds["trade_measures"]
    for day in pd.date_range("2025-01-01", "2026-12-31", freq="7D"):
        assert "fx-jpn-24" not in set(tl.in_force(m, day)["measure_id"])


def test_headline_country_row_beats_all_and_product_beats_all_goods(ds):
    m = ds["trade_measures"]
    assert tl.headline(m, "USA", "JPN", "all_goods", "2025-04-04").rate_pct is None
    assert tl.headline(m, "USA", "JPN", "all_goods", "2025-05-01").rate_pct == 10.0
    h = tl.headline(m, "USA", "JPN", "all_goods", "2025-08-07")
    assert (h.rate_pct, h.basis) == (15.0, "floor")
    assert h.label == "15% (floor, all-in)"
    # autos: the Section 232 rate applies instead of the general rate
    assert tl.headline(m, "USA", "JPN", "autos", "2025-05-01").rate_pct == 25.0
    assert tl.headline(m, "USA", "JPN", "autos", "2025-09-16").label == "15% (all-in)"


def test_headline_adds_different_legal_bases(ds):
    m = ds["trade_measures"]
    h = tl.headline(m, "USA", "CHN", "all_goods", "2025-05-01")
    assert h.rate_pct == 30.0  # IEEPA fentanyl 20 + IEEPA reciprocal baseline 10
    assert set(h.rows["legal_basis"]) == {"IEEPA fentanyl", "IEEPA reciprocal"}


def test_rate_series_steps_at_change_days(ds):
    s = tl.rate_series(ds["trade_measures"], "USA", "JPN", ["all_goods"], "2025-01-01", "2025-12-31")
    by_day = dict(zip(s["date"].dt.strftime("%Y-%m-%d"), s["rate_pct"]))
    assert by_day["2025-01-01"] == 0.0
    assert by_day["2025-04-05"] == 10.0
    assert by_day["2025-08-07"] == 15.0
    assert list(s.columns) == ["date", "product", "rate_pct", "label", "legal_basis", "source_id"]


@pytest.mark.parametrize("target", ["JPN", "CHN", "VNM"])
def test_rate_series_equals_headline_on_every_day_of_the_bundled_data(target):
    from tests.conftest import DATA

    m = load_dataset(DATA)["trade_measures"]
    products = ["all_goods", "autos", "auto_parts", "steel", "semiconductors"]
    s = tl.rate_series(m, "USA", target, products, "2024-01-01", "2026-07-31")
    for r in s.itertuples(index=False):
        h = tl.headline(m, "USA", target, r.product, r.date)
        assert r.rate_pct == (h.rate_pct or 0.0), (r.product, r.date)
        assert r.label == h.label
        assert set(r.source_id.split("; ")) - {""} == set(h.rows["source_id"])
        rate, sources = reference_headline(m, "USA", target, r.product, r.date)
        assert (rate or 0.0) == r.rate_pct and sources == set(h.rows["source_id"])


def test_rate_series_equals_headline_on_random_overlapping_measures():
    import numpy as np

    rng = np.random.default_rng(7)
    n = 300
    start = pd.Timestamp("2025-01-01")
    eff = start + pd.to_timedelta(rng.integers(0, 500, n), unit="D")
    length = pd.to_timedelta(rng.integers(1, 300, n), unit="D")
    ended = pd.Series(eff + length).where(rng.random(n) < 0.7)
    m = pd.DataFrame(
        {
            "measure_id": [f"m{i}" for i in range(n)],
            "imposer": "USA",
            "target": rng.choice(["JPN", "ALL", "CHN"], n),
            "product": rng.choice(["all_goods", "autos", "steel"], n),
            "measure_type": "tariff",
            "legal_basis": rng.choice(["IEEPA reciprocal", "Section 232", "IEEPA fentanyl"], n),
            "rate_pct": rng.integers(1, 60, n).astype(float),
            "rate_basis": rng.choice(["additional", "floor"], n),
            "announced": eff,
            "effective": pd.Series(eff).where(rng.random(n) < 0.9),
            "ended": ended,
            "status": "in_effect",
            "source_id": [f"s{i}" for i in range(n)],
        }
    )
    s = tl.rate_series(m, "USA", "JPN", ["all_goods", "autos"], "2025-01-01", "2026-06-30")
    assert len(s) > 50
    # a series row only where the rate, label or sources change: no two equal rows in a row
    for _, g in s.groupby("product"):
        keys = list(zip(g["label"], g["source_id"]))[:-1]  # the last row only closes the step on `end`
        assert all(a != b for a, b in zip(keys, keys[1:]))
    # the step function answers every day (not only change days) as headline() does
    for product in ("all_goods", "autos"):
        steps = tl.rate_steps(m, "USA", "JPN", product)
        for day in pd.date_range("2024-12-30", "2026-07-03", freq="3D"):
            h = tl.headline(m, "USA", "JPN", product, day)
            got = steps.headline_on(day)
            assert (got.rate_pct, got.basis, set(got.rows["measure_id"])) == (
                h.rate_pct,
                h.basis,
                set(h.rows["measure_id"]),
            ), (product, day)
        by_target = tl.rates_by_target(m, "USA", ["JPN", "CHN"], "2025-09-01", product)
        for r in by_target.itertuples(index=False):
            h = tl.headline(m, "USA", r.iso3, product, "2025-09-01")
            assert r.label == h.label and set(filter(None, r.source_id.split("; "))) == set(h.rows["source_id"])
    for r in s.itertuples(index=False):
        h = tl.headline(m, "USA", "JPN", r.product, r.date)
        assert r.rate_pct == (h.rate_pct or 0.0), (r.product, r.date)
        rate, _ = reference_headline(m, "USA", "JPN", r.product, r.date)
        assert (rate or 0.0) == r.rate_pct, (r.product, r.date)


# --- reference implementation: the rule written plainly with pandas, to check the fast one ----

ALL, ALL_GOODS = "ALL", "all_goods"


def reference_headline(measures, imposer, target, product, on):
    """(rate or None, set of source ids) by the plain rule: per legal basis the most specific
    in-force row (target beats ALL, product beats all_goods), latest effective date on ties; a
    product row in force shuts out all-goods rows; rates of different bases add up."""
    rows = tl.in_force(measures, on)
    rows = rows[
        (rows["measure_type"] == "tariff")
        & (rows["imposer"] == imposer)
        & rows["target"].isin([target, ALL])
        & rows["product"].isin([product, ALL_GOODS])
        & rows["rate_pct"].notna()
    ]
    if rows.empty:
        return None, set()
    rows = rows.assign(_spec=(rows["target"] == target).astype(int) * 2 + (rows["product"] == product).astype(int))
    if product != ALL_GOODS and (rows["product"] == product).any():
        rows = rows[rows["product"] == product]
    chosen = []
    for _, group in rows.groupby("legal_basis", sort=True):
        top = group[group["_spec"] == group["_spec"].max()]
        chosen.append(top.sort_values("effective", kind="stable").tail(1))
    picked = pd.concat(chosen)
    return float(picked["rate_pct"].sum()), set(picked["source_id"])
