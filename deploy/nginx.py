"""The nginx configuration in front of N Tightrope processes, rendered from ``nginx.conf.in``.

:func:`render` writes a ready-to-run folder: ``nginx.conf``, the error page and the connection
check script (``static/``), and empty ``tmp/``, ``cache/`` and log folders, so nginx runs as any
user (``nginx -p DIR -c DIR/nginx.conf``). ``python -m deploy.nginx --replica 10.0.0.5:8501 ...``
renders one for addresses known in advance (the Compose proxy does this at start).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf.in"
STATIC = HERE / "static"
#: Who a viewer should ask when the dashboard cannot connect (``--contact``, ``TIGHTROPE_CONTACT``).
DEFAULT_CONTACT = "the person or team that sent you this link"
#: How long the page waits for the live connection before telling the viewer (milliseconds).
CONNECT_GRACE_MS = 6000


@dataclass(frozen=True)
class Replica:
    """One app process behind the proxy: ``name`` (``r1``: the routing cookie's value) and
    ``address`` (``host:port`` nginx connects to)."""

    name: str
    address: str


def replicas_from(addresses: list[str]) -> list[Replica]:
    """``["127.0.0.1:8501", ...]`` -> replicas ``r1``, ``r2``, ... in that order."""
    return [Replica(f"r{i}", a) for i, a in enumerate(addresses, start=1)]


def _served_pattern(address: str) -> str:
    """An nginx map regex matching ``$upstream_addr`` whose last address tried is ``address``."""
    return '"~(^|\\s)' + re.escape(address) + '$"'


def _upstreams(replicas: list[Replica], fail_timeout: str) -> str:
    out = []
    for r in replicas:
        lines = [f"        server {r.address} max_fails=1 fail_timeout={fail_timeout};"]
        lines += [f"        server {o.address} backup;" for o in replicas if o is not r]
        out.append(f"    upstream tightrope_{r.name} {{\n" + "\n".join(lines) + "\n        keepalive 8;\n    }")
    every = "\n".join(f"        server {r.address} max_fails=1 fail_timeout={fail_timeout};" for r in replicas)
    # least_conn: a session's websocket is one long connection, so this spreads sessions.
    out.append(f"    upstream tightrope_all {{\n        least_conn;\n{every}\n        keepalive 8;\n    }}")
    return "\n\n".join(out)


def render_conf(
    replicas: list[Replica],
    *,
    listen: str,
    run_dir: Path,
    log_dir: Path,
    static_dir: Path,
    websocket: bool = True,
    access_log: bool = False,
    workers: int = 2,
    fail_timeout: str = "5s",
) -> str:
    """The text of ``nginx.conf``.

    ``listen``: nginx's ``listen`` value (``8500``, ``127.0.0.1:8500``); ``websocket=False``
    leaves out the ``Upgrade``/``Connection`` headers (the common misconfiguration, for tests of
    ``check-deploy``). Raises ``ValueError`` without replicas."""
    if not replicas:
        raise ValueError("at least one replica is needed")
    upgrade = (
        "            proxy_set_header Upgrade $http_upgrade;\n"
        "            proxy_set_header Connection $connection_upgrade;"
        if websocket
        else "            # (misconfigured on purpose: no Upgrade/Connection headers)"
    )
    mime = "/etc/nginx/mime.types"
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        replica_count=len(replicas),
        workers=workers,
        run_dir=run_dir,
        log_dir=log_dir,
        static_dir=static_dir,
        mime_types=mime,
        access_log=f"{log_dir}/nginx-access.log" if access_log else "off",
        fail_timeout=fail_timeout,
        listen=listen,
        pool_map="\n".join(f"        {r.name} tightrope_{r.name};" for r in replicas),
        served_map="\n".join(f"        {_served_pattern(r.address)} {r.name};" for r in replicas),
        upstreams=_upstreams(replicas, fail_timeout),
        upgrade_headers=upgrade,
    )


def render_static(dest: Path, contact: str = DEFAULT_CONTACT) -> None:
    """Copy the error page and the connection check into ``dest`` with ``contact`` filled in
    (HTML-escaped in the page; JSON-encoded, ``<`` escaped, in the script)."""
    dest.mkdir(parents=True, exist_ok=True)
    page = (STATIC / "unavailable.html").read_text(encoding="utf-8").replace("{{contact}}", html.escape(contact))
    (dest / "unavailable.html").write_text(page, encoding="utf-8")
    js = (STATIC / "connection-check.js").read_text(encoding="utf-8")
    js = js.replace('"{{contact}}"', json.dumps(contact).replace("<", "\\u003c")).replace(
        "{{grace_ms}}", str(CONNECT_GRACE_MS)
    )
    (dest / "connection-check.js").write_text(js, encoding="utf-8")


#: The user nginx's workers run as when nginx is started by root (Debian has no group "nobody").
ROOT_WORKER_USER = ("nobody", "nogroup")


def _hand_to_workers(folder: Path) -> None:
    """Started as root, nginx runs its workers as ``nobody``: they must read the folder and write
    its ``tmp`` and ``cache``. Raises ``PermissionError`` when a parent folder hides it."""
    import pwd

    uid = pwd.getpwnam(ROOT_WORKER_USER[0]).pw_uid
    for parent in folder.parents:
        if not parent.stat().st_mode & 0o001:
            raise PermissionError(
                f"{folder}: nginx's workers (user {ROOT_WORKER_USER[0]}) cannot enter {parent}; "
                "use a run folder they can reach, e.g. under /tmp, or run as an ordinary user"
            )
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    for sub in ("tmp", "cache"):
        for path in [folder / sub, *(folder / sub).rglob("*")]:
            os.chown(path, uid, -1)


def render(
    folder: Path,
    replicas: list[Replica],
    *,
    listen: str,
    contact: str = DEFAULT_CONTACT,
    log_dir: Path | None = None,
    **options,
) -> Path:
    """Write a runnable nginx folder (see the module docstring); returns the ``nginx.conf`` path."""
    folder = folder.resolve()
    log_dir = (log_dir or folder / "logs").resolve()
    for sub in ("tmp", "cache"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    render_static(folder / "static", contact)
    conf = folder / "nginx.conf"
    text = render_conf(
        replicas, listen=listen, run_dir=folder, log_dir=log_dir, static_dir=folder / "static", **options
    )
    if os.geteuid() == 0:
        text = text.replace("worker_processes", f"user {' '.join(ROOT_WORKER_USER)};\nworker_processes", 1)
    conf.write_text(text, encoding="utf-8")
    if os.geteuid() == 0:
        _hand_to_workers(folder)
    return conf


def resolve(host_port: str) -> list[str]:
    """Every IPv4 address of ``host:port`` (a Compose service name resolves to each replica)."""
    host, _, port = host_port.rpartition(":")
    infos = socket.getaddrinfo(host, int(port), socket.AF_INET, socket.SOCK_STREAM)
    return sorted({f"{i[4][0]}:{port}" for i in infos})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.nginx", description="Render Tightrope's nginx folder for known app addresses."
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--replica", action="append", default=[], help="host:port of an app process (repeat)")
    parser.add_argument(
        "--resolve",
        default=None,
        metavar="HOST:PORT",
        help="a DNS name whose every address is a replica (Compose service)",
    )
    parser.add_argument("--listen", default="8080")
    parser.add_argument("--contact", default=os.environ.get("TIGHTROPE_CONTACT", DEFAULT_CONTACT))
    args = parser.parse_args(argv)
    addresses = list(args.replica)
    if args.resolve:
        addresses += resolve(args.resolve)
    if not addresses:
        parser.error("give --replica or --resolve")
    conf = render(args.folder, replicas_from(addresses), listen=args.listen, contact=args.contact)
    print(f"wrote {conf} for {len(addresses)} replica(s): {', '.join(addresses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
