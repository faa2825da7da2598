"""What one as-of change on a map page costs the browser: bytes over the websocket and ms from the
change to the redrawn, idle page; with ``--before REF`` the same for a snapshot of git ``REF``
(for example ``main``) measured in the same run, so the ratio is what to read on a busy machine.

``python -m bench.map_asof [--page overview] [--changes 5] [--before main]`` prints one JSON
object: per app (``after`` = this tree, ``before`` = the snapshot), the first paint and each
as-of change's ``bytes`` (message payloads), ``deflated_bytes`` (the same on the wire under
permessage-deflate, see :class:`bench.browser.Wire`), ``ms`` (to the idle page) and ``map_ms`` (to the
map's last WebGL draw, see :mod:`bench.browser`), their medians, and the load average. Chromium (Debian's),
one server per app on a free local port, no outside host.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import browser as B
from bench.server import Server

ROOT = Path(__file__).resolve().parent.parent
DAYS = ["2025-05-01", "2025-09-01", "2026-01-15", "2025-04-10", "2025-12-01", "2026-03-01", "2025-07-01"]


def snapshot(ref: str, into: Path) -> Path:
    """``git archive REF`` unpacked into ``into`` (the app as it was at ``ref``)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def measure(root: Path, page: str, changes: int) -> dict:
    with Server(root / "app.py", cwd=root, data_dir=root / "data") as srv, sync_playwright() as p:
        browser = B.launch(p)
        try:
            ctx, tab, wire = B.new_page(browser)
            tab.goto(f"{srv.url}/{page}", wait_until="commit", timeout=B.TIMEOUT_MS)
            first = B.wait_idle(tab)
            b0 = wire.snapshot()[0]
            rows = [B.timed_action(tab, wire, B.set_as_of(DAYS[i % len(DAYS)])) for i in range(changes)]
            maps = tab.evaluate(B.COUNTS)["maps"]
            ctx.close()
        finally:
            browser.close()
    return {
        "first_paint_ms": round(first),
        "first_paint_bytes": b0,
        "changes": rows,
        "median_bytes": statistics.median(r["bytes"] for r in rows),
        "median_deflated_bytes": statistics.median(r["deflated_bytes"] for r in rows),
        "median_ms": round(statistics.median(r["ms"] for r in rows)),
        "median_map_ms": round(statistics.median(r.get("map_ms", float("nan")) for r in rows)),
        "median_map_draw_ms": round(statistics.median(r.get("map_draw_ms", float("nan")) for r in rows)),
        "maps_drawn": maps,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.map_asof")
    ap.add_argument("--page", default="overview")
    ap.add_argument("--changes", type=int, default=5)
    ap.add_argument("--before", default="", help="git ref to measure in the same run (e.g. main)")
    args = ap.parse_args(argv)
    out: dict = {"page": args.page, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="map-asof-") as tmp:
        if args.before:
            out["before"] = measure(snapshot(args.before, Path(tmp) / "before"), args.page, args.changes)
        out["after"] = measure(ROOT, args.page, args.changes)
    if args.before:
        b, a = out["before"], out["after"]
        out["ratio_bytes"] = round(a["median_bytes"] / b["median_bytes"], 3)
        out["ratio_ms"] = round(a["median_ms"] / b["median_ms"], 3)
        out["ratio_map_ms"] = round(a["median_map_ms"] / b["median_map_ms"], 3)
        out["ratio_map_draw_ms"] = round(a["median_map_draw_ms"] / b["median_map_draw_ms"], 3)
    out["load_after"] = os.getloadavg()
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
