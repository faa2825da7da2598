"""Figures of a hypothetical tariff scenario (:class:`tightrope.scenarios.Overlay`): the waterfall
from the baseline's effective rate to the scenario's, and the additional duty per group side by
side. Scenario marks are vermillion and named hypothetical in the legend and axis labels, so a
hypothetical bar never passes for a recorded one; every label passes
:func:`components.safe.plotly_text`.

Speed: a control change on the Scenarios page redraws both figures, so they are written as plain
plotly specs and wrapped without plotly's per-property validation (``_validate=False``: 10x
faster); ``tests/unit/test_scenario_charts.py`` validates the same specs with plotly."""

from __future__ import annotations

import plotly.graph_objects as go

from components.safe import plotly_text as t
from tightrope.i18n import gettext as _

BASELINE_COLOUR = "#0072B2"  # Okabe & Ito blue: what is in force
SCENARIO_COLOUR = "#D55E00"  # vermillion: hypothetical
UP, DOWN = "#D55E00", "#009E73"


def _layout(*, height: int, big: bool, **axes) -> dict:
    """The house layout of :func:`components.charts._layout` (font sizes, margins, legend on top) as a spec."""
    size = 18 if big else 14
    font = {"size": size}
    out = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "font": font,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "font": font},
        "hoverlabel": {"font": {"size": size}},
    }
    for name, extra in axes.items():
        out[name] = {"tickfont": font, "title": {"font": font, "text": extra.pop("title", "")}, **extra}
    return out


def waterfall(table, baseline: float, scenario: float, *, big: bool = False, height: int = 380) -> go.Figure:
    """Baseline effective rate -> each changed group's contribution (share x change, points) ->
    scenario effective rate. ``table``: the overlay table (``name``, ``share_pct``,
    ``delta_pct``)."""
    moved = table[table["delta_pct"].abs() > 1e-12].copy()
    moved["contrib"] = moved["share_pct"] * moved["delta_pct"] / 100.0
    moved = moved.reindex(moved["contrib"].abs().sort_values(ascending=False).index)
    x = [_("baseline<br>(in force)")] + [t(n, 28, 12) for n in moved["name"]] + [_("scenario<br>(hypothetical)")]
    y = [baseline] + list(moved["contrib"]) + [scenario]
    text = (
        [f"{baseline:.1f}%"]
        + [_("{value} pp").format(value=f"{v:+.2f}") for v in moved["contrib"]]
        + [f"{scenario:.1f}%"]
    )
    trace = {
        "type": "waterfall",
        "x": x,
        "y": y,
        "measure": ["absolute"] + ["relative"] * len(moved) + ["total"],
        "text": text,
        "textposition": "outside",
        "cliponaxis": False,
        "increasing": {"marker": {"color": UP}},
        "decreasing": {"marker": {"color": DOWN}},
        "totals": {"marker": {"color": SCENARIO_COLOUR}},  # its label says "scenario (hypothetical)"
        "connector": {"line": {"color": "#8C8C8C", "width": 1}},
        "hovertemplate": "%{x}: %{text}<extra></extra>",
    }
    top = max(baseline, scenario, 1.0)
    layout = _layout(
        height=height,
        big=big,
        # the long title is cut at a projector's chart height; the footer gives the full unit
        yaxis={
            "title": _("effective rate (percent)") if big else _("effective additional US tariff (percent)"),
            "ticksuffix": "%",
            "range": [0, top * 1.25],
        },
        xaxis={"tickangle": 0, "automargin": True},
    )
    return go.Figure({"data": [trace], "layout": layout}, _validate=False)


def by_group(table, *, big: bool = False, height: int = 420) -> go.Figure:
    """Horizontal bars per group: additional duty in force (baseline) and under the scenario
    (vermillion), points over MFN. ``table``: the overlay table."""
    r = table.iloc[::-1]
    names = [t(n, 28) for n in r["name"]]
    baseline = {
        "type": "bar",
        "y": names,
        "x": list(r["baseline_pct"]),
        "orientation": "h",
        "name": _("baseline: in force"),
        "marker": {"color": BASELINE_COLOUR},
        "text": [f"{v:.1f}" for v in r["baseline_pct"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [t(v, 60) for v in r["rate_in_force"]],
        "hovertemplate": "%{y}, "
        + _("in force")
        + ": %{customdata} = "
        + _("{value} pp").format(value="%{x:.2f}")
        + "<extra></extra>",
    }
    scenario = {
        "type": "bar",
        "y": names,
        "x": list(r["scenario_pct"]),
        "orientation": "h",
        "name": _("scenario (hypothetical)"),
        # hatched as well as vermillion: a hypothetical bar is told apart without its colour
        "marker": {"color": SCENARIO_COLOUR, "pattern": {"shape": "/"}},
        "text": [f"{v:.1f}" for v in r["scenario_pct"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [t(v, 60) for v in r["scenario_rate"]],
        "hovertemplate": "%{y}, "
        + _("scenario")
        + ": %{customdata} = "
        + _("{value} pp").format(value="%{x:.2f}")
        + "<extra></extra>",
    }
    layout = _layout(
        height=height,
        big=big,
        xaxis={
            "title": _("additional duty over MFN (percentage points)"),
            "ticksuffix": _("{value} pp").format(value=""),
            "rangemode": "tozero",
        },
        yaxis={},
    )
    layout |= {"barmode": "group", "bargap": 0.25}
    return go.Figure({"data": [baseline, scenario], "layout": layout}, _validate=False)
