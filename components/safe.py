"""Show untrusted text as literal text in every renderer the dashboard uses.

* :func:`md` escapes Markdown (and Streamlit's ``:colour[...]`` directives, ``$`` maths, HTML)
  so a CSV cell is shown exactly as typed by ``st.markdown``/``st.caption``;
* :func:`plotly_text` and :func:`plotly_hover` escape text for plotly labels and hover text (HTML
  tags, entities, ``$``), cut and wrapped so a label never outgrows its chart;
* :func:`link` makes a Markdown link only for http(s) URLs, else plain escaped text;
* :func:`shorten` cuts text that would swamp a label (a 5,000-character cell) with an ellipsis;
* :func:`table` prepares a frame for ``st.dataframe``: bidi overrides removed from text cells,
  and link columns (``st.column_config.LinkColumn``) set to ``None`` unless http(s).

Map tooltips need no escaping: deck.gl's ``text`` tooltip mode sets ``innerText`` (see
:mod:`components.maps`); Streamlit widgets' option labels and ``st.dataframe`` cells are plain
text too.
"""

from __future__ import annotations

import re
import string
import textwrap
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote

import pandas as pd

from tightrope.schema import is_http_url

_PUNCT = set(string.punctuation)
_URL_SAFE = ":/?#@!&*+,;=%~.-_"
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """Text with control characters and bidi overrides (which can disguise text) removed."""
    return _CONTROL.sub("", "" if text is None else str(text))


#: Longest label (legend entry, axis category, map label) a chart shows; longer text is cut.
LABEL_CHARS = 60
#: What a table shows in an empty cell, in every language (Streamlit's default is the English word "None").
EMPTY_CELL = "—"
#: Chart labels are wrapped at this many characters a line (legends do not wrap by themselves).
LABEL_WIDTH = 30
#: Longest hover text; hover text is wrapped at :data:`HOVER_WIDTH` characters a line.
HOVER_CHARS = 400
HOVER_WIDTH = 60


def shorten(text: object, limit: int | None) -> str:
    """:func:`clean` text cut to at most ``limit`` characters (the last one an ellipsis)."""
    s = clean(text)
    if limit is not None and len(s) > limit:
        s = s[: max(0, limit - 1)].rstrip() + "…"
    return s


def md(text: object, limit: int | None = None) -> str:
    """Escape every ASCII punctuation character with a backslash (CommonMark), so the text
    renders literally in Streamlit Markdown; newlines become spaces. ``limit``: cut the text
    to that many characters first (see :func:`shorten`)."""
    s = shorten(text, limit).replace("\n", " ").replace("\r", " ")
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in s)


def _plotly_escape(s: str) -> str:
    # plotly's SVG text parser understands a few tags (<b>, <a href>, <br> ...) and decodes only
    # &amp; &lt; &gt; and numeric entities (not &quot;); a leading and trailing $ asks for maths
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("$", "&#36;")


def plotly_text(text: object, limit: int | None = LABEL_CHARS, width: int | None = LABEL_WIDTH) -> str:
    """Escape for plotly labels (legend entries, axis categories, bar text, annotations):
    HTML special characters and ``$`` (maths) as entities; cut to ``limit`` characters
    (default :data:`LABEL_CHARS`) and wrapped at ``width`` characters a line with ``<br>``
    (default :data:`LABEL_WIDTH`); ``None`` for either keeps the text whole or on one line.
    Wrapping happens before escaping, so an entity is never split. Results are cached (the
    same names, channels and sources recur on every rerun)."""
    if type(text) is str:
        return _plotly_text_cached(text, limit, width)
    return _plotly_text(text, limit, width)


@lru_cache(maxsize=50_000)
def _plotly_text_cached(text: str, limit: int | None, width: int | None) -> str:
    return _plotly_text(text, limit, width)


def _plotly_text(text: object, limit: int | None, width: int | None) -> str:
    lines: list[str] = []
    for part in shorten(text, limit).split("\n"):
        lines += textwrap.wrap(part, width=width, break_long_words=True, break_on_hyphens=False) if width else [part]
    return "<br>".join(_plotly_escape(line) for line in lines or [""])


def plotly_hover(text: object, limit: int | None = HOVER_CHARS, width: int = HOVER_WIDTH) -> str:
    """Escape long text for plotly hover (see :func:`plotly_text`), cut to ``limit`` characters
    (default :data:`HOVER_CHARS`) and wrapped at ``width`` (:data:`HOVER_WIDTH`), so a hover
    label never outgrows the chart."""
    return plotly_text(text, limit, width)


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else ``None``."""
    u = clean(url).strip()
    return u if is_http_url(u) else None


def link(title: object, url: object) -> str:
    """A Markdown link ``[title](url)`` for http(s) URLs; otherwise the escaped title alone."""
    u = safe_url(url)
    if u is None:
        return md(title)
    return f"[{md(title)}]({quote(u, safe=_URL_SAFE)})"


def table(frame: pd.DataFrame, links: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``frame`` for ``st.dataframe``: control characters and bidi overrides removed
    from text cells (a right-to-left override would show ``txt.exe`` as ``exe.txt``), and each
    column in ``links`` (shown with ``st.column_config.LinkColumn``) holding only absolute
    http(s) URLs, ``None`` elsewhere (``javascript:``, ``data:``, relative paths)."""
    out = frame.copy()
    links = set(links)
    for col in out.columns:
        s = out[col]
        if col in links:
            out[col] = pd.Series([safe_url(v) if isinstance(v, str) else None for v in s], index=s.index, dtype=object)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(lambda v: clean(v) if isinstance(v, str) else v)
    return out
