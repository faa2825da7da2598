"""Server time of a scenario control change on the Scenarios page, on the bundled data.

``python -m bench.scenario_rerun [--runs N] [--data DIR]`` runs the dashboard with
``streamlit.testing.v1.AppTest`` (as :mod:`bench.apptest_worker` does: the legacy pages mode off,
the page reached through ``app.py``), opens the Scenarios page, then times ``at.run()`` after each
of these changes, cycling: pick a preset, set a custom rate, change a basis. The baseline is the
one-line empty app's rerun after a button click, measured in the same process and run. Prints a
Markdown table (median and max wall time per kind of change, and the median CPU time of the
process, each with its ratio to the empty app's median: on a machine shared with other jobs the
CPU time says more than the wall time, which includes waiting for a core) and the
budget verdict (median <= 100 ms of server time), and writes ``bench/out/scenario_rerun.json``;
with ``--write``, also its own section of ``bench/RESULTS.md`` (kept there by a full ``python -m
bench`` run).
The exit status is 0 whatever the times (no timing assertions anywhere in the tests).

Compiled scripts are kept across reruns, as a server does: ``AppTest`` makes a new
``ScriptCache`` for every run, so without this each rerun would also re-parse and compile
``app.py`` and the page (measured: about a third of the page's rerun), which no viewer of a
running server ever pays. ``--compile-each-run`` keeps AppTest's behaviour, for comparison.
The empty app is measured the same way in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 0.100
PRESETS = ("autos-back-to-25", "deal-collapse-24", "korea-precedent-25", "s122-surcharge-15")


def _keep_bytecode() -> None:
    """One ``ScriptCache`` for every AppTest run of this process, as one server keeps for every
    session (AppTest otherwise builds a new one per run, for the app and for its pages)."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    one = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: one


def _empty_cpu(runs: int) -> float:
    """Median CPU time (this process, every thread) of the empty app's rerun after a click."""
    from streamlit.testing.v1 import AppTest

    from bench.server import EMPTY_APP

    at = AppTest.from_string(EMPTY_APP, default_timeout=900)
    at.run()
    out = []
    for _ in range(runs + 1):
        at.button(key="rerun").click()
        c = time.process_time()
        at.run()
        out.append(time.process_time() - c)
    return statistics.median(out[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scenario_rerun")
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--compile-each-run", action="store_true", help="AppTest's default: no bytecode cache")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md (its own section)")
    parser.add_argument("--note", action="append", default=[], help="a line to add under the table (with --write)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    os.environ["TIGHTROPE_DATA_DIR"] = str(args.data.resolve())
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from bench.apptest_worker import _patch_pages_manager, measure_empty

    _patch_pages_manager()
    if not args.compile_each_run:
        _keep_bytecode()
    from streamlit.testing.v1 import AppTest

    empty = measure_empty(args.runs)["runs_s"]
    cpu_base = _empty_cpu(args.runs)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    at.run()
    at.switch_page("pages/scenarios.py")
    at.run()
    for _ in range(2):  # warm: the first reruns of a page fill its per-dataset memo
        at.selectbox(key="sc_preset").set_value(PRESETS[0]).run()
        at.selectbox(key="sc_preset").set_value("").run()
    times: dict[str, list[float]] = {"preset": [], "custom rate": [], "basis": []}
    cpu: dict[str, list[float]] = {kind: [] for kind in times}
    for i in range(args.runs):
        for kind in times:
            if kind == "preset":
                at.selectbox(key="sc_preset").set_value(PRESETS[i % len(PRESETS)])
            elif kind == "custom rate":
                at.selectbox(key="sc_basis_machinery").set_value("additional")
                at.run()
                at.number_input(key="sc_rate_machinery").set_value(10.0 + i)
            else:
                at.selectbox(key="sc_basis_all_goods").set_value(("floor", "additional", "total")[i % 3])
            t, c = time.perf_counter(), time.process_time()
            at.run()
            times[kind].append(time.perf_counter() - t)
            cpu[kind].append(time.process_time() - c)
            assert not at.exception, [e.value for e in at.exception]
    base = statistics.median(empty)
    rows = []
    for kind, runs in times.items():
        med = statistics.median(runs)
        cmed = statistics.median(cpu[kind])
        rows.append(
            {
                "change": kind,
                "median_ms": med * 1000,
                "max_ms": max(runs) * 1000,
                "ratio_to_empty": med / base,
                "cpu_median_ms": cmed * 1000,
                "cpu_ratio_to_empty": cmed / cpu_base,
            }
        )
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    (out / "scenario_rerun.json").write_text(
        json.dumps(
            {
                "empty_median_s": base,
                "rows": rows,
                "runs": times,
                "cpu_runs": cpu,
                "empty_cpu_median_s": cpu_base,
                "loadavg_before": load_before,
                "loadavg_after": load,
                "compile_each_run": args.compile_each_run,
            },
            indent=1,
        )
    )
    cached = "compiled once" if not args.compile_each_run else "compiled on every run (AppTest's default)"
    lines = [
        f"empty app rerun (baseline, same run): median {base * 1000:.0f} ms wall, {cpu_base * 1000:.1f} ms CPU; "
        f"load average {load_before[0]:.1f} before, {load[0]:.1f} after; scripts {cached}",
        "",
        "| change on the Scenarios page | median ms | max ms | x empty app | CPU ms | CPU x empty app | ≤ 100 ms |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        verdict = "PASS" if r["median_ms"] <= BUDGET_S * 1000 else "FAIL"
        lines.append(
            f"| {r['change']} | {r['median_ms']:.0f} | {r['max_ms']:.0f} | {r['ratio_to_empty']:.1f}x "
            f"| {r['cpu_median_ms']:.0f} | {r['cpu_ratio_to_empty']:.1f}x | **{verdict}** |"
        )
    print("\n".join(lines))
    if args.write:
        from bench import report

        commit = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h"], capture_output=True, text=True
        ).stdout.strip()
        body = [
            "## Scenario control change (server time, bundled data)",
            "",
            f"`python -m bench.scenario_rerun --runs {args.runs} --write` "
            f"on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"commit `{commit or 'unknown'}`: `AppTest` opens the "
            "Scenarios page through `app.py`, then times `run()` after "
            f"each change ({args.runs} of each, cycling: a preset, a "
            "custom rate on machinery, the basis of the general rate), "
            "against the one-button empty app's rerun in the same "
            "process and run. Budget: median ≤ 100 ms of server time. "
            "CPU is the process's CPU time over the same run (the "
            "machine is shared: wall time includes waiting for a core). "
            "Scripts are compiled once, as a server does (AppTest alone recompiles `app.py` and the page on every run; "
            "`--compile-each-run` measures that too).",
            "",
            *lines,
            *([""] + [f"{note}" for note in args.note] if args.note else []),
        ]
        report.put_appended(ROOT / "bench" / "RESULTS.md", "scenario_rerun", "\n".join(body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
