"""Figures of a hypothetical tariff scenario (:class:`tightrope.scenarios.Overlay`): the waterfall
from the baseline's effective rate to the scenario's, and the additional duty per group side by
side. Scenario marks are hatched, so a hypothetical bar never looks like a recorded one; every
label passes :func:`components.safe.plotly_text`."""

from __future__ import annotations

import plotly.graph_objects as go

from components.charts import _layout
from components.safe import plotly_text as t

BASELINE_COLOUR = "#0072B2"  # Okabe & Ito blue: what is in force
SCENARIO_COLOUR = "#D55E00"  # vermillion, hatched: hypothetical
UP, DOWN = "#D55E00", "#009E73"


def waterfall(table, baseline: float, scenario: float, *, big: bool = False, height: int = 380) -> go.Figure:
    """Baseline effective rate -> each changed group's contribution (share x change, points) ->
    scenario effective rate. ``table``: the overlay table (``name``, ``share_pct``,
    ``delta_pct``)."""
    moved = table[table["delta_pct"].abs() > 1e-12].copy()
    moved["contrib"] = moved["share_pct"] * moved["delta_pct"] / 100.0
    moved = moved.reindex(moved["contrib"].abs().sort_values(ascending=False).index)
    x = ["baseline (in force)"] + [t(n, 28) for n in moved["name"]] + ["scenario (hypothetical)"]
    y = [baseline] + list(moved["contrib"]) + [scenario]
    text = [f"{baseline:.1f}%"] + [f"{v:+.2f} pp" for v in moved["contrib"]] + [f"{scenario:.1f}%"]
    fig = go.Figure(
        go.Waterfall(
            x=x,
            y=y,
            measure=["absolute"] + ["relative"] * len(moved) + ["total"],
            text=text,
            textposition="outside",
            increasing=dict(marker=dict(color=UP)),
            decreasing=dict(marker=dict(color=DOWN)),
            totals=dict(marker=dict(color=SCENARIO_COLOUR)),
            connector=dict(line=dict(color="#8C8C8C", width=1)),
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.data[0].update(cliponaxis=False)
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    top = max(baseline, scenario, 1.0)
    fig.update_yaxes(range=[0, top * 1.25])
    return _layout(fig, height=height, big=big, y_title="effective additional US tariff (%)")


def by_group(table, *, big: bool = False, height: int = 420) -> go.Figure:
    """Horizontal bars per group: additional duty in force (baseline) and under the scenario
    (hatched), points over MFN. ``table``: the overlay table."""
    r = table.iloc[::-1]
    names = [t(n, 28) for n in r["name"]]
    fig = go.Figure(
        [
            go.Bar(
                y=names,
                x=r["baseline_pct"],
                orientation="h",
                name="baseline: in force",
                marker_color=BASELINE_COLOUR,
                text=[f"{v:.1f}" for v in r["baseline_pct"]],
                textposition="auto",
                customdata=[t(v, 60) for v in r["rate_in_force"]],
                hovertemplate="%{y}, in force: %{customdata} = %{x:.2f} pp<extra></extra>",
            ),
            go.Bar(
                y=names,
                x=r["scenario_pct"],
                orientation="h",
                name="scenario (hypothetical)",
                marker=dict(color=SCENARIO_COLOUR, pattern=dict(shape="/", fgcolor="#ffffff")),
                text=[f"{v:.1f}" for v in r["scenario_pct"]],
                textposition="auto",
                customdata=[t(v, 60) for v in r["scenario_rate"]],
                hovertemplate="%{y}, scenario: %{customdata} = %{x:.2f} pp<extra></extra>",
            ),
        ]
    )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(ticksuffix=" pp", rangemode="tozero")
    return _layout(fig, height=height, big=big, x_title="additional duty over MFN (percentage points)")
