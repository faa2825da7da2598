"""Turn the benchmark's numbers into ``RESULTS.md``: machine, budgets (PASS/FAIL), tables.

Budgets (goals, as ratios or absolute limits):

* first paint of every page at most 1.5x the empty app's;
* at 100,000 contacts (x1000), an as-of change reruns every page in at most 250 ms of server
  script time (AppTest) and sends at most 2 MB (2,000,000 bytes) over the websocket;
* the server's RSS after 20 sessions is within 10% of its RSS after the first.

Length: one report (every table and verdict of bench/RESULTS.md) written in one pass, so the numbers
and their wording stay side by side.
"""

from __future__ import annotations

import re

from bench.runner import PAGES, median

FIRST_PAINT_RATIO = 1.5
RERUN_MS = 250.0
RERUN_BYTES = 2_000_000
SESSION_GROWTH = 0.10
BUDGET_SIZE = "x1000"


def ms(x) -> str:
    if x is None:
        return "–"
    return f"{x:,.0f} ms" if x >= 10 else f"{x:.1f} ms"


def secs(x) -> str:
    return "–" if x is None else f"{x:.2f} s"


def size(n) -> str:
    if n is None:
        return "–"
    for unit, div in (("MB", 1e6), ("kB", 1e3)):
        if n >= div:
            return f"{n / div:,.2f} {unit}"
    return f"{n:,.0f} B"


def mib(n) -> str:
    return "–" if not n else f"{n / 2**20:,.0f} MiB"


def ratio(a, b) -> str:
    if a is None or not b:
        return "–"
    return f"{a / b:.2f}x"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def _code(code: dict) -> str:
    if code.get("live"):
        return "Code: the working tree as it was during the run (`--live`)."
    if not code:
        return ""
    changed = f" plus {code['changed_files']} uncommitted file change(s)" if code.get("changed_files") else ""
    return (
        f"Code: a snapshot taken at the start, commit `{code.get('commit')}` "
        f"({code.get('subject', '')}){changed}; snapshot digest `{code.get('sha256')}`."
    )


def _floor_note(res: dict, base: float) -> str:
    an = res.get("anatomy") or {}
    e = (an.get("empty") or {}).get("median_ms")
    parts = [
        f"{k} {ratio((an.get(k) or {}).get('median_ms'), e)}"
        for k in ("plotly", "pydeck", "dataframe")
        if (an.get(k) or {}).get("median_ms") and e
    ]
    return (
        f". Minimal apps with one component alone: {', '.join(parts)} "
        "of their empty app (see 'Each page against its floor')"
        if parts
        else ""
    )


def page_floors(res: dict) -> dict[str, dict]:
    """Per page: the first paint of the minimal apps it is made of (``chrome`` plus the time one
    pydeck map, one plotly chart or one dataframe adds to the empty app, once per kind the page
    draws), in ms, and which parts. Empty when the anatomy or first paint was not measured."""
    fp, an = res.get("first_paint") or {}, res.get("anatomy") or {}
    if (
        "error" in fp
        or "error" in an
        or not all((an.get(k) or {}).get("median_ms") for k in ("empty", "chrome", "pydeck", "plotly", "dataframe"))
    ):
        return {}
    empty = an["empty"]["median_ms"]
    added = {k: an[k]["median_ms"] - empty for k in ("pydeck", "plotly", "dataframe")}
    out = {}
    for p in PAGES:
        r = fp.get(p) or {}
        if r.get("median_ms") is None:
            continue
        kinds = [
            k for k, n in (("pydeck", r.get("maps")), ("plotly", r.get("charts")), ("dataframe", r.get("tables"))) if n
        ]
        out[p] = {
            "ms": an["chrome"]["median_ms"] + sum(added[k] for k in kinds),
            "parts": " + ".join(["chrome", *kinds]),
        }
    return out


def budgets(res: dict) -> list[dict]:
    """Each budget with its measured value and a verdict (``None`` when not measured)."""
    out = []
    fp = res.get("first_paint") or {}
    base = (fp.get("empty") or {}).get("median_ms")
    if base:
        worst = max(PAGES, key=lambda p: fp.get(p, {}).get("median_ms") or 0)
        ok = all((fp.get(p, {}).get("median_ms") or float("inf")) <= FIRST_PAINT_RATIO * base for p in PAGES)
        failing = [p for p in PAGES if (fp.get(p, {}).get("median_ms") or float("inf")) > FIRST_PAINT_RATIO * base]
        out.append(
            {
                "budget": f"First paint of every page ≤ {FIRST_PAINT_RATIO}x the empty app's",
                "measured": f"empty app {ms(base)}; worst page {worst} {ms(fp[worst].get('median_ms'))} = "
                f"{ratio(fp[worst].get('median_ms'), base)}; over budget: {', '.join(failing) or 'none'}"
                + _floor_note(res, base),
                "ok": ok,
            }
        )
    else:
        out.append(
            {
                "budget": f"First paint of every page ≤ {FIRST_PAINT_RATIO}x the empty app's",
                "measured": "not measured",
                "ok": None,
            }
        )
    big = (res.get("scale") or {}).get(BUDGET_SIZE)
    at = (big or {}).get("apptest") or {}
    if at.get("pages"):
        times = {p: at["pages"][p]["median_ms"] for p in PAGES if p in at["pages"]}
        failing = [f"{p} {ms(v)}" for p, v in times.items() if v > RERUN_MS]
        out.append(
            {
                "budget": f"As-of rerun ≤ {RERUN_MS:.0f} ms server time at 100,000 contacts (every page)",
                "measured": "over budget: " + (", ".join(failing) or "none"),
                "ok": not failing,
            }
        )
    else:
        out.append(
            {
                "budget": f"As-of rerun ≤ {RERUN_MS:.0f} ms server time at 100,000 contacts (every page)",
                "measured": "not measured (x1000 not run)",
                "ok": None,
            }
        )
    br = (big or {}).get("browser") or {}
    if br.get("pages"):
        sent = {p: br["pages"][p].get("as_of_bytes") for p in PAGES if p in br["pages"]}
        failing = [f"{p} {size(v)}" for p, v in sent.items() if v is None or v > RERUN_BYTES]
        top = max(sent, key=lambda p: sent[p] or 0)
        out.append(
            {
                "budget": "As-of rerun sends ≤ 2 MB to the browser at 100,000 contacts (every page)",
                "measured": f"largest: {top} {size(sent[top])}; over budget: {', '.join(failing) or 'none'}",
                "ok": not failing,
            }
        )
    else:
        out.append(
            {
                "budget": "As-of rerun sends ≤ 2 MB to the browser at 100,000 contacts (every page)",
                "measured": "not measured (x1000 not run)",
                "ok": None,
            }
        )
    ss = res.get("sessions") or {}
    if ss.get("rss"):
        first, last = ss["rss"][0], ss["rss"][-1]
        growth = (last - first) / first
        out.append(
            {
                "budget": f"Server RSS after {ss['count']} sessions within {SESSION_GROWTH:.0%} of RSS after the first",
                "measured": f"{mib(first)} → {mib(last)} ({growth:+.1%})",
                "ok": abs(growth) <= SESSION_GROWTH,
            }
        )
    else:
        out.append(
            {
                "budget": "Server RSS after 20 sessions within 10% of RSS after the first",
                "measured": "not measured",
                "ok": None,
            }
        )
    return out


def render(res: dict, machine: dict, meta: dict) -> str:
    cfg = res.get("config", {})
    lines = [
        "# Tightrope benchmark results",
        "",
        f"Generated by `{meta['command']}` on {meta['started']} ({meta['duration_s'] / 60:.1f} min; "
        f"{'quick smoke subset' if cfg.get('quick') else 'full run'}). Load "
        f"average before/after: {meta['load_before']} / {meta['load_after']}.",
        _code(res.get("code") or {}),
        "Times are medians; every ratio divides by the empty Streamlit app measured the same way in the same run.",
        "",
        "## Machine",
        "",
    ]
    lines += _table(["", ""], [[k, v] for k, v in machine.items()])
    lines += ["", "## Budgets", ""]
    lines += _table(
        ["budget", "measured", "verdict"], [[b["budget"], b["measured"], verdict(b["ok"])] for b in budgets(res)]
    )

    fp = res.get("first_paint")
    if fp:
        lines += [
            "",
            "## 1. First paint",
            "",
            f"New session per visit, {cfg.get('first_paint_runs')} runs after one warm-up visit; time from "
            "navigation until the title is shown, no script is running, no skeleton is left, every map has "
            "its canvas, every chart its SVG and every table its canvas, and the DOM then stayed unchanged "
            "for 1 s (the quiet second is not counted). Viewport 1600x1000, headless Chromium, software GL.",
            "",
        ]
        if "error" in fp:
            lines.append(f"Error: {fp['error']}")
        else:
            base = fp["empty"]["median_ms"]
            rows = [["empty app", ms(base), "1.00x", size(fp["empty"]["bytes"]), "–", "", ""]]
            for p in PAGES:
                r = fp.get(p, {})
                drawn = (
                    f"{r.get('maps') or 0} map canvases, {r.get('charts') or 0} charts, {r.get('tables') or 0} tables"
                    + (f", {r['exceptions']} exceptions" if r.get("exceptions") else "")
                )
                ok = r.get("median_ms") is not None and base and r["median_ms"] <= FIRST_PAINT_RATIO * base
                spread = f"{min(r['ms']):,.0f}–{max(r['ms']):,.0f}" if r.get("ms") else "–"
                rows.append(
                    [
                        p,
                        ms(r.get("median_ms")),
                        ratio(r.get("median_ms"), base),
                        size(r.get("bytes")),
                        spread,
                        drawn + ("; errors: " + "; ".join(r["errors"]) if r.get("errors") else ""),
                        verdict(ok),
                    ]
                )
            lines += _table(["page", "first paint", "ratio", "bytes received", "range (ms)", "drawn", "≤ 1.5x"], rows)
            floors = page_floors(res)
            if floors:
                lines += [
                    "",
                    "**Each page against its floor.** A page cannot paint before "
                    "the Streamlit components it draws are loaded and drawn. "
                    "The floor is the `chrome` minimal app plus what one "
                    "map, one plotly chart or one table adds (section below), "
                    "counted once for each kind the page draws. Summing is an approximation "
                    "(components load partly in parallel, so it can overstate), "
                    "but one plotly chart or one map alone is already above 1.5x the empty app: "
                    "with those components the budget cannot be met, whatever the page does.",
                    "",
                ]
                frows = [
                    [
                        p,
                        ms(fp.get(p, {}).get("median_ms")),
                        ms(f["ms"]),
                        ratio(f["ms"], base),
                        ratio(fp.get(p, {}).get("median_ms"), f["ms"]),
                        f["parts"],
                    ]
                    for p, f in floors.items()
                ]
                lines += _table(
                    ["page", "first paint", "floor", "floor / empty app", "page / floor", "floor made of"], frows
                )

    an = res.get("anatomy")
    if an and "error" not in an:
        lines += ["", "### What a first paint is made of", ""]
        lines.append(
            "Minimal apps measured the same way, each the empty app plus one thing the pages "
            "draw: `chrome` = wide layout, `st.navigation` with 7 pages and the sidebar's widgets "
            "(2 date inputs, a multiselect, a toggle); `dataframe` = one 1,000x10 `st.dataframe`; "
            "`plotly` = one 100-point scatter; `pydeck` = one map of the dashboard's country GeoJSON "
            "(local background style, no basemap, compact JSON). The difference "
            "to `empty` is what that element adds to any page that has it."
        )
        lines.append("")
        base = (an.get("empty") or {}).get("median_ms")
        rows = []
        for name, r in an.items():
            if "error" in r:
                rows.append([name, r["error"], "", "", ""])
                continue
            m = r.get("median_ms")
            rows.append(
                [
                    name + _flag((r.get("drawn") or {}).get("exceptions")),
                    ms(m),
                    ratio(m, base),
                    ("+" + ms(m - base)) if m is not None and base and name != "empty" else "–",
                    size(r.get("bytes")),
                ]
            )
        lines += _table(["minimal app", "first paint", "ratio to empty", "added", "bytes received"], rows)

    ia, srv = res.get("interaction"), res.get("interaction_server")
    if ia or srv:
        lines += ["", "## 2. Interaction (bundled data)", ""]
        lines.append(
            "Browser: time from the committing action (Escape that closes "
            "the As-of calendar after typing a date; Enter that picks "
            "a country in the Countries multiselect, or the click that removes it) until "
            "the rerun's `script_finished` arrived and the page was drawn and idle again. "
            "Server: wall time of `AppTest.run()` after setting the As-of date (the page's whole "
            "script, `app.py` included), against the empty app's rerun after a button click."
        )
        lines.append("")
        if ia and "error" not in ia:
            base = ia["empty"]["median_ms"]
            sbase = (srv or {}).get("empty", {}).get("median_ms") if srv and "error" not in srv else None
            rows = [
                [
                    "empty app (button)",
                    ms(base),
                    "1.00x",
                    "–",
                    "–",
                    size(ia["empty"].get("bytes")),
                    ms(sbase),
                    "1.00x" if sbase else "–",
                ]
            ]
            for p in PAGES:
                r = ia["pages"].get(p, {})
                s = ((srv or {}).get("pages") or {}).get(p, {}) if srv and "error" not in srv else {}
                if "error" in r:
                    rows.append(
                        [p, r["error"], "", "", "", "", ms(s.get("median_ms")), ratio(s.get("median_ms"), sbase)]
                    )
                    continue
                rows.append(
                    [
                        p + _flag(r.get("exceptions")) + _flag(s.get("exceptions")),
                        ms(r.get("as_of_median_ms")),
                        ratio(r.get("as_of_median_ms"), base),
                        ms(r.get("countries_median_ms")),
                        ratio(r.get("countries_median_ms"), base),
                        size(r.get("as_of_bytes")),
                        ms(s.get("median_ms")),
                        ratio(s.get("median_ms"), sbase),
                    ]
                )
            lines += _table(
                [
                    "page",
                    "as-of change (browser)",
                    "ratio",
                    "countries change (browser)",
                    "ratio",
                    "bytes per as-of rerun",
                    "as-of rerun (server, AppTest)",
                    "ratio",
                ],
                rows,
            )
        elif ia:
            lines.append(f"Browser part failed: {ia['error']}")
        if srv and "error" in srv:
            lines.append(f"Server part failed: {srv['error']}")

    sc = res.get("scale")
    if sc:
        lines += _scale(sc)

    ss = res.get("sessions")
    if ss:
        lines += ["", "## 4. Sessions", ""]
        if "error" in ss:
            lines.append(f"Error: {ss['error']}")
        else:
            rss = ss["rss"]
            lines.append(
                f"{ss['count']} sessions opened the overview one after another against "
                "one server (bundled data); each was drawn and idle, then its browser "
                f"context was closed; RSS read {ss['settle_s']:g} s after each close. "
                "Streamlit keeps a disconnected session for `server.disconnectedSessionTTL` "
                "(120 s by default), so all of them may still be held when the last is read."
            )
            lines.append("")
            lines += _table(
                ["server RSS", "value"],
                [
                    ["before the first session", mib(ss["rss_before"])],
                    ["after the first", mib(rss[0])],
                    [f"after the {ss['count']}th", mib(rss[-1])],
                    ["growth first → last", f"{(rss[-1] - rss[0]) / rss[0]:+.1%}"],
                    ["peak (VmHWM)", mib(ss["hwm"])],
                    ["after each (MiB)", ", ".join(f"{x / 2**20:.0f}" for x in rss)],
                    ["first paint per session (median)", ms(median(ss["first_paint_ms"]))],
                ],
            )
    return "\n".join(lines) + "\n"


def _flag(exceptions) -> str:
    return " ⚠" if exceptions else ""


def _scale(sc: dict) -> list[str]:
    names = list(sc)
    lines = ["", "## 3. Scale", ""]
    lines.append(
        "Synthetic data from `bench/synth.py`: bundled rows plus clones with new ids "
        "(contacts: dates spread over 2023-01-01..2026-06-30, random counterparts and channels "
        "from the bundled values; measures: dates shifted together, random targets). "
        "x1 is the bundled data; xN has 100·N contacts and 10·N measures. Load = `load_dataset` "
        "in a fresh process. Rerun = median `AppTest.run()` after an as-of change "
        "(a page stops repeating after its runs took the page budget, so the slowest pages at x1000 "
        "have fewer runs). Bytes = websocket frames received by the browser for one as-of rerun. "
        "RSS = the server process after visiting every page once (VmRSS; peak VmHWM)."
    )
    lines.append("")

    def get(name, *path):
        cur = sc[name]
        for k in path:
            if not isinstance(cur, dict) or k not in cur:
                return None
            cur = cur[k]
        return cur

    rows = []
    for n in names:
        g = get(n, "generated") or {}
        v = get(n, "validate") or {}
        rows.append(
            [
                n,
                f"{g.get('diplomatic_contacts', 0):,}",
                f"{g.get('trade_measures', 0):,}",
                ("valid" if v.get("ok") else "INVALID") + f" ({secs(v.get('s'))})",
                secs(get(n, "apptest", "load_s")),
                secs(get(n, "apptest", "cold_s")),
                mib(get(n, "browser", "rss_end")),
                mib(get(n, "browser", "hwm")),
            ]
        )
    lines += _table(
        [
            "size",
            "contacts",
            "measures",
            "validate (CLI)",
            "load_dataset",
            "first AppTest run",
            "server RSS",
            "server peak RSS",
        ],
        rows,
    )
    base = names[0]
    for title, path, fmt in (
        ("As-of rerun, server script time (AppTest median)", ("apptest", "pages", "{p}", "median_ms"), ms),
        ("Bytes sent to the browser per as-of rerun", ("browser", "pages", "{p}", "as_of_bytes"), size),
        ("As-of rerun in the browser (action to idle)", ("browser", "pages", "{p}", "as_of_ms"), ms),
        ("First paint in the browser at each size", ("browser", "pages", "{p}", "first_ms"), ms),
    ):
        lines += ["", f"### {title}", ""]
        rows = []
        for p in PAGES:
            vals = [get(n, *[x.format(p=p) for x in path]) for n in names]
            b = vals[0]
            growth = f"{vals[-1] / b:,.1f}x" if b and vals[-1] is not None else "–"
            flags = [_flag(get(n, path[0], "pages", p, "exceptions")) for n in names]
            rows.append([p] + [fmt(v) + f for v, f in zip(vals, flags)] + [growth])
        lines += _table(["page"] + names + [f"{names[-1]} / {base}"], rows)
    lines += [
        "",
        "⚠ = the page showed an exception box (browser) or raised "
        "(AppTest) in that measurement; its numbers are not comparable.",
    ]
    empties = [get(n, "apptest", "empty", "median_ms") for n in names]
    lines += [
        "",
        "Empty app rerun (AppTest) in the same workers: "
        + ", ".join(f"{n} {ms(v)}" for n, v in zip(names, empties))
        + ".",
    ]
    errors = [f"{n}: {get(n, k, 'error')}" for n in names for k in ("apptest", "browser") if get(n, k, "error")]
    errors += [
        f"{n} {p}: {get(n, 'browser', 'pages', p, 'error')}"
        for n in names
        for p in PAGES
        if get(n, "browser", "pages", p, "error")
    ]
    errors += [
        f"{n} {p}: exceptions {get(n, 'apptest', 'pages', p, 'exceptions')}"
        for n in names
        for p in PAGES
        if get(n, "apptest", "pages", p, "exceptions")
    ]
    if errors:
        lines += ["", "Errors: " + "; ".join(errors)]
    runs = {n: {p: len(get(n, "apptest", "pages", p, "runs_s") or []) for p in PAGES} for n in names}
    lines += [
        "",
        "AppTest runs per page: "
        + "; ".join(f"{n}: " + ", ".join(f"{p} {k}" for p, k in r.items()) for n, r in runs.items())
        + ".",
    ]

    prof_size = next((n for n in reversed(names) if get(n, "apptest", "profiles")), None)
    if prof_size:
        lines += ["", f"### Hot spots at {prof_size} (cProfile of one as-of rerun, script thread)", ""]
        for page, prof in get(prof_size, "apptest", "profiles").items():
            lines += [
                f"**{page}**: {secs(prof['wall_s'])} wall under the profiler. Project functions by cumulative time:",
                "",
            ]
            rows = [
                [f"`{r['function']}`", f"{r['calls']:,}", secs(r["cumtime_s"]), secs(r["tottime_s"])]
                for r in prof["project_cumulative"][:12]
            ]
            lines += _table(["function", "calls", "cumulative", "own"], rows)
            lines += ["", "Most own time (any code):", ""]
            rows = [[f"`{r['function']}`", f"{r['calls']:,}", secs(r["tottime_s"])] for r in prof["tottime"][:8]]
            lines += _table(["function", "calls", "own"], rows)
            lines.append("")
    return lines


#: Sections that other bench commands write into RESULTS.md between these markers (e.g.
#: ``python -m bench.scenario_rerun --write``); a full run keeps them below its own report.
APPENDED = re.compile(r"<!-- appended:(?P<name>[a-z_]+) -->.*?<!-- /appended:(?P=name) -->\n?", re.S)


def keep_appended(path, text: str) -> str:
    """``text`` followed by the appended sections of the report at ``path`` (if it exists)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    blocks = [m.group(0) for m in APPENDED.finditer(old)]
    return text.rstrip("\n") + "\n\n" + "".join(blocks) if blocks else text


def put_appended(path, name: str, body: str) -> None:
    """Write (or replace) the appended section ``name`` of the report at ``path``."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"<!-- appended:{name} -->\n{body.rstrip()}\n<!-- /appended:{name} -->\n"
    pattern = re.compile(rf"<!-- appended:{name} -->.*?<!-- /appended:{name} -->\n?", re.S)
    new = pattern.sub(lambda _m: block, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + block
    path.write_text(new, encoding="utf-8")
