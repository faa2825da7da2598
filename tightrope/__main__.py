"""Command line: ``python -m tightrope validate [DATA_DIR]``.

Prints one line per problem (file, row, column, value, what is wrong, how to fix it) and a
summary; exits 1 when there is any error, 0 otherwise (warnings alone do not fail).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tightrope.store import data_dir, load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tightrope", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate a data folder")
    v.add_argument("data_dir", nargs="?", type=Path, default=None, help="data folder (default: $TIGHTROPE_DATA_DIR or data/)")
    args = parser.parse_args(argv)
    folder = args.data_dir or data_dir()
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    ds = load_dataset(folder)
    for problem in ds.report.problems:
        print(problem)
    rows = ", ".join(f"{name} {len(frame)}" for name, frame in ds.tables.items())
    print(f"{folder}: {ds.report.summary()}; valid rows: {rows}")
    return 1 if ds.report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
