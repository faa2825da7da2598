"""Plotly figures of components/charts.py that are re-sent on every as-of change stay compact."""

from __future__ import annotations

import json

import pandas as pd

from components import charts


def _events(n: int) -> pd.DataFrame:
    days = pd.date_range("2025-01-01", periods=n, freq="D")
    return pd.DataFrame(
        {
            "date": days,
            "track": ["US measures on Japan", "Japan-China contacts"] * (n // 2),
            "kind": ["took effect", "contact"] * (n // 2),
            "label": [f"event {i}" for i in range(n)],
            "source_id": [f"src-{i}" for i in range(n)],
            "other": ["USA", "CHN"] * (n // 2),
        }
    )


def test_event_timeline_sends_days_not_timestamps():
    events = _events(40)
    fig = charts.event_timeline(events, pd.Timestamp("2025-03-01"), {"USA": "United States", "CHN": "China"})
    spec = json.loads(fig.to_json())
    xs = [x for trace in spec["data"] for x in trace["x"]]
    assert sorted(xs) == [d.strftime("%Y-%m-%d") for d in events["date"]]  # the same days, 10 characters each
    assert all(trace["x"] for trace in spec["data"])


def test_every_as_of_line_is_labelled_with_the_day_in_the_viewers_language():
    """The as-of label is written once (charts._as_of_label): a date axis puts it right of the
    line; the yearly trade chart on the year, left of the line; the day in the viewer's format."""
    from tightrope import i18n

    as_of = pd.Timestamp("2025-03-01")
    timeline = charts.event_timeline(_events(4), as_of, {"USA": "United States", "CHN": "China"})
    yearly = pd.DataFrame(
        {
            "year": [2023, 2024],
            "partner": ["USA"] * 2,
            "flow": ["export"] * 2,
            "value": [1.0, 2.0],
            "source_id": ["a", "b"],
        }
    )
    trade = charts.trade_lines(yearly, {"USA": "United States"}, "export", "JPY_bn", as_of=as_of)
    for fig, x, side in ((timeline, as_of, "left"), (trade, 2025, "right")):
        (label,) = [a for a in fig.layout.annotations if a.text.startswith("as of")]
        assert (label.text, label.x, label.xanchor, label.font.color) == (
            "as of 2025-03-01",
            x,
            side,
            charts.AS_OF_GREY,
        )
    try:
        i18n.set_language("ja")
        fig = charts.event_timeline(_events(4), as_of, {"USA": "米国", "CHN": "中国"})
        assert any("2025年3月1日" in a.text for a in fig.layout.annotations)
    finally:
        i18n.set_language("en")
