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
from components.session import GOTO_KEY, View, go_to_step


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
    steps = story_steps(view)
    bar = st.container(border=True, key="story-bar")
    if steps.empty:
        bar.info("No story steps in data/story.csv: presentation mode shows the pages in large type.")
        bar.button("Leave presentation mode", on_click=_exit, icon=":material/close:")
        return
    step = max(1, min(len(steps), view.state.step))
    row = steps.iloc[step - 1]
    left, mid, right = bar.columns([1.4, 6, 1.6], vertical_alignment="center")
    left.button(
        "Back",
        on_click=_go,
        args=(view, step - 1),
        disabled=step <= 1,
        icon=":material/arrow_back:",
        key="story-prev",
        width="stretch",
        shortcut="PageUp",
        help="Previous step (Page Up or ←)",
    )
    with mid:
        st.markdown(f"**Step {step} of {len(steps)} · {md(row['title'], 200)}** — as of {row['as_of']:%Y-%m-%d}")
        st.caption(md(row["caption"]))
        n = len([s for s in str(row["source_ids"]).split(";") if s.strip()])
        with st.expander(f"Sources of this step ({n})", icon=":material/menu_book:"):
            st.caption(source_links(view.ds["sources"], [row["source_ids"]]))
    right.button(
        "Next",
        on_click=_go,
        args=(view, step + 1),
        disabled=step >= len(steps),
        icon=":material/arrow_forward:",
        key="story-next",
        type="primary",
        width="stretch",
        shortcut="PageDown",
        help="Next step (Page Down or →)",
    )
    right.button("Exit", on_click=_exit, icon=":material/close:", key="story-exit", width="stretch")
    # presenters' clickers send Page Up/Down (the buttons' shortcuts), keyboards also arrows: one
    # shortcut per button, so the arrows get two more, hidden from view and from the tab order
    # (components/style.py); they do what Back and Next do
    keys = bar.container(key="story-keys")
    keys.button(
        "Previous step", on_click=_go, args=(view, step - 1), disabled=step <= 1, key="story-left", shortcut="Left"
    )
    keys.button(
        "Next step",
        on_click=_go,
        args=(view, step + 1),
        disabled=step >= len(steps),
        key="story-right",
        shortcut="Right",
    )
