"""Browser fixtures: a Streamlit server on a free local port, and headless Debian Chromium
driven by Playwright. Every page fixture records console errors, page exceptions and requests
to any host but the app's own; :func:`assert_clean` fails the test on any of them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, wait_idle

ROOT = Path(__file__).resolve().parents[2]
PROBE = re.compile(r"^http://[^/]+/[a-z_]+/_stcore/(health|host-config)$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on a free port, with ``TIGHTROPE_DATA_DIR`` = ``data_dir`` (and
    ``base_path``, when given, as ``server.baseUrlPath``: ``url`` then ends with it)."""

    def __init__(self, data_dir: Path, log: Path, base_path: str = ""):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}" + (f"/{base_path}" if base_path else "")
        env = dict(os.environ, TIGHTROPE_DATA_DIR=str(data_dir))
        self.log = log
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                *(["--server.baseUrlPath", base_path] if base_path else []),
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    s = Server(ROOT / "data", tmp_path_factory.mktemp("server") / "streamlit.log")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did that a test must not allow."""

    host: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def watch(page, base_url: str) -> Watch:
    host = base_url.split("://", 1)[1].split("/", 1)[0]
    w = Watch(host)

    def on_console(m):
        if m.type != "error":
            return
        url = (m.location or {}).get("url", "")
        # Streamlit's frontend, opened on a page path such as /tariffs, first probes
        # /tariffs/_stcore/health and /host-config to find its base path; the 404s are expected.
        if PROBE.search(url) and "404" in m.text:
            return
        w.console_errors.append(f"{m.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda e: w.page_errors.append(str(e)))

    def on_request(r):
        url = r.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if url.split("://", 1)[-1].split("/", 1)[0] != host:
            w.outside.append(url)

    page.on("request", on_request)

    def on_dialog(d):
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    return w


def assert_clean(w: Watch) -> None:
    assert not w.page_errors, w.page_errors
    assert not w.console_errors, w.console_errors
    assert not w.outside, w.outside
    assert not w.dialogs, w.dialogs


@pytest.fixture
def make_page(browser):
    contexts = []

    def _make(base_url: str, width: int = 1600, height: int = 1000, scheme: str = "light"):
        ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        contexts.append(ctx)
        page = ctx.new_page()
        return page, watch(page, base_url)

    yield _make
    for ctx in contexts:
        ctx.close()


__all__ = ["wait_idle", "assert_clean", "Server"]
