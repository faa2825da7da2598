"""Server time of a scenario control change on the Scenarios page, on the bundled data.

``python -m bench.scenario_rerun [--runs N] [--data DIR]`` runs the dashboard with
``streamlit.testing.v1.AppTest`` (as :mod:`bench.apptest_worker` does: the legacy pages mode off,
the page reached through ``app.py``), opens the Scenarios page, then times ``at.run()`` after each
of these changes, cycling: pick a preset, set a custom rate, change a basis. The baseline is the
one-line empty app's rerun after a button click, measured in the same process and run. Prints a
Markdown table (median and max per kind of change, ratio to the empty app's median) and the
budget verdict (median <= 100 ms of server time), and writes ``bench/out/scenario_rerun.json``.
The exit status is 0 whatever the times (no timing assertions anywhere in the tests).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 0.100
PRESETS = ("autos-back-to-25", "deal-collapse-24", "korea-precedent-25", "s122-surcharge-15")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scenario_rerun")
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    os.environ["TIGHTROPE_DATA_DIR"] = str(args.data.resolve())
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from bench.apptest_worker import _patch_pages_manager, measure_empty

    _patch_pages_manager()
    from streamlit.testing.v1 import AppTest

    empty = measure_empty(args.runs)["runs_s"]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    at.run()
    at.switch_page("pages/scenarios.py")
    at.run()
    for _ in range(2):  # warm: the first reruns of a page fill its per-dataset memo
        at.selectbox(key="sc_preset").set_value(PRESETS[0]).run()
        at.selectbox(key="sc_preset").set_value("").run()
    times: dict[str, list[float]] = {"preset": [], "custom rate": [], "basis": []}
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
            t = time.perf_counter()
            at.run()
            times[kind].append(time.perf_counter() - t)
            assert not at.exception, [e.value for e in at.exception]
    base = statistics.median(empty)
    rows = []
    for kind, runs in times.items():
        med = statistics.median(runs)
        rows.append({"change": kind, "median_ms": med * 1000, "max_ms": max(runs) * 1000, "ratio_to_empty": med / base})
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    (out / "scenario_rerun.json").write_text(
        json.dumps({"empty_median_s": base, "rows": rows, "runs": times, "loadavg": load}, indent=1)
    )
    print(f"empty app rerun (baseline, same run): median {base * 1000:.0f} ms; load average {load[0]:.1f}")
    print("| change on the Scenarios page | median ms | max ms | x empty app | budget 100 ms |")
    print("|---|---:|---:|---:|---|")
    for r in rows:
        verdict = "PASS" if r["median_ms"] <= BUDGET_S * 1000 else "FAIL"
        print(f"| {r['change']} | {r['median_ms']:.0f} | {r['max_ms']:.0f} | {r['ratio_to_empty']:.1f} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
