"""Several Tightrope processes behind nginx on one host: ``make cluster`` (``python -m deploy.cluster``).

Starts N ``streamlit run app.py`` processes on free local ports (listening on 127.0.0.1 only, all
reading the same data folder), renders the nginx folder (:mod:`deploy.nginx`) into a run folder
and starts nginx on the public port in the foreground. Nothing needs root: nginx's pid, logs,
temporary files and cache live in the run folder. A replica that exits is started again (on the
same port, so nginx finds it) after two seconds. Ctrl-C (SIGINT) or SIGTERM stops every process
this started, and only those.

The run folder holds ``cluster.json`` (public URL, each replica's name, port and pid, nginx's pid),
which ``python -m bench load --cluster`` reads to measure each replica's CPU and memory.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from deploy import nginx

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_health(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    """Poll ``url`` + ``/_stcore/health`` until it answers ``ok`` (True) or ``timeout`` s pass or
    ``proc`` exits (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@dataclass
class Replica:
    """One app process: ``name`` (``r1``, the routing cookie's value), ``port`` on 127.0.0.1."""

    name: str
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Cluster:
    """nginx plus ``replicas`` app processes. Use as a context manager, or ``start()``/``stop()``.

    ``port``: nginx's public port; ``host``: the address it listens on (``""`` for every
    interface); ``data_dir``: the shared data folder (default ``$TIGHTROPE_DATA_DIR`` or
    ``data/``); ``run_dir``: where configuration, logs and ``cluster.json`` go (default a new
    temporary folder, removed by :meth:`stop`); ``websocket=False`` renders the misconfiguration ``check-deploy`` must
    catch; ``env``: extra environment for the app processes. ``TIGHTROPE_EDIT`` is removed from
    their environment unless ``allow_local_edit`` (behind a proxy, "local" would mean everyone).
    Raises ``RuntimeError`` when a process does not come up within ``timeout`` seconds."""

    def __init__(
        self,
        replicas: int = 2,
        *,
        port: int | None = None,
        host: str = "127.0.0.1",
        data_dir: Path | None = None,
        run_dir: Path | None = None,
        contact: str = nginx.DEFAULT_CONTACT,
        websocket: bool = True,
        env: dict[str, str] | None = None,
        allow_local_edit: bool = False,
        app_root: Path = ROOT,
        timeout: float = 90.0,
        access_log: bool = False,
    ):
        if not 1 <= replicas <= 16:
            raise ValueError("replicas must be between 1 and 16")
        self.port = port or free_port()
        self.host = host
        self.data_dir = Path(data_dir or os.environ.get("TIGHTROPE_DATA_DIR") or ROOT / "data").resolve()
        self.own_run_dir = run_dir is None  # a temporary run folder is removed by stop()
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="tightrope-cluster-")).resolve()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.own_run_dir:
            self.run_dir.chmod(0o755)  # nginx's workers (user nobody when started by root) enter it
        self.contact = contact
        self.websocket = websocket
        self.app_root = app_root
        self.timeout = timeout
        self.access_log = access_log
        self.replicas = [Replica(f"r{i}", free_port()) for i in range(1, replicas + 1)]
        self.nginx: subprocess.Popen | None = None
        base_env = dict(os.environ)
        if not allow_local_edit:
            base_env.pop("TIGHTROPE_EDIT", None)
        base_env.update(env or {})
        base_env["TIGHTROPE_DATA_DIR"] = str(self.data_dir)
        # One secret for every replica, so a cookie Streamlit signs in one is valid in the others.
        base_env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        self.env = base_env
        self.logs = self.run_dir / "logs"

    @property
    def url(self) -> str:
        return f"http://{self.host if self.host not in ('', '0.0.0.0') else '127.0.0.1'}:{self.port}"

    def _start_replica(self, r: Replica) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.app_root / "app.py"),
            "--server.port",
            str(r.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        with (self.logs / f"{r.name}.log").open("a") as log:
            r.proc = subprocess.Popen(
                cmd, cwd=self.app_root, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )

    def start(self) -> Cluster:
        for r in self.replicas:
            self._start_replica(r)
        for r in self.replicas:
            if not wait_health(r.url, self.timeout, r.proc):
                self.stop()
                raise RuntimeError(f"replica {r.name} did not start; see {self.logs / (r.name + '.log')}")
        listen = f"{self.host}:{self.port}" if self.host else str(self.port)
        try:
            conf = nginx.render(
                self.run_dir / "nginx",
                nginx.replicas_from([f"127.0.0.1:{r.port}" for r in self.replicas]),
                listen=listen,
                contact=self.contact,
                log_dir=self.logs,
                websocket=self.websocket,
                access_log=self.access_log,
            )
        except PermissionError as exc:
            self.stop()
            raise RuntimeError(str(exc)) from exc
        with (self.logs / "nginx.out").open("a") as out:
            self.nginx = subprocess.Popen(
                [
                    NGINX,
                    "-p",
                    str(conf.parent),
                    "-c",
                    str(conf),
                    "-e",
                    str(self.logs / "nginx-error.log"),
                    "-g",
                    "daemon off;",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        if not wait_health(self.url, 20, self.nginx):
            self.stop()
            raise RuntimeError(f"nginx did not start; see {self.logs / 'nginx-error.log'}")
        self.write_state()
        return self

    def write_state(self) -> None:
        state = {
            "url": self.url,
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "data_dir": str(self.data_dir),
            "replicas": [{"name": r.name, "port": r.port, "pid": r.pid} for r in self.replicas],
        }
        (self.run_dir / "cluster.json").write_text(json.dumps(state, indent=1), encoding="utf-8")

    def replica(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill one replica (SIGKILL by default: a crash, no goodbye to its sessions)."""
        r = self.replica(name)
        if r.proc and r.proc.poll() is None:
            r.proc.send_signal(sig)
            r.proc.wait(15)

    def restart(self, name: str) -> None:
        """Start a killed replica again on its port; returns when it is healthy."""
        r = self.replica(name)
        if r.alive:
            return
        self._start_replica(r)
        if not wait_health(r.url, self.timeout, r.proc):
            raise RuntimeError(f"replica {name} did not restart; see {self.logs / (name + '.log')}")
        self.write_state()

    def stop(self) -> None:
        """Stop nginx and every replica this started (SIGTERM, then SIGKILL after 10 s)."""
        procs = [p for p in [self.nginx] + [r.proc for r in self.replicas] if p is not None and p.poll() is None]
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        if self.own_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def supervise(self, restart_after: float = 2.0) -> None:
        """Run until interrupted: restart a replica that exits; stop when nginx exits."""
        while True:
            if self.nginx is None or self.nginx.poll() is not None:
                raise RuntimeError(f"nginx exited; see {self.logs / 'nginx-error.log'}")
            for r in self.replicas:
                if not r.alive:
                    print(
                        f"cluster: {r.name} exited (code {r.proc.returncode if r.proc else '?'}); "
                        f"restarting in {restart_after:.0f} s",
                        flush=True,
                    )
                    time.sleep(restart_after)
                    try:
                        self.restart(r.name)
                        print(f"cluster: {r.name} is back on port {r.port}", flush=True)
                    except RuntimeError as exc:
                        print(f"cluster: {exc}", flush=True)
            time.sleep(1)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8500, help="public port nginx listens on (default 8500)")
    parser.add_argument(
        "--replicas", type=int, default=2, help="app processes (default 2; one per core is the useful maximum)"
    )
    parser.add_argument("--host", default="", help="address nginx listens on (default: every interface)")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="shared data folder (default $TIGHTROPE_DATA_DIR or data/)"
    )
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=None,
        help="configuration, logs and cluster.json (default: a temporary folder, removed on exit)",
    )
    parser.add_argument(
        "--contact",
        default=os.environ.get("TIGHTROPE_CONTACT", nginx.DEFAULT_CONTACT),
        help="whom viewers should ask when the dashboard cannot connect",
    )
    args = parser.parse_args(argv)
    if not shutil.which(NGINX) and not Path(NGINX).exists():
        print("error: nginx is not installed (Debian: apt-get install nginx)", file=sys.stderr)
        return 2
    if os.environ.get("TIGHTROPE_EDIT"):
        print(
            "cluster: TIGHTROPE_EDIT is ignored behind the proxy (anyone "
            "reaching it could edit); use login and an allow-list (README)",
            file=sys.stderr,
        )
    cluster = Cluster(
        args.replicas,
        port=args.port,
        host=args.host,
        data_dir=args.data_dir,
        run_dir=args.run_dir,
        contact=args.contact,
    )

    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        cluster.start()
        ports = ", ".join(f"{r.name} :{r.port} (pid {r.pid})" for r in cluster.replicas)
        print(f"cluster: http://localhost:{cluster.port} -> nginx (pid {cluster.nginx.pid}) -> {ports}", flush=True)
        print(
            f"cluster: data {cluster.data_dir}; logs and cluster.json in {cluster.run_dir}; Ctrl-C stops everything",
            flush=True,
        )
        cluster.supervise()
    except KeyboardInterrupt:
        print("\ncluster: stopping", flush=True)
    except RuntimeError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
