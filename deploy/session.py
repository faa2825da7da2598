"""A viewer without a browser: one Streamlit session over Streamlit's own websocket protocol.

What a browser does, in the same order: ``GET`` the page (the proxy's routing cookie and
Streamlit's XSRF cookie come back), open ``/_stcore/stream`` with the ``streamlit`` subprotocol
and those cookies, send a ``BackMsg.rerun_script`` holding the page's URL path and query string,
and read ``ForwardMsg`` frames until ``script_finished``. A new query string on the same socket
is a rerun with other URL state (an as-of change, as the back button or a pasted link sends it).

Only the standard library, ``websockets`` (a Streamlit dependency) and Streamlit's protobuf
classes are used. Times are seconds (``time.monotonic``); sizes are bytes.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

#: The cookie nginx's routing sets (``deploy/nginx.py``): the replica that served this browser.
ROUTE_COOKIE = "tr_route"


class SessionError(Exception):
    """A session could not be opened or a run did not finish; ``kind`` names the step
    (``http``, ``upgrade``, ``closed``, ``timeout``)."""

    def __init__(self, kind: str, message: str):
        super().__init__(f"{kind}: {message}")
        self.kind = kind


@dataclass
class Run:
    """One script run: ``seconds`` from sending the rerun to ``script_finished``; ``status`` the
    ``ScriptFinishedStatus`` name; ``messages``/``bytes`` received; ``elements`` new elements;
    ``exceptions`` the texts of ``st.exception`` elements (a traceback shown to the viewer);
    ``texts`` headings, Markdown and alert (banner) bodies in order; ``page_not_found``: the app did not know
    ``page`` and ran its default page instead."""

    page: str
    query: str
    seconds: float
    status: str
    messages: int
    bytes: int
    elements: int
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    page_not_found: bool = False


def split_url(url: str) -> tuple[str, str, str]:
    """``(origin, base_path, ws_origin)`` of an app URL such as ``http://host:8500/base/``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{url}: expected an http:// or https:// address")
    base = parts.path.rstrip("/")
    ws = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc
    return f"{parts.scheme}://{parts.netloc}", base, ws


def _fetch(url: str, cookies: dict[str, str], timeout: float) -> tuple[int, dict[str, list[str]], bytes]:
    """``GET url`` with cookies; returns status, headers (lower-cased names, all values), body."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(
        url, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, headers, body = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        status, headers, body = exc.code, exc.headers, exc.read()
    out: dict[str, list[str]] = {}
    for k, v in headers.items():
        out.setdefault(k.lower(), []).append(v)
    return status, out, body


def cookies_from(headers, jar: dict[str, str]) -> None:
    """Update ``jar`` from every ``Set-Cookie`` in ``headers`` (a mapping of lower-cased names to
    lists, or a ``websockets`` ``Headers``)."""
    values = headers.get_all("Set-Cookie") if hasattr(headers, "get_all") else headers.get("set-cookie", [])
    for raw in values:
        c = SimpleCookie()
        try:
            c.load(raw)
        except Exception:  # a malformed cookie is the server's problem, not this client's
            continue
        for k, morsel in c.items():
            jar[k] = morsel.value


class Session:
    """One viewer. ``await Session(url).open(page, query)`` then ``await s.run(page, query)``.

    ``url`` is the app's public address (``http://127.0.0.1:8500``); ``timeout`` bounds each step.
    ``replica`` is the proxy's routing cookie after the last exchange (``None`` without a proxy).
    """

    def __init__(self, url: str, timeout: float = 60.0):
        self.origin, self.base, self.ws_origin = split_url(url)
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.ws = None
        self.page = ""
        self.query = ""
        self.session_id: str | None = None

    @property
    def replica(self) -> str | None:
        return self.cookies.get(ROUTE_COOKIE)

    async def get(self, path: str) -> tuple[int, dict[str, list[str]], bytes]:
        """``GET`` ``base + path`` with this viewer's cookies (kept up to date)."""
        status, headers, body = await asyncio.to_thread(
            _fetch, self.origin + self.base + path, dict(self.cookies), self.timeout
        )
        cookies_from(headers, self.cookies)
        return status, headers, body

    async def connect(self, resume: str | None = None) -> None:
        """Open the websocket (after a page ``GET``, as a browser does). ``resume``: a session id
        to reattach to, as the browser's frontend asks after a dropped connection (only the
        process holding that session can honour it). Raises :class:`SessionError` ``upgrade``
        when the handshake is refused."""
        from websockets.asyncio.client import connect
        from websockets.exceptions import InvalidStatus

        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        # Streamlit reads the subprotocol list as [protocol, XSRF token, session to resume].
        subprotocols = ["streamlit", "no-xsrf-token", resume] if resume else ["streamlit"]
        try:
            self.ws = await asyncio.wait_for(
                connect(
                    self.ws_origin + self.base + "/_stcore/stream",
                    subprotocols=subprotocols,
                    additional_headers=headers,
                    max_size=None,
                    open_timeout=self.timeout,
                    ping_interval=None,
                ),
                self.timeout,
            )
        except InvalidStatus as exc:
            raise SessionError(
                "upgrade", f"the server answered HTTP {exc.response.status_code} instead of switching to a websocket"
            ) from exc
        except (TimeoutError, OSError) as exc:
            raise SessionError("upgrade", f"no websocket: {exc!r}") from exc
        except Exception as exc:  # websockets raises several handshake errors
            raise SessionError("upgrade", f"websocket handshake failed: {exc}") from exc
        cookies_from(self.ws.response.headers, self.cookies)

    async def open(self, page: str = "", query: str = "") -> Run:
        """Load ``/<page>?<query>`` like a browser: the HTML, then the websocket, then the first run."""
        status, _, _ = await self.get("/" + page + ("?" + query if query else ""))
        if status != 200:
            raise SessionError("http", f"GET /{page} answered HTTP {status}")
        await self.connect()
        return await self.run(page, query)

    async def run(self, page: str, query: str = "") -> Run:
        """Ask for a rerun of ``page`` with URL ``query`` and wait for ``script_finished``."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from websockets.exceptions import ConnectionClosed

        self.page, self.query = page, query
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = page
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.origin}{self.base}/{page}" + (f"?{query}" if query else "")
        t0 = time.monotonic()
        try:
            await self.ws.send(msg.SerializeToString())
            return await asyncio.wait_for(self._until_finished(page, query, t0), self.timeout)
        except ConnectionClosed as exc:
            raise SessionError("closed", f"the websocket closed during a run ({exc})") from exc
        except TimeoutError as exc:
            raise SessionError("timeout", f"no script_finished within {self.timeout:.0f} s") from exc

    async def _until_finished(self, page: str, query: str, t0: float) -> Run:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        messages = size = elements = 0
        not_found = False
        exceptions: list[str] = []
        texts: list[str] = []
        while True:
            data = await self.ws.recv()
            messages += 1
            size += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                elements += 1
                el = fm.delta.new_element
                which = el.WhichOneof("type")
                if which == "exception":
                    exceptions.append(f"{el.exception.type}: {el.exception.message}")
                elif which == "heading":
                    texts.append(el.heading.body)
                elif which == "markdown":
                    texts.append(el.markdown.body)
                elif which == "alert":
                    texts.append(el.alert.body)
            elif kind == "page_not_found":
                not_found = True  # Streamlit then runs the default page
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                return Run(
                    page, query, time.monotonic() - t0, status, messages, size, elements, exceptions, texts, not_found
                )

    async def idle(self, seconds: float) -> None:
        """Stay connected ``seconds`` without asking for anything (a viewer reading the page),
        draining whatever the server sends."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                return

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except Exception:
                pass
            self.ws = None
