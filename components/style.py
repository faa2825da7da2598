"""The project's CSS, in one place: contrast fixes for Streamlit's secondary text, visible focus,
reduced motion, KPI tiles, and presentation mode. Theme colours live in ``.streamlit/config.toml``;
this module only adjusts what the theme cannot set.

Why each rule exists (measured with axe-core, ``tests/e2e/test_accessibility.py``):

- Streamlit draws captions (``st.caption``, chart footers, notes, the sidebar's footnote) in the
  text colour at 60% opacity: 3.9:1 on white, under WCAG AA's 4.5:1 for small text. At 82% they
  read as secondary and pass in both themes (light 6.9:1, dark 9:1), links and code included.
- In the dark theme the accent colour is the background of white text (selected multiselect tags,
  primary buttons) and also the text colour of a selected segmented control on a dark grey; no one
  colour passes both, so the selected segment's text gets a lighter tint of the accent.
- The player's icon-only buttons (⏮ ▶ ⏭) carry a text label, their accessible name, hidden from view.
- Keyboard focus gets a 2 px outline in the accent colour on every control (WCAG 2.4.7).
- ``prefers-reduced-motion``: transitions and animations off (the as-of player never starts on its own).
"""

from __future__ import annotations

import streamlit as st

BASE_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 0.82 !important; }
/* the history script's element takes no room (it would push every page down by a row gap) */
[data-testid="stElementContainer"]:has(#tightrope-history), .stElementContainer:has(#tightrope-history) {
  display: none !important;
}
[data-testid="stCaptionContainer"] code { opacity: 1; }
/* icon-only buttons: their label is their accessible name, hidden from view only */
.st-key-play-back [data-testid="stMarkdownContainer"], .st-key-play-toggle [data-testid="stMarkdownContainer"],
.st-key-play-fwd [data-testid="stMarkdownContainer"] {
  position: absolute !important;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
:focus-visible { outline: 2px solid #3D5A73 !important; outline-offset: 2px; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
}
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
  height: auto !important;
}
/* a delta that wraps (a zero tile says when the last one was) is a rounded box, not a pill */
[data-testid="stMetricDelta"] { border-radius: 0.5rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
  font-size: clamp(1.5rem, 2.4vw, 2.25rem);
  line-height: 1.15;
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    animation-duration: 0.01ms !important;
    animation-iteration-count: 1 !important;
    transition-duration: 0.01ms !important;
    scroll-behavior: auto !important;
  }
}
</style>
"""

DARK_CSS = """
<style>
:focus-visible { outline-color: #A9C4DE !important; }
button[data-selected="true"] [data-testid="stMarkdownContainer"] p { color: #A9C4DE !important; }
</style>
"""

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"], [data-testid="stHeader"], [data-testid="stDecoration"], [data-testid="stMainMenu"] {
  display: none !important;
}
[data-testid="stMain"] .block-container { padding-top: 0.5rem; padding-bottom: 1rem; max-width: 100%; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label, [data-testid="stMain"] button {
  font-size: 20px !important;
  line-height: 1.35;
}
[data-testid="stMain"] [data-testid="stCaptionContainer"], [data-testid="stMain"] [data-testid="stCaptionContainer"] * {
  font-size: 16px !important;
  line-height: 1.3;
}
[data-testid="stMain"] h1 { font-size: 1.6rem !important; padding-top: 0.1rem; padding-bottom: 0.2rem; }
[data-testid="stMain"] h3 { font-size: 1.3rem !important; padding-top: 0.2rem; padding-bottom: 0.2rem; }
.st-key-story-bar p { margin-bottom: 0.2rem; }
.st-key-story-keys { display: none !important; }
/* Streamlit fades the shortcut badge (kbd) on buttons: 3.8:1 on the accent colour; full text colour */
.st-key-story-bar button kbd { color: inherit !important; opacity: 1 !important; }
.st-key-story-bar [data-testid="stExpander"] summary p { font-size: 16px !important; }
/* high contrast: captions and secondary text in the main text colour */
[data-testid="stMain"] [data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stMetric"] { border-width: 2px !important; padding: 0.4rem 0.8rem !important; }
/* KPI tiles at their normal size: the story's visual, not the numbers, fills the screen */
[data-testid="stMain"] [data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] * {
  font-size: 1.6rem !important;
  line-height: 1.15;
}
[data-testid="stMain"] [data-testid="stMetricLabel"] p, [data-testid="stMain"] [data-testid="stMetricDelta"] p {
  font-size: 16px !important;
}
</style>
"""


#: a smaller page title, for pages whose titles are long (a scenario's preset title)
LONG_TITLE_CSS = "<style>[data-testid='stMain'] h1 { font-size: 2rem !important; }</style>"


#: Browser history, one entry per page: Streamlit pushes a history entry for every change of the
#: query string (each filter change, each tick of the as-of player, and a second one after every
#: page switch, when the new page writes its view into the URL), so Back took two or three
#: presses per page and replayed filter changes. This turns a push that keeps the path (only the
#: query string changes) into a replace; a page switch still pushes. Installed once per tab.
HISTORY_JS = """
<span id="tightrope-history"></span>
<script>
if (!window.__tightropeHistory) {
  window.__tightropeHistory = true;
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = function (state, title, url) {
    const next = url == null ? null : new URL(url, window.location.href);
    if (next && next.pathname === window.location.pathname) {
      return window.history.replaceState(state, title, url);
    }
    return push(state, title, url);
  };
}
</script>
"""


def apply(theme: str | None, *, present: bool) -> None:
    """Add the project's CSS to this run: the base rules, the dark theme's (``theme == "dark"``)
    and presentation mode's (``present``); and the history rule (:data:`HISTORY_JS`)."""
    st.html(HISTORY_JS, unsafe_allow_javascript=True)
    st.html(BASE_CSS)
    if theme == "dark":
        st.html(DARK_CSS)
    if present:
        st.html(PRESENT_CSS)
