"""``python -m tightrope check-deploy URL``: open a real session through the public address and
say exactly what is wrong with the proxy in front of Tightrope.

Checks, in order (each stops the ones that depend on it):

1. ``page``: ``GET URL`` answers 200 with Streamlit's page (else: nothing answers, no replica
   is up, or the path is wrong: the *base path* check says where the app is instead);
2. ``health``: ``URL/_stcore/health`` answers ``ok``;
3. ``static files``: the page's script bundle (``static/js/index.*.js``) loads;
4. ``websocket``: ``URL/_stcore/stream`` switches to a websocket (the proxy passes ``Upgrade``
   and ``Connection``, and the ``Host`` header Streamlit checks);
5. ``session``: a script run finishes (``script_finished``) without an exception shown;
6. ``stickiness``: a viewer whose connection drops comes back to the same process (its session
   id is resumed), for several fresh viewers: without sticky routing some reach another process
   and lose their session, and uploads and downloads fail at random;
7. ``idle`` (``--idle SECONDS``): a websocket left idle that long still works (proxy read
   timeouts shorter than a viewer's reading time close it).

Each finding is one line: ``OK`` or ``FAIL``, what, and for a failure how to fix it. Exit status 1
when any check fails, 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import urllib.parse
from dataclasses import dataclass

from deploy.session import ROUTE_COOKIE, Session, SessionError, _fetch, split_url

NGINX_WS_FIX = (
    "in the nginx location for /_stcore/stream: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; "
    "proxy_set_header Connection $connection_upgrade; (deploy/nginx.conf.in has the whole block)"
)


@dataclass
class Finding:
    """One check: ``ok``, ``what`` was checked, ``detail`` what was seen, ``fix`` what to change."""

    ok: bool
    what: str
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"{'OK  ' if self.ok else 'FAIL'} {self.what}: {self.detail}"
        return line + (f"\n     fix: {self.fix}" if self.fix and not self.ok else "")


def _get(url: str, timeout: float) -> tuple[int | None, dict, bytes, str]:
    try:
        status, headers, body = _fetch(url, {}, timeout)
        return status, headers, body, ""
    except Exception as exc:  # unreachable, refused, TLS ...
        return None, {}, b"", str(getattr(exc, "reason", exc))


def _is_streamlit_page(body: bytes) -> bool:
    return b'id="root"' in body and b"static/js/index" in body


def _base_path_hint(url: str, timeout: float) -> str:
    """Where the app answers instead (the host's root, or one level up), or ''."""
    origin, base, _ = split_url(url)
    candidates = [origin, origin + base.rsplit("/", 1)[0]] if base else [origin + "/app", origin + "/tightrope"]
    for cand in dict.fromkeys(candidates):
        status, _, body, _ = _get(cand.rstrip("/") + "/_stcore/health", timeout)
        if status == 200 and body.strip() == b"ok":
            return cand.rstrip("/") + "/"
    return ""


async def _sessions(url: str, timeout: float, viewers: int, idle: float, out: list[Finding]) -> None:
    s = Session(url, timeout=timeout)
    try:
        await s.get("/")
        await s.connect()
    except SessionError as exc:
        detail = str(exc)
        if "HTTP 403" in detail:
            fix = (
                "pass the public Host header to the app (nginx: proxy_set_header Host $http_host;) "
                "and list the host in server.allowedHosts if you set it"
            )
        elif "HTTP 502" in detail or "HTTP 504" in detail:
            fix = "the proxy reached no app process for the websocket; check its upstream for /_stcore/stream"
        else:
            fix = NGINX_WS_FIX
        out.append(
            Finding(
                False,
                "websocket",
                f"{url.rstrip('/')}/_stcore/stream did not switch to a websocket ({detail}); the page stays grey",
                fix,
            )
        )
        return
    out.append(Finding(True, "websocket", "/_stcore/stream upgraded to a websocket"))
    try:
        run = await s.run("", "")
    except SessionError as exc:
        out.append(
            Finding(
                False,
                "session",
                f"the first script run did not finish: {exc}",
                "see the app's log; a websocket closed mid-run by the proxy points at "
                "its timeouts or buffering (proxy_buffering off; proxy_read_timeout 1d)",
            )
        )
        await s.close()
        return
    if run.exceptions:
        out.append(
            Finding(False, "session", f"the app showed an error: {run.exceptions[0][:200]}", "see the app's log")
        )
    else:
        out.append(
            Finding(
                True,
                "session",
                f"a script run finished in {run.seconds:.2f} s ({run.messages} messages, {run.bytes / 1024:.0f} KB)",
            )
        )

    lost = 0
    replicas: set[str] = set()
    for _ in range(viewers):
        v = Session(url, timeout=timeout)
        try:
            await v.open("", "")
            first = v.session_id
            replicas.add(v.replica or "?")
            await v.close()
            await v.connect(resume=first)
            await v.run("", "")
            if v.session_id != first:
                lost += 1
        except SessionError as exc:
            out.append(Finding(False, "stickiness", f"a viewer's reconnect failed: {exc}"))
            return
        finally:
            await v.close()
    seen = ", ".join(sorted(replicas)) if replicas != {"?"} else "no routing cookie"
    if lost:
        out.append(
            Finding(
                False,
                "stickiness",
                f"{lost} of {viewers} viewers who reconnected reached another app process and lost their session",
                f"route each browser to one process: a cookie (nginx: deploy/nginx.conf.in's {ROUTE_COOKIE} maps; "
                "ingress-nginx: affinity: cookie) or a client-address hash (nginx: hash $remote_addr consistent)",
            )
        )
    else:
        out.append(
            Finding(
                True,
                "stickiness",
                f"{viewers} of {viewers} reconnecting viewers came back to their own session (routing: {seen})",
            )
        )

    if idle > 0:
        try:
            await s.idle(idle)
            await s.run("", "")
            out.append(Finding(True, "idle", f"the websocket still works after {idle:.0f} s idle"))
        except SessionError as exc:
            out.append(
                Finding(
                    False,
                    "idle",
                    f"after {idle:.0f} s idle the websocket was closed ({exc})",
                    "raise the proxy's read and send timeouts for /_stcore/stream (nginx: "
                    "proxy_read_timeout 1d; proxy_send_timeout 1d; ingress-nginx: proxy-read-timeout)",
                )
            )
    await s.close()


def check(url: str, *, timeout: float = 30.0, viewers: int = 6, idle: float = 0.0) -> list[Finding]:
    """Run the checks against ``url`` (the public address, with its base path); see the module
    docstring. Never raises for a failing deployment: every problem is a finding."""
    out: list[Finding] = []
    url = url if url.endswith("/") else url + "/"
    try:
        split_url(url)
    except ValueError as exc:
        return [
            Finding(False, "address", str(exc), "give the address viewers open, e.g. https://tightrope.example.org/")
        ]
    status, headers, body, err = _get(url, timeout)
    if status is None:
        return [
            Finding(
                False,
                "page",
                f"nothing answers at {url} ({err})",
                "check the address, DNS, the firewall and that the proxy runs",
            )
        ]
    if status in (502, 503, 504):
        return [
            Finding(
                False,
                "page",
                f"{url} answered HTTP {status}: the proxy runs but reaches no app process",
                "start the app processes; check the proxy's upstream addresses and their /_stcore/health",
            )
        ]
    if status != 200 or not _is_streamlit_page(body):
        hint = _base_path_hint(url, timeout)
        what = f"{url} answered HTTP {status}" + ("" if status != 200 else " with a page that is not Streamlit's")
        fix = (
            f"the app answers at {hint}: open that, or serve the app under this path "
            "(streamlit --server.baseUrlPath, and a proxy location that keeps the prefix)"
            if hint
            else "check the proxy's location for this path and the app's server.baseUrlPath"
        )
        return [Finding(False, "base path", what, fix)]
    injected = b"/_tightrope/connection-check.js" in body
    out.append(
        Finding(
            True,
            "page",
            f"Streamlit's page loads ({'with' if injected else 'without'} "
            "the connection notice of deploy/nginx.conf.in)",
        )
    )

    status, _, hbody, err = _get(url + "_stcore/health", timeout)
    if status == 200 and hbody.strip() == b"ok":
        out.append(Finding(True, "health", "/_stcore/health answers ok"))
    else:
        hint = _base_path_hint(url, timeout)
        if hint:
            # Streamlit answers any unknown path with its page (it may be a page name), so a wrong
            # prefix shows here: the app's own endpoints live under another path.
            out.append(
                Finding(
                    False,
                    "base path",
                    f"{url} shows Streamlit's page, but the app's endpoints are "
                    f"at {hint} ({url}_stcore/health answered {status or err})",
                    f"give viewers {hint}, or serve the app under this prefix (streamlit "
                    "--server.baseUrlPath and a proxy location that keeps the prefix)",
                )
            )
            return out
        out.append(
            Finding(
                False,
                "health",
                f"/_stcore/health answered {status or err}",
                "proxy /_stcore/ to the app like every other path",
            )
        )

    scripts = re.findall(rb'src="\.?/?(static/js/[^"]+\.js)"', body)
    if not scripts:
        out.append(
            Finding(
                False,
                "static files",
                "the page names no script bundle",
                "the proxy rewrote the page; turn off its HTML filters",
            )
        )
    else:
        asset = urllib.parse.urljoin(url, scripts[0].decode())
        status, headers, abody, err = _get(asset, timeout)
        ctype = ",".join(headers.get("content-type", []))
        if status == 200 and "javascript" in ctype and len(abody) > 1000:
            out.append(
                Finding(True, "static files", f"{scripts[0].decode()} loads ({len(abody) / 1024:.0f} KB, {ctype})")
            )
        else:
            out.append(
                Finding(
                    False,
                    "static files",
                    f"{asset} answered {status or err} ({ctype or 'no content type'}); the page cannot start",
                    "let /static/ through the proxy to the app (no auth wall, no content filter, javascript MIME type)",
                )
            )
            return out
    asyncio.run(_sessions(url, timeout, viewers, idle, out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tightrope check-deploy",
        description="Check a deployed Tightrope through its public address (see deploy/check.py).",
    )
    parser.add_argument("url", help="the address viewers open, e.g. https://tightrope.example.org/")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per step (default 30)")
    parser.add_argument("--viewers", type=int, default=6, help="fresh viewers for the stickiness check (default 6)")
    parser.add_argument(
        "--idle", type=float, default=0.0, help="also hold a websocket idle this many seconds (e.g. 90)"
    )
    args = parser.parse_args(argv)
    findings = check(args.url, timeout=args.timeout, viewers=max(1, min(args.viewers, 50)), idle=args.idle)
    for f in findings:
        print(f)
    failed = [f for f in findings if not f.ok]
    print(
        f"check-deploy {args.url}: "
        f"{'every check passed' if not failed else f'{len(failed)} of {len(findings)} checks failed'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
