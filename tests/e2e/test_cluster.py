"""Two replicas behind nginx (``deploy/``), as ``make cluster`` runs them: a page loads through the
proxy in Chromium; a browser's requests and its session's reconnects stay on one replica; a saved
table shows through both replicas and a second analyst's stale save is refused; a proxy without
the websocket Upgrade headers is named by ``check-deploy`` and the page tells the viewer; a killed
replica's viewer comes back to the same view on the other one, and the restarted replica rejoins."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from deploy.cluster import NGINX, Cluster
from deploy.session import ROUTE_COOKIE, Session
from tests.conftest import MINI, ROOT
from tests.e2e.conftest import assert_clean, wait_idle
from tightrope import editing

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed (apt-get install nginx; .ci/run does it)")
    folder = tmp_path_factory.mktemp("shared") / "data"
    shutil.copytree(MINI, folder)
    c = Cluster(2, data_dir=folder)  # run folder under /tmp: nginx's workers must reach it when CI runs as root
    c.start()
    yield c
    c.stop()


def run_async(coro):
    """Run a coroutine on its own loop in a worker thread (Playwright's sync API owns this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def route_of(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE), None)


def test_a_page_loads_through_the_proxy_and_stays_on_one_replica(cluster, make_page):
    page, w = make_page(cluster.url)
    responses = []
    page.on("response", lambda r: responses.append(r))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    handshakes: list[dict] = []
    cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: handshakes.append(e["response"]))
    page.goto(f"{cluster.url}/tariffs?asof=2025-05-01")
    wait_idle(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().startswith("Tariffs")
    assert page.locator('[data-testid="stDateInput"] input').first.input_value() == "2025-05-01"
    assert page.locator("#tightrope-connection-notice").count() == 0
    page.get_by_role("link", name="Diplomacy").click()
    wait_idle(page)
    # Every proxied response named the replica that served it: always the same one.
    served = [
        v.split(";")[0].split("=", 1)[1]
        for r in responses
        for v in r.header_values("set-cookie")
        if v.startswith(ROUTE_COOKIE + "=")
    ]
    assert len(served) >= 3 and len(set(served)) == 1, served
    assert route_of(page.context) == served[0]
    # the websocket through nginx is compressed end to end (the browser's offer reached the app)
    assert handshakes and all(
        "permessage-deflate" in {k.lower(): v for k, v in h["headers"].items()}.get("sec-websocket-extensions", "")
        for h in handshakes
    ), handshakes
    assert_clean(w)


def test_reconnects_resume_the_same_session(cluster, viewers=6):
    """Fresh viewers whose connection drops resume their session: the same process holds it."""

    async def go():
        replicas, resumed = set(), 0
        for _ in range(viewers):
            s = Session(cluster.url, timeout=60)
            await s.open("sources", "")
            first = s.session_id
            replicas.add(s.replica)
            await s.close()
            await s.connect(resume=first)
            await s.run("sources", "")
            resumed += s.session_id == first
            await s.close()
        return replicas, resumed

    replicas, resumed = run_async(go())
    assert resumed == viewers
    assert replicas == {"r1", "r2"}  # new viewers are spread over both


def test_a_saved_table_shows_through_both_replicas_and_a_stale_save_is_refused(cluster):
    """The Data page's save (``editing.save``) writes the shared folder; each replica reloads it at its
    next run (the data fingerprint keys its cache)."""

    async def banner_on(replica: str) -> list[str]:
        s = Session(cluster.url, timeout=60)
        s.cookies[ROUTE_COOKIE] = replica  # this viewer's browser was routed to `replica`
        try:
            run = await s.open("", "")
            assert s.replica == replica
            return [t for t in run.texts if "data problem" in t]
        finally:
            await s.close()

    folder = cluster.data_dir
    assert run_async(banner_on("r2")) == []  # r2 has loaded the data before the edit
    # Two analysts open the statements editor (the Data page loads the file; say Alice on r1, Bob on r2).
    alice, bob = editing.load(folder, "statements"), editing.load(folder, "statements")
    edited = alice.frame.copy()
    edited.loc[edited.index[0], "date"] = "02/05/2025"  # day/month: a bad row, left out and reported
    editing.save(folder, "statements", edited, alice.sha256, columns=alice.columns)

    for replica in ("r1", "r2"):
        banners = run_async(banner_on(replica))
        assert banners and "statements" in banners[0], (replica, banners)
    # Bob's editor still holds the version before Alice's save: refused, nothing overwritten.
    with pytest.raises(editing.Conflict):
        editing.save(folder, "statements", bob.frame, bob.sha256, columns=bob.columns)
    assert "02/05/2025" in (folder / "statements.csv").read_text(encoding="utf-8")
    editing.save(
        folder, "statements", alice.frame, editing.sha256_of(folder, "statements"), columns=alice.columns
    )  # put it back


def test_a_proxy_without_upgrade_headers_is_named_and_the_viewer_is_told(make_page):
    with Cluster(1, data_dir=MINI, websocket=False, contact="the Tightrope desk (ext. 1234)") as broken:
        out = subprocess.run(
            [sys.executable, "-m", "tightrope", "check-deploy", broken.url, "--timeout", "20"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 1, out.stdout + out.stderr
        assert "FAIL websocket" in out.stdout and "proxy_set_header Upgrade" in out.stdout, out.stdout
        assert "OK   health" in out.stdout  # the trap: health still answers

        page, _ = make_page(broken.url)
        t0 = time.monotonic()
        page.goto(broken.url)
        notice = page.locator("#tightrope-connection-notice")
        notice.wait_for(timeout=20_000)
        assert time.monotonic() - t0 < 15
        assert "cannot connect" in notice.inner_text() and "the Tightrope desk (ext. 1234)" in notice.inner_text()

        broken.kill("r1")  # no process left: a page that says so and whom to tell, not nginx's bare 502
        page.goto(broken.url)
        assert "Tightrope is not available right now" in page.locator("h1").inner_text()
        assert "the Tightrope desk (ext. 1234)" in page.locator("main").inner_text()


def test_check_deploy_passes_through_the_good_proxy(cluster):
    out = subprocess.run(
        [sys.executable, "-m", "tightrope", "check-deploy", cluster.url, "--timeout", "30", "--viewers", "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK   stickiness" in out.stdout and "FAIL" not in out.stdout


def test_a_killed_replica_viewer_returns_to_the_same_view_and_the_replica_rejoins(cluster, make_page):
    page, w = make_page(cluster.url)
    frames: list[int] = []  # frames received per websocket the page opened, in order

    def on_socket(ws):
        frames.append(0)
        i = len(frames) - 1
        ws.on("framereceived", lambda _frame: frames.__setitem__(i, frames[i] + 1))

    page.on("websocket", on_socket)
    page.goto(f"{cluster.url}/diplomacy?asof=2025-06-01")
    wait_idle(page)
    victim = route_of(page.context)
    assert victim in ("r1", "r2")
    sockets_before = len(frames)

    t0 = time.monotonic()
    cluster.kill(victim)
    # The frontend reconnects through the proxy (to the live replica) and reruns the URL's view.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (len(frames) > sockets_before and frames[-1] > 0):
        page.wait_for_timeout(200)
    assert len(frames) > sockets_before and frames[-1] > 0, "no new live connection after the kill"
    wait_idle(page)
    recovered_s = time.monotonic() - t0
    assert route_of(page.context) not in (None, victim)
    assert "asof=2025-06-01" in page.url and "/diplomacy" in page.url
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().startswith("Diplomacy")
    assert page.locator('[data-testid="stDateInput"] input').first.input_value() == "2025-06-01"
    assert recovered_s < 60
    assert not w.page_errors and not w.outside  # the dropped websocket itself logs console errors

    cluster.restart(victim)

    async def new_viewers():
        seen = set()
        for _ in range(4):
            s = Session(cluster.url, timeout=60)
            try:
                await s.open("sources", "")
                seen.add(s.replica)
            finally:
                await s.close()
        return seen

    assert victim in run_async(new_viewers())  # least connections: new viewers reach it again
