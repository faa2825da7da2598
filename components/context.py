"""The shared view: the cached dataset, the sidebar filters, and their mirror in the URL.

``app.py`` calls :func:`setup` once per run (before the page), which returns a :class:`View`;
pages call :func:`current` to get it. The view state lives in ``st.session_state`` (widget keys)
and is mirrored in ``st.query_params`` (see :mod:`tightrope.urlstate`), so a copied link reopens
the same view and page switches keep the filters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from components.safe import md
from tightrope import urlstate
from tightrope.contacts import split_list
from tightrope.schema import CHANNELS
from tightrope.store import Dataset, data_dir, fingerprint, load_dataset

FOCUS = "JPN"
VIEW_KEY = "_tightrope_view"


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(folder: str, key: tuple) -> Dataset:
    # cache_resource, not cache_data: the dataset is read-only, and handing out the same object
    # saves unpickling every frame on every rerun. ``key`` is the folder's fingerprint, so a
    # saved CSV shows on the next rerun; unchanged files are not parsed again (tightrope.store).
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    """The dataset of the data folder, reloaded when any file in it changes."""
    folder = data_dir()
    return _load(str(folder), fingerprint(folder))


@dataclass(frozen=True)
class View:
    """What a page needs: the data, the state, and derived helpers."""

    ds: Dataset
    state: urlstate.ViewState
    default: urlstate.ViewState

    @property
    def as_of(self) -> pd.Timestamp:
        return pd.Timestamp(self.state.as_of)

    @property
    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The contacts window, never past the as-of date."""
        end = min(pd.Timestamp(self.state.window_end), self.as_of)
        return pd.Timestamp(self.state.window_start), end

    @property
    def present(self) -> bool:
        return self.state.present

    @property
    def names(self) -> dict[str, str]:
        c = self.ds["countries"]
        out = dict(zip(c["iso3"], c["name"]))
        out.update({"ASEAN": "ASEAN", "WORLD": "World", "ALL": "All partners"})
        return out

    @property
    def countries(self) -> list[str]:
        """Selected countries (all in countries.csv when none chosen)."""
        return list(self.state.countries) if self.state.countries else list(self.ds["countries"]["iso3"])

    def region(self, region: str) -> list[str]:
        c = self.ds["countries"]
        return [x for x in c.loc[c["region"] == region, "iso3"] if x in self.countries]


def _legacy_pages_mode() -> bool:
    """True (and switched off) when Streamlit is running a page script directly."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a later Streamlit without the legacy mode
        return False
    legacy = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return legacy


def current() -> View:
    """The view set up by ``app.py`` for this run.

    On a fresh server whose first request is a page URL (a shared link), Streamlit runs the
    page script directly in its legacy ``pages/`` folder mode, before ``app.py`` has called
    ``st.navigation`` (which switches that mode off for the process); ``AppTest`` does so on
    every run after the first. Then we switch it off ourselves and rerun, so ``app.py`` routes
    the same URL.
    """
    legacy = _legacy_pages_mode()  # always call it: it also switches the legacy mode off
    if legacy or VIEW_KEY not in st.session_state:
        st.rerun()
    return st.session_state[VIEW_KEY]


def all_topics(ds: Dataset) -> list[str]:
    """Every topic slug used by a contact, sorted (computed once per version of the data)."""
    return _topics(ds.key, ds)


@st.cache_resource(show_spinner=False, max_entries=4)
def _topics(key: tuple, _ds: Dataset) -> list[str]:
    topics: set[str] = set()
    for t in _ds["diplomatic_contacts"]["topics"].unique():
        topics |= split_list(t)
    return sorted(topics)


def _default_state(ds: Dataset) -> urlstate.ViewState:
    latest = ds.latest_date
    return urlstate.ViewState(as_of=latest, window_start=ds.earliest_date, window_end=latest)


#: Page-level filters (drawn only on some pages) kept across page switches and in the URL.
PAGE_FILTERS = ("counterparts", "products", "channels", "topics")
SIDEBAR_KEYS = ("asof", "window", "countries", "present", "play_step")
#: Play steps: a week, or a calendar month (15 January -> 15 February -> 15 March).
PLAY_STEPS = {"week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1)}


def active_theme() -> str | None:
    """``"light"`` or ``"dark"``: the theme the viewer's browser shows (None if unknown)."""
    theme = getattr(st.context, "theme", None)
    kind = getattr(theme, "type", None) if theme is not None else None
    return kind if kind in urlstate.THEMES else None


def _tuple(value) -> tuple[str, ...] | None:
    return tuple(sorted(value)) if value else None


def _from_widgets(default: urlstate.ViewState) -> urlstate.ViewState:
    ss = st.session_state
    window = ss.get("window") or (default.window_start, default.window_end)
    if isinstance(window, (list, tuple)) and len(window) == 2:
        start, end = window
    else:  # half-chosen range in the date picker
        start, end = default.window_start, default.window_end
    return replace(
        default,
        as_of=ss.get("asof") or default.as_of,
        window_start=start,
        window_end=end,
        countries=_tuple(ss.get("countries")),
        counterparts=_tuple(ss.get("counterparts")),
        products=_tuple(ss.get("products")),
        channels=_tuple(ss.get("channels")),
        topics=_tuple(ss.get("topics")),
        present=bool(ss.get("present", False)),
        step=int(ss.get("step", 1)),
        theme=active_theme() or default.theme,
    )


def _to_widgets(state: urlstate.ViewState) -> None:
    ss = st.session_state
    ss["asof"] = state.as_of
    ss["window"] = (state.window_start, state.window_end)
    ss["countries"] = list(state.countries or [])
    ss["present"] = state.present
    ss["step"] = state.step
    for name in PAGE_FILTERS:
        value = getattr(state, name)
        if value is not None:
            ss[name] = list(value)


MAX_NAMED_EVENTS = 200


def named_events(ds: Dataset) -> list[tuple[str, date]]:
    """Dates a presenter may jump to: the story's steps, then the (at most 200 latest) measures
    on Japan taking effect, in date order. Returns ``(label, date)`` pairs; computed once per
    version of the data."""
    return _named_events(ds.key, ds)


@st.cache_resource(show_spinner=False, max_entries=4)
def _named_events(key: tuple, _ds: Dataset) -> list[tuple[str, date]]:
    ds = _ds
    events: list[tuple[str, date]] = []
    for r in ds["story"].sort_values("step").itertuples(index=False):
        events.append((f"Story {int(r.step)}: {r.title}", r.as_of.date()))
    m = ds["trade_measures"]
    m = m[m["target"].isin(["JPN", "ALL"]) & m["effective"].notna()].sort_values("effective").tail(MAX_NAMED_EVENTS)
    for r in m.itertuples(index=False):
        rate = f" {r.rate_pct:g}%" if pd.notna(r.rate_pct) else ""
        events.append((f"{r.effective:%Y-%m-%d} {r.imposer} {r.legal_basis}: {r.product.replace('_', ' ')}{rate}", r.effective.date()))
    return events


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
    st.rerun(scope="app")


def _enter_presentation(ds: Dataset) -> None:
    """Turning presentation mode on applies the current story step (as-of date, countries, page)."""
    if st.session_state.get("present"):
        from components.presentation import go_to_step

        go_to_step(ds, int(st.session_state.get("step", 1)))


def setup(ds: Dataset, story_len: int = 0) -> View:
    """Read the URL on a session's first run, draw the shared sidebar, and return the view."""
    default = _default_state(ds)
    ss = st.session_state
    lo, hi = ds.earliest_date, max(ds.latest_date, default.as_of)
    if "_url_loaded" not in ss:
        products = sorted(set(ds["trade_measures"]["product"]))
        parsed = urlstate.parse(
            st.query_params.to_dict(),
            default=default,
            min_date=lo,
            max_date=hi,
            countries=ds["countries"]["iso3"],
            channels=CHANNELS,
            topics=all_topics(ds),
            products=products,
            max_step=story_len,
        )
        _to_widgets(parsed)
        ss["_url_notices"] = list(parsed.notices)
        ss["_url_loaded"] = True
        shown = active_theme()
        if "theme" in st.query_params and shown and parsed.theme != shown:
            # Streamlit lets only the viewer switch themes; say how, rather than ignore the link
            ss["_url_notices"].append(f"This link was shared in the {parsed.theme} theme: switch under the ⋮ menu › Settings › Theme.")
        if parsed.present and "asof" not in st.query_params:
            # a presentation link without a date opens its story step as the step sets it
            from components.presentation import go_to_step

            go_to_step(ds, parsed.step)
    # Keep page-level filters when their page is not drawn (Streamlit drops the state of
    # widgets that are not rendered in a run unless it is reassigned).
    # (and the sidebar's, which a server-side page switch would otherwise reset).
    for name in PAGE_FILTERS + SIDEBAR_KEYS:
        if name in ss:
            ss[name] = ss[name]
    if ss.get("asof") is None:
        ss["asof"] = default.as_of
    ss["asof"] = clamp(ss["asof"], lo, hi)

    with st.sidebar:
        st.date_input("As of", key="asof", min_value=lo, max_value=hi, format="YYYY-MM-DD", help="Every page shows what was in force or had happened on this date.")
        events = dict(named_events(ds))
        st.selectbox("Jump to an event", list(events), index=None, key="jump", placeholder="Jump to an event…", on_change=_jump, args=(events, lo, hi), label_visibility="collapsed")
        back, play, fwd = st.columns(3, vertical_alignment="center")
        back.button("", icon=":material/skip_previous:", key="play-back", on_click=_nudge, args=(-1, lo, hi), help="One step back")
        playing = bool(ss.get("playing"))
        play.button(
            "",
            icon=":material/pause:" if playing else ":material/play_arrow:",
            key="play-toggle",
            on_click=_toggle_play,
            args=(lo, hi),
            help="Pause" if playing else "Play: step the as-of date forward",
        )
        fwd.button("", icon=":material/skip_next:", key="play-fwd", on_click=_nudge, args=(+1, lo, hi), help="One step forward")
        ss.setdefault("play_step", "month")
        # on its own row: beside the buttons the sidebar clipped it to one option
        st.segmented_control("Step", list(PLAY_STEPS), key="play_step", format_func=lambda u: f"step: {u}", label_visibility="collapsed")
        if playing:
            st.fragment(run_every=2.0)(_player)(lo, hi)
        st.date_input("Contacts window", key="window", min_value=lo, max_value=hi, format="YYYY-MM-DD", help="Contacts counted on the map and charts; never past the as-of date.")
        names = dict(zip(ds["countries"]["iso3"], ds["countries"]["name"]))
        st.multiselect("Countries", options=list(ds["countries"]["iso3"]), key="countries", format_func=lambda c: f"{names.get(c, c)} ({c})", placeholder="All countries")
        st.toggle("Presentation mode", key="present", on_change=_enter_presentation, args=(ds,), help="Large type, no sidebar, guided story. Leave with the Exit button at the top.")
        st.caption(f"Data current to {ds.current_to:%Y-%m-%d}. Share this view: copy the address bar.")
    state = _from_widgets(default)
    view = View(ds, state, default)
    ss[VIEW_KEY] = view
    for notice in ss.pop("_url_notices", []):
        st.toast(md(notice), icon=":material/link_off:", duration="long")
    return view


def sync_url(view: View) -> None:
    """Write the view state into the URL (called at the end of every run)."""
    state = _from_widgets(view.default)
    params = urlstate.to_params(state, view.default)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def clamp(day: date, lo: date, hi: date) -> date:
    return max(lo, min(hi, day))


def days_before(day: pd.Timestamp, n: int) -> pd.Timestamp:
    return day - timedelta(days=n)
