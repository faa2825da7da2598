"""Tightrope's benchmark: ``make bench`` (``python -m bench``).

Measures first paint of every page, interaction reruns, growth with data size, and memory over
many sessions, each as a ratio to an empty Streamlit app measured the same way in the same run,
and checks them against the budgets (see :mod:`bench.report`).

    python -m bench            full run (15-20 minutes on 2 cores); writes bench/RESULTS.md
    python -m bench --quick    smoke subset (1 first-paint run, no anatomy, sizes up to x100,
                               5 sessions; about 6 minutes);
                               writes bench/out/RESULTS-quick.md
    python -m bench --only scale --sizes 1,10    one section, chosen sizes
    python -m bench load --replicas 1,2 --sessions 10,30,100    viewers through nginx (bench/load.py)

The app measured is a snapshot of the working tree taken at the start (so edits made during the
run do not mix two versions of the code); --live measures the tree as it is.

Sections: first_paint, interaction, scale, sessions. Raw numbers go to bench/out/results*.json,
server logs to bench/out/logs/. The exit status is 0 even when a budget fails (the report says
which); it is 1 only when the benchmark itself could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTIONS = ["first_paint", "interaction", "scale", "sessions"]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["load"]:  # concurrent viewers over the websocket protocol (bench/load.py)
        sys.path.insert(0, str(HERE.parent))
        from bench import load

        return load.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench", description="Tightrope benchmark with budgets.")
    parser.add_argument("--quick", action="store_true", help="fast smoke subset: fewer runs, sizes up to x100")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections ({', '.join(SECTIONS)})")
    parser.add_argument(
        "--sizes", default=None, help="comma-separated multipliers (default 1,10,100,1000; --quick 1,10,100)"
    )
    parser.add_argument(
        "--live", action="store_true", help="measure the working tree itself (default: a snapshot taken at the start)"
    )
    parser.add_argument(
        "--render",
        type=Path,
        default=None,
        metavar="RESULTS_JSON",
        help="only rewrite the Markdown report from a saved results.json (no measuring)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="Markdown report path (default bench/RESULTS.md; --quick bench/out/RESULTS-quick.md)",
    )
    args = parser.parse_args(argv)

    root = HERE.parent
    sys.path.insert(0, str(root))
    from bench import machine, report, runner

    if args.render:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        md_path = args.out or HERE / "RESULTS.md"
        text = report.render(saved["results"], saved["machine"], saved["meta"])
        md_path.write_text(report.keep_appended(md_path, text), encoding="utf-8")
        runner.log(f"rendered {args.render} to {md_path}")
        return 0

    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    sizes = [int(x) for x in (args.sizes or ("1,10,100" if args.quick else "1,10,100,1000")).split(",")]
    out_dir = HERE / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path = args.out or (out_dir / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    json_path = out_dir / ("results-quick.json" if args.quick else "results.json")

    meta = {
        "command": "python -m bench"
        + (" --quick" if args.quick else "")
        + ("" if args.only == ",".join(SECTIONS) else f" --only {args.only}")
        + (f" --sizes {args.sizes}" if args.sizes else "")
        + (" --live" if args.live else ""),
        "started": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load_before": machine.load_average(),
    }
    runner.log(f"{meta['command']}: sections {', '.join(sections)}; sizes {sizes}")
    t0 = time.monotonic()
    results = runner.run_all(quick=args.quick, sections=sections, sizes=sizes, log_dir=out_dir / "logs", live=args.live)
    meta["duration_s"] = time.monotonic() - t0
    meta["load_after"] = machine.load_average()
    info = machine.describe()
    json_path.write_text(
        json.dumps({"meta": meta, "machine": info, "results": results}, indent=1, default=str), encoding="utf-8"
    )
    text = report.render(results, info, meta)
    md_path.write_text(report.keep_appended(md_path, text), encoding="utf-8")
    print(text)
    runner.log(f"done in {meta['duration_s'] / 60:.1f} min; wrote {md_path} and {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
