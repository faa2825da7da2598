"""Many viewers at once, each over Streamlit's own protocol (:class:`deploy.session.Session`):
what each viewer does (:func:`plan`, :func:`viewer`), the run that drives them all and measures the
app processes (:func:`drive`), and the sampling of those processes from /proc (:class:`Probe`).
The command line and the report are :mod:`bench.load` and :mod:`bench.load_report`.
"""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import machine
from bench.load_report import summary
from deploy.session import Session, SessionError
from tightrope import registry

#: URL paths of the pages with maps and charts ("" is the default page); Sources and Data are tables.
PAGES = [registry.url_of(p) for p in registry.PAGES if p.slug not in ("sources", "data")]
DATES = ["2025-04-05", "2025-05-01", "2025-07-22", "2025-09-16", "2026-01-15", "2026-07-01"]
#: Seconds a closed session stays in a replica's memory during these runs (Streamlit's default is
#: 120 s, so a viewer whose network blips gets the session back); short here so "after close"
#: is measured in seconds, not minutes.
BENCH_SESSION_TTL = 5


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
