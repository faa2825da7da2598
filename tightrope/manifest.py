"""``data/MANIFEST.json``: what date the data is current to, and a checksum per table.

Shape::

    {"current_to": "YYYY-MM-DD",      # the latest date the curators checked events up to
     "researched_on": "YYYY-MM-DD",   # when the sources were last searched
     "note": "...",                   # what is known to be missing, in one paragraph
     "gaps": [{"topic": "trade", "text": "..."}, ...],   # known gaps, one per entry (optional)
     "tables": {"sources.csv": {"sha256": "...", "rows": 186}, ...},
     "geo": {"geo/countries_110m.geojson": {"sha256": "..."}}}   # built geometry (data/geo/README.md)

``python -m tightrope manifest [DATA_DIR]`` rewrites the checksums and row counts (keeping the
dates, note and gaps); :func:`check` reports tables whose checksum no longer matches (a warning: the
analyst changed a file and should refresh the manifest when the change is reviewed).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from tightrope.files import file_sha256
from tightrope.i18n import gettext as _
from tightrope.schema import TABLES
from tightrope.validation import WARNING, Problem

NAME = "MANIFEST.json"
#: Built files (relative to the data folder) whose checksum the manifest records besides the tables.
GEO_FILES = ("geo/countries_110m.geojson",)


def read(folder: Path) -> dict:
    """The manifest as a dict, or ``{}`` when absent or unreadable."""
    try:
        return json.loads((Path(folder) / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def current_to(folder: Path) -> date | None:
    try:
        return date.fromisoformat(read(folder).get("current_to", ""))
    except ValueError:
        return None


#: Topics a gap may name; the page that shows it (``events`` and ``contacts`` show on Sources).
GAP_TOPICS = ("events", "measures", "contacts", "trade", "sources")


def gaps(folder: Path) -> list[dict[str, str]]:
    """Known gaps in the record: ``[{"topic": str, "text": str, "text_ja": str}, ...]`` from the
    manifest's ``gaps`` list (``text_ja``: the optional Japanese text, ``""`` when absent).
    Entries that are not objects with a known ``topic`` and a non-empty ``text`` are skipped
    (the manifest is edited by hand); ``[]`` when there are none."""
    out = []
    raw = read(folder).get("gaps")
    for entry in raw if isinstance(raw, list) else []:
        if (
            isinstance(entry, dict)
            and entry.get("topic") in GAP_TOPICS
            and isinstance(entry.get("text"), str)
            and entry["text"].strip()
        ):
            ja = entry.get("text_ja")
            out.append(
                {
                    "topic": entry["topic"],
                    "text": entry["text"].strip(),
                    "text_ja": ja.strip() if isinstance(ja, str) else "",
                }
            )
    return out


def _rows(path: Path) -> int:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    return max(0, sum(1 for rec in csv.reader(io.StringIO(text)) if any(c.strip() for c in rec)) - 1)


def write(
    folder: Path, *, current_to: str | None = None, researched_on: str | None = None, note: str | None = None
) -> dict:
    """Recompute checksums and row counts of every table file present; returns the manifest."""
    folder = Path(folder)
    old = read(folder)
    tables = {}
    for table in TABLES.values():
        p = folder / table.file
        if p.exists():
            tables[table.file] = {"sha256": file_sha256(p), "rows": _rows(p)}
    out = {
        "current_to": current_to or old.get("current_to", date.today().isoformat()),
        "researched_on": researched_on or old.get("researched_on", date.today().isoformat()),
        "note": note if note is not None else old.get("note", ""),
        **({"gaps": old["gaps"]} if "gaps" in old else {}),
        "tables": tables,
    }
    geo = {name: {"sha256": file_sha256(folder / name)} for name in GEO_FILES if (folder / name).exists()}
    if geo:
        out["geo"] = geo
    (folder / NAME).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def check(folder: Path) -> list[Problem]:
    """Warnings for tables (and built geometry) whose file no longer matches the manifest's checksum."""
    man = read(folder)
    problems = []
    for file, meta in [*man.get("tables", {}).items(), *man.get("geo", {}).items()]:
        p = Path(folder) / file
        if p.exists() and file_sha256(p) != meta.get("sha256"):
            problems.append(
                Problem(
                    NAME,
                    None,
                    file,
                    "",
                    _("{file} changed since the manifest was written").format(file=file),
                    _("when the change is reviewed, run: python -m tightrope manifest"),
                    WARNING,
                )
            )
    return problems
