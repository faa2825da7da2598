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
from components.session import GOTO_KEY, SWITCHED_KEY, View, go_to_step, set_language
from tightrope import i18n
from tightrope.i18n import gettext as _
from tightrope.localized import text_of


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
        ss[SWITCHED_KEY] = True  # the app changed the page, not the browser's Back (session._history_step)
        st.switch_page(pages[goto])
    if not view.present:
        return
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
        shortcut="PageUp",
        help=_("Previous step (Page Up or ←)"),
    )
    with mid:
        title, title_missing = text_of(row, "title")
        caption, caption_missing = text_of(row, "caption")
        st.markdown(
            _("**Step {step} of {n} · {title}** — as of {day}").format(
                step=step, n=len(steps), title=md(title, 200) + title_missing, day=i18n.day(row["as_of"])
            )
        )
        st.caption(md(caption) + caption_missing)
        n = len([s for s in str(row["source_ids"]).split(";") if s.strip()])
        with st.expander(_("Sources of this step ({n})").format(n=n), icon=":material/menu_book:"):
            st.caption(source_links(view.ds["sources"], [row["source_ids"]]))
    right.button(
        _("Next"),
        on_click=_go,
        args=(view, step + 1),
        disabled=step >= len(steps),
        icon=":material/arrow_forward:",
        key="story-next",
        type="primary",
        width="stretch",
        shortcut="PageDown",
        help=_("Next step (Page Down or →)"),
    )
    right.button(_("Exit"), on_click=_exit, icon=":material/close:", key="story-exit", width="stretch")
    _language_button(right)
    # presenters' clickers send Page Up/Down (the buttons' shortcuts), keyboards also arrows: one
    # shortcut per button, so the arrows get two more, hidden from view and from the tab order
    # (components/style.py); they do what Back and Next do
    keys = bar.container(key="story-keys")
    keys.button(
        _("Previous step"), on_click=_go, args=(view, step - 1), disabled=step <= 1, key="story-left", shortcut="Left"
    )
    keys.button(
        _("Next step"),
        on_click=_go,
        args=(view, step + 1),
        disabled=step >= len(steps),
        key="story-right",
        shortcut="Right",
    )


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
