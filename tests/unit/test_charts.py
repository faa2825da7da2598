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
