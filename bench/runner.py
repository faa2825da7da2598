"""The four measurements of the benchmark; each returns a plain dict (JSON-ready).

1. :func:`first_paint`: every page of the dashboard and the empty app, in new sessions.
2. :func:`interaction`: an as-of change and a Countries change on every page, against the
   empty app's button rerun; server-side script time with AppTest (:mod:`bench.apptest_worker`).
3. :func:`scale`: synthetic data folders (:mod:`bench.synth`) at growing sizes: validation,
   load, AppTest rerun per page, bytes per as-of rerun and server memory per page.
4. :func:`sessions`: 20 sessions opened and closed one after another; the server's RSS.

All timings are medians of repeated runs; the empty app is measured the same way in the same
run, so the ratios do not depend on the machine's speed.

Length: every measurement of the benchmark (browser, AppTest, load, memory) and its baseline in the
same run, in the order they run.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import browser as B
from bench.server import ROOT, Server, snapshot_app, write_empty_app
from bench.synth import synthesize
from tightrope import registry

PAGES = list(registry.SLUGS)
AS_OF_DAYS = ["2025-05-01", "2025-09-01", "2026-01-15", "2025-04-10", "2025-12-01", "2026-03-01", "2025-07-01"]
COUNTRY = "Vietnam"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def page_url(base: str, page: str) -> str:
    """The URL of the registered page whose slug is ``page`` on the server at ``base``."""
    return f"{base}/{registry.url_of(registry.by_slug(page))}"


def _try(fn: Callable[[], dict], what: str) -> dict:
    try:
        return fn()
    except Exception as exc:  # one failed measurement must not lose the others
        log(f"{what} failed: {exc!r}"[:500])
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"}


# --- 1. first paint -----------------------------------------------------------------------------


def first_paint(browser, dash: Server, empty: Server, runs: int) -> dict:
    """Median ms from navigation to drawn-and-idle for every page and the empty app. One
    warm-up visit of each (not counted) first: a fresh server imports plotly/pydeck and builds
    the cached dataset on its first run."""
    log("first paint: warm-up")
    B.first_paint(browser, empty.url)
    for page in PAGES:
        _try(lambda page=page: B.first_paint(browser, page_url(dash.url, page)), f"warm-up {page}")
    samples: dict[str, list[dict]] = {"empty": [], **{p: [] for p in PAGES}}
    for r in range(runs):
        log(f"first paint: run {r + 1}/{runs}")
        samples["empty"].append(_try(lambda: B.first_paint(browser, empty.url), "empty"))
        for page in PAGES:
            samples[page].append(_try(lambda page=page: B.first_paint(browser, page_url(dash.url, page)), page))
    out = {}
    for name, rows in samples.items():
        ok = [r for r in rows if "ms" in r]
        last = ok[-1] if ok else {}
        out[name] = {
            "ms": [r["ms"] for r in ok],
            "median_ms": median([r["ms"] for r in ok]),
            "bytes": last.get("bytes"),
            "maps": last.get("maps"),
            "charts": last.get("charts"),
            "tables": last.get("tables"),
            "exceptions": last.get("exceptions"),
            "errors": [r["error"] for r in rows if "error" in r],
        }
    return out


# --- 2. interaction ---------------------------------------------------------------------------


def _open(browser, url: str):
    ctx, page, wire = B.new_page(browser)
    page.goto(url, wait_until="commit", timeout=B.TIMEOUT_MS)
    B.wait_idle(page)
    return ctx, page, wire


def interaction(browser, dash: Server, empty: Server, runs: int, country_runs: int) -> dict:
    """Browser time from the committing action to idle: as-of changes and Countries changes
    (add a country, remove it again) on every page; the empty app's button rerun as baseline."""
    out: dict = {"empty": {}, "pages": {}}
    ctx, page, wire = _open(browser, empty.url)
    try:
        rows = [B.timed_action(page, wire, B.click_button("Rerun")) for _ in range(max(3, runs))]
    finally:
        ctx.close()
    out["empty"] = {
        "ms": [r["ms"] for r in rows],
        "median_ms": median([r["ms"] for r in rows]),
        "bytes": median([r["bytes"] for r in rows]),
    }
    day = 0
    for name in PAGES:
        log(f"interaction: {name}")

        def one(name=name) -> dict:
            nonlocal day
            ctx, page, wire = _open(browser, page_url(dash.url, name))
            try:
                as_of, countries = [], []
                for _ in range(runs):
                    as_of.append(B.timed_action(page, wire, B.set_as_of(AS_OF_DAYS[day % len(AS_OF_DAYS)])))
                    day += 1
                for _ in range(country_runs):
                    countries.append(B.timed_action(page, wire, B.add_country(COUNTRY)))
                    countries.append(B.timed_action(page, wire, B.remove_country(COUNTRY)))
                return {
                    "exceptions": page.evaluate(B.COUNTS)["exceptions"],
                    "as_of_ms": [r["ms"] for r in as_of],
                    "as_of_median_ms": median([r["ms"] for r in as_of]),
                    "as_of_bytes": median([r["bytes"] for r in as_of]),
                    "countries_ms": [r["ms"] for r in countries],
                    "countries_median_ms": median([r["ms"] for r in countries]),
                    "countries_bytes": median([r["bytes"] for r in countries]),
                }
            finally:
                ctx.close()

        out["pages"][name] = _try(one, f"interaction {name}")
    return out


def apptest(
    app_root: Path,
    data: Path,
    *,
    runs: int,
    page_budget: float,
    empty: bool = False,
    profile: list[str] | None = None,
    timeout: float = 2400,
) -> dict:
    """Run :mod:`bench.apptest_worker` on the app in ``app_root`` in a fresh process; its JSON."""
    cmd = [
        sys.executable,
        "-m",
        "bench.apptest_worker",
        "--root",
        str(app_root),
        "--data",
        str(data),
        "--runs",
        str(runs),
        "--page-budget",
        str(page_budget),
    ]
    if empty:
        cmd.append("--empty")
    if profile:
        cmd += ["--profile", ",".join(profile)]
    t = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"apptest worker exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["worker_s"] = time.monotonic() - t
    for page in result.get("pages", {}).values():
        page["median_ms"] = median([x * 1000 for x in page["runs_s"]])
    if "empty" in result:
        result["empty"]["median_ms"] = median([x * 1000 for x in result["empty"]["runs_s"]])
    return result


# --- 3. scale ---------------------------------------------------------------------------------


def validate(app_root: Path, folder: Path) -> dict:
    t = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "tightrope", "validate", str(folder)],
        cwd=app_root,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return {
        "ok": proc.returncode == 0,
        "s": time.monotonic() - t,
        "summary": (proc.stdout.strip().splitlines() or [""])[-1][-300:],
    }


def browse_size(browser, app_root: Path, folder: Path, log_dir: Path) -> dict:
    """Against a server on ``folder``: open every page (drawn-and-idle time), change the as-of
    date once (time and bytes), and read the server's RSS after each page and its peak."""
    out: dict = {"pages": {}}
    with Server(app_root / "app.py", cwd=app_root, data_dir=folder, timeout=120, log_dir=log_dir) as srv:
        out["rss_start"] = srv.memory()["rss"]
        t = time.monotonic()
        _try(lambda: B.first_paint(browser, page_url(srv.url, "overview")), "warm-up")
        out["warmup_s"] = time.monotonic() - t
        for i, name in enumerate(PAGES):
            log(f"scale {folder.name}: browser {name}")

            def one(name=name, i=i) -> dict:
                ctx, page, wire = B.new_page(browser)
                try:
                    page.goto(page_url(srv.url, name), wait_until="commit", timeout=B.TIMEOUT_MS)
                    first = B.wait_idle(page)
                    b0 = wire.snapshot()[0]
                    drawn = page.evaluate(B.COUNTS)
                    r = B.timed_action(page, wire, B.set_as_of(AS_OF_DAYS[i % len(AS_OF_DAYS)]))
                    after = page.evaluate(B.COUNTS)
                    return {
                        "first_ms": first,
                        "first_bytes": b0,
                        "as_of_ms": r["ms"],
                        "as_of_bytes": r["bytes"],
                        "rss": srv.memory()["rss"],
                        "drawn": drawn,
                        "exceptions": max(drawn["exceptions"], after["exceptions"]),
                    }
                finally:
                    ctx.close()

            out["pages"][name] = _try(one, f"scale browser {name}")
        mem = srv.memory()
        out["rss_end"] = mem["rss"]
        out["hwm"] = mem["hwm"]
    return out


def scale(
    browser,
    app_root: Path,
    sizes: list[int],
    *,
    runs: int,
    page_budget: float,
    profile_pages: list[str],
    work: Path,
    log_dir: Path,
) -> dict:
    out: dict = {}
    for mult in sizes:
        name = f"x{mult}"
        folder = work / name
        log(f"scale {name}: generating")
        entry: dict = {"multiplier": mult}
        t = time.monotonic()
        entry["generated"] = synthesize(folder, mult, source=app_root / "data")
        entry["generate_s"] = time.monotonic() - t
        entry["validate"] = validate(app_root, folder)
        log(f"scale {name}: validate {entry['validate']['summary']}")
        log(f"scale {name}: AppTest")
        prof = profile_pages if mult == max(sizes) else []
        entry["apptest"] = _try(
            lambda folder=folder, prof=prof: apptest(
                app_root, folder, runs=runs, page_budget=page_budget, empty=True, profile=prof
            ),
            f"apptest {name}",
        )
        log(f"scale {name}: browser")
        entry["browser"] = _try(
            lambda folder=folder: browse_size(browser, app_root, folder, log_dir), f"browser {name}"
        )
        out[name] = entry
    return out


# --- 1b. first-paint anatomy -----------------------------------------------------------------

#: Minimal apps, each the empty app plus one thing the dashboard's pages draw. ``{geo}`` is the
#: dashboard's country GeoJSON (the map's base layer), ``{root}`` the app's root folder.
ANATOMY = {
    "empty": 'import streamlit as st\nst.title("Empty")\nst.button("Rerun", key="rerun")\n',
    "chrome": """import datetime as dt
import streamlit as st
st.set_page_config(page_title="chrome", layout="wide")
def body():
    st.title("Chrome")
with st.sidebar:
    st.date_input("As of", dt.date(2026, 7, 24), format="YYYY-MM-DD")
    st.date_input("Contacts window", (dt.date(2022, 2, 7), dt.date(2026, 7, 24)), format="YYYY-MM-DD")
    st.multiselect("Countries", ["JPN", "USA", "CHN", "VNM"], placeholder="All countries")
    st.toggle("Presentation mode")
pages = [st.Page(body, title="Overview", url_path="overview", default=True)] + [
    st.Page(lambda: st.title("x"), title=f"Page {i}", url_path=f"p{i}") for i in range(6)
]
st.navigation(pages).run()
""",
    "dataframe": """import numpy as np, pandas as pd, streamlit as st
st.title("Dataframe")
st.dataframe(pd.DataFrame(np.arange(10000).reshape(1000, 10), columns=list("abcdefghij")))
""",
    "plotly": """import plotly.graph_objects as go, streamlit as st
st.title("Plotly")
st.plotly_chart(go.Figure(go.Scatter(x=list(range(100)), y=[i % 7 for i in range(100)], mode="markers")))
""",
    "pydeck": """import json, pydeck as pdk, streamlit as st
from urllib.parse import quote
st.title("Pydeck")
geo = json.load(open({geo!r}, encoding="utf-8"))
background = {{"id": "bg", "type": "background", "paint": {{"background-color": "#dbe6f0"}}}}
style = "data:application/json," + quote(json.dumps({{"version": 8, "sources": {{}}, "layers": [background]}}))
layer = pdk.Layer(
    "GeoJsonLayer", geo, id="countries", filled=True, stroked=True,
    get_fill_color=[120, 160, 200, 160], get_line_color=[255, 255, 255],
)
class Compact(pdk.Deck):  # as components.maps.CompactDeck: no pretty-printed JSON
    def to_json(self):
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"))
deck = Compact(
    layers=[layer],
    initial_view_state=pdk.ViewState(latitude=28, longitude=172, zoom=1.2),
    views=[pdk.View(type="MapView", controller=True, repeat=True)],
    map_style=style,
)
st.pydeck_chart(deck, height=520)
""",
}


def anatomy(browser, app_root: Path, runs: int, work: Path, log_dir: Path) -> dict:
    """First paint of the minimal apps of :data:`ANATOMY` (one server each, a warm-up visit,
    then ``runs`` visits): what the chrome, a table, a chart and a map cost on their own."""
    folder = work / "anatomy"
    folder.mkdir(parents=True, exist_ok=True)
    geo = app_root / "data" / "geo" / "countries_110m.geojson"
    out: dict = {}
    for name, code in ANATOMY.items():
        log(f"anatomy: {name}")
        script = folder / f"anatomy_{name}.py"  # not pydeck.py: the script folder is on sys.path
        script.write_text(code.format(geo=str(geo)) if "{geo" in code else code, encoding="utf-8")

        def one(script=script) -> dict:
            with Server(script, cwd=app_root, log_dir=log_dir) as srv:
                B.first_paint(browser, srv.url)
                rows = [B.first_paint(browser, srv.url) for _ in range(runs)]
            return {
                "ms": [r["ms"] for r in rows],
                "median_ms": median([r["ms"] for r in rows]),
                "bytes": rows[-1]["bytes"],
                "drawn": {k: rows[-1][k] for k in ("maps", "charts", "tables", "exceptions")},
            }

        out[name] = _try(one, f"anatomy {name}")
    return out


# --- 4. sessions ------------------------------------------------------------------------------


def sessions(browser, app_root: Path, count: int, log_dir: Path, settle_s: float = 1.0) -> dict:
    """Open the overview in ``count`` new sessions, one after another, each closed before the
    next; the server's RSS after each close (after ``settle_s``)."""
    rss: list[int] = []
    ms: list[float] = []
    with Server(app_root / "app.py", cwd=app_root, data_dir=app_root / "data", log_dir=log_dir) as srv:
        before = srv.memory()["rss"]
        for i in range(count):
            r = B.first_paint(browser, srv.url)
            ms.append(r["ms"])
            time.sleep(settle_s)
            rss.append(srv.memory()["rss"])
            if i in (0, count - 1) or (i + 1) % 5 == 0:
                log(f"sessions: {i + 1}/{count} rss {rss[-1] / 2**20:.0f} MiB")
        hwm = srv.memory()["hwm"]
    return {"count": count, "rss_before": before, "rss": rss, "first_paint_ms": ms, "hwm": hwm, "settle_s": settle_s}


def run_all(*, quick: bool, sections: list[str], sizes: list[int], log_dir: Path, live: bool = False) -> dict:
    """Run the chosen sections and return every number (see :mod:`bench.report`). The app is a
    snapshot of the working tree taken at the start (:func:`bench.server.snapshot_app`), unless
    ``live`` (then the working tree itself, edits included)."""
    from playwright.sync_api import sync_playwright

    cfg = {
        "quick": quick,
        "first_paint_runs": 1 if quick else 5,
        "anatomy": not quick,
        "as_of_runs": 1 if quick else 3,
        "country_runs": 1,
        "apptest_runs": 2 if quick else 5,
        "page_budget_s": 10.0 if quick else 20.0,
        "settle_s": 0.5,
        "sessions": 5 if quick else 20,
        "sizes": sizes,
        "profile_pages": [] if quick else ["overview", "tariffs", "diplomacy", "southeast_asia"],
    }
    results: dict = {"config": cfg, "sections": sections}
    work = Path(tempfile.mkdtemp(prefix="tightrope-bench-"))
    if live:
        app_root = ROOT
        results["code"] = {"root": str(ROOT), "live": True}
    else:
        results["code"] = snapshot_app(work / "app")
        app_root = work / "app"
    log(f"app: {results['code']}")
    empty_script = write_empty_app(work / "empty")
    with sync_playwright() as p:
        browser = B.launch(p)
        try:
            if "first_paint" in sections or "interaction" in sections:
                with (
                    Server(app_root / "app.py", cwd=app_root, data_dir=app_root / "data", log_dir=log_dir) as dash,
                    Server(empty_script, cwd=app_root, log_dir=log_dir) as empty,
                ):
                    if "first_paint" in sections:
                        t = time.monotonic()
                        results["first_paint"] = _try(
                            lambda: first_paint(browser, dash, empty, cfg["first_paint_runs"]), "first paint"
                        )
                        results["first_paint"]["elapsed_s"] = time.monotonic() - t
                        results["first_paint"]["server_rss"] = dash.memory()
                    if "first_paint" in sections and cfg["anatomy"]:
                        results["anatomy"] = _try(
                            lambda: anatomy(browser, app_root, cfg["first_paint_runs"], work, log_dir), "anatomy"
                        )
                    if "interaction" in sections:
                        t = time.monotonic()
                        results["interaction"] = _try(
                            lambda: interaction(browser, dash, empty, cfg["as_of_runs"], cfg["country_runs"]),
                            "interaction",
                        )
                        results["interaction"]["elapsed_s"] = time.monotonic() - t
                if "interaction" in sections:
                    log("interaction: AppTest on the bundled data")
                    results["interaction_server"] = _try(
                        lambda: apptest(
                            app_root,
                            app_root / "data",
                            runs=cfg["apptest_runs"],
                            page_budget=cfg["page_budget_s"],
                            empty=True,
                        ),
                        "apptest bundled",
                    )
            if "scale" in sections:
                t = time.monotonic()
                results["scale"] = scale(
                    browser,
                    app_root,
                    sizes,
                    runs=cfg["apptest_runs"],
                    page_budget=cfg["page_budget_s"],
                    profile_pages=cfg["profile_pages"],
                    work=work,
                    log_dir=log_dir,
                )
                results["scale_elapsed_s"] = time.monotonic() - t
            if "sessions" in sections:
                t = time.monotonic()
                results["sessions"] = _try(
                    lambda: sessions(browser, app_root, cfg["sessions"], log_dir, settle_s=cfg["settle_s"]), "sessions"
                )
                results["sessions"]["elapsed_s"] = time.monotonic() - t
        finally:
            browser.close()
            shutil.rmtree(work, ignore_errors=True)
    return results
