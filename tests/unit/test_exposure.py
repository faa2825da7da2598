"""The exposure engine (tightrope.exposure): the floor rule, each stacking rule, the in-force
boundary, the general rate for groups without a product measure, the weighting, the vectorised
series against day-by-day evaluation, and the CLI's output format.

Length: one file per engine; the bundled-data references at its end are computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.conftest import MINI
from tightrope import exposure
from tightrope.__main__ import main
from tightrope.schema import TABLES, coerce
from tightrope.store import load_dataset

COLS = TABLES["trade_measures"].column_names


def measures(*rows: dict) -> pd.DataFrame:
    """Typed trade_measures rows; unspecified cells take harmless defaults."""
    base = {
        "imposer": "USA",
        "target": "JPN",
        "product": "all_goods",
        "measure_type": "tariff",
        "legal_basis": "IEEPA reciprocal",
        "rate_basis": "additional",
        "announced": "2025-01-01",
        "ended": "",
        "status": "in_effect",
        "source_id": "s",
        "note": "",
    }
    text = pd.DataFrame(
        [{**base, "measure_id": f"m{i}", **{k: str(v) for k, v in r.items()}} for i, r in enumerate(rows)],
        columns=COLS,
        dtype=object,  # a column no row names is all missing: text, not float
    ).fillna("")
    return coerce(TABLES["trade_measures"], text)


def weights(*groups: tuple[str, float, float], total: float) -> exposure.Weighting:
    """A weighting of (product, value, mfn_pct) groups over ``total`` (other_goods derived, MFN 0)."""
    pg = pd.DataFrame(
        [
            {"product": p, "name": p, "name_ja": "", "hs_codes": "", "mfn_pct": m, "mfn_source_id": "s"}
            for p, _v, m in groups
        ]
        + [
            {
                "product": "other_goods",
                "name": "Other goods",
                "name_ja": "",
                "hs_codes": "",
                "mfn_pct": 0.0,
                "mfn_source_id": "s",
            }
        ]
    )
    ew = pd.DataFrame(
        [
            {
                "reporter": "JPN",
                "partner": "USA",
                "year": 2024,
                "product": p,
                "value": v,
                "unit": "JPY_bn",
                "source_id": "w",
            }
            for p, v, _m in groups
        ]
        + [
            {
                "reporter": "JPN",
                "partner": "USA",
                "year": 2024,
                "product": "all_goods",
                "value": total,
                "unit": "JPY_bn",
                "source_id": "w",
            }
        ]
    )
    return exposure.weighting(pg, ew)


def add_on(m: pd.DataFrame, product: str, mfn: float, day: str) -> float:
    return exposure.group_steps(m, "JPN", product, mfn).on(pd.Timestamp(day))["additional"]


# --- rule 2: the basis of a rate -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "basis", "mfn", "expected"),
    [
        (15, "floor", 2.5, 12.5),
        (15, "floor", 20, 0.0),
        (15, "total", 2.5, 12.5),
        (15, "total", 20, 0.0),
        (25, "additional", 2.5, 25.0),
    ],
)
def test_additional_duty_by_basis(rate, basis, mfn, expected):
    assert exposure.additional_duty(rate, basis, mfn) == pytest.approx(expected)
    # the vectorised form agrees with the scalar one
    assert exposure.additional_duty(np.array([rate]), np.array([basis], dtype=object), mfn)[0] == pytest.approx(
        expected
    )


def test_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="rate_basis"):
        exposure.additional_duty(10, "mixed", 0)


def test_the_deal_floor_on_autos_and_on_a_high_mfn_group():
    m = measures(
        {
            "product": "autos",
            "legal_basis": "Section 232",
            "rate_pct": 15,
            "rate_basis": "floor",
            "effective": "2025-09-16",
        }
    )
    assert add_on(m, "autos", 2.5, "2025-09-16") == pytest.approx(12.5)
    assert add_on(m, "autos", 20.0, "2025-09-16") == 0.0


# --- rule 3: stacking ----------------------------------------------------------------------------

STACK = measures(
    {
        "product": "all_goods",
        "legal_basis": "IEEPA reciprocal",
        "rate_pct": 15,
        "rate_basis": "floor",
        "effective": "2025-08-07",
        "ended": "2026-02-24",
    },
    {
        "target": "ALL",
        "product": "all_goods",
        "legal_basis": "Section 122",
        "rate_pct": 10,
        "effective": "2026-02-24",
        "ended": "2026-07-24",
    },
    {"product": "steel", "legal_basis": "Section 232", "rate_pct": 50, "effective": "2025-06-04"},
    {
        "product": "all_goods",
        "legal_basis": "Section 301",
        "rate_pct": 7.5,
        "effective": "2026-01-01",
        "ended": "2026-03-01",
    },
)


def test_section_232_goods_are_outside_the_ieepa_reciprocal_tariff():
    s = exposure.group_steps(STACK, "JPN", "steel", 0.0)
    on = s.on(pd.Timestamp("2025-09-01"))
    assert on["additional"] == pytest.approx(50.0)  # not 50 + 15
    assert on["how"] == exposure.PRODUCT_MEASURE and on["legal_basis"] == "Section 232"


def test_section_122_does_not_stack_on_section_232_goods():
    assert add_on(STACK, "steel", 0.0, "2026-03-02") == pytest.approx(50.0)
    assert add_on(STACK, "machinery", 1.0, "2026-03-02") == pytest.approx(10.0)  # a group without a 232 measure pays it


def test_a_general_tariff_of_another_basis_still_stacks_on_232_goods():
    # Section 301 is not one of the bases that exclude Section 232 goods
    assert add_on(STACK, "steel", 0.0, "2026-01-15") == pytest.approx(57.5)


def test_a_group_without_a_product_measure_takes_the_general_rate():
    s = exposure.group_steps(STACK, "JPN", "machinery", 1.0)
    on = s.on(pd.Timestamp("2025-09-01"))
    assert on["how"] == exposure.GENERAL_RATE
    assert on["additional"] == pytest.approx(14.0)  # floor 15 over MFN 1
    assert exposure.group_steps(STACK, "JPN", "other_goods", 3.0).on(pd.Timestamp("2025-09-01"))[
        "additional"
    ] == pytest.approx(12.0)


def test_a_product_row_for_all_partners_counts_for_japan():
    m = measures(
        {
            "target": "ALL",
            "product": "semiconductors",
            "legal_basis": "Section 232",
            "rate_pct": 25,
            "effective": "2026-01-15",
        },
        {"rate_pct": 15, "rate_basis": "floor", "effective": "2025-08-07"},
    )
    assert add_on(m, "semiconductors", 0.0, "2026-01-15") == pytest.approx(25.0)
    assert add_on(m, "semiconductors", 0.0, "2026-01-14") == pytest.approx(15.0)


# --- rule 1: in force ----------------------------------------------------------------------------


def test_a_measure_ending_on_d_is_not_counted_on_d():
    m = measures({"rate_pct": 10, "effective": "2025-04-05", "ended": "2025-08-07"})
    assert add_on(m, "machinery", 0.0, "2025-08-06") == pytest.approx(10.0)
    assert add_on(m, "machinery", 0.0, "2025-08-07") == 0.0
    assert add_on(m, "machinery", 0.0, "2025-04-05") == pytest.approx(10.0)
    assert add_on(m, "machinery", 0.0, "2025-04-04") == 0.0


def test_a_measure_that_never_took_effect_counts_never():
    m = measures({"rate_pct": 24, "effective": "", "status": "paused"})
    assert add_on(m, "machinery", 0.0, "2026-01-01") == 0.0


# --- rule 4: the weighting and the effective rate -------------------------------------------------


def test_weighting_derives_other_goods_and_shares_add_up():
    w = weights(("autos", 300, 2.5), ("steel", 100, 0.0), total=500)
    g = w.groups.set_index("product")
    assert g.loc["other_goods", "value"] == pytest.approx(100) and bool(g.loc["other_goods", "derived"])
    assert w.groups["share"].sum() == pytest.approx(1.0)
    assert w.named_share == pytest.approx(0.8)
    assert list(w.groups["product"]) == ["autos", "steel", "other_goods"]


def test_effective_rate_is_the_trade_weighted_average_and_duty_is_value_times_rate():
    w = weights(("autos", 300, 2.5), ("steel", 100, 0.0), total=500)
    m = measures(
        {"rate_pct": 15, "rate_basis": "floor", "effective": "2025-08-07"},
        {
            "product": "autos",
            "legal_basis": "Section 232",
            "rate_pct": 15,
            "rate_basis": "floor",
            "effective": "2025-09-16",
        },
        {"product": "steel", "legal_basis": "Section 232", "rate_pct": 50, "effective": "2025-06-04"},
    )
    e = exposure.exposure(m, w)
    day = pd.Timestamp("2025-10-01")
    # autos 12.5 x 0.6 + steel 50 x 0.2 + other goods (MFN 0) 15 x 0.2
    assert e.effective_on(day) == pytest.approx(12.5 * 0.6 + 50 * 0.2 + 15 * 0.2)
    assert e.duty_on(day) == pytest.approx(300 * 0.125 + 100 * 0.5 + 100 * 0.15)
    t = e.table(day).set_index("product")
    assert t.loc["autos", "rate_in_force"] == "15% (floor, all-in)" and t.loc["autos", "duty"] == pytest.approx(37.5)
    assert t.loc["other_goods", "how"] == exposure.GENERAL_RATE
    assert t["share_pct"].sum() == pytest.approx(100.0)


def test_series_equals_day_by_day_evaluation_and_keeps_only_changes():
    ds = load_dataset(MINI)
    e = exposure.of_dataset(ds, "JPN")
    s = e.series("2025-01-01", "2026-06-30")
    assert s["date"].iloc[0] == pd.Timestamp("2025-01-01") and s["date"].iloc[-1] == pd.Timestamp("2026-06-30")
    for day, rate in zip(s["date"], s["effective_pct"]):
        assert rate == pytest.approx(e.effective_on(day))
    for day in pd.date_range("2025-01-01", "2026-06-30", freq="7D"):  # a step holds until the next row
        held = s[s["date"] <= day]["effective_pct"].iloc[-1]
        assert held == pytest.approx(e.effective_on(day))
    assert (s["effective_pct"].diff().iloc[1:-1] != 0).all()  # no row where nothing changed
    assert s.loc[s["date"] == pd.Timestamp("2025-09-16"), "change"].item().startswith("Passenger cars 25 -> 12.5")


def test_mini_fixture_effective_rates_by_hand():
    """tests/fixtures/mini: autos 30% (MFN 2.5), machinery 40% (MFN 1), steel 10% (MFN 0),
    other goods 20% (MFN 3); 10% baseline from 2025-04-05, autos 25% from 2025-04-03, Japan's 15%
    floor from 2025-08-07, autos 15% all-in from 2025-09-16."""
    e = exposure.of_dataset(load_dataset(MINI), "JPN")
    expected = {
        "2025-04-02": 0.0,
        "2025-04-04": 0.3 * 25,
        "2025-05-01": 0.3 * 25 + 0.7 * 10,
        "2025-08-07": 0.3 * 25 + 0.4 * 14 + 0.1 * 15 + 0.2 * 12,
        "2025-09-16": 0.3 * 12.5 + 0.4 * 14 + 0.1 * 15 + 0.2 * 12,
    }
    for day, rate in expected.items():
        assert e.effective_on(pd.Timestamp(day)) == pytest.approx(rate), day


def test_no_weighting_means_no_effective_rate():
    ds = load_dataset(MINI)
    assert exposure.of_dataset(ds, "CHN") is None
    rep = exposure.report(ds, "CHN", "2025-09-16")
    assert rep.effective is None and rep.general.rate_pct == pytest.approx(20.0)


# --- the CLI -------------------------------------------------------------------------------------


def test_cli_prints_the_table_and_last_the_effective_rate(capsys):
    assert main(["exposure", "JPN", "--on", "2025-09-16", "--data", str(MINI)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert (
        lines[-1] == "effective additional US tariff on JPN goods on 2025-09-16: 13.3% (trade-weighted, base year 2024)"
    )
    header = lines[0]
    for word in ("group", "value 2024 (JPY bn)", "share", "rate in force (basis)", "additional", "est. duty"):
        assert word in header
    autos = next(line for line in lines if line.startswith("autos"))
    assert "300.0" in autos and "30.0%" in autos and "15% (all-in)" in autos and "12.50 pp" in autos and "37.5" in autos
    assert any(line.startswith("other_goods (derived)") and "[general rate]" in line for line in lines)


@pytest.mark.parametrize("target", ["CHN", "VNM"])
def test_cli_gives_only_the_general_rate_without_weights(capsys, target):
    assert main(["exposure", target, "--on", "2025-09-16", "--data", str(MINI)]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"general US tariff on {target} goods on 2025-09-16: ")
    assert "not an effective rate" in out and "effective additional" not in out and len(out.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"), [(["JPN", "--on", "2025-13-01"], "YYYY-MM-DD"), (["JP", "--on", "2025-09-16"], "alpha-3")]
)
def test_cli_refuses_bad_input(capsys, args, message):
    assert main(["exposure", *args, "--data", str(MINI)]) == 2
    assert message in capsys.readouterr().err


def test_a_group_exemption_replaces_only_its_own_general_basis():
    """A 0% IEEPA reciprocal row for pharmaceuticals (the Annex II exemption) takes the group out
    of the reciprocal tariff but not out of a general tariff of another basis (Section 122)."""
    m = measures(
        {"rate_pct": 15, "rate_basis": "floor", "effective": "2025-08-07", "ended": "2026-02-24"},
        {"target": "ALL", "legal_basis": "Section 122", "rate_pct": 10, "effective": "2026-02-24"},
        {
            "target": "ALL",
            "product": "pharmaceuticals",
            "rate_pct": 0,
            "effective": "2025-04-05",
            "ended": "2026-02-24",
        },
    )
    s = exposure.group_steps(m, "JPN", "pharmaceuticals", 0.0)
    assert (
        s.on(pd.Timestamp("2025-09-01"))["additional"] == 0.0
        and s.on(pd.Timestamp("2025-09-01"))["how"] == exposure.GROUP_RATE
    )
    assert s.on(pd.Timestamp("2026-03-01"))["additional"] == pytest.approx(10.0)


def test_a_floor_without_mfn_is_applied_as_mfn_0_and_says_so():
    m = measures({"rate_pct": 15, "rate_basis": "floor", "effective": "2025-08-07"})
    on = exposure.group_steps(m, "JPN", "lumber", float("nan")).on(pd.Timestamp("2025-09-01"))
    assert on["additional"] == pytest.approx(15.0) and "MFN unknown" in on["label"]


# --- the bundled data, by hand ---------------------------------------------------------------------

#: data/export_weights.csv, 2024, USD bn (METI's compilation of US imports from Japan)
V = {
    "autos": 40.8,
    "machinery": 36.1,
    "electrical_machinery": 19.2,
    "other_goods": 15.1,
    "chemicals": 10.0,
    "auto_parts": 7.4,
    "pharmaceuticals": 7.4,
    "instruments": 7.1,
    "steel": 3.1,
    "aircraft": 1.8,
}
TOTAL = 148.0
#: groups that take the general rate with MFN 2.0 (data/product_groups.csv); aircraft's MFN is 0
BROAD = V["machinery"] + V["electrical_machinery"] + V["other_goods"] + V["chemicals"] + V["instruments"]

BUNDLED_REFERENCE = {
    # autos 25% (Section 232, from 04-03) and steel 25% (from 03-12); nothing general yet
    "2025-04-04": (25 * V["autos"] + 25 * V["steel"]) / TOTAL,
    # + parts 25% (05-03) and Japan's 10% baseline on every group without a product row;
    # pharmaceuticals exempt (Annex II)
    "2025-05-03": (25 * V["autos"] + 25 * V["auto_parts"] + 25 * V["steel"] + 10 * (BROAD + V["aircraft"])) / TOTAL,
    # the 15% floor from 08-07 (13 points over MFN 2, 15 over aircraft's 0); steel 50% since 06-04; autos still 25%
    "2025-08-07": (25 * V["autos"] + 25 * V["auto_parts"] + 50 * V["steel"] + 13 * BROAD + 15 * V["aircraft"]) / TOTAL,
    # autos and parts at the 15% floor over MFN 2.5 from 09-16; Japanese civil aircraft exempt (EO 14345) from 09-16
    "2025-09-16": (12.5 * (V["autos"] + V["auto_parts"]) + 50 * V["steel"] + 13 * BROAD) / TOTAL,
    # IEEPA struck down 02-24; Section 122 10% on everything not under Section 232; its proclamation exempts
    # pharmaceuticals and civil aircraft
    "2026-03-01": (12.5 * (V["autos"] + V["auto_parts"]) + 50 * V["steel"] + 10 * BROAD) / TOTAL,
    # Section 122 lifted 07-24: only the Section 232 goods pay; from 07-31 Japan's patented drugs pay the 15% floor of
    # Proclamation 11020 (MFN 0), which replaces the 100% on other partners' drugs
    "2026-08-01": (12.5 * (V["autos"] + V["auto_parts"]) + 50 * V["steel"] + 15 * V["pharmaceuticals"]) / TOTAL,
}


@pytest.mark.parametrize("day", list(BUNDLED_REFERENCE))
def test_bundled_effective_rate_against_a_hand_computed_reference(day):
    from tests.conftest import DATA

    e = exposure.of_dataset(load_dataset(DATA), "JPN")
    assert e is not None and e.weights.year == 2024 and e.weights.total == pytest.approx(TOTAL)
    assert dict(zip(e.weights.groups["product"], e.weights.groups["value"])) == pytest.approx(V)
    assert e.effective_on(pd.Timestamp(day)) == pytest.approx(BUNDLED_REFERENCE[day], abs=1e-9)


def test_bundled_exposure_tables_are_complete():
    """The bundled weighting covers at least 80% in named groups, every weighted group has a
    product_groups row with HS codes (and an MFN rate where a floor can apply), and the monthly
    table has US exports."""
    from tests.conftest import DATA

    ds = load_dataset(DATA)
    assert not [
        p for p in ds.report.problems if p.file in ("product_groups.csv", "export_weights.csv", "trade_monthly.csv")
    ]
    w = exposure.of_dataset(ds, "JPN").weights
    assert w.named_share >= 0.8
    named = w.groups[w.groups["product"] != "other_goods"]
    assert (named["hs_codes"] != "").all()
    # an MFN rate is missing only where the group's measures are additional (steel: Section 232 50%)
    assert set(named.loc[named["mfn_pct"].isna(), "product"]) <= {"steel", "aluminum", "copper", "lumber", "buses"}
    t = ds["trade_monthly"]
    assert ((t["partner"] == "USA") & (t["product"] == "all_goods")).sum() >= 6


def test_named_steps_name_the_measures_that_moved_the_rate():
    from tests.conftest import DATA

    ds = load_dataset(DATA)
    e = exposure.of_dataset(ds, "JPN")
    steps = exposure.named_steps(e.series("2025-01-01", "2026-07-24"), ds["trade_measures"], relevant=e.measure_ids())
    label = steps.set_index("date")["label"]
    assert (
        label[pd.Timestamp("2025-09-16")]
        == "in force: Section 232 autos 15% (floor); in force: Section 232 auto parts 15% (floor); "
        "aircraft exempt from IEEPA reciprocal"
    )
    assert "pharmaceuticals exempt from IEEPA reciprocal" in label[pd.Timestamp("2025-04-05")]
    assert (steps["delta"].abs() >= 0.5).all() and steps["date"].is_monotonic_increasing


def test_a_change_cell_names_the_groups_in_the_language_shown():
    names = {"Iron and steel": "鉄鋼", "Parts and accessories of motor vehicles": "自動車部品"}
    text = "Iron and steel 25 -> 50; Parts and accessories of motor vehicles 0 -> 12.5; Other 1 -> 2"
    assert exposure.rename_change(text, names) == "鉄鋼 25 -> 50; 自動車部品 0 -> 12.5; Other 1 -> 2"
    assert exposure.rename_change("", names) == ""
