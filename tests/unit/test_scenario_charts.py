"""The scenario figures are built without plotly's validation (for speed): check here that plotly
accepts the same specs, and that the waterfall adds up from the baseline to the scenario."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from components import scenario_charts
from tests.conftest import MINI
from tightrope import exposure, scenarios
from tightrope.store import load_dataset


@pytest.fixture(scope="module")
def ov():
    ds = load_dataset(MINI)
    changes = scenarios.parse_changes("autos=25:additional; all_goods=20:floor")
    return scenarios.overlay(
        exposure.of_dataset(ds), "2025-10-01", changes, scenarios.general_steps(ds["trade_measures"], "JPN")
    )


@pytest.mark.parametrize("big", [False, True])
def test_specs_are_valid_plotly(ov, big):
    for fig in (
        scenario_charts.waterfall(ov.table, ov.baseline, ov.scenario, big=big),
        scenario_charts.by_group(ov.table, big=big),
    ):
        go.Figure(fig.to_dict())  # raises on any invalid property


def test_waterfall_adds_up(ov):
    w = scenario_charts.waterfall(ov.table, ov.baseline, ov.scenario).to_dict()["data"][0]
    assert w["measure"][0] == "absolute" and w["measure"][-1] == "total"
    assert w["y"][0] + sum(w["y"][1:-1]) == pytest.approx(w["y"][-1])
    assert w["y"][-1] == ov.scenario and w["x"][-1] == "scenario<br>(hypothetical)"


def test_waterfall_axis_title_fits_the_projector_chart(ov):
    """In presentation mode the waterfall is 330 px tall in 18 px type: its y-axis title must fit the
    plot height (the Source Sans capitals-and-lowercase mix measures about 0.4 em per character in the
    1280x720 screenshots; 0.45 leaves a margin), or the browser cuts it mid-word."""
    for big, height in ((False, 380), (True, 330)):
        layout = scenario_charts.waterfall(ov.table, ov.baseline, ov.scenario, big=big, height=height).to_dict()
        title = layout["layout"]["yaxis"]["title"]["text"]
        size = layout["layout"]["yaxis"]["title"]["font"]["size"]
        assert len(title) * size * 0.45 < height - 80, (big, title)
