"""The shared view cache (:func:`components.cache.shared`): the same data version and view give
every session the same work; another view or another data version gives new work; nothing per
viewer is shared; the cache stays bounded."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import cache
from tests.conftest import MINI, ROOT
from tightrope import i18n


@dataclass
class FakeData:
    folder: Path
    key: tuple


def test_same_key_same_object_other_data_or_view_rebuilt(monkeypatch):
    monkeypatch.setattr(cache, "_SHARED", type(cache._SHARED)())
    builds = []

    def build():
        builds.append(1)
        return object()

    v1 = FakeData(Path("/d"), (("a.csv", 1, 2, 3),))
    first = cache.shared(v1, "w", ("2025-01-01",), build)
    assert cache.shared(v1, "w", ("2025-01-01",), build) is first and len(builds) == 1
    assert cache.shared(v1, "w", ("2025-02-01",), build) is not first  # another view
    v2 = FakeData(Path("/d"), (("a.csv", 1, 2, 4),))  # a saved file: new fingerprint
    assert cache.shared(v2, "w", ("2025-01-01",), build) is not first
    assert cache.shared(v1, "other", ("2025-01-01",), build) is not first  # another kind of work
    assert len(builds) == 4


def test_the_cache_is_bounded_and_drops_the_least_recently_used(monkeypatch):
    monkeypatch.setattr(cache, "_SHARED", type(cache._SHARED)())
    monkeypatch.setattr(cache, "SHARED_MAX_ENTRIES", 3)
    ds = FakeData(Path("/d"), ())
    keep = cache.shared(ds, "w", (0,), object)
    for i in range(1, 5):
        cache.shared(ds, "w", (0,), object)  # used again: stays
        cache.shared(ds, "w", (i,), object)
    assert len(cache._SHARED) == 3
    assert cache.shared(ds, "w", (0,), object) is keep
    assert cache.shared(ds, "w", (1,), object) is not None and len(cache._SHARED) == 3


def test_the_language_is_part_of_the_key(monkeypatch):
    monkeypatch.setattr(cache, "_SHARED", type(cache._SHARED)())
    ds = FakeData(Path("/d"), ())
    try:
        i18n.set_language("ja")
        ja = cache.shared(ds, "w", (0,), object)
        i18n.set_language("en")
        en = cache.shared(ds, "w", (0,), object)
        assert en is not ja  # results hold translated text: never handed to the other language
        assert cache.shared(ds, "w", (0,), object) is en
        i18n.set_language("ja")
        assert cache.shared(ds, "w", (0,), object) is ja
    finally:
        i18n.set_language("en")


def _session(data_dir: Path, monkeypatch, as_of: str, lang: str | None = None) -> AppTest:
    monkeypatch.setenv("TIGHTROPE_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["asof"] = as_of
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _deck(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


@pytest.fixture
def builds(monkeypatch):
    """Counts the map decks and event charts built (all sessions of this process)."""
    from components import charts, mapview

    monkeypatch.setattr(cache, "_SHARED", type(cache._SHARED)())
    counts = {"deck": 0, "events": 0}
    real_deck, real_events = mapview.build_deck, charts.event_timeline

    def deck(*a, **k):
        counts["deck"] += 1
        return real_deck(*a, **k)

    def events(*a, **k):
        counts["events"] += 1
        return real_events(*a, **k)

    monkeypatch.setattr(mapview, "build_deck", deck)
    monkeypatch.setattr(charts, "event_timeline", events)
    return counts


def test_a_second_session_with_the_same_view_gets_the_same_map_and_chart(builds, monkeypatch):
    one = _session(MINI, monkeypatch, "2025-12-31")
    two = _session(MINI, monkeypatch, "2025-12-31")
    assert builds == {"deck": 1, "events": 1}  # the second session built nothing
    assert _deck(one) == _deck(two)
    assert one.get("plotly_chart")[0].proto.spec == two.get("plotly_chart")[0].proto.spec
    # the second viewer moves the as-of date: new work for that view, the first viewer's is kept
    two.date_input(key="asof").set_value(date(2025, 5, 1)).run()
    assert builds == {"deck": 2, "events": 2}
    assert _deck(two) != _deck(one)
    assert two.session_state["asof"] != one.session_state["asof"]  # the view itself is per session


def test_a_saved_file_gives_new_work(builds, monkeypatch, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    before = _deck(_session(folder, monkeypatch, "2025-05-01"))
    measures = folder / "trade_measures.csv"
    text = measures.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("fx-baseline,"))
    measures.write_text(text.replace(row, row.replace(",10,", ",12,", 1)), encoding="utf-8")
    after = _deck(_session(folder, monkeypatch, "2025-05-01"))
    assert builds["deck"] == 2  # the fingerprint changed: the deck was built again
    assert after["layers"][0]["getFillColor"] != before["layers"][0]["getFillColor"]


def _tooltips(deck: dict) -> list[str]:
    return [r["tooltip"] for layer in deck["layers"] if layer["id"] == "capitals" for r in layer["data"]]


def test_a_japanese_and_an_english_session_do_not_share_figures_or_decks(builds, monkeypatch):
    try:
        ja = _session(MINI, monkeypatch, "2025-12-31", "ja")
        en = _session(MINI, monkeypatch, "2025-12-31", "en")
        assert builds == {"deck": 2, "events": 2}  # same view, other language: built again
        ja_tips, en_tips = _tooltips(_deck(ja)), _tooltips(_deck(en))
        assert any("の首都" in t for t in ja_tips) and not any("capital of" in t for t in ja_tips)
        assert any("capital of" in t for t in en_tips) and not any("の首都" in t for t in en_tips)
        assert ja.get("plotly_chart")[0].proto.spec != en.get("plotly_chart")[0].proto.spec
        # a second Japanese session gets the Japanese work, not the English built after it
        again = _session(MINI, monkeypatch, "2025-12-31", "ja")
        assert builds == {"deck": 2, "events": 2}
        assert _deck(again) == _deck(ja)
    finally:
        i18n.set_language("en")
