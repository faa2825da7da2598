"""Presentation mode and the guided story.

In presentation mode the sidebar, the header and the toolbar are hidden, type is enlarged (body
text 22 px) and a story bar sits on top of every page: the step's title, its caption (our own
words, from ``data/story.csv``) and its sources, with previous/next buttons. Each step sets the
as-of date, the countries and the page; the step number is in the URL (``step``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.blocks import source_links
from components.safe import md
from components.session import GOTO_KEY, View, go_to_step, set_language
from tightrope import i18n
from tightrope.i18n import gettext as _
from tightrope.localized import text_of

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"], [data-testid="stHeader"], [data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
[data-testid="stMain"] .block-container { padding-top: 1rem; max-width: 100%; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stCaptionContainer"],
[data-testid="stMain"] label, [data-testid="stMain"] button { font-size: 22px !important; line-height: 1.4; }
[data-testid="stMain"] h1 { font-size: 1.9rem !important; padding-top: 0.4rem; }
.st-key-story-bar [data-testid="stCaptionContainer"], .st-key-story-bar [data-testid="stCaptionContainer"] * { font-size: 17px !important; line-height: 1.3; }
.st-key-story-bar p { margin-bottom: 0.3rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.4rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 20px !important; }
/* high contrast: captions and secondary text in the main text colour */
[data-testid="stMain"] [data-testid="stCaptionContainer"], [data-testid="stMain"] [data-testid="stCaptionContainer"] * { color: inherit !important; opacity: 1 !important; }
[data-testid="stMetric"] { border-width: 2px !important; }
</style>
"""


def story_steps(view: View) -> pd.DataFrame:
    return view.ds["story"].sort_values("step", ignore_index=True)


def _go(view: View, step: int) -> None:
    go_to_step(view.ds, step)


def _exit() -> None:
    st.session_state["present"] = False


def apply(view: View, pages: Mapping[str, st.Page]) -> None:
    """Draw the presentation chrome when presentation mode is on; follow a pending page change
    (a story step names its page by slug: ``pages`` maps each slug of :mod:`tightrope.registry`
    to its ``st.Page``)."""
    ss = st.session_state
    goto = ss.pop(GOTO_KEY, None)
    if goto in pages:
        st.switch_page(pages[goto])
    if not view.present:
        return
    st.html(PRESENT_CSS)
    steps = story_steps(view)
    bar = st.container(border=True, key="story-bar")
    if steps.empty:
        bar.info(_("No story steps in data/story.csv: presentation mode shows the pages in large type."))
        bar.button(_("Leave presentation mode"), on_click=_exit, icon=":material/close:")
        _language_button(bar)
        return
    step = max(1, min(len(steps), view.state.step))
    row = steps.iloc[step - 1]
    left, mid, right = bar.columns([1.4, 6, 1.6], vertical_alignment="center")
    left.button(
        _("Back"),
        on_click=_go,
        args=(view, step - 1),
        disabled=step <= 1,
        icon=":material/arrow_back:",
        key="story-prev",
        width="stretch",
    )
    with mid:
        title, title_missing = text_of(row, "title")
        caption, caption_missing = text_of(row, "caption")
        st.markdown(
            _("**Step {step} of {n} · {title}** — as of {day}").format(
                step=step, n=len(steps), title=md(title, 200) + title_missing, day=i18n.day(row["as_of"])
            )
        )
        st.markdown(md(caption) + caption_missing)
        st.caption(_("Sources:") + " " + source_links(view.ds["sources"], [row["source_ids"]]))
    right.button(
        _("Next"),
        on_click=_go,
        args=(view, step + 1),
        disabled=step >= len(steps),
        icon=":material/arrow_forward:",
        key="story-next",
        type="primary",
        width="stretch",
    )
    right.button(_("Exit"), on_click=_exit, icon=":material/close:", key="story-exit", width="stretch")
    _language_button(right)


def _language_button(where) -> None:
    """The language switch of presentation mode (the sidebar's is hidden): one button naming the
    other language in that language."""
    other = "en" if i18n.is_ja() else "ja"
    where.button(
        i18n.LANG_NAMES[other],
        on_click=set_language,
        args=(other,),
        icon=":material/translate:",
        key="story-lang",
        width="stretch",
    )
