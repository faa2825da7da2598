"""AppTest for every page: no exception, no error box, and the expected map, charts and tables.

Runs on the small fixture folder (fast, known values) and on the bundled data."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from tests.conftest import DATA, MINI
from tests.support.apptest import open_page, table_with
from tightrope import registry

#: page script -> (plotly charts, pydeck maps, dataframes) at least
EXPECTED = {
    "pages/overview.py": (1, 1, 0),  # the tables behind the map and the chart only when asked for (below)
    "pages/tariffs.py": (1, 0, 2),  # the rate comparison is a note when no general tariff is in force
    "pages/exposure.py": (2, 0, 2),
    "pages/scenarios.py": (2, 0, 1),
    "pages/diplomacy.py": (1, 1, 1),
    "pages/southeast_asia.py": (1, 0, 2),
    "pages/trade.py": (1, 0, 1),
    "pages/sources.py": (0, 0, 1),
    "pages/data.py": (0, 0, 1),
}


def test_every_registered_page_is_tested():
    assert list(EXPECTED) == [p.path for p in registry.PAGES]


@pytest.mark.parametrize("data_dir", [MINI, DATA], ids=["fixture", "bundled"])
@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_renders(page, data_dir):
    at = open_page(page, data_dir)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    charts, maps, frames = EXPECTED[page]
    for found, expected in (
        (at.get("plotly_chart"), charts),
        (at.get("deck_gl_json_chart"), maps),
        (at.dataframe, frames),
    ):
        # at least the expected number; none at all where none is expected
        assert len(found) >= expected and (expected > 0 or len(found) == 0)
    assert at.title[0].value  # every page has a title


def test_chart_as_text_is_built_only_when_asked_for():
    """The tables behind the map and the chart are not sent while their switch is off (see
    components.blocks.as_text); on, the summary and the table show."""
    at = open_page("pages/overview.py", MINI, {"asof": "2025-10-01"})
    switches = [t for t in at.toggle if t.label == "Chart as text and table"]
    assert len(switches) == 2 and not at.dataframe
    switches[0].set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 1
    assert any(m.value.startswith("Map as of") for m in at.markdown)  # the map's summary (escaped Markdown)


def test_overview_kpis_follow_the_as_of_date():
    at = open_page("pages/overview.py", MINI, {"asof": "2025-05-01"})
    values = {m.label: m.value for m in at.metric}
    assert values["US tariff on Japanese autos"] == "25%"
    assert values["US tariff on other goods"] == "10%"
    assert values["Japan–US contacts"] == "2"
    assert values["Japan–China contacts"] == "1"
    at.date_input(key="asof").set_value(__import__("datetime").date(2025, 9, 16)).run()
    values = {m.label: m.value for m in at.metric}
    assert values["US tariff on Japanese autos"] == "15%"
    assert values["US tariff on other goods"] == "15%"
    assert at.query_params["asof"] in ("2025-09-16", ["2025-09-16"])


def test_tariffs_table_lists_measures_in_force_on_as_of():
    at = open_page("pages/tariffs.py", MINI, {"asof": "2025-05-01"})
    table = table_with(at, "measure_id")
    assert set(table["measure_id"]) == {"fx-baseline", "fx-jpn-autos-25"}


def test_diplomacy_filters_narrow_the_table():
    at = open_page("pages/diplomacy.py", MINI, {"asof": "2025-12-31"})
    assert len(table_with(at, "summary")) == 6
    at.multiselect(key="counterparts").set_value(["USA"]).run()
    assert set(table_with(at, "summary")["counterpart"]) == {"USA"}


def test_bad_url_parameter_shows_notice_not_error():
    at = open_page("pages/overview.py", MINI, {"asof": "not-a-date", "c": "XXX"})
    assert not at.exception
    notices = [t.value for t in at.toast]
    assert any("asof" in n for n in notices)


def test_southeast_asia_compares_japan_china_and_the_us():
    import json

    at = open_page("pages/southeast_asia.py", DATA, {"asof": "2025-12-31", "from": "2025-01-01", "to": "2025-12-31"})
    assert not at.exception
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = next(f for f in figs if any(t.get("type") == "bar" and t.get("name") == "China" for t in f["data"]))
    names = {t["name"] for t in bars["data"]}
    assert names == {"Japan", "China", "United States"}
    us = next(t for t in bars["data"] if t["name"] == "United States")
    y = us["y"]
    if isinstance(y, dict):  # plotly sends numeric arrays base64-encoded
        import base64

        import numpy as np

        y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])
    assert sum(y) >= 5  # Trump's calls and Kuala Lumpur meetings with the region in 2025
    contacts = table_with(at, "power")
    assert {"JPN", "CHN", "USA"} <= set(contacts["power"])


def test_play_steps_move_the_as_of_date_by_the_chosen_unit():
    import datetime as dt

    at = open_page("pages/overview.py", MINI, {"asof": "2025-05-01"})
    at.button(key="play-fwd").click().run()
    assert at.date_input(key="asof").value == dt.date(2025, 6, 1)  # a calendar month
    at.segmented_control(key="play_step").set_value("week").run()
    at.button(key="play-back").click().run()
    assert at.date_input(key="asof").value == dt.date(2025, 5, 25)
    assert at.query_params["asof"] in ("2025-05-25", ["2025-05-25"])
    assert not at.exception


def test_sources_and_trade_pages_show_the_known_gaps():
    at = open_page("pages/sources.py", DATA)
    gaps = [e for e in at.expander if e.label.startswith("Known gaps in the record")]
    assert gaps and "ASEAN" in " ".join(m.value for m in gaps[0].markdown)
    at.switch_page("pages/trade.py")
    at.run()
    gaps = [e for e in at.expander if e.label.startswith("Known gaps in the record")]
    text = " ".join(m.value for m in gaps[0].markdown)
    assert "ASEAN" in text and "APEC" not in text  # the Trade page lists only trade gaps
    assert not at.exception


def test_tariffs_page_lists_only_rows_that_apply_and_stops_at_the_as_of_date():
    import json

    at = open_page("pages/tariffs.py", DATA, {"asof": "2025-10-01"})
    table = table_with(at, "measure_id")
    assert "us-jpn-ieepa-reciprocal-15-2025" in set(table["measure_id"])
    assert "us-all-ieepa-baseline-10-2025" not in set(table["measure_id"])  # replaced for Japan by the 15% floor
    steps = json.loads(next(c for c in at.get("plotly_chart") if "hv" in c.proto.spec).proto.spec)
    last = max(x for tr in steps["data"] if tr.get("line", {}).get("shape") == "hv" for x in tr["x"])
    assert str(last)[:10] == "2025-10-01"  # nothing after the as-of date is drawn


def test_empty_rate_comparison_explains_itself(tmp_path):
    # The bundled data without any general tariff taking effect after the Section 122 surcharge, so that
    # 2026-07-24 (the day the surcharge lapsed) has no general US tariff in force on Japanese goods.
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    measures = pd.read_csv(data / "trade_measures.csv", dtype=str, keep_default_na=False)
    later_general = (measures["product"] == "all_goods") & (measures["effective"] >= "2026-07-24")
    measures[~later_general].to_csv(data / "trade_measures.csv", index=False)
    at = open_page("pages/tariffs.py", data, {"asof": "2026-07-24"})
    notes = [i.value for i in at.info]
    assert any(
        "No US tariff on goods in general is recorded in force on 2026-07-24" in n and "Section 122" in n for n in notes
    )
    assert len(at.get("plotly_chart")) == 1  # the note replaces the empty comparison chart
    at = open_page("pages/tariffs.py", data, {"asof": "2025-10-01"})
    assert not any("No US tariff on goods in general" in i.value for i in at.info)


def test_a_renamed_optional_column_is_a_banner_on_the_page_that_uses_it(mini_copy):
    p = mini_copy / "diplomatic_contacts.csv"
    p.write_text(p.read_text().replace(",participants,", ",Participants,", 1))
    at = open_page("pages/diplomacy.py", mini_copy)
    assert not at.exception
    banners = [w.value for w in at.warning if "Participants" in w.value]
    assert banners and "rename the column" in banners[0] and "participants" in banners[0]


def test_rows_charts_and_footers_show_their_evidence_level():
    import json
    import re

    at = open_page("pages/tariffs.py", MINI, {"asof": "2025-05-01"})
    table = table_with(at, "measure_id")
    assert list(table.columns).index("evidence") == list(table.columns).index("source_id") + 1
    assert set(table["evidence"]) == {"official"}  # both rows cite the official fixture source
    footers = [c.value for c in at.caption if "**Sources:**" in c.value]
    assert footers and all(re.search(r"\*\*Sources:\*\* \d+ official, \d+ reported — ", f) for f in footers)
    steps = next(json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    hover = json.dumps([t.get("customdata") for t in steps["data"]])
    assert "evidence: official" in hover
    at.switch_page("pages/diplomacy.py")
    at.run()
    contacts = table_with(at, "summary")
    assert set(contacts["evidence"]) == {"reported"}  # the fixture contacts cite only a news story
    assert any("1 official" not in c.value and "0 official, 1 reported" in c.value for c in at.caption)
    assert not at.exception


def test_current_to_date_says_how_many_days_ago_it_was():
    from datetime import date

    from tightrope import manifest

    current_to = manifest.current_to(DATA)
    days = (date.today() - current_to).days
    expected = f"current to {current_to:%Y-%m-%d}, {days} days ago"
    at = open_page("pages/overview.py", DATA)
    texts = [c.value for c in at.caption] + [m.value for m in at.markdown] + [c.value for c in at.sidebar.caption]
    assert sum(expected in t for t in texts) >= 2  # the overview's intro and the sidebar


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def dates_after(at, day: str) -> list[str]:
    """Dates later than ``day`` in any plotly chart's data or shapes on the page."""
    late = []
    for chart in at.get("plotly_chart"):
        fig = json.loads(chart.proto.spec)
        for trace in fig["data"]:
            xs = trace.get("x", [])
            late += [f"{trace.get('name')}: {x}" for x in (xs if isinstance(xs, list) else []) if _late(x, day)]
        for shape in fig["layout"].get("shapes", []):
            late += [f"shape: {x}" for x in (shape.get("x0"), shape.get("x1")) if _late(x, day)]
    return late


def _late(x, day: str) -> bool:
    return isinstance(x, str) and bool(ISO_DAY.match(x)) and x[:10] > day


@pytest.mark.parametrize("day", ["2025-03-01", "2025-05-01", "2025-08-01"])
def test_time_travel_plots_nothing_after_the_as_of_date(day):
    for page in ("pages/tariffs.py", "pages/diplomacy.py", "pages/overview.py"):
        at = open_page(page, DATA, {"asof": day})
        assert dates_after(at, "2024-12-31"), page  # the check sees the charts' dates
        assert dates_after(at, day) == [], f"{page} as of {day}"
