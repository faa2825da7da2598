"""Statistics and the Markdown report of ``python -m bench load`` (:mod:`bench.load`)."""

from __future__ import annotations


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


def _fmt(x, unit="s") -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if unit == "s" else f"{x / 2**20:.0f}"


def markdown(results: list[dict]) -> str:
    """One table row per measurement (see the module docstring for the columns)."""
    rows = [
        "| app | replicas | sessions | first view p50 / p95 / max (s) | all runs p50 / p95 / max (s) | one "
        "viewer alone (s) | first-view p95 ÷ one viewer | failures | CPU cores per replica | RSS per "
        "replica before / peak / idle / after close (MiB) | per idle session (MiB) | load before -> after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        f, a = r["first_view_s"], r["all_runs_s"]
        cpu = ", ".join(
            f"{k} {v['cpu_cores']:.2f}" if v["cpu_cores"] is not None else f"{k} killed"
            for k, v in r["replicas"].items()
        )
        mem = "; ".join(
            f"{k} {_fmt(v['rss_before'], 'b')}/{_fmt(v['rss_peak'], 'b')}/"
            f"{_fmt(v['rss_idle'], 'b')}/{_fmt(v['rss_after_close'], 'b')}"
            for k, v in r["replicas"].items()
        )
        per = r["memory_per_idle_session"]
        rows.append(
            f"| {r.get('app', 'tightrope')} | {len(r['replicas'])} | {r['sessions']} | {_fmt(f['p50'])} "
            f"/ {_fmt(f['p95'])} / {_fmt(f['max'])} | {_fmt(a['p50'])} / {_fmt(a['p95'])} / "
            f"{_fmt(a['max'])} | {_fmt(r.get('one_viewer_s'))} | {_fmt(r.get('first_view_p95_ratio'))}x "
            f"| {r['failures']} | {cpu} | {mem} | {per / 2**20 if per is not None else 0:.2f} | "
            f"{r['load_before'].split()[0] if r['load_before'] else '-'} -> "
            f"{r['load_after'].split()[0] if r['load_after'] else '-'} |"
        )
    faults = [r for r in results if "fault" in r]
    for r in faults:
        f = r["fault"]
        rows.append("")
        rows.append(
            f"Fault ({r['sessions']} sessions, {len(r['replicas'])} replicas): killed {f['killed']} (SIGKILL) mid-run; "
            f"{f['viewers_reconnected']} viewers reconnected to {', '.join(f['moved_to'])} "
            f"in p50 {_fmt(f['recovery_s']['p50'])} s / max {_fmt(f['recovery_s']['max'])} s "
            "after their connection dropped "
            f"(max {_fmt(f['since_kill_s']['max'])} s after the kill); same view: {f['same_view']}; "
            f"other viewers failed: {f['other_viewers_failed']}; "
            f"restart took {_fmt(f.get('restart_s'))} s; new viewers after it reached "
            f"{', '.join(map(str, f['rejoin']['new_viewers_on']))} (rejoined: {f['rejoin']['rejoined']})."
        )
    return "\n".join(rows) + "\n"
