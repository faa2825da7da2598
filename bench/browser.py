"""Headless Chromium helpers: open a page and time it until it is drawn and idle; change a
widget and time the rerun; count the bytes the server sends over the websocket.

*Drawn and idle* (as in ``scripts/screenshots.py``): the page has its title (an ``h1`` in the
main area, or an exception box, which is counted and reported), no ``stStatusWidget`` (script
running) and no ``stSkeleton`` (lazy chunk loading) is left, every pydeck chart holds a
``canvas``, every plotly chart its SVG, every visible dataframe its canvas, and the DOM then stays
unchanged for :data:`QUIET_MS`. The time reported is the moment that quiet stretch began (the
last DOM change, or the moment the page became ready if later), read from ``performance.now()``
in the page, so the quiet wait itself is not counted. For a first paint the clock starts at
navigation (the page's time origin); for an interaction at the user's action (the ``Enter`` or
``Escape`` key or the click that commits the change), recorded by a capturing listener in the
page. ``map_ms`` is the time from that action to the last WebGL draw call of the page (deck.gl
draws only when its layers changed, so that is the redrawn map; plotly charts draw SVG); it is
absent when nothing was drawn after the action. ``map_draw_ms`` is the browser's share of it:
from the websocket message that carried the map's deck (seen before Streamlit handles it) to
that last draw.

An interaction is done only after the server's ``script_finished`` message for that rerun has
arrived (frames are decoded as Streamlit ``ForwardMsg`` protobufs), so a page that is still
ready from before the change is never mistaken for the end of the rerun.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from scripts.screenshots import CHROMIUM_ARGS  # one list of launch arguments (no outside hosts, no GPU)

CHROMIUM = "/usr/bin/chromium"

VIEWPORT = {"width": 1600, "height": 1000}
QUIET_MS = 1000
TIMEOUT_MS = 600_000

#: Injected in every page: records DOM changes and the user's committing actions.
INIT_SCRIPT = """
(() => {
  window.__bench = { lastMutation: 0, lastAction: null, readySince: null };
  const start = () => {
    new MutationObserver(() => { window.__bench.lastMutation = performance.now(); })
      .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === 'Escape') window.__bench.lastAction = performance.now();
  }, true);
  document.addEventListener('click', () => { window.__bench.lastAction = performance.now(); }, true);
  // the map's redraws: deck.gl draws with WebGL2 only when something changed, so the last draw
  // call after an action is when the map was redrawn
  window.__bench.lastDraw = null;
  const G = window.WebGL2RenderingContext && WebGL2RenderingContext.prototype;
  if (G) for (const f of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
    const orig = G[f];
    G[f] = function (...args) { window.__bench.lastDraw = performance.now(); return orig.apply(this, args); };
  }
  // when a message holding a map (a deck with a GeoJsonLayer) arrived, before Streamlit handles it
  window.__bench.deckArrived = null;
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (e.data instanceof ArrayBuffer && new TextDecoder().decode(e.data).includes('"@@type":"GeoJsonLayer"'))
          window.__bench.deckArrived = performance.now();
      });
    }
  };
})();
"""

#: Polled every animation frame; returns the idle moment (ms since time origin) or false.
IDLE_CHECK = """
(quiet) => {
  const b = window.__bench; const now = performance.now();
  const main = document.querySelector('[data-testid="stMain"]');
  const busy = !main || !(main.querySelector('h1') || main.querySelector('[data-testid="stException"]'))
    || document.querySelector('[data-testid="stStatusWidget"]')
    || document.querySelector('[data-testid="stSkeleton"]')
    || [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].some(e => !e.querySelector('canvas'))
    || [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].some(e => !e.querySelector('svg.main-svg'))
    // a table that is not shown (a chart's "as text and table" behind its switch) draws no canvas
    || [...document.querySelectorAll('[data-testid="stDataFrame"]')]
      .some(e => e.checkVisibility() && !e.querySelector('canvas'));
  if (busy) { b.readySince = null; return false; }
  if (b.readySince === null) b.readySince = now;
  const since = Math.max(b.readySince, b.lastMutation);
  return (now - since >= quiet) ? since : false;
}
"""

COUNTS = """
() => ({
  maps: document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas').length,
  charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(e => e.querySelector('svg.main-svg')).length,
  tables: document.querySelectorAll('[data-testid="stDataFrame"]').length,
  exceptions: document.querySelectorAll('[data-testid="stException"]').length,
})
"""


def launch(p):
    """Debian's Chromium, headless, with the project's launch arguments."""
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _deflater():
    """permessage-deflate as Tornado sends it (RFC 7692, server context takeover, zlib's default
    level, 15 window bits, memory level 8); each message ends with a sync flush."""
    return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS, 8)


@dataclass
class Wire:
    """Websocket frames received by one page: total bytes (message payloads, as the browser
    hands them to the app) and ``script_finished`` count, updated from Playwright's event thread
    (read them only between actions). ``deflated`` is what the same messages weigh on the wire
    under permessage-deflate (``server.enableWebsocketCompression``, which the project turns on):
    Playwright only sees payloads after decompression, so it is recomputed here with the
    compressor Tornado uses, its context carried from message to message as on the wire."""

    bytes: int = 0
    frames: int = 0
    finished: int = 0
    deflated: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _zip: object = field(default_factory=_deflater)

    def attach(self, page) -> None:
        page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))

    def _on_frame(self, payload) -> None:
        data = payload if isinstance(payload, (bytes, bytearray)) else str(payload).encode()
        kind = None
        try:
            msg = ForwardMsg()
            msg.ParseFromString(bytes(data))
            kind = msg.WhichOneof("type")
        except Exception:
            pass
        with self.lock:
            self.bytes += len(data)
            # RFC 7692 7.2.1: the sync flush's trailing 00 00 ff ff is not sent
            self.deflated += len(self._zip.compress(bytes(data)) + self._zip.flush(zlib.Z_SYNC_FLUSH)) - 4
            self.frames += 1
            if kind == "script_finished":
                self.finished += 1

    def snapshot(self) -> tuple[int, int, int]:
        with self.lock:
            return self.bytes, self.frames, self.finished

    def deflated_bytes(self) -> int:
        with self.lock:
            return self.deflated


def new_page(browser):
    """A fresh context (a new Streamlit session) and page with the idle recorder and a
    :class:`Wire`; returns ``(context, page, wire)``."""
    ctx = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    ctx.add_init_script(INIT_SCRIPT)
    page = ctx.new_page()
    wire = Wire()
    wire.attach(page)
    return ctx, page, wire


def wait_idle(page, timeout: float = TIMEOUT_MS) -> float:
    """Wait until the page is drawn and idle; return that moment in ms since the time origin."""
    handle = page.wait_for_function(IDLE_CHECK, arg=QUIET_MS, polling="raf", timeout=timeout)
    return float(handle.json_value())


def first_paint(browser, url: str) -> dict:
    """Open ``url`` in a new session; ms from navigation until drawn and idle, bytes received,
    and what was drawn. The context is closed afterwards."""
    ctx, page, wire = new_page(browser)
    try:
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        idle = wait_idle(page)
        counts = page.evaluate(COUNTS)
        b, frames, _ = wire.snapshot()
        return {"ms": idle, "bytes": b, "frames": frames, **counts}
    finally:
        ctx.close()


def _wait_rerun(page, wire: Wire, finished_before: int, timeout: float = TIMEOUT_MS) -> None:
    deadline = time.monotonic() + timeout / 1000
    while wire.snapshot()[2] <= finished_before:
        if time.monotonic() > deadline:
            raise TimeoutError("no script_finished message after the change")
        page.wait_for_timeout(20)


def timed_action(page, wire: Wire, action) -> dict:
    """Run ``action(page)`` (which must end with the committing key, Enter or Escape, or click), wait for the
    rerun to finish and the page to be idle; return ms from the action to idle and the bytes
    received meanwhile."""
    page.evaluate("() => { window.__bench.lastAction = null; window.__bench.readySince = null; }")
    b0, f0, fin0 = wire.snapshot()
    z0 = wire.deflated_bytes()
    action(page)
    _wait_rerun(page, wire, fin0)
    idle = wait_idle(page)
    started, drawn, arrived = page.evaluate(
        "() => [window.__bench.lastAction, window.__bench.lastDraw, window.__bench.deckArrived]"
    )
    b1, f1, _ = wire.snapshot()
    if started is None:
        raise RuntimeError("the action was not recorded")
    out = {
        "ms": idle - float(started),
        "bytes": b1 - b0,
        "deflated_bytes": wire.deflated_bytes() - z0,
        "frames": f1 - f0,
    }
    if drawn is not None and drawn > started:
        out["map_ms"] = float(drawn) - float(started)  # the change to the map's last WebGL draw
        if arrived is not None and float(arrived) > float(started):
            out["map_draw_ms"] = float(drawn) - float(arrived)  # the map's message to its last draw
    return out


def set_as_of(day: str):
    """An action: type ``day`` (YYYY-MM-DD) into the sidebar's "As of" date input and close the
    calendar with Escape, which commits the typed date (Streamlit sends a date input's value
    when its calendar closes; Enter and Tab do not)."""

    def act(page) -> None:
        box = (
            page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]')
            .filter(has_text="As of")
            .locator("input")
        )
        box.focus()
        box.fill(day)
        box.press("Escape")

    return act


def add_country(name: str):
    """An action: add ``name`` to the sidebar's Countries multiselect (type it, press Enter)."""

    def act(page) -> None:
        box = (
            page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
            .filter(has_text="Countries")
            .locator("input")
        )
        box.focus()
        box.press_sequentially(name, delay=0)
        box.press("Enter")

    return act


def remove_country(name: str):
    """An action: close the dropdown, then click the remove cross of ``name``'s tag in the
    sidebar's Countries multiselect (the tag reads ``Name (ISO3)``)."""

    def act(page) -> None:
        page.keyboard.press("Tab")
        ms = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Countries")
        ms.locator(f'button[aria-label^="Remove {name}"]').last.click()

    return act


def click_button(label: str):
    """An action: click the button labelled ``label`` (the empty app's rerun)."""

    def act(page) -> None:
        page.get_by_role("button", name=label).click()

    return act
