"""Synthetic but valid data folders for the scale benchmark.

``synthesize(out_dir, multiplier)`` copies the bundled data folder (``data/`` or
``$TIGHTROPE_DATA_DIR``) to ``out_dir`` and grows two fact tables:

* ``diplomatic_contacts.csv`` to ``100 * multiplier`` rows, and
* ``trade_measures.csv`` to ``10 * multiplier`` rows,

never below the bundled row counts (multiplier 1 = the bundled data unchanged; 1,000 = 100,000
contacts and 10,000 measures). The bundled rows are kept; each new row is a clone of a random
bundled row with a new unique id (``synth-c-000001``, ``synth-m-000001`` ...) and:

* contacts: a start date drawn uniformly from 2023-01-01 to 2026-06-30 (the ``end`` keeps the
  template's duration), a random channel and a random counterpart, both drawn from the values
  the bundled table already uses (the counterpart never equals the initiator);
* measures: every date of the template shifted by one random offset, so ``announced <=
  effective <= ended`` still holds and every date stays inside 2023-01-01 to 2026-06-30, and a
  random target drawn from the bundled targets (the imposer never targets itself).

All other columns (sources, venues, participants, topics, summaries, rates, bases, statuses)
are copied from the template, so every row names an existing ``source_id`` and validates. The
date range stays inside the bundled one, so the default as-of date and window are the same at
every size. The other tables (and ``geo/``) are copied unchanged; a ``MANIFEST.json`` is copied
with its checksums and row counts refreshed (``tightrope.manifest.write``), so the copy raises no
checksum warning. Generation is deterministic (``seed``).

Command line: ``python -m bench.synth OUT_DIR MULTIPLIER [--seed N]``, then check it with
``python -m tightrope validate OUT_DIR``.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

from tightrope.store import data_dir

CONTACTS_PER_X = 100
MEASURES_PER_X = 10
LO = date(2023, 1, 1)
HI = date(2026, 6, 30)
MEASURE_DATES = ("announced", "effective", "ended")


def target_counts(multiplier: int, bundled_contacts: int, bundled_measures: int) -> tuple[int, int]:
    """Row counts (contacts, measures) of a data folder at ``multiplier``: 100 and 10 per unit,
    never fewer than the bundled rows; multiplier 1 keeps the bundled tables as they are."""
    if multiplier <= 1:
        return bundled_contacts, bundled_measures
    return max(bundled_contacts, CONTACTS_PER_X * multiplier), max(bundled_measures, MEASURES_PER_X * multiplier)


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if any((v or "").strip() for v in r.values())]
        return list(reader.fieldnames or []), rows


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _contacts(rows: list[dict[str, str]], n: int, rng: random.Random) -> list[dict[str, str]]:
    channels = sorted({r["channel"] for r in rows})
    counterparts = sorted({r["counterpart"] for r in rows})
    span = (HI - LO).days
    out = list(rows)
    for i in range(1, n - len(rows) + 1):
        r = dict(rng.choice(rows))
        start = LO + timedelta(days=rng.randrange(span + 1))
        old_start, old_end = _day(r["start"]), _day(r["end"])
        r["contact_id"] = f"synth-c-{i:06d}"
        r["start"] = start.isoformat()
        r["end"] = (start + (old_end - old_start)).isoformat() if old_start and old_end else ""
        r["channel"] = rng.choice(channels)
        choices = [c for c in counterparts if c != r["initiator"]]
        r["counterpart"] = rng.choice(choices)
        out.append(r)
    return out


def _measures(rows: list[dict[str, str]], n: int, rng: random.Random) -> list[dict[str, str]]:
    targets = sorted({r["target"] for r in rows})
    out = list(rows)
    for i in range(1, n - len(rows) + 1):
        r = dict(rng.choice(rows))
        days = [_day(r[c]) for c in MEASURE_DATES]
        known = [d for d in days if d]
        lo = (LO - min(known)).days
        hi = (HI - max(known)).days
        shift = timedelta(days=rng.randint(lo, hi) if lo <= hi else lo)
        for col, d in zip(MEASURE_DATES, days):
            r[col] = (d + shift).isoformat() if d else ""
        r["measure_id"] = f"synth-m-{i:06d}"
        r["target"] = rng.choice([t for t in targets if t != r["imposer"]])
        out.append(r)
    return out


def synthesize(
    out_dir: Path | str, multiplier: int, *, source: Path | str | None = None, seed: int = 20250506
) -> dict[str, int]:
    """Write a data folder ``multiplier`` times the size of ``source`` (default: the bundled
    data folder) into ``out_dir`` (created; existing table files are overwritten).

    Returns the row counts written: ``{"diplomatic_contacts": n, "trade_measures": m}``.
    Raises ``FileNotFoundError`` if the source folder lacks one of the two tables.
    """
    src = Path(source) if source is not None else data_dir()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for p in src.iterdir():
        if p.is_file() and p.suffix in (".csv", ".json", ".md"):
            shutil.copy2(p, out / p.name)
        elif p.is_dir() and p.name == "geo":
            shutil.copytree(p, out / p.name, dirs_exist_ok=True)
    rng = random.Random(seed)
    c_header, contacts = _read(src / "diplomatic_contacts.csv")
    m_header, measures = _read(src / "trade_measures.csv")
    n_contacts, n_measures = target_counts(multiplier, len(contacts), len(measures))
    contacts = _contacts(contacts, n_contacts, rng)
    measures = _measures(measures, n_measures, rng)
    _write(out / "diplomatic_contacts.csv", c_header, contacts)
    _write(out / "trade_measures.csv", m_header, measures)
    if (out / "MANIFEST.json").exists():
        # keep the curators' dates; refresh the checksums so the copy raises no manifest warning
        from tightrope import manifest

        manifest.write(out)
    return {"diplomatic_contacts": len(contacts), "trade_measures": len(measures)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth", description="Write a synthetic data folder for the scale benchmark."
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("multiplier", type=int, help="1 = bundled; N = 100*N contacts and 10*N measures")
    parser.add_argument("--seed", type=int, default=20250506)
    args = parser.parse_args(argv)
    counts = synthesize(args.out_dir, args.multiplier, seed=args.seed)
    print(f"{args.out_dir}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
