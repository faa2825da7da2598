"""Load and faults over Streamlit's own protocol: ``python -m bench load``.

Drives N concurrent viewers (no browser: :class:`deploy.session.Session`, the websocket
``/_stcore/stream`` with protobuf ``BackMsg``/``ForwardMsg``). Each viewer arrives (all together
by default), opens a page with an as-of date in its URL, then changes the as-of date, then
switches page: three script runs, mixing the five data pages and six dates. Reported: p50, p95
and max seconds from sending a rerun to ``script_finished`` (first views and all runs), failures,
the same times for one viewer alone measured right after in the same run (the baseline: the
first-view p95 is reported as a multiple of it), each replica's CPU (cores used over the run) and memory (before, at the peak, with every viewer
connected and idle, and after they closed), memory per idle session, and the machine's load.

    python -m bench load --url http://127.0.0.1:8500 --sessions 30 [--cluster RUN/cluster.json]
    python -m bench load --replicas 1,2 --sessions 10,30,100 --repeat 2     # starts its own clusters
    python -m bench load --replicas 2 --sessions 30 --fault                  # kill r1 mid-run, restart it

With ``--replicas`` it starts nginx plus N processes itself (:class:`deploy.cluster.Cluster`, the
bundled data), so it also knows their pids; against ``--url`` it measures CPU and memory only of
the pids in ``--cluster``'s ``cluster.json`` (``make cluster`` writes one) or given by ``--pid``.
Only loopback addresses are accepted; at most 300 viewers and 3 runs each, each run bounded by
``--timeout``. Results: bench/out/load-*.json and a Markdown table on stdout (``--md`` to a file).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import signal
import socket
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import machine
from deploy.session import Session, SessionError

HERE = Path(__file__).resolve().parent
MAX_SESSIONS = 300
#: URL paths of the data pages ("" is the Overview, the default page).
PAGES = ["", "tariffs", "diplomacy", "southeast_asia", "trade"]
DATES = ["2025-04-05", "2025-05-01", "2025-07-22", "2025-09-16", "2026-01-15", "2026-07-01"]
#: Seconds a closed session stays in a replica's memory during these runs (Streamlit's default is
#: 120 s, so a viewer whose network blips gets the session back); short here so "after close"
#: is measured in seconds, not minutes.
BENCH_SESSION_TTL = 5


def require_local(url: str) -> None:
    """Raise ``ValueError`` unless ``url``'s host resolves only to loopback addresses."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addrs = {i[4][0] for i in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise ValueError(f"{host}: cannot resolve ({exc})") from exc
    if not addrs or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
        raise ValueError(f"{url}: the load tool only drives local addresses (127.0.0.1, localhost)")


def percentile(xs: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) by linear interpolation; ``None`` for no values."""
    if not xs:
        return None
    s = sorted(xs)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(xs: list[float]) -> dict:
    return {"n": len(xs), "p50": percentile(xs, 0.5), "p95": percentile(xs, 0.95), "max": max(xs) if xs else None}


class Probe:
    """CPU seconds and RSS of a set of pids, read from /proc (zero for a pid that is gone)."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, pids: dict[str, int]):
        self.pids = dict(pids)

    def cpu(self) -> dict[str, float]:
        out = {}
        for name, pid in self.pids.items():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                out[name] = (int(fields[11]) + int(fields[12])) / self.TICK
            except (OSError, IndexError, ValueError):
                out[name] = 0.0
        return out

    def rss(self) -> dict[str, int]:
        out = {}
        for name, pid in self.pids.items():
            out[name] = 0
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        out[name] = int(line.split()[1]) * 1024
            except OSError:
                pass
        return out


def plan(i: int) -> list[tuple[str, str]]:
    """Viewer ``i``'s three views (page, query): open, as-of change, page switch."""
    page, date = PAGES[i % len(PAGES)], DATES[i % len(DATES)]
    other_date = DATES[(i + 3) % len(DATES)]
    other_page = PAGES[(i + 2) % len(PAGES)]
    return [(page, f"asof={date}"), (page, f"asof={other_date}"), (other_page, f"asof={other_date}")]


def _dropped(exc: BaseException) -> bool:
    """The websocket went away (its process died), as opposed to a slow or failed run."""
    from websockets.exceptions import ConnectionClosed

    return isinstance(exc, ConnectionClosed) or (isinstance(exc, SessionError) and exc.kind == "closed")


async def viewer(
    i: int,
    url: str,
    timeout: float,
    think: float,
    start: asyncio.Event,
    runs: int,
    hold: asyncio.Event,
    fault: dict,
    finished: dict,
    views_seen: dict,
) -> dict:
    """One viewer's life; returns its runs, failures, replica and recoveries.

    When its connection drops (a killed process), it does what the browser does: reconnect through the
    proxy asking to resume its session, and run the view its URL holds; ``recoveries`` records how
    long that took and ``same_view`` whether the page shows what that view showed before."""
    rec: dict = {"runs": [], "failures": [], "replica": None, "recoveries": [], "same_view": []}
    s = Session(url, timeout=timeout)
    await start.wait()
    views = plan(i)[:runs]
    try:
        k = 0
        while k < len(views) or (fault and not fault["over"].is_set()):
            page, query = views[min(k, len(views) - 1)]
            t0 = time.monotonic()
            try:
                if k == 0:
                    r = await s.open(page, query)
                else:
                    await s.idle(think)
                    r = await s.run(page, query)
                kind = "first" if k == 0 else "rerun"
            except Exception as exc:
                if not _dropped(exc):
                    raise
                t_lost, before = time.monotonic(), s.replica
                await s.close()
                await s.connect(resume=s.session_id)
                r = await s.run(page, query)
                kind = "recovery"
                rec["recoveries"].append(
                    {
                        "from": before,
                        "to": s.replica,
                        "s": time.monotonic() - t_lost,
                        "since_kill_s": time.monotonic() - fault["killed_at"] if fault.get("killed_at") else None,
                    }
                )
                shown = views_seen.get((page, query))
                rec["same_view"].append(None if shown is None else r.texts[:3] == shown)
            views_seen.setdefault((page, query), r.texts[:3])
            rec["runs"].append(
                {
                    "kind": kind,
                    "s": r.seconds,
                    "open_s": time.monotonic() - t0,
                    "replica": s.replica,
                    "exceptions": r.exceptions + (["page not found"] if r.page_not_found else []),
                }
            )
            rec["replica"] = rec["replica"] or s.replica
            k += 1
    except SessionError as exc:
        rec["failures"].append(str(exc))
    except Exception as exc:  # anything else is a failure of this viewer, not of the tool
        rec["failures"].append(f"{type(exc).__name__}: {exc}")
    # Done: stay connected (an idle viewer) until every viewer is done and memory is measured.
    finished["count"] += 1
    if finished["count"] == finished["of"]:
        finished["all"].set()
    await hold.wait()
    rec["close"] = s
    return rec


async def drive(
    url: str,
    n: int,
    *,
    pids: dict[str, int],
    runs: int = 3,
    timeout: float = 60.0,
    think: float = 0.0,
    settle: float = 3.0,
    after_close: float = BENCH_SESSION_TTL + 4,
    fault=None,
) -> dict:
    """``n`` viewers arriving together at ``url``; see the module docstring for what is measured.
    ``fault``: ``(kill_after_s, kill, restart)`` callables for a fault run."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=min(64, n + 4)))
    probe = Probe(pids)
    rss_before = probe.rss()
    cpu0, wall0, self0 = probe.cpu(), time.monotonic(), time.process_time()
    load_before = machine.load_average()
    start, hold = asyncio.Event(), asyncio.Event()
    fstate: dict = {}
    if fault:
        fstate = {"over": asyncio.Event()}
    finished = {"count": 0, "of": n, "all": asyncio.Event()}
    views_seen: dict = {}  # (page, query) -> the first texts any viewer was shown for it
    tasks = [
        asyncio.create_task(
            viewer(
                i,
                url,
                timeout,
                think if not fault else max(think, 1.0),
                start,
                runs,
                hold,
                fstate,
                finished,
                views_seen,
            )
        )
        for i in range(n)
    ]
    peak = dict(rss_before)

    async def sample():
        while True:
            for k, v in probe.rss().items():
                peak[k] = max(peak.get(k, 0), v)
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    start.set()
    fault_info: dict = {}
    if fault:
        kill_after, kill, restart = fault
        await asyncio.sleep(kill_after)
        fstate["killed_at"] = time.monotonic()
        victim = await asyncio.to_thread(kill)
        fault_info["killed"] = victim
        await asyncio.sleep(8)
        fstate["over"].set()
        t = time.monotonic()
        await asyncio.to_thread(restart)
        fault_info["restart_s"] = time.monotonic() - t
    # Each run is bounded by `timeout`, so every viewer finishes; the bound here is a backstop.
    try:
        await asyncio.wait_for(finished["all"].wait(), timeout * (runs + 3) + 60)
    except TimeoutError:
        pass
    wall = time.monotonic() - wall0
    cpu1 = probe.cpu()
    client_cpu = time.process_time() - self0
    await asyncio.sleep(settle)
    rss_idle = probe.rss()
    rejoin = None
    if fault:
        rejoin = await _rejoin(url, timeout, fault_info.get("killed"))
    hold.set()
    recs = await asyncio.gather(*tasks)
    await asyncio.gather(*(r["close"].close() for r in recs))
    await asyncio.sleep(after_close)
    rss_after = probe.rss()
    sampler.cancel()

    firsts = [x["s"] for r in recs for x in r["runs"] if x["kind"] == "first"]
    opens = [x["open_s"] for r in recs for x in r["runs"] if x["kind"] == "first"]
    every = [x["s"] for r in recs for x in r["runs"]]
    failures = [f for r in recs for f in r["failures"]]
    shown = [e for r in recs for x in r["runs"] for e in x["exceptions"]]
    by_replica: dict[str, int] = {}
    for r in recs:
        by_replica[r["replica"] or "-"] = by_replica.get(r["replica"] or "-", 0) + 1
    # A process killed during the run (--fault) has no idle or after-close figure.
    alive = [k for k in pids if rss_idle[k] and rss_after[k]]
    idle_growth = sum(rss_idle[k] - rss_before[k] for k in alive)
    out = {
        "url": url,
        "sessions": n,
        "runs_per_session": runs,
        "first_view_s": summary(firsts),
        "open_s": summary(opens),
        "all_runs_s": summary(every),
        "failures": len(failures) + len(shown),
        "failure_samples": (failures + shown)[:5],
        "wall_s": wall,
        "sessions_by_replica": by_replica,
        "replicas": {
            k: {
                "cpu_cores": (cpu1[k] - cpu0[k]) / wall if wall and cpu1[k] >= cpu0[k] else None,
                "rss_before": rss_before[k],
                "rss_peak": peak[k],
                "rss_idle": rss_idle[k],
                "rss_after_close": rss_after[k],
            }
            for k in pids
        },
        "memory_per_idle_session": idle_growth / n if n else None,
        "memory_after_close_vs_before": (
            sum(rss_after[k] for k in alive) / sum(rss_before[k] for k in alive) - 1 if alive else None
        ),
        "client_cpu_cores": client_cpu / wall if wall else None,
        "load_before": load_before,
        "load_after": machine.load_average(),
    }
    if fault:
        recov = [x for r in recs for x in r["recoveries"]]
        same = [v for r in recs for v in r["same_view"]]
        out["fault"] = {
            **fault_info,
            "viewers_reconnected": len(recov),
            "recovery_s": summary([x["s"] for x in recov]),
            "since_kill_s": summary([x["since_kill_s"] for x in recov if x["since_kill_s"] is not None]),
            "same_view": f"{sum(v is True for v in same)} of {sum(v is not None for v in same)} checked",
            "moved_to": sorted({x["to"] or "-" for x in recov}),
            "other_viewers_failed": len(failures),
            "rejoin": rejoin,
        }
    return out


async def _rejoin(url: str, timeout: float, victim: str | None) -> dict:
    """After a restart: do new viewers reach the restarted replica again?"""
    seen = []
    for _ in range(6):
        s = Session(url, timeout=timeout)
        try:
            await s.open("", "")
            seen.append(s.replica)
        except SessionError as exc:
            seen.append(f"failed: {exc}")
        finally:
            await s.close()
    return {"new_viewers_on": seen, "rejoined": victim in seen}


def _fmt(x, unit="s") -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if unit == "s" else f"{x / 2**20:.0f}"


def markdown(results: list[dict]) -> str:
    """One table row per measurement (see the module docstring for the columns)."""
    rows = [
        "| replicas | sessions | first view p50 / p95 / max (s) | all runs p50 / p95 / max (s) | one viewer alone (s) | first-view p95 ÷ one viewer | failures | CPU cores per replica | RSS per replica before / peak / idle / after close (MiB) | per idle session (MiB) | load before -> after |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        f, a = r["first_view_s"], r["all_runs_s"]
        cpu = ", ".join(
            f"{k} {v['cpu_cores']:.2f}" if v["cpu_cores"] is not None else f"{k} killed"
            for k, v in r["replicas"].items()
        )
        mem = "; ".join(
            f"{k} {_fmt(v['rss_before'], 'b')}/{_fmt(v['rss_peak'], 'b')}/{_fmt(v['rss_idle'], 'b')}/{_fmt(v['rss_after_close'], 'b')}"
            for k, v in r["replicas"].items()
        )
        per = r["memory_per_idle_session"]
        rows.append(
            f"| {len(r['replicas'])} | {r['sessions']} | {_fmt(f['p50'])} / {_fmt(f['p95'])} / {_fmt(f['max'])} | {_fmt(a['p50'])} / {_fmt(a['p95'])} / {_fmt(a['max'])} | {_fmt(r.get('one_viewer_s'))} | {_fmt(r.get('first_view_p95_ratio'))}x | {r['failures']} | {cpu} | {mem} | {per / 2**20 if per is not None else 0:.2f} | {r['load_before'].split()[0] if r['load_before'] else '-'} -> {r['load_after'].split()[0] if r['load_after'] else '-'} |"
        )
    faults = [r for r in results if "fault" in r]
    for r in faults:
        f = r["fault"]
        rows.append("")
        rows.append(
            f"Fault ({r['sessions']} sessions, {len(r['replicas'])} replicas): killed {f['killed']} (SIGKILL) mid-run; {f['viewers_reconnected']} viewers reconnected to {', '.join(f['moved_to'])} "
            f"in p50 {_fmt(f['recovery_s']['p50'])} s / max {_fmt(f['recovery_s']['max'])} s after their connection dropped "
            f"(max {_fmt(f['since_kill_s']['max'])} s after the kill); same view: {f['same_view']}; other viewers failed: {f['other_viewers_failed']}; "
            f"restart took {_fmt(f.get('restart_s'))} s; new viewers after it reached {', '.join(map(str, f['rejoin']['new_viewers_on']))} (rejoined: {f['rejoin']['rejoined']})."
        )
    return "\n".join(rows) + "\n"


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
        from deploy.cluster import Cluster

        for reps in [int(x) for x in (args.replicas or "2").split(",")]:
            if args.fault and reps < 2:
                parser.error("--fault needs at least 2 replicas")
            env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(BENCH_SESSION_TTL)}
            with Cluster(reps, env=env) as cluster:
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
