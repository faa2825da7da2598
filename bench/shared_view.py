"""Server time of a rerun when a second viewer opens the view a first viewer already opened (the
briefing case: many people open the same link), for this tree and for a snapshot of a git ref
measured in the same run, so the ratio is what to read on a busy machine.

``python -m bench.shared_view [--before main] [--pages overview,diplomacy,tariffs] [--days 4]``
prints one JSON object. For each app and page, for each as-of day: viewer A opens the page at that
day (``first_s``), then viewer B, a new session, opens the same URL (``second_s``); the times are
the CPU time of the process during the page's ``AppTest`` run (the page script and everything it
draws, in a fresh process per app with the dataset already loaded): CPU, not wall time, because on
a shared machine the wall time mostly measures the other processes. Medians per page and the ratios after/before.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.map_asof import snapshot

ROOT = Path(__file__).resolve().parent.parent
DAYS = ["2025-05-01", "2025-09-01", "2026-01-15", "2025-12-01", "2026-03-01", "2025-07-01"]

WORKER = r"""
import json, os, sys, time
root, data, pages, days = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4].split(",")
os.chdir(root); sys.path.insert(0, root); os.environ["TIGHTROPE_DATA_DIR"] = data
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
init = PagesManager.__init__
def no_legacy(self, *a, **k):  # as a real server after st.navigation (bench/apptest_worker.py)
    init(self, *a, **k); PagesManager.uses_pages_directory = False
PagesManager.__init__ = no_legacy
from tightrope import registry
paths = {p.slug: p.path for p in registry.PAGES}
def open_page(page, day):
    at = AppTest.from_file(os.path.join(root, "app.py"), default_timeout=300)
    at.query_params["asof"] = day
    if page == registry.DEFAULT.slug:
        t = time.process_time(); at.run(); took = time.process_time() - t
    else:
        at.run(); at.switch_page(paths[page])
        t = time.process_time(); at.run(); took = time.process_time() - t
    assert not at.exception, [e.value for e in at.exception]
    return took
open_page("overview", "2025-03-01")  # imports, dataset load
out = {}
for page in pages:
    open_page(page, "2025-03-02")  # the page's own first run (imports, per-dataset memo)
    rows = [(open_page(page, d), open_page(page, d)) for d in days]
    out[page] = {"first_s": [a for a, _ in rows], "second_s": [b for _, b in rows]}
print(json.dumps(out))
"""


def measure(root: Path, pages: list[str], days: list[str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", WORKER, str(root), str(root / "data"), ",".join(pages), ",".join(days)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=root,
    )
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    raw = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        page: {
            **v,
            "median_first_s": round(statistics.median(v["first_s"]), 4),
            "median_second_s": round(statistics.median(v["second_s"]), 4),
        }
        for page, v in raw.items()
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.shared_view")
    ap.add_argument("--before", default="", help="git ref to measure in the same run (e.g. main)")
    ap.add_argument("--pages", default="overview,diplomacy,tariffs")
    ap.add_argument("--days", type=int, default=4)
    args = ap.parse_args(argv)
    pages, days = args.pages.split(","), DAYS[: args.days]
    out: dict = {"load_before": os.getloadavg(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    with tempfile.TemporaryDirectory(prefix="shared-view-") as tmp:
        if args.before:
            out["before"] = measure(snapshot(args.before, Path(tmp) / "before"), pages, days)
        out["after"] = measure(ROOT, pages, days)
    if args.before:
        out["ratio_second_viewer"] = {
            p: round(out["after"][p]["median_second_s"] / out["before"][p]["median_second_s"], 3) for p in pages
        }
    out["load_after"] = os.getloadavg()
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
