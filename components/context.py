"""The shared view: the cached dataset, the sidebar filters, and their mirror in the URL.

``app.py`` calls :func:`setup` once per run (before the page), which returns a :class:`View`;
pages call :func:`current` to get it. The view state lives in ``st.session_state`` (widget keys)
and is mirrored in ``st.query_params`` (see :mod:`tightrope.urlstate`), so a copied link reopens
the same view and page switches keep the filters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from components.safe import md
from tightrope import urlstate
from tightrope.schema import CHANNELS
from tightrope.store import Dataset, data_dir, fingerprint, load_dataset
from tightrope.timeline import split_list

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
    if VIEW_KEY not in st.session_state or _legacy_pages_mode():
        st.rerun()
    return st.session_state[VIEW_KEY]


def all_topics(ds: Dataset) -> list[str]:
    topics: set[str] = set()
    for t in ds["diplomatic_contacts"]["topics"]:
        topics |= split_list(t)
    return sorted(topics)


def _default_state(ds: Dataset) -> urlstate.ViewState:
    latest = ds.latest_date
    return urlstate.ViewState(as_of=latest, window_start=ds.earliest_date, window_end=latest)


def _from_widgets(default: urlstate.ViewState) -> urlstate.ViewState:
    ss = st.session_state
    window = ss.get("window") or (default.window_start, default.window_end)
    if isinstance(window, (list, tuple)) and len(window) == 2:
        start, end = window
    else:  # half-chosen range in the date picker
        start, end = default.window_start, default.window_end
    return replace(
        default,
        as_of=ss.get("asof", default.as_of),
        window_start=start,
        window_end=end,
        countries=tuple(sorted(ss["countries"])) if ss.get("countries") else None,
        channels=tuple(sorted(ss["channels"])) if ss.get("channels") else None,
        topics=tuple(sorted(ss["topics"])) if ss.get("topics") else None,
        present=bool(ss.get("present", False)),
        step=int(ss.get("step", 1)),
        theme=default.theme,
    )


def _to_widgets(state: urlstate.ViewState) -> None:
    ss = st.session_state
    ss["asof"] = state.as_of
    ss["window"] = (state.window_start, state.window_end)
    ss["countries"] = list(state.countries or [])
    ss["channels"] = list(state.channels or [])
    ss["topics"] = list(state.topics or [])
    ss["present"] = state.present
    ss["step"] = state.step


def setup(ds: Dataset, story_len: int = 0) -> View:
    """Read the URL on a session's first run, draw the shared sidebar, and return the view."""
    default = _default_state(ds)
    ss = st.session_state
    lo, hi = ds.earliest_date, max(ds.latest_date, default.as_of)
    if "_url_loaded" not in ss:
        parsed = urlstate.parse(
            st.query_params.to_dict(),
            default=default,
            min_date=lo,
            max_date=hi,
            countries=ds["countries"]["iso3"],
            channels=CHANNELS,
            topics=all_topics(ds),
            max_step=story_len,
        )
        _to_widgets(parsed)
        ss["_url_notices"] = list(parsed.notices)
        ss["_url_loaded"] = True

    with st.sidebar:
        st.date_input("As of", key="asof", min_value=lo, max_value=hi, format="YYYY-MM-DD", help="Every page shows what was in force or had happened on this date.")
        st.date_input("Contacts window", key="window", min_value=lo, max_value=hi, format="YYYY-MM-DD", help="Contacts counted on the map and charts; never past the as-of date.")
        names = dict(zip(ds["countries"]["iso3"], ds["countries"]["name"]))
        st.multiselect("Countries", options=list(ds["countries"]["iso3"]), key="countries", format_func=lambda c: f"{names.get(c, c)} ({c})", placeholder="All countries")
        st.toggle("Presentation mode", key="present", help="Large type, no sidebar, guided story. Leave with the button at the top.")
    state = _from_widgets(default)
    view = View(ds, state, default)
    ss[VIEW_KEY] = view
    for notice in ss.pop("_url_notices", []):
        st.toast(md(notice), icon=":material/link_off:")
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
