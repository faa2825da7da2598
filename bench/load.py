"""Load and faults over Streamlit's own protocol: ``python -m bench load``.

Drives N concurrent viewers (no browser: :class:`deploy.session.Session`, the websocket
``/_stcore/stream`` with protobuf ``BackMsg``/``ForwardMsg``). Each viewer arrives (all together
by default), opens a page with an as-of date in its URL, then changes the as-of date, then
switches page: three script runs, mixing the five data pages and six dates. Reported: p50, p95
and max seconds from sending a rerun to ``script_finished`` (first views and all runs), failures,
the same times for one viewer alone measured right after in the same run (the baseline: the
first-view p95 is reported as a multiple of it), each replica's CPU (cores used over the run)
and memory (before, at the peak, with every viewer connected and idle, and after they closed),
memory per idle session, and the machine's load.

    python -m bench load --url http://127.0.0.1:8500 --sessions 30 [--cluster RUN/cluster.json]
    python -m bench load --replicas 1,2 --sessions 10,30,100 --repeat 2     # starts its own clusters
    python -m bench load --replicas 2 --sessions 30 --fault                  # kill r1 mid-run, restart it
    python -m bench load --replicas 2 --sessions 100 --floor                 # and the floor app, same run

``--floor`` also drives the same crowd, in the same run, at the **floor**: a Streamlit app with the
dashboard's page slugs whose pages only write a title (:data:`FLOOR_APP`). No Streamlit app can serve
a crowd faster than that on the machine, so the dashboard's p95 is read as a multiple of it.

With ``--replicas`` it starts nginx plus N processes itself (:class:`deploy.cluster.Cluster`, the
bundled data), so it also knows their pids; against ``--url`` it measures CPU and memory only of
the pids in ``--cluster``'s ``cluster.json`` (``make cluster`` writes one) or given by ``--pid``.
Only loopback addresses are accepted; at most 300 viewers and 3 runs each, each run bounded by
``--timeout``. Results: bench/out/load-*.json and a Markdown table on stdout (``--md`` to a file).

The viewers and the measuring run are :mod:`bench.crowd`; statistics and the table :mod:`bench.load_report`.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import signal
import socket
import sys
import time
import urllib.parse
from pathlib import Path

from bench import machine
from bench.crowd import BENCH_SESSION_TTL, PAGES, drive
from bench.load_report import markdown
from deploy.session import Session

HERE = Path(__file__).resolve().parent
MAX_SESSIONS = 300
#: The floor: the dashboard's navigation (same slugs, so every viewer's page exists) and nothing else.
FLOOR_APP = """import streamlit as st

SLUGS = {slugs!r}


def _page(slug):
    def body():
        st.title(slug)

    return body


pages = [st.Page(_page(s), title=s, url_path=s, default=(i == 0)) for i, s in enumerate(SLUGS)]
st.navigation(pages).run()
"""


def require_local(url: str) -> None:
    """Raise ``ValueError`` unless ``url``'s host resolves only to loopback addresses."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addrs = {i[4][0] for i in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise ValueError(f"{host}: cannot resolve ({exc})") from exc
    if not addrs or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
        raise ValueError(f"{url}: the load tool only drives local addresses (127.0.0.1, localhost)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench load",
        description="Concurrent viewers over Streamlit's websocket protocol (see bench/load.py).",
    )
    parser.add_argument("--url", default=None, help="a running deployment (loopback only); else --replicas starts one")
    parser.add_argument(
        "--replicas", default=None, help="comma-separated replica counts to start behind nginx, e.g. 1,2"
    )
    parser.add_argument("--sessions", default="10", help="comma-separated viewer counts, e.g. 10,30,100 (max 300)")
    parser.add_argument(
        "--runs", type=int, default=3, help="script runs per viewer: open, as-of change, page switch (1-3)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="measure each point this many times")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds one script run may take before it counts as failed"
    )
    parser.add_argument(
        "--fault",
        action="store_true",
        help="kill replica r1 mid-run, restart it, check it rejoins (needs --replicas >= 2)",
    )
    parser.add_argument(
        "--cluster", type=Path, default=None, help="cluster.json of `make cluster` (replica pids for --url)"
    )
    parser.add_argument("--pid", action="append", type=int, default=[], help="a replica's pid (repeat) for --url")
    parser.add_argument("--md", type=Path, default=None, help="also write the Markdown table here")
    parser.add_argument(
        "--floor", action="store_true", help="also measure the floor app (navigation and a title) in the same run"
    )
    args = parser.parse_args(argv)
    counts = [int(x) for x in args.sessions.split(",") if x.strip()]
    if any(not 1 <= c <= MAX_SESSIONS for c in counts) or not 1 <= args.runs <= 3 or not 1 <= args.repeat <= 5:
        parser.error(f"sessions 1..{MAX_SESSIONS}, runs 1..3, repeat 1..5")
    out_dir = HERE / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    if args.url:
        require_local(args.url)
        pids = {f"pid{p}": p for p in args.pid}
        if args.cluster:
            state = json.loads(args.cluster.read_text(encoding="utf-8"))
            pids.update({r["name"]: r["pid"] for r in state["replicas"]})
        for n in counts:
            for _ in range(args.repeat):
                res = asyncio.run(drive(args.url, n, pids=pids, runs=args.runs, timeout=args.timeout, after_close=5))
                results.append(with_baseline(res, args.url, pids, args.runs, args.timeout))
    else:
        import tempfile

        from deploy.cluster import Cluster
        from tightrope import registry

        apps = [("tightrope", None)]
        if args.floor and not args.fault:
            floor_root = Path(tempfile.mkdtemp(prefix="tightrope-floor-"))
            (floor_root / "app.py").write_text(
                FLOOR_APP.format(slugs=[p.slug for p in registry.PAGES]), encoding="utf-8"
            )
            apps.append(("floor", floor_root))
        for reps in [int(x) for x in (args.replicas or "2").split(",")]:
            if args.fault and reps < 2:
                parser.error("--fault needs at least 2 replicas")
            for app_name, app_root in apps:
                env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(BENCH_SESSION_TTL)}
                extra = {"app_root": app_root} if app_root else {}
                with Cluster(reps, env=env, **extra) as cluster:
                    _warm(cluster.url, args.timeout)
                    for n in counts:
                        for _ in range(args.repeat):
                            fault = None
                            if args.fault:

                                def kill(c=cluster):
                                    c.kill("r1", signal.SIGKILL)
                                    return "r1"

                                fault = (4.0, kill, lambda c=cluster: c.restart("r1"))
                            pids = {r.name: r.pid for r in cluster.replicas}
                            res = asyncio.run(
                                drive(cluster.url, n, pids=pids, runs=args.runs, timeout=args.timeout, fault=fault)
                            )
                            res["app"] = app_name
                            results.append(with_baseline(res, cluster.url, pids, args.runs, args.timeout))
                            print(markdown([res]).splitlines()[-1] if not fault else markdown([res]), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out_dir / f"load-{stamp}.json").write_text(
        json.dumps({"machine": machine.describe(), "results": results}, indent=1, default=str), encoding="utf-8"
    )
    text = markdown(results)
    print(text)
    if args.md:
        args.md.write_text(text, encoding="utf-8")
    return 0


def with_baseline(res: dict, url: str, pids: dict[str, int], runs: int, timeout: float) -> dict:
    """Add the baseline measured right after in the same run: one viewer alone (its median run), and
    the first-view p95 as a multiple of it (``first_view_p95_ratio``)."""
    alone = asyncio.run(drive(url, 1, pids=pids, runs=runs, timeout=timeout, settle=0, after_close=0))
    base = alone["all_runs_s"]["p50"]
    res["one_viewer_s"] = base
    p95 = res["first_view_s"]["p95"]
    res["first_view_p95_ratio"] = p95 / base if base and p95 is not None else None
    return res


def _warm(url: str, timeout: float) -> None:
    """One viewer per page per replica first (imports, caches), not measured."""

    async def go():
        for page in PAGES:
            for _ in range(2):
                s = Session(url, timeout=timeout)
                try:
                    await s.open(page, "")
                finally:
                    await s.close()

    asyncio.run(go())


if __name__ == "__main__":
    sys.exit(main())
