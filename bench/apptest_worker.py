"""Server-side script time, measured in a fresh process with ``streamlit.testing.v1.AppTest``.

``python -m bench.apptest_worker --data DIR [--pages overview,tariffs] [--runs N]
[--page-budget S] [--profile PAGE,...] [--empty]`` prints one JSON object:

* ``load_s``: ``tightrope.store.load_dataset(DIR)`` in this fresh process (parse, validate,
  cross-check, coerce; nothing cached yet); ``rows``: valid rows per table;
* ``cold_s``: the first ``AppTest.run()`` of the dashboard (imports, cached dataset build);
* ``pages[name]``: ``runs_s``, the wall time of ``at.run()`` after setting the sidebar's
  "As of" date to a new day (a list; each run uses a different day), ``exceptions``;
* ``empty``: with ``--empty``, the same for the one-line empty app, a rerun after clicking its
  button (the baseline);
* ``profiles[name]``: with ``--profile``, the top functions (cProfile) of one more as-of rerun of
  that page, profiled in the script thread (where the page runs).

A page stops repeating once its runs took ``--page-budget`` seconds (at least one run), so the
slowest pages at the largest sizes stay bounded. ``TIGHTROPE_DATA_DIR`` is set to ``DIR``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from datetime import date
from pathlib import Path

from tightrope import registry

ROOT = Path(__file__).resolve().parent.parent
APP_ROOT = ROOT
#: slug -> page script, from the page registry
PAGE_FILES = {p.slug: p.path for p in registry.PAGES}
#: As-of days the reruns cycle through (all inside the bundled data's range).
AS_OF_DAYS = [
    date(2025, 5, 1),
    date(2025, 9, 1),
    date(2026, 1, 15),
    date(2025, 4, 10),
    date(2025, 12, 1),
    date(2026, 3, 1),
    date(2025, 7, 1),
]
TIMEOUT = 900


def _patch_pages_manager() -> None:
    """Keep AppTest routing every page through ``app.py``.

    AppTest builds a new ``PagesManager`` on every run and resets the class flag
    ``uses_pages_directory``; because a ``pages/`` folder sits beside ``app.py`` the flag turns
    on and ``switch_page`` then runs the page file alone (Streamlit's legacy ``pages/`` mode),
    without ``app.py``'s sidebar. A real server turns the flag off once ``st.navigation`` runs;
    here we turn it off after each ``PagesManager`` is built.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


class _ScriptProfiler:
    """Profile the script thread: wraps ``ScriptRunner._run_script`` while ``active``."""

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner import script_runner

        self.active = False
        self.profile: cProfile.Profile | None = None
        cls = script_runner.ScriptRunner
        original = cls._run_script
        outer = self

        def run_script(runner, rerun_data):
            if not outer.active:
                return original(runner, rerun_data)
            prof = cProfile.Profile()
            outer.profile = prof
            prof.enable()
            try:
                return original(runner, rerun_data)
            finally:
                prof.disable()

        cls._run_script = run_script


def _top(prof: cProfile.Profile, n: int = 25) -> dict:
    stats = pstats.Stats(prof)
    total = stats.total_tt
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        rows.append(
            {
                "function": f"{_short(file)}:{line}({func})",
                "calls": nc,
                "tottime_s": round(tt, 4),
                "cumtime_s": round(ct, 4),
            }
        )
    cumulative = sorted(rows, key=lambda r: -r["cumtime_s"])
    own = [r for r in cumulative if r["function"].startswith(("tightrope/", "components/", "pages/", "app.py"))]
    return {
        "total_s": round(total, 4),
        "project_cumulative": own[:n],
        "tottime": sorted(rows, key=lambda r: -r["tottime_s"])[:n],
    }


def _short(file: str) -> str:
    for prefix in (str(APP_ROOT) + "/", str(ROOT) + "/", str(Path(sys.prefix)) + "/lib/python3.11/site-packages/"):
        if file.startswith(prefix):
            return file[len(prefix) :]
    return file


def measure_empty(runs: int) -> dict:
    from streamlit.testing.v1 import AppTest

    from bench.server import EMPTY_APP

    at = AppTest.from_string(EMPTY_APP, default_timeout=TIMEOUT)
    t = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t
    out = []
    for _ in range(runs + 1):
        at.button(key="rerun").click()
        t = time.perf_counter()
        at.run()
        out.append(time.perf_counter() - t)
    return {"cold_s": cold, "runs_s": out[1:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.apptest_worker")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--root", type=Path, default=ROOT, help="the app's root folder (a snapshot of the repository)")
    parser.add_argument("--pages", default=",".join(PAGE_FILES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page-budget", type=float, default=60.0)
    parser.add_argument("--profile", default="")
    parser.add_argument("--empty", action="store_true")
    args = parser.parse_args(argv)

    global APP_ROOT
    APP_ROOT = args.root.resolve()
    os.environ["TIGHTROPE_DATA_DIR"] = str(args.data.resolve())
    os.chdir(APP_ROOT)
    sys.path.insert(0, str(APP_ROOT))
    _patch_pages_manager()
    from streamlit import config

    config.set_option("client.showErrorDetails", "full")  # record the error, not the redacted notice
    profiler = _ScriptProfiler()

    from streamlit.testing.v1 import AppTest

    from tightrope.store import load_dataset

    result: dict = {"data": str(args.data)}
    t = time.perf_counter()
    ds = load_dataset(args.data)
    result["load_s"] = time.perf_counter() - t
    result["rows"] = {name: len(frame) for name, frame in ds.tables.items()}
    result["report_ok"] = ds.report.ok
    del ds

    if args.empty:
        result["empty"] = measure_empty(args.runs)

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=TIMEOUT)
    t = time.perf_counter()
    at.run()
    result["cold_s"] = time.perf_counter() - t
    result["cold_exceptions"] = [str(e.value)[:300] for e in at.exception]
    day = 0
    pages: dict = {}
    profiles: dict = {}
    wanted_profiles = [p for p in args.profile.split(",") if p]
    for name in [p for p in args.pages.split(",") if p]:
        at.switch_page(PAGE_FILES[name])
        t = time.perf_counter()
        at.run()
        switch = time.perf_counter() - t
        runs: list[float] = []
        spent = 0.0
        while len(runs) < args.runs and (not runs or spent < args.page_budget):
            at.date_input(key="asof").set_value(AS_OF_DAYS[day % len(AS_OF_DAYS)])
            day += 1
            t = time.perf_counter()
            at.run()
            runs.append(time.perf_counter() - t)
            spent += runs[-1]
        pages[name] = {
            "switch_s": switch,
            "runs_s": runs,
            "title": at.title[0].value if len(at.title) else "",
            "exceptions": [str(e.value)[:300] for e in at.exception],
        }
        if name in wanted_profiles:
            at.date_input(key="asof").set_value(AS_OF_DAYS[day % len(AS_OF_DAYS)])
            day += 1
            profiler.active = True
            t = time.perf_counter()
            at.run()
            wall = time.perf_counter() - t
            profiler.active = False
            if profiler.profile is not None:
                profiles[name] = {"wall_s": wall, **_top(profiler.profile)}
                profiler.profile = None
    result["pages"] = pages
    if profiles:
        result["profiles"] = profiles
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
