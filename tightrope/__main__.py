"""Command line: ``python -m tightrope validate [DATA_DIR]``, ``python -m tightrope manifest [DATA_DIR]``
and ``python -m tightrope check-deploy URL`` (a deployed dashboard through its proxy: ``deploy/check.py``).

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
    v.add_argument(
        "data_dir", nargs="?", type=Path, default=None, help="data folder (default: $TIGHTROPE_DATA_DIR or data/)"
    )
    mf = sub.add_parser("manifest", help="rewrite data/MANIFEST.json checksums and row counts")
    mf.add_argument("data_dir", nargs="?", type=Path, default=None)
    mf.add_argument("--current-to", default=None, help="YYYY-MM-DD: events checked up to this date")
    mf.add_argument("--researched-on", default=None, help="YYYY-MM-DD: when sources were last searched")
    cd = sub.add_parser(
        "check-deploy", help="open a real session through a deployed address and say what is wrong", add_help=False
    )
    cd.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command == "check-deploy":
        # deploy/ speaks Streamlit's protocol (its protobuf classes); tightrope itself never imports Streamlit.
        from deploy import check

        return check.main(args.rest)
    if args.command == "manifest":
        from tightrope import manifest

        out = manifest.write(args.data_dir or data_dir(), current_to=args.current_to, researched_on=args.researched_on)
        print(f"wrote MANIFEST.json: current to {out['current_to']}, {len(out['tables'])} tables")
        return 0
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
