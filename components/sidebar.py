"""The shared sidebar: the as-of date with its player (back, play/pause, forward, step size, jump to
an event), the contacts window, the countries and the presentation-mode switch.

Widget keys are the session's view state (see :mod:`components.session`).
"""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from components.blocks import current_to_text
from components.session import clamp, country_names, go_to_step
from tightrope import i18n, queries
from tightrope.i18n import N_
from tightrope.i18n import gettext as _
from tightrope.store import Dataset

#: Play steps: a week, or a calendar month (15 January -> 15 February -> 15 March).
PLAY_STEPS = {"week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1)}
#: The player's step sizes as shown.
STEP_LABELS = {"week": N_("step: week"), "month": N_("step: month")}


def _jump(events: dict[str, date], lo: date, hi: date) -> None:
    ss = st.session_state
    label = ss.get("jump")
    if label in events:
        ss["asof"] = clamp(events[label], lo, hi)
    ss["jump"] = None


def _nudge(direction: int, lo: date, hi: date) -> None:
    ss = st.session_state
    step = PLAY_STEPS.get(ss.get("play_step", "month"), PLAY_STEPS["month"])
    ss["asof"] = clamp((pd.Timestamp(ss["asof"]) + direction * step).date(), lo, hi)


def _toggle_play(lo: date, hi: date) -> None:
    ss = st.session_state
    ss["playing"] = not ss.get("playing", False)
    if ss["playing"] and ss["asof"] >= hi:
        ss["asof"] = lo  # start over from the beginning
    ss["_last_tick"] = time.monotonic()


def _player(lo: date, hi: date, interval: float = 2.0) -> None:
    """While playing, advance the as-of date by one step every ``interval`` seconds."""
    ss = st.session_state
    if not ss.get("playing"):
        return
    if time.monotonic() - ss.get("_last_tick", 0.0) < interval * 0.9:
        return
    ss["_last_tick"] = time.monotonic()
    if ss["asof"] >= hi:
        ss["playing"] = False
    else:
        _nudge(+1, lo, hi)
        # the URL follows now, not after the page's run (which ends with session.sync_url)
        st.query_params["asof"] = pd.Timestamp(ss["asof"]).strftime("%Y-%m-%d")
    st.rerun(scope="app")


def _enter_presentation(ds: Dataset) -> None:
    """Turning presentation mode on applies the current story step (as-of date, countries, page)."""
    if st.session_state.get("present"):
        go_to_step(ds, int(st.session_state.get("step", 1)))


def _date_input(label: str, key: str, lo: date, hi: date, help_text: str) -> None:
    """A date (or date range) input bound to ``st.session_state[key]``, in the viewer's date format."""
    st.date_input(
        label,
        key=key,
        min_value=lo,
        max_value=hi,
        format="YYYY/MM/DD" if i18n.is_ja() else "YYYY-MM-DD",
        help=help_text,
    )


def _step_button(col, label: str, icon: str, key: str, args: tuple) -> None:
    """An icon-only player button in ``col`` that moves the as-of date one step (``args``:
    direction, lo, hi); the label is its accessible name and its tooltip."""
    col.button(label, icon=icon, key=key, on_click=_nudge, args=args, help=label)


def draw(ds: Dataset, lo: date, hi: date) -> None:
    """Draw the sidebar's controls for dates in ``[lo, hi]``."""
    ss = st.session_state
    with st.sidebar:
        st.radio(
            "Language / 言語",
            i18n.LANGS,
            key="lang",
            horizontal=True,
            format_func=i18n.LANG_NAMES.get,
            label_visibility="collapsed",
        )
        _date_input(_("As of"), "asof", lo, hi, _("Every page shows what was in force or had happened on this date."))
        events = dict(queries.named_events(ds))
        st.selectbox(
            _("Jump to an event"),
            list(events),
            index=None,
            key="jump",
            placeholder=_("Jump to an event…"),
            on_change=_jump,
            args=(events, lo, hi),
            label_visibility="collapsed",
        )
        back, play, fwd = st.columns(3, vertical_alignment="center")
        # icon-only buttons: the label is the accessible name, shown to screen readers only
        # (components/style.py hides it visually); the tooltip says the same
        _step_button(back, _("One step back"), ":material/skip_previous:", "play-back", (-1, lo, hi))
        playing = bool(ss.get("playing"))
        play.button(
            _("Pause") if playing else _("Play"),
            icon=":material/pause:" if playing else ":material/play_arrow:",
            key="play-toggle",
            on_click=_toggle_play,
            args=(lo, hi),
            help=_("Pause") if playing else _("Play: step the as-of date forward"),
        )
        _step_button(fwd, _("One step forward"), ":material/skip_next:", "play-fwd", (+1, lo, hi))
        ss.setdefault("play_step", "month")
        # on its own row: beside the buttons the sidebar clipped it to one option
        st.segmented_control(
            _("Step"),
            list(PLAY_STEPS),
            key="play_step",
            format_func=lambda u: _(STEP_LABELS[u]),
            label_visibility="collapsed",
        )
        if playing:
            st.fragment(run_every=2.0)(_player)(lo, hi)
        _date_input(
            _("Contacts window"),
            "window",
            lo,
            hi,
            _("Contacts counted on the map and charts; never past the as-of date."),
        )
        names = country_names(ds)
        st.multiselect(
            _("Countries"),
            options=list(ds["countries"]["iso3"]),
            key="countries",
            format_func=lambda c: f"{names.get(c, c)} ({c})",
            placeholder=_("All countries"),
        )
        st.toggle(
            _("Presentation mode"),
            key="present",
            on_change=_enter_presentation,
            args=(ds,),
            help=_("Large type, no sidebar, guided story. Leave with the Exit button at the top."),
        )
        st.caption(
            _("{current}. Share this view: copy the address bar.").format(current=current_to_text(ds.current_to))
        )
