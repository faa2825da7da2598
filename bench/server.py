"""Start and stop Streamlit servers for the benchmark, and read their memory from /proc.

A server is ``<venv python> -m streamlit run SCRIPT --server.headless true --server.port P``
started from the app's root folder (so both the dashboard and the empty app read the same
``.streamlit/config.toml``), with ``TIGHTROPE_DATA_DIR`` set when a data folder is given. The
app's root is a snapshot of the working tree (:func:`snapshot_app`) unless ``--live``.
The process id is Streamlit's own Python process, so ``/proc/PID/status`` is the server's memory.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
EMPTY_APP = 'import streamlit as st; st.title("Empty"); st.button("Rerun", key="rerun")\n'


#: Not part of the app: left out of the snapshot the benchmark runs.
SNAPSHOT_SKIP = {
    ".venv",
    ".git",
    ".ruff_cache",
    ".pytest_cache",
    ".ci",
    "bench",
    "tests",
    "docs",
    "screenshots",
    "test-results",
    "__pycache__",
}


def snapshot_app(dest: Path, root: Path = ROOT) -> dict:
    """Copy the app (``app.py``, ``components/``, ``pages/``, ``tightrope/``, ``data/``,
    ``.streamlit/`` ... everything but the folders in :data:`SNAPSHOT_SKIP`) to ``dest``, so a
    run measures one state of the code even while the working tree is being edited.

    Returns ``{"root": dest, "commit": ..., "changed_files": n, "sha256": ...}``: the git commit,
    how many files differ from it, and a digest of the copied files (which code was measured)."""
    import hashlib
    import shutil

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".backups")
    for p in sorted(root.iterdir()):
        if p.name in SNAPSHOT_SKIP:
            continue
        if p.is_dir():
            shutil.copytree(p, dest / p.name, ignore=ignore, dirs_exist_ok=True)
        elif p.is_file():
            shutil.copy2(p, dest / p.name)
    digest = hashlib.sha256()
    for f in sorted(x for x in dest.rglob("*") if x.is_file()):
        digest.update(str(f.relative_to(dest)).encode())
        digest.update(f.read_bytes())

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30).stdout.strip()
        except Exception:
            return ""

    changed = [line for line in git("status", "--porcelain", "--untracked-files=no").splitlines() if line.strip()]
    return {
        "root": str(dest),
        "commit": git("rev-parse", "--short", "HEAD"),
        "subject": git("log", "-1", "--format=%s"),
        "changed_files": len(changed),
        "sha256": digest.hexdigest()[:12],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_empty_app(folder: Path | None = None) -> Path:
    """Write the one-line empty Streamlit app (a title and a button) into a temp folder."""
    folder = Path(folder or tempfile.mkdtemp(prefix="tightrope-bench-empty-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "empty_app.py"
    path.write_text(EMPTY_APP, encoding="utf-8")
    return path


def memory(pid: int) -> dict[str, int]:
    """``{"rss": bytes, "hwm": bytes}`` of process ``pid`` (VmRSS and VmHWM, the peak RSS).

    Uses psutil when installed (RSS only; the peak then comes from /proc as well), else
    /proc/PID/status. Returns zeros when the process is gone."""
    out = {"rss": 0, "hwm": 0}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            out["rss"] = int(line.split()[1]) * 1024
        elif line.startswith("VmHWM:"):
            out["hwm"] = int(line.split()[1]) * 1024
    try:  # pragma: no cover - psutil is optional
        import psutil

        out["rss"] = psutil.Process(pid).memory_info().rss
    except Exception:
        pass
    return out


class Server:
    """One ``streamlit run`` process; use as a context manager.

    ``Server(script, data_dir=None)``; ``.url`` is ``http://127.0.0.1:PORT``; ``.pid`` the server
    process. Raises ``RuntimeError`` if the health endpoint does not answer within ``timeout``."""

    def __init__(
        self,
        script: Path,
        *,
        cwd: Path = ROOT,
        data_dir: Path | None = None,
        timeout: float = 60.0,
        log_dir: Path | None = None,
    ):
        self.script = Path(script)
        self.cwd = Path(cwd)
        self.data_dir = data_dir
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_dir = log_dir
        self._log = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def memory(self) -> dict[str, int]:
        return memory(self.pid)

    def start(self) -> Server:
        env = dict(os.environ)
        if self.data_dir is not None:
            env["TIGHTROPE_DATA_DIR"] = str(self.data_dir)
        else:
            env.pop("TIGHTROPE_DATA_DIR", None)
        env["PYTHONUNBUFFERED"] = "1"
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_dir / f"server-{self.script.stem}-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, cwd=self.cwd, env=env, stdout=self._log or subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode} ({self.script})")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within {self.timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
