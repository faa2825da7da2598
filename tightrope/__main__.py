"""Command line: ``python -m tightrope validate [--lang ja] [DATA_DIR]``, ``python -m tightrope manifest [DATA_DIR]``,
``python -m tightrope exposure JPN --on YYYY-MM-DD [--scenario ID] [--data DATA_DIR]`` and
``python -m tightrope check-deploy URL`` (a deployed dashboard through its proxy: ``deploy/check.py``).

Prints one line per problem (file, row, column, value, what is wrong, how to fix it) and a
summary, in English or (``--lang ja``) Japanese; exits 1 when there is any error, 0 otherwise
(warnings alone do not fail).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tightrope import i18n
from tightrope.i18n import gettext as _
from tightrope.store import data_dir, load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tightrope", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate a data folder")
    v.add_argument(
        "data_dir", nargs="?", type=Path, default=None, help="data folder (default: $TIGHTROPE_DATA_DIR or data/)"
    )
    v.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT, help="language of the report (en or ja)")
    mf = sub.add_parser("manifest", help="rewrite data/MANIFEST.json checksums and row counts")
    mf.add_argument("data_dir", nargs="?", type=Path, default=None)
    mf.add_argument("--current-to", default=None, help="YYYY-MM-DD: events checked up to this date")
    mf.add_argument("--researched-on", default=None, help="YYYY-MM-DD: when sources were last searched")
    ex = sub.add_parser(
        "exposure", help="the effective (trade-weighted) additional US tariff on a country's goods on a date"
    )
    ex.add_argument("target", help="ISO 3166-1 alpha-3 code of the exporting country, e.g. JPN")
    ex.add_argument("--on", required=True, help="YYYY-MM-DD: the day whose measures in force count")
    ex.add_argument(
        "--scenario",
        default=None,
        help="a preset id of scenarios.csv, or changes like 'autos=25:additional; all_goods=15:floor' (hypothetical)",
    )
    ex.add_argument("--data", type=Path, default=None, help="data folder (default: $TIGHTROPE_DATA_DIR or data/)")
    cd = sub.add_parser(
        "check-deploy", help="open a real session through a deployed address and say what is wrong", add_help=False
    )
    cd.add_argument("rest", nargs=argparse.REMAINDER)
    # check-deploy's own options (--help included) are parsed by deploy/check.py
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "check-deploy":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "exposure":
        return _exposure(args)
    if args.command == "check-deploy":
        # deploy/ speaks Streamlit's protocol (its protobuf classes); tightrope itself never imports Streamlit.
        from deploy import check

        return check.main(extra + args.rest)
    if args.command == "manifest":
        from tightrope import manifest

        out = manifest.write(args.data_dir or data_dir(), current_to=args.current_to, researched_on=args.researched_on)
        print(f"wrote MANIFEST.json: current to {out['current_to']}, {len(out['tables'])} tables")
        return 0
    i18n.set_language(args.lang)
    folder = args.data_dir or data_dir()
    if not folder.is_dir():
        print(_("error: {folder} is not a folder").format(folder=folder), file=sys.stderr)
        return 2
    ds = load_dataset(folder)
    for problem in ds.report.problems:
        print(problem)
    rows = ", ".join(f"{name} {len(frame)}" for name, frame in ds.tables.items())
    print(_("{folder}: {summary}; valid rows: {rows}").format(folder=folder, summary=ds.report.summary(), rows=rows))
    return 1 if ds.report.errors else 0


def _exposure(args) -> int:
    """``exposure TARGET --on DAY``: the table and effective rate (or, without product weights,
    the general rate labelled as such). Exit 2 on a bad date, code or folder."""
    from tightrope import exposure
    from tightrope.schema import is_iso3, is_iso_date

    target = args.target.strip().upper()
    if not is_iso_date(args.on):
        print(f"error: --on {args.on!r} is not a date written YYYY-MM-DD, e.g. 2025-09-16", file=sys.stderr)
        return 2
    if not is_iso3(target):
        print(f"error: {args.target!r} is not an ISO 3166-1 alpha-3 code such as JPN, CHN or VNM", file=sys.stderr)
        return 2
    folder = args.data or data_dir()
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    ds = load_dataset(folder)
    if ds.report.errors:
        print(
            f"note: {len(ds.report.errors)} data error(s); those rows are left out (run: python -m tightrope validate)",
            file=sys.stderr,
        )
    if args.scenario is not None:
        return _scenario(ds, target, args.on, args.scenario)
    print(exposure.format_report(exposure.report(ds, target, args.on)))
    return 0


def _scenario(ds, target: str, on: str, value: str) -> int:
    """``exposure TARGET --on DAY --scenario ID``: the hypothetical table next to the baseline.
    Exit 2 for an unknown preset, malformed changes or a target without product weights."""
    from tightrope import currency, exposure, scenarios

    exp = exposure.of_dataset(ds, target)
    if exp is None:
        print(
            f"error: no product weights are sourced for {target}; a scenario needs an effective rate", file=sys.stderr
        )
        return 2
    try:
        pid, changes = scenarios.resolve(value, scenarios.of_dataset(ds), set(ds["product_groups"]["product"]))
    except scenarios.ChangesError as exc:
        print(f"error: --scenario {exc}", file=sys.stderr)
        return 2
    ov = scenarios.overlay(exp, on, changes, scenarios.general_of_dataset(ds, target))
    rate = currency.of_dataset(ds, exp.weights.year)
    print(scenarios.format_overlay(ov, target, pid or scenarios.format_changes(changes), rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
