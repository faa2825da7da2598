"""Browser helpers shared by the browser tests (``tests/e2e``) and ``scripts/screenshots.py``:
Debian's Chromium with no way to reach another host, and a wait on Streamlit's own state.

:func:`wait_idle` waits as Streamlit's own end-to-end suite does: for the app's
``data-test-script-state`` to be ``notRunning`` (no script run in progress or requested) and for no
skeleton (a lazily loaded map or chart) to be left, instead of sleeping a fixed time. A settle
period covers the moment between a click and the rerun it requests."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

#: How long the app must stay idle (ms) before :func:`wait_idle` returns: long enough for a click's
#: rerun request to reach the app state and for grids to paint on a loaded machine (300 ms was
#: measured too short with eight test runs sharing two cores).
SETTLE_MS = 1000

IDLE = """(settle) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const busy = !app
        || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
        || app.getAttribute('data-test-script-state') !== 'notRunning'
        || document.querySelector('[data-testid="stStatusWidget"]')
        || document.querySelector('[data-testid="stSkeleton"]');
    const now = Date.now();
    if (busy) { window.__idleSince = null; return false; }
    if (!window.__idleSince) { window.__idleSince = now; return false; }
    return now - window.__idleSince >= settle;
}"""


def wait_idle(page, timeout: float = 90_000, settle_ms: int = SETTLE_MS) -> None:
    """Wait until the page has its title, the app is connected and no script run is in progress or
    requested, and no skeleton is left; then for ``settle_ms`` more of the same."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    page.evaluate("() => { window.__idleSince = null; }")
    page.wait_for_function(IDLE, arg=settle_ms, timeout=timeout, polling=50)
