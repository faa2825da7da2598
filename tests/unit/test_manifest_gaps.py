"""Known gaps in MANIFEST.json: read defensively (the file is edited by hand) and kept when the
checksums are refreshed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import DATA, MINI
from tightrope import manifest
from tightrope.store import load_dataset


def test_bundled_manifest_lists_the_known_gaps():
    gaps = manifest.gaps(DATA)
    assert {g["topic"] for g in gaps} >= {"events", "trade"}
    assert any("ASEAN" in g["text"] for g in gaps if g["topic"] == "trade")
    assert load_dataset(DATA).gaps == gaps


def test_malformed_gap_entries_are_skipped_and_refresh_keeps_the_rest(tmp_path: Path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    man = manifest.read(folder) or {"current_to": "2025-12-31", "researched_on": "2025-12-31", "note": "", "tables": {}}
    man["gaps"] = [
        {"topic": "trade", "text": "  ASEAN missing  "},
        {"topic": "weather", "text": "unknown topic"},
        {"topic": "events"},
        "just a string",
        {"topic": "contacts", "text": ""},
    ]
    (folder / manifest.NAME).write_text(json.dumps(man), encoding="utf-8")
    assert manifest.gaps(folder) == [{"topic": "trade", "text": "ASEAN missing", "text_ja": ""}]
    manifest.write(folder)
    assert manifest.read(folder)["gaps"] == man["gaps"]  # refreshing checksums never drops the curators' list
    (folder / manifest.NAME).write_text(json.dumps({**man, "gaps": {"not": "a list"}}), encoding="utf-8")
    assert manifest.gaps(folder) == []
    (folder / manifest.NAME).write_text("{broken", encoding="utf-8")
    assert manifest.gaps(folder) == []


def test_the_built_geometry_checksum_is_recorded_and_checked(tmp_path):
    import shutil

    from tests.conftest import DATA

    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns(".backups"))
    folder = tmp_path / "data"
    assert manifest.read(folder)["geo"]["geo/countries_110m.geojson"]["sha256"]
    assert not [p for p in manifest.check(folder) if "geojson" in p.column]
    geo = folder / "geo" / "countries_110m.geojson"
    geo.write_text(geo.read_text().replace('"JPN"', '"JPX"', 1))
    assert [p.column for p in manifest.check(folder)] == ["geo/countries_110m.geojson"]
    assert "geo" in manifest.write(folder) and not manifest.check(folder)


def test_a_gap_may_carry_its_japanese_text(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "MANIFEST.json").write_text(
        json.dumps(
            {
                "gaps": [
                    {"topic": "trade", "text": "ASEAN missing", "text_ja": "ASEANの数値なし"},
                    {"topic": "trade", "text": "x", "text_ja": 3},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert [g["text_ja"] for g in manifest.gaps(folder)] == ["ASEANの数値なし", ""]
