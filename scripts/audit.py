"""Check the pinned runtime dependencies for known vulnerabilities with pip-audit.

Usage: ``python scripts/audit.py [REQUIREMENTS]`` (``make audit``; default ``requirements.txt``).
pip-audit resolves the requirements in a temporary environment and looks every package version
up in its vulnerability database (PyPI's, which draws on the OSV database).

Exit status: 1 when a pinned package (or one it pulls in) has a known vulnerability, or when
pip-audit fails for another reason; 0 when none is known. When the vulnerability database cannot
be reached, or knows none of the pinned versions, nothing could be checked: the script says so
plainly ("SKIPPED") and exits 0, so an offline machine is not blocked, but it never reports such
a run as clean. Packages the database does not know are listed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFLINE_SIGNS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "timed out",
    "ServiceError",
)


def run_pip_audit(requirements: Path) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "pip_audit",
        "-r",
        str(requirements),
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--timeout",
        "30",
    ]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)


def report(result: subprocess.CompletedProcess, requirements: Path) -> int:
    """Print what pip-audit found; return the exit status (see the module docstring)."""
    try:
        data = json.loads(result.stdout) if result.stdout.strip() else None
    except json.JSONDecodeError:
        data = None
    if data is None:
        err = result.stderr.strip()
        last = err.splitlines()[-1] if err else "no output"
        if any(sign in err for sign in OFFLINE_SIGNS):
            print(
                "SKIPPED: the vulnerability database could not be reached, "
                f"so {requirements.name} was not checked ({last[:300]})."
            )
            print("Run `make audit` again on a machine with internet access.")
            return 0
        print(f"pip-audit failed (exit {result.returncode}): {last[:500]}", file=sys.stderr)
        return result.returncode or 1
    deps = data.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    checked = len(deps) - len(skipped)
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
            print(
                f"VULNERABLE {d['name']} {d.get('version', '')}: {v.get('id')} "
                f"({', '.join(v.get('aliases') or [])}); fixed in {fixed}"
            )
    if skipped:
        print(
            f"{len(skipped)} of {len(deps)} package(s) could not be "
            "looked up (the database has no record of these versions):"
        )
        for d in skipped:
            print(f"  {d['name']}: {d['skip_reason']}")
    if vulnerable:
        print(
            f"FAILED: {len(vulnerable)} package(s) with known vulnerabilities; upgrade the pins in {requirements.name}."
        )
        return 1
    if deps and checked == 0:
        print(
            "SKIPPED: the vulnerability database knows none of the "
            f"{len(deps)} pinned versions, so nothing was checked."
        )
        return 0
    print(
        f"OK: no known vulnerabilities in the {checked} package(s) checked"
        + (f" ({len(skipped)} could not be checked, listed above)." if skipped else ".")
    )
    return 0


def main() -> int:
    requirements = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "requirements.txt"
    return report(run_pip_audit(requirements), requirements)


if __name__ == "__main__":
    sys.exit(main())
