"""Show untrusted text as literal text in every renderer the dashboard uses.

* :func:`md` escapes Markdown (and Streamlit's ``:colour[...]`` directives, ``$`` maths, HTML)
  so a CSV cell is shown exactly as typed by ``st.markdown``/``st.caption``;
* :func:`plotly_text` escapes text for plotly labels and hover text (HTML tags, entities, ``$``);
* :func:`link` makes a Markdown link only for http(s) URLs, else plain escaped text.
"""

from __future__ import annotations

import html
import re
import string
from urllib.parse import quote

from tightrope.schema import is_http_url

_PUNCT = set(string.punctuation)
_URL_SAFE = ":/?#@!&*+,;=%~.-_"
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """Text with control characters and bidi overrides (which can disguise text) removed."""
    return _CONTROL.sub("", "" if text is None else str(text))


def md(text: object) -> str:
    """Escape every ASCII punctuation character with a backslash (CommonMark), so the text
    renders literally in Streamlit Markdown; newlines become spaces."""
    s = clean(text).replace("\n", " ").replace("\r", " ")
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in s)


def plotly_text(text: object) -> str:
    """Escape for plotly labels/hover: HTML special characters and ``$`` (maths) as entities."""
    return html.escape(clean(text), quote=True).replace("$", "&#36;").replace("\n", "<br>")


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
