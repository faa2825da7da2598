"""scripts/audit.py (``make audit``): how pip-audit's outcomes are reported, without the network."""

import json
import subprocess
from pathlib import Path

from scripts import audit

REQ = Path("requirements.txt")


def done(stdout: str = "", stderr: str = "", rc: int = 0) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(["pip-audit"], rc, stdout, stderr)


def test_unreachable_database_is_skipped_with_exit_0(capsys):
    err = (
        "Traceback ...\n"
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded"
    )
    assert audit.report(done(stderr=err, rc=1), REQ) == 0
    assert capsys.readouterr().out.startswith("SKIPPED: the vulnerability database could not be reached")


def test_vulnerability_fails():
    deps = {
        "dependencies": [
            {
                "name": "jinja2",
                "version": "3.0.0",
                "vulns": [{"id": "GHSA-x", "aliases": ["CVE-1"], "fix_versions": ["3.1.6"]}],
            },
            {"name": "numpy", "version": "2.4.6", "vulns": []},
        ]
    }
    assert audit.report(done(json.dumps(deps), rc=1), REQ) == 1


def test_nothing_known_is_skipped_not_clean(capsys):
    deps = {
        "dependencies": [
            {
                "name": "streamlit",
                "skip_reason": "Dependency not found on PyPI and could not be audited: streamlit (1.67.0)",
            }
        ]
    }
    assert audit.report(done(json.dumps(deps)), REQ) == 0
    out = capsys.readouterr().out
    assert "SKIPPED" in out and "OK" not in out


def test_clean_run_lists_what_could_not_be_checked(capsys):
    deps = {
        "dependencies": [{"name": "numpy", "version": "2.4.6", "vulns": []}, {"name": "x", "skip_reason": "not found"}]
    }
    assert audit.report(done(json.dumps(deps)), REQ) == 0
    out = capsys.readouterr().out
    assert "OK: no known vulnerabilities in the 1 package(s) checked" in out and "x: not found" in out


def test_other_failure_is_an_error():
    assert audit.report(done(stderr="error: invalid requirement", rc=2), REQ) == 2
