"""Add the Japanese counterpart columns to the curated tables from the translators' files.

Usage: ``python scripts/add_translations.py STAGING_DIR [DATA_DIR]``. ``STAGING_DIR`` holds
``<table>_ja.csv`` files: the table's id column(s) and the ``*_ja`` columns. Rows are joined by
id; a row without a translation keeps its ``*_ja`` cells empty (the dashboard then shows the
English with a marker, and the Data page counts it). Translations whose id is no longer in the
table are listed, not added. Existing non-empty ``*_ja`` cells are kept.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

#: table -> the columns that identify a row in both files
KEYS = {
    "diplomatic_contacts": ("contact_id",),
    "statements": ("statement_id",),
    "story": ("step",),
    "trade_measures": ("measure_id",),
    "officeholders": ("person", "country", "office", "start"),
}


def merge(table: Path, staging: Path, keys: tuple[str, ...]) -> tuple[int, int, list[str]]:
    """Returns (rows translated, rows in the table, ids of translations not in the table)."""
    with table.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0].keys()) if rows else []
    with staging.open(encoding="utf-8-sig", newline="") as f:
        ja = {tuple(r[k] for k in keys): r for r in csv.DictReader(f)}
    new_cols = [c for c in next(iter(ja.values())).keys() if c.endswith("_ja")]
    header += [c for c in new_cols if c not in header]
    done = 0
    seen = set()
    for r in rows:
        key = tuple(r[k] for k in keys)
        t = ja.get(key)
        for c in new_cols:
            if not r.get(c):
                r[c] = t[c].strip() if t else ""
        if t:
            done += 1
            seen.add(key)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")
    return done, len(rows), [";".join(k) for k in ja if k not in seen]


def main(argv: list[str]) -> int:
    staging = Path(argv[1])
    data = Path(argv[2]) if len(argv) > 2 else Path("data")
    for name, keys in KEYS.items():
        src = staging / f"{name}_ja.csv"
        if src.exists():
            done, total, orphans = merge(data / f"{name}.csv", src, keys)
            print(f"{name}: {done} of {total} rows translated; not in the table: {', '.join(orphans) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
