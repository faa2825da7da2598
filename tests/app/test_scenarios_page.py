"""AppTest of the Scenarios page: a preset from the URL, a custom rate set with the controls (and
written to the URL), bad input leaving the baseline on screen, nothing hypothetical on the
Exposure page, and a story step that opens a scenario in presentation mode."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, MINI
from tests.support.apptest import open_app, open_page, table_with

PAGE = "pages/scenarios.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at) -> str:
    return " ".join(c.value for c in at.caption).replace("\\", "")


def test_a_preset_from_the_url_is_shown_next_to_the_baseline():
    at = open_page(PAGE, MINI, {"asof": "2025-10-01", "sc": "autos-25"})
    assert not at.exception and not at.error
    assert at.title[0].value == "Hypothetical scenario: Autos back to 25% additional"
    m = metrics(at)
    assert (m["Baseline: in force"], m["Scenario (hypothetical)"], m["Change"]) == ("13.3%", "17.0%", "+3.75 pp")
    assert len(at.get("plotly_chart")) == 2
    # every chart and the table say hypothetical underneath
    assert captions(at).count("Hypothetical scenario, not a measure in force") >= 3
    table = table_with(at, "scenario_pct").set_index("name")
    assert table.loc["Passenger cars", "scenario_pct"] == 25.0
    assert at.selectbox(key="sc_preset").value == "autos-25"
    assert at.selectbox(key="sc_basis_autos").value == "additional"


def test_a_custom_rate_changes_the_scenario_and_the_url():
    at = open_page(PAGE, MINI, {"asof": "2025-10-01"})
    assert metrics(at)["Scenario (hypothetical)"] == "13.3%"
    at.selectbox(key="sc_basis_machinery").set_value("additional").run()
    at.number_input(key="sc_rate_machinery").set_value(30.0).run()
    assert not at.exception and not at.error
    # machinery 40% of exports: 14 -> 30 points = +6.4 points
    assert metrics(at)["Scenario (hypothetical)"] == "19.6%"
    assert at.title[0].value == "Hypothetical scenario: custom"
    assert at.query_params["sc"] in ("machinery=30:additional", ["machinery=30:additional"])
    # picking a preset replaces the controls
    at.selectbox(key="sc_preset").set_value("general-15-floor").run()
    assert at.selectbox(key="sc_basis_machinery").value == "as in force"
    assert at.selectbox(key="sc_basis_all_goods").value == "floor"


@pytest.mark.parametrize("bad", ["autos=2000:additional", "chips=25:additional", "autos==", "no-such-preset"])
def test_bad_url_scenario_keeps_the_baseline(bad):
    at = open_page(PAGE, MINI, {"asof": "2025-10-01", "sc": bad})
    assert not at.exception
    assert any("sc=" in e.value.replace("\\", "") for e in at.error)
    m = metrics(at)
    assert m["Scenario (hypothetical)"] == m["Baseline: in force"] == "13.3%"
    assert at.title[0].value == "Hypothetical scenario: no change"


def test_a_group_without_a_weight_is_said_to_count_as_zero():
    at = open_page(PAGE, DATA, {"sc": "semis-100-threat"})
    assert not at.exception and not at.error
    assert any("semiconductors" in w.value and "zero" in w.value for w in at.warning)


def test_nothing_hypothetical_reaches_the_exposure_page():
    plain = open_page("pages/exposure.py", MINI, {"asof": "2025-10-01"})
    with_sc = open_page("pages/exposure.py", MINI, {"asof": "2025-10-01", "sc": "autos-25"})
    assert metrics(with_sc) == metrics(plain)
    assert not any("ypothetical" in t.value for t in [*with_sc.title, *with_sc.subheader])


def test_a_story_step_opens_a_scenario(mini_copy):
    story = mini_copy / "story.csv"
    lines = story.read_text(encoding="utf-8").splitlines()
    lines[0] += ",scenario"
    lines[1:] = [line + "," for line in lines[1:]]
    lines.append("4,What could happen,2025-10-01,scenarios,JPN;USA,If autos went back to 25%.,fx-official,autos-25")
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = open_app(mini_copy, {"present": "1", "step": "3"})
    assert not at.exception and not at.error
    at.button(key="story-next").click().run()
    assert not at.exception, [e.value for e in at.exception]  # the presentation layout of the page runs
    assert at.title[0].value == "Hypothetical scenario: Autos back to 25% additional"
    assert metrics(at)["Scenario (hypothetical)"] == "17.0%"
    assert any("Step 4 of 4" in m.value for m in at.markdown)
    # the link shows the step and its scenario
    assert at.query_params["sc"] in ("autos-25", ["autos-25"]) and at.query_params["step"] in ("4", ["4"])
    at.button(key="story-prev").click().run()
    assert not at.title[0].value.startswith("Hypothetical")


def test_duties_are_shown_in_dollars_and_yen_with_the_rate_and_its_source():
    at = open_page(PAGE, DATA, {"sc": "autos-back-to-25"})
    assert not at.exception and not at.error
    tiles = {m.label: (m.value, m.delta) for m in at.metric}
    value, delta = tiles["Annual duty (hypothetical)"]
    assert value.startswith("$") and value.endswith("billion")
    assert delta.startswith("¥")
    change, change_yen = tiles["Duty change (hypothetical)"]
    assert change.startswith("+$") and change_yen.startswith("+¥")
    table = table_with(at, "scenario_duty_jpy")
    # the yen column is the dollar column at the sourced 2024 rate
    assert (table["scenario_duty_jpy"] - table["scenario_duty_usd"] * 150.97).abs().max() < 1e-6
    assert "150.97" in captions(at)
    note = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "150.97 yen per US dollar" in note and "weeklynews.jp" in note


def test_duties_in_japanese_use_oku_and_cho_forms():
    at = open_page(PAGE, DATA, {"sc": "autos-back-to-25", "lang": "ja"})
    assert not at.exception and not at.error
    tiles = {m.label: (m.value, m.delta) for m in at.metric}
    value, delta = tiles["年間関税額（仮定）"]
    assert value.endswith("億ドル") and (delta.endswith("兆円") or delta.endswith("億円"))
    assert "関税額の変化（仮定）" in tiles


def test_without_a_rate_the_page_shows_one_currency_and_says_why():
    at = open_page(PAGE, MINI, {"asof": "2025-10-01", "sc": "autos-25"})  # the fixture: yen weights, no rate
    assert not at.exception and not at.error
    tiles = {m.label: (m.value, m.delta) for m in at.metric}
    value, delta = tiles["Annual duty (hypothetical)"]
    assert value.startswith("¥") and delta == "no dollar figure"
    assert "no sourced 2024 yen-dollar rate" in captions(at)
    assert "scenario_duty_usd" not in table_with(at, "scenario_pct").columns


def test_every_chart_and_the_table_say_hypothetical_underneath():
    at = open_page(PAGE, MINI, {"asof": "2025-10-01", "sc": "autos-25"})
    footers = [c.value.replace("\\", "") for c in at.caption if "**Unit:**" in c.value.replace("\\", "")]
    assert len(footers) == 4  # two charts and two tables
    assert all("Hypothetical scenario, not a measure in force" in f for f in footers)
    assert all("hypothetical" in s.value for s in at.subheader[:2])
    assert "Hypothetical" in at.title[0].value


def test_nothing_hypothetical_reaches_the_overview():
    plain = open_page("pages/overview.py", MINI, {"asof": "2025-10-01"})
    with_sc = open_page("pages/overview.py", MINI, {"asof": "2025-10-01", "sc": "autos-25"})
    assert metrics(with_sc) == metrics(plain)
    texts = [*with_sc.title, *with_sc.subheader, *with_sc.caption, *with_sc.markdown, *with_sc.metric]
    assert not any("ypothetical" in str(getattr(t, "value", "")) for t in texts)
