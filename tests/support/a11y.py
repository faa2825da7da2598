"""axe-core in the browser: inject the vendored ``tests/support/axe/axe.min.js`` (never fetched at
run time) and run the WCAG 2.0/2.1 A and AA rules on the page as it is drawn.

:func:`run_axe` returns axe's violations (``[{"id", "impact", "help", "nodes": [{"target",
"html", "failureSummary"}]}]``); :func:`describe` prints one line per failing element."""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "axe" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")


def run_axe(page, exclude: list[str] | None = None) -> list[dict]:
    """axe's violations of the WCAG 2.1 A/AA rules on ``page``; ``exclude`` lists CSS selectors
    of elements left out (each needs a reason where it is passed)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    context = {"include": [["body"]], "exclude": [[s] for s in (exclude or [])]}
    return page.evaluate(
        """([context, tags]) => axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          impact: n.impact, summary: (n.failureSummary || '').slice(0, 300)}))})))""",
        [context, WCAG_AA],
    )


def serious(violations: list[dict]) -> list[dict]:
    """The violations whose impact is serious or critical."""
    return [v for v in violations if v["impact"] in SERIOUS]


def describe(violations: list[dict]) -> str:
    """One line per failing element: rule, impact, CSS target, HTML excerpt, axe's summary."""
    lines = []
    for v in violations:
        for n in v["nodes"]:
            summary = " ".join(n["summary"].split())
            lines.append(f"[{v['id']} {n['impact'] or v['impact']}] {n['target']} :: {n['html']} :: {summary}")
    return "\n".join(lines)
