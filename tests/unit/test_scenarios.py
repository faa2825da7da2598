"""What-if scenarios: the ``changes`` grammar, the overlay on the exposure baseline (hand-computed
on the fixture: autos 30% of exports, MFN 2.5; machinery 40%, MFN 1; steel 10%, MFN 0; other goods
20%, MFN 3), validation of scenarios.csv, the CLI line and the ``sc`` URL parameter."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pandas as pd
import pytest

from tests.conftest import DATA, MINI
from tightrope import exposure, scenarios, urlstate
from tightrope.__main__ import main
from tightrope.scenarios import Change, ChangesError, format_changes, overlay, parse_changes
from tightrope.store import load_dataset


@pytest.fixture(scope="module")
def mini():
    return load_dataset(MINI)


@pytest.fixture(scope="module")
def exp(mini):
    return exposure.of_dataset(mini)


# --- grammar --------------------------------------------------------------------------------------


def test_parse_and_format_round_trip():
    changes = parse_changes(" autos=25:additional ;all_goods=15:floor; steel=12.5:total ")
    assert changes == (
        Change("autos", 25.0, "additional"),
        Change("all_goods", 15.0, "floor"),
        Change("steel", 12.5, "total"),
    )
    text = format_changes(changes)
    assert text == "all_goods=15:floor; autos=25:additional; steel=12.5:total"
    assert set(parse_changes(text)) == set(changes)
    assert parse_changes("") == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("autos=1001:additional", "outside 0-1000"),
        ("autos=-5:additional", "not product=rate:basis"),
        ("autos=25", "not product=rate:basis"),
        ("autos=25:partial", "basis 'partial'"),
        ("chips=25:additional", "not a product group"),
        ("autos=25:additional; autos=10:floor", "named twice"),
        ("x" * 500, "characters long"),
    ],
)
def test_bad_changes_say_what_to_fix(text, words):
    with pytest.raises(ChangesError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_changes(text, {"autos", "steel"})


# --- the overlay ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2025-04-04", "2025-05-01", "2025-10-01", "2026-06-30"])
def test_no_change_scenario_equals_the_baseline_exactly(exp, mini, day):
    ov = overlay(exp, day, (), scenarios.general_steps(mini["trade_measures"], "JPN"))
    assert ov.scenario == exp.effective_on(day) and ov.baseline == exp.effective_on(day)
    assert ov.scenario_duty == exp.duty_on(day) == ov.baseline_duty
    assert (ov.table["scenario_pct"] == ov.table["baseline_pct"]).all()
    assert (ov.table["delta_duty"] == 0).all()


def test_autos_at_25_additional_moves_the_rate_by_share_times_change(exp, mini):
    # 2025-10-01: autos under the 15% all-in rate -> 15 - 2.5 = 12.5 points; to 25 additional: +12.5 points,
    # times autos' share 300/1000 = 0.3 -> +3.75 points (13.25% -> 17.0%)
    ov = overlay(
        exp, "2025-10-01", parse_changes("autos=25:additional"), scenarios.general_steps(mini["trade_measures"], "JPN")
    )
    assert ov.baseline == pytest.approx(13.25)
    assert ov.scenario - ov.baseline == pytest.approx(0.3 * (25.0 - 12.5), abs=1e-12)
    assert ov.scenario == pytest.approx(17.0)
    autos = ov.table.set_index("product").loc["autos"]
    assert (autos["baseline_pct"], autos["scenario_pct"], autos["changed_by"]) == (12.5, 25.0, "group")
    assert ov.scenario_duty - ov.baseline_duty == pytest.approx(300 * 12.5 / 100)  # JPY bn a year


def test_floor_basis_applies_each_groups_mfn(exp, mini):
    # 2025-05-01: machinery, steel and other goods take the +10% general rate; autos are under Section 232 (+25%)
    ov = overlay(
        exp, "2025-05-01", parse_changes("all_goods=15:floor"), scenarios.general_steps(mini["trade_measures"], "JPN")
    )
    t = ov.table.set_index("product")
    assert t.loc["machinery", "scenario_pct"] == 14.0  # MFN 1
    assert t.loc["steel", "scenario_pct"] == 15.0  # MFN 0
    assert t.loc["other_goods", "scenario_pct"] == 12.0  # MFN 3
    assert t.loc["autos", "scenario_pct"] == 25.0 and t.loc["autos", "scenario_rate"] == "as in force"
    assert ov.scenario == pytest.approx(0.4 * 14 + 0.3 * 25 + 0.1 * 15 + 0.2 * 12)
    # a floor below a group's MFN adds nothing to it
    low = overlay(
        exp, "2025-05-01", parse_changes("all_goods=2:floor"), scenarios.general_steps(mini["trade_measures"], "JPN")
    ).table.set_index("product")
    assert (low.loc["machinery", "scenario_pct"], low.loc["other_goods", "scenario_pct"]) == (1.0, 0.0)


def test_a_group_without_a_weight_counts_as_zero_and_is_named(exp, mini):
    ov = overlay(
        exp,
        "2025-10-01",
        (Change("semiconductors", 100.0, "additional"),),
        scenarios.general_steps(mini["trade_measures"], "JPN"),
    )
    assert ov.unweighted == ("semiconductors",)
    assert ov.scenario == ov.baseline


def test_a_general_tariff_that_stacks_on_section_232_stays_on_a_scenario_group(tmp_path):
    # the bundled record with its announced Section 301 row (12.5% on all Japanese goods) put in force
    # from 2026-07-24: a general tariff of a legal basis that stacks on the 15% floor on autos
    shutil.copytree(DATA, tmp_path / "data")
    path = tmp_path / "data" / "trade_measures.csv"
    tm = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = tm["measure_id"] == "us-jpn-301-forced-labor-12p5-2026"
    assert row.sum() == 1
    tm.loc[row, ["effective", "status"]] = ["2026-07-24", "in_effect"]
    tm.to_csv(path, index=False)
    ds = load_dataset(tmp_path / "data")
    exp = exposure.of_dataset(ds)
    ov = overlay(
        exp, "2026-07-31", parse_changes("autos=25:additional"), scenarios.general_steps(ds["trade_measures"], "JPN")
    )
    autos = ov.table.set_index("product").loc["autos"]
    assert autos["baseline_pct"] == pytest.approx(25.0)
    assert autos["scenario_pct"] == pytest.approx(25.0 + 12.5)
    assert "stacks" in autos["scenario_rate"]


# --- presets, validation ----------------------------------------------------------------------------


def test_bundled_presets_load_clean_and_resolve():
    ds = load_dataset(DATA)
    assert not [p for p in ds.report.errors if p.file == "scenarios.csv"]
    presets = scenarios.of_dataset(ds)
    assert len(presets) >= 5
    known = set(ds["product_groups"]["product"])
    for pid, p in presets.items():
        assert scenarios.resolve(pid, presets, known) == (pid, p.changes)
        # the same changes written out resolve to the preset
        assert scenarios.resolve(format_changes(p.changes), presets, known)[0] == pid
        assert set(p.source_ids) <= set(ds["sources"]["source_id"])


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "column", "words"),
    [
        ("autos=25:additional,A fixture", "chips=25:additional,A fixture", "changes", "not a product group"),
        ("autos=25:additional,A fixture", "autos=1500:additional,A fixture", "changes", "outside 0-1000"),
        ("autos=25:additional,A fixture", "autos 25 additional,A fixture", "changes", "product=rate:basis"),
        (",fx-official,Fixture row.", ",fx-missing,Fixture row.", "source_ids", "not in sources.csv"),
    ],
)
def test_bad_scenario_rows_name_file_row_column_and_fix(mini_copy, old, new, column, words):
    edit(mini_copy / "scenarios.csv", old, new)
    ds = load_dataset(mini_copy)
    [p] = [p for p in ds.report.errors if p.file == "scenarios.csv"]
    assert (p.row, p.column) == (2, column)
    assert words in p.message and p.fix
    assert list(ds["scenarios"]["scenario_id"]) == ["general-15-floor"]  # only the bad row is left out


def test_missing_required_cell(mini_copy):
    edit(mini_copy / "scenarios.csv", "all_goods=15:floor", "")
    ds = load_dataset(mini_copy)
    [p] = [p for p in ds.report.errors if p.file == "scenarios.csv"]
    assert (p.row, p.column) == (3, "changes")


# --- CLI and URL ------------------------------------------------------------------------------------


def test_cli_scenario_line(capsys):
    assert main(["exposure", "JPN", "--on", "2025-10-01", "--scenario", "autos-25", "--data", str(MINI)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("HYPOTHETICAL scenario autos-25")
    assert (
        out[-1]
        == "effective additional US tariff on JPN goods on 2025-10-01 under scenario autos-25: 17.0% (baseline 13.3%)"
    )


def test_cli_scenario_gives_the_duty_in_both_currencies_at_the_sourced_rate(capsys, mini_copy):
    assert main(["exposure", "JPN", "--on", "2025-10-01", "--scenario", "autos-25", "--data", str(MINI)]) == 0
    [no_rate] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("estimated annual duty")]
    # the mini weights are in yen: without a sourced rate, no dollar figure is guessed
    assert "USD" not in no_rate and "JPY" in no_rate and "no sourced 2024 yen-dollar rate" in no_rate
    (mini_copy / "exchange_rates.csv").write_text("year,jpy_per_usd,source_id,note\n2024,150,fx-official,test\n")
    assert main(["exposure", "JPN", "--on", "2025-10-01", "--scenario", "autos-25", "--data", str(mini_copy)]) == 0
    lines = capsys.readouterr().out.splitlines()
    [duty] = [line for line in lines if line.startswith("estimated annual duty")]
    usd = re.search(r"USD ([\d.,]+) bn in force -> ([\d.,]+) bn", duty)
    jpy = re.search(r"JPY ([\d.,]+) bn in force -> ([\d.,]+) bn", duty)
    for dollars, yen in zip(usd.groups(), jpy.groups()):
        assert float(yen.replace(",", "")) == pytest.approx(float(dollars.replace(",", "")) * 150, abs=8)
    assert "at 150.00 JPY/USD, the 2024 annual average" in duty
    assert lines[-1].startswith("effective additional US tariff on JPN goods")  # still the last line


def test_cli_bad_scenario_exits_2(capsys):
    assert (
        main(["exposure", "JPN", "--on", "2025-10-01", "--scenario", "autos=2000:additional", "--data", str(MINI)]) == 2
    )
    assert "outside 0-1000" in capsys.readouterr().err


def test_url_parameter_round_trip_and_bad_values():
    d = date(2025, 10, 1)
    default = urlstate.ViewState(as_of=d, window_start=date(2025, 1, 1), window_end=d)
    kw = dict(default=default, min_date=date(2025, 1, 1), max_date=d, countries=["JPN"], channels=[], topics=[])
    kw |= dict(scenario_ids=["autos-25"], scenario_groups=["autos", "steel"])
    custom = urlstate.parse({"sc": "steel=25:additional;all_goods=15:floor"}, **kw)
    assert custom.scenario == "all_goods=15:floor; steel=25:additional" and not custom.notices
    assert urlstate.parse(urlstate.to_params(custom, default), **kw).scenario == custom.scenario
    assert urlstate.parse({"sc": "autos-25"}, **kw).scenario == "autos-25"
    for bad in ("chips=25:additional", "autos=2000:additional", "nope", "autos=25:"):
        state = urlstate.parse({"sc": bad}, **kw)
        assert state.scenario is None and "sc=" in state.notices[0], bad
    assert "sc" not in urlstate.to_params(default, default)


def test_scenario_download_has_a_hypothetical_header_row():
    from tightrope.export import to_safe_csv

    data = to_safe_csv(pd.DataFrame({"a": [1]}), "HYPOTHETICAL SCENARIO, not a measure in force: x").decode("utf-8-sig")
    assert data.splitlines()[0] == '"HYPOTHETICAL SCENARIO, not a measure in force: x"'
    assert data.splitlines()[1:] == ["a", "1"]


def test_a_story_step_naming_a_missing_scenario_is_a_warning(mini_copy):
    story = mini_copy / "story.csv"
    lines = story.read_text(encoding="utf-8").splitlines()
    lines[0] += ",scenario"
    lines[1:] = [line + "," for line in lines[1:]]
    lines.append("4,What could happen,2025-10-01,scenarios,JPN,If autos went back to 25%.,fx-official,no-such-id")
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(mini_copy)
    [p] = [p for p in ds.report.problems if p.file == "story.csv"]
    assert (p.row, p.column, p.value, p.severity) == (5, "scenario", "no-such-id", "warning")
