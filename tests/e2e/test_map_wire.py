"""The map in the browser: the country geometry comes once from the app's own static files (also
behind a base path), an as-of change sends the map in a few kilobytes, and the map still draws
its coloured countries; no console error, no request to another host."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.maps import GEOJSON_URL
from tests.conftest import ROOT
from tests.e2e.conftest import Server, assert_clean, wait_idle

pytestmark = pytest.mark.e2e

#: Bytes of the map's element per as-of change (with the geometry inline it was about 215 kB).
MAP_BUDGET = 30_000
GEOMETRY = "/" + GEOJSON_URL


class Frames:
    """Websocket frames received, decoded: bytes per element type of each delta."""

    def __init__(self, page):
        self.lock = threading.Lock()
        self.items: list[tuple[str, int]] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._on))

    def _on(self, data) -> None:
        raw = bytes(data) if isinstance(data, (bytes, bytearray)) else str(data).encode()
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            kind = msg.delta.new_element.WhichOneof("type")
        with self.lock:
            self.items.append((kind, len(raw)))

    def mark(self) -> int:
        with self.lock:
            return len(self.items)

    def since(self, mark: int, kind: str) -> list[int]:
        with self.lock:
            return [n for k, n in self.items[mark:] if k == kind]


def set_as_of(page, day: str) -> None:
    box = (
        page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]').filter(has_text="As of").locator("input")
    )
    box.focus()
    box.fill(day)
    box.press("Escape")  # a Streamlit date input sends its value when its calendar closes


def coloured_share(page) -> float:
    """Share of the map's pixels that are not the background (drawn countries, arcs, markers)."""
    from io import BytesIO

    import numpy as np
    from PIL import Image

    png = page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot()
    img = np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)
    background = np.array([0xDB, 0xE6, 0xF0])  # components.maps.background_style, light theme
    return float((np.abs(img - background).max(axis=2) > 12).mean())


def drawn_share(page, timeout_s: float = 30) -> float:
    """:func:`coloured_share` once the countries are drawn (the geometry arrives after the deck),
    polling the canvas instead of sleeping; the last share seen when ``timeout_s`` runs out."""
    deadline = time.monotonic() + timeout_s
    share = coloured_share(page)
    while share <= 0.2 and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        share = coloured_share(page)
    return share


def map_png(page) -> bytes:
    return page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot()


def redrawn(page, old: bytes, timeout_s: float = 30) -> bool:
    """Whether the map's picture differs from ``old`` within ``timeout_s`` (polled)."""
    deadline = time.monotonic() + timeout_s
    while map_png(page) == old:
        if time.monotonic() >= deadline:
            return False
        page.wait_for_timeout(250)
    return True


def geometry_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("requestfinished", lambda r: seen.append(r.url) if r.url.endswith(GEOMETRY) else None)
    return seen


def test_as_of_change_sends_the_map_small_and_it_still_draws(server, make_page):
    page, w = make_page(server.url, 1280, 720)
    frames = Frames(page)
    fetched = geometry_requests(page)
    page.goto(server.url)
    wait_idle(page)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=90_000)
    before = drawn_share(page)
    assert before > 0.2, before  # countries drawn, not only the background
    assert len(fetched) == 1 and fetched[0].startswith(server.url + "/app/static/"), fetched
    mark = frames.mark()
    drawn = map_png(page)
    set_as_of(page, "2025-05-01")
    wait_idle(page)
    # the new fills, arcs and markers are drawn (not only the first picture left on the canvas)
    assert redrawn(page, drawn)
    assert drawn_share(page) > 0.2
    sizes = frames.since(mark, "deck_gl_json_chart")
    assert len(sizes) == 1 and sizes[0] < MAP_BUDGET, sizes
    assert len(fetched) == 1  # the geometry is not fetched again
    assert_clean(w)


@pytest.fixture(scope="module")
def based_server(tmp_path_factory):
    s = Server(ROOT / "data", tmp_path_factory.mktemp("based") / "streamlit.log", base_path="tightrope")
    yield s
    s.stop()


def test_the_geometry_loads_behind_a_base_path(based_server, make_page):
    page, w = make_page(based_server.url, 1280, 720)
    fetched = geometry_requests(page)
    page.goto(based_server.url + "/")
    wait_idle(page)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=90_000)
    assert drawn_share(page) > 0.2
    assert fetched and all(u.startswith(based_server.url + "/app/static/") for u in fetched), fetched
    assert_clean(w)


def test_the_websocket_is_compressed(server, make_page):
    """The browser and the server agree on permessage-deflate (``server.enableWebsocketCompression``),
    so what a rerun re-sends is compressed on the wire."""
    page, w = make_page(server.url, 1280, 720)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    handshakes: list[dict] = []
    cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: handshakes.append(e["response"]))
    page.goto(server.url)
    wait_idle(page)
    assert handshakes, "no websocket handshake seen"
    headers = {k.lower(): v for k, v in handshakes[0]["headers"].items()}
    assert handshakes[0]["status"] == 101
    assert "permessage-deflate" in headers.get("sec-websocket-extensions", ""), headers
    assert_clean(w)
