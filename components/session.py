"""The viewer's session: the view state (as-of date, window, countries, page filters, presentation
mode), its load from and mirror in the URL, and going to a step of the guided story.

``app.py`` calls :func:`start` (reads the URL on a session's first run), draws the sidebar
(:mod:`components.sidebar`), then :func:`view`, and :func:`sync_url` after the page; pages call
:func:`current` to get the :class:`View`. The state lives in ``st.session_state`` (widget keys)
and is mirrored in ``st.query_params`` (see :mod:`tightrope.urlstate`), so a copied link reopens
the same view and page switches keep the filters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.safe import md
from tightrope import i18n, queries, urlstate
from tightrope.i18n import gettext as _
from tightrope.schema import CHANNELS
from tightrope.store import Dataset

VIEW_KEY = "_tightrope_view"
#: Session key of a page change a story step asked for (followed by ``presentation.apply``).
GOTO_KEY = "_goto"
#: Session key of the hypothetical scenario (a ``scenarios.csv`` id or a changes string; the
#: ``sc`` URL parameter). Only the Scenarios page reads it: no as-of view ever does.
SCENARIO_KEY = "scenario"


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
        return country_names(self.ds)

    @property
    def cities(self) -> dict[str, str]:
        return city_names(self.ds)

    @property
    def countries(self) -> list[str]:
        """Selected countries (all in countries.csv when none chosen)."""
        return list(self.state.countries) if self.state.countries else list(self.ds["countries"]["iso3"])

    def region(self, region: str) -> list[str]:
        c = self.ds["countries"]
        return [x for x in c.loc[c["region"] == region, "iso3"] if x in self.countries]


def country_names(ds: Dataset) -> dict[str, str]:
    """iso3 (and the groups ASEAN, WORLD, ALL) -> the country's name in the current language
    (``countries.csv``'s ``name_ja`` in Japanese, ``name`` where that is empty)."""
    c = ds["countries"]
    names = c["name"]
    if i18n.is_ja() and "name_ja" in c:
        names = c["name_ja"].where(c["name_ja"].astype(str).str.strip() != "", c["name"])
    out = dict(zip(c["iso3"], names))
    out.update({"ASEAN": "ASEAN", "WORLD": _("World"), "ALL": _("All partners")})
    return out


def city_names(ds: Dataset) -> dict[str, str]:
    """A capital's English name (``countries.csv``'s ``capital``) -> its name in the current
    language (``capital_ja`` in Japanese where given), for venue cities that are capitals."""
    c = ds["countries"]
    if not i18n.is_ja() or "capital_ja" not in c:
        return {}
    known = c[c["capital_ja"].astype(str).str.strip() != ""]
    return dict(zip(known["capital"], known["capital_ja"]))


def choose_language() -> str:
    """Set this run's interface language (call first in ``app.py``) and return it: the viewer's
    choice (widget key ``lang``); on a session's first run the URL's ``lang``, else the browser's
    language (``st.context.locale``), else English. A malformed ``lang`` is reported with the
    other URL notices (:func:`tightrope.urlstate.parse`)."""
    ss = st.session_state
    if ss.get("lang") not in i18n.LANGS:
        default = i18n.from_locale(getattr(st.context, "locale", None))
        ss["lang"], _notice = urlstate.parse_lang(st.query_params.to_dict(), default)
    i18n.set_language(ss["lang"])
    return ss["lang"]


def set_language(lang: str) -> None:
    """Callback of the language switches (sidebar and presentation mode)."""
    if lang in i18n.LANGS:
        st.session_state["lang"] = lang


def legacy_pages_mode() -> bool:
    """Whether Streamlit ran a page script directly (its legacy ``pages/`` folder mode); switches
    that mode off for the process when so.

    Why: with a ``pages/`` folder beside ``app.py`` (the project's fixed layout), a page URL that is
    a fresh server's first request (a shared link) runs that page's script directly, before
    ``app.py`` has called ``st.navigation`` (which switches the mode off). :func:`current` then
    reruns, so ``app.py`` routes the same URL. ``tests/app/test_legacy_pages_mode.py`` fails when a
    Streamlit upgrade no longer does this: then delete this function and its call.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a later Streamlit without the legacy mode
        return False
    legacy = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return legacy


def current() -> View:
    """The view set up by ``app.py`` for this run (pages call this first).

    Reruns the app when the page script was started directly (see :func:`legacy_pages_mode`) or
    before ``app.py`` set the view up."""
    legacy = legacy_pages_mode()  # always call it: it also switches the legacy mode off
    if legacy or VIEW_KEY not in st.session_state:
        st.rerun()
    return st.session_state[VIEW_KEY]


def _default_state(ds: Dataset) -> urlstate.ViewState:
    latest = ds.latest_date
    return urlstate.ViewState(as_of=latest, window_start=ds.earliest_date, window_end=latest)


def date_bounds(ds: Dataset) -> tuple[date, date]:
    """The range ``(lo, hi)`` the as-of date may take: the first contact to the latest event."""
    return ds.earliest_date, max(ds.latest_date, _default_state(ds).as_of)


#: Page-level filters (drawn only on some pages) kept across page switches and in the URL.
PAGE_FILTERS = ("counterparts", "products", "channels", "topics")
SIDEBAR_KEYS = ("asof", "window", "countries", "present", "play_step", "lang")


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
        scenario=ss.get(SCENARIO_KEY) or None,
        lang=i18n.language(),
    )


def _to_widgets(state: urlstate.ViewState) -> None:
    ss = st.session_state
    ss["asof"] = state.as_of
    ss["window"] = (state.window_start, state.window_end)
    ss["countries"] = list(state.countries or [])
    ss["present"] = state.present
    ss["step"] = state.step
    ss[SCENARIO_KEY] = state.scenario
    for name in PAGE_FILTERS:
        value = getattr(state, name)
        if value is not None:
            ss[name] = list(value)


def go_to_step(ds: Dataset, step: int) -> None:
    """Move to story ``step`` (1-based, clamped to the steps there are) and apply its as-of date,
    countries and page (the page switch happens in :func:`components.presentation.apply`)."""
    steps = ds["story"].sort_values("step", ignore_index=True)
    if steps.empty:
        return
    step = max(1, min(len(steps), step))
    row = steps.iloc[step - 1]
    ss = st.session_state
    ss["step"] = step
    lo, hi = ds.earliest_date, max(ds.latest_date, row["as_of"].date())
    ss["asof"] = max(lo, min(hi, row["as_of"].date()))
    ss["countries"] = [c.strip() for c in row["countries"].split(";") if c.strip()]
    ss[SCENARIO_KEY] = (row.get("scenario") or None) if row["page"] == "scenarios" else ss.get(SCENARIO_KEY)
    ss[GOTO_KEY] = row["page"]


def _parse_url(ds: Dataset, default: urlstate.ViewState, lo: date, hi: date) -> urlstate.ViewState:
    """The view the URL of this run asks for (:func:`tightrope.urlstate.parse`, with its notices)."""
    return urlstate.parse(
        st.query_params.to_dict(),
        default=default,
        min_date=lo,
        max_date=hi,
        countries=ds["countries"]["iso3"],
        channels=CHANNELS,
        topics=queries.all_topics(ds),
        products=sorted(set(ds["trade_measures"]["product"])),
        max_step=len(ds["story"]),
        scenario_ids=ds["scenarios"]["scenario_id"],
        scenario_groups=ds["product_groups"]["product"],
    )


def _page_hash() -> str | None:
    ctx = get_script_run_ctx()
    return getattr(ctx, "page_script_hash", None) if ctx is not None else None


#: Session key set when the app itself switches the page (a story step), so the next run is not
#: taken for the browser's Back.
SWITCHED_KEY = "_app_switched_page"


def _history_step(ss) -> bool:
    """Whether this run is the browser's Back or Forward to another page: the page changed and
    the URL brought a query string other than the one this session last wrote. (A page link
    brings the written one or none; a player tick or widget change keeps the page. Streamlit
    now adds one history entry per page, see ``components.style.HISTORY_JS``.)"""
    if ss.pop(SWITCHED_KEY, False):
        return False
    now = st.query_params.to_dict()
    written = ss.get("_url_written")
    return bool(written is not None and now and now != written and _page_hash() != ss.get("_url_page"))


def start(ds: Dataset) -> tuple[date, date]:
    """Read the URL on a session's first run and keep the view's widget state across page
    switches. Returns the date range ``(lo, hi)`` the as-of date and window may take."""
    default = _default_state(ds)
    ss = st.session_state
    lo, hi = date_bounds(ds)
    if "_url_loaded" not in ss:
        parsed = _parse_url(ds, default, lo, hi)
        _to_widgets(parsed)
        ss["_url_notices"] = list(parsed.notices)
        ss["_sc_url_errors"] = [n for n in parsed.notices if " sc=" in n]  # shown on the Scenarios page
        ss["_url_loaded"] = True
        shown = active_theme()
        if "theme" in st.query_params and shown and parsed.theme != shown:
            # Streamlit lets only the viewer switch themes; say how, rather than ignore the link
            ss["_url_notices"].append(
                _("This link was shared in the {theme} theme: switch under the ⋮ menu › Settings › Theme.").format(
                    theme=_(parsed.theme)
                )
            )
        if parsed.present and "asof" not in st.query_params:
            # a presentation link without a date opens its story step as the step sets it
            go_to_step(ds, parsed.step)
    elif _history_step(ss):
        # browser Back or Forward to an earlier page: that view's date and filters come back
        back = _parse_url(ds, default, lo, hi)
        _to_widgets(back)
        for name in PAGE_FILTERS:  # a filter the earlier URL did not set goes back to its default
            if getattr(back, name) is None:
                ss.pop(name, None)
        ss["_url_written"] = st.query_params.to_dict()
    # Keep page-level filters when their page is not drawn (Streamlit drops the state of
    # widgets that are not rendered in a run unless it is reassigned).
    # (and the sidebar's, which a server-side page switch would otherwise reset).
    for name in PAGE_FILTERS + SIDEBAR_KEYS:
        if name in ss:
            ss[name] = ss[name]
    if ss.get("asof") is None:
        ss["asof"] = default.as_of
    ss["asof"] = clamp(ss["asof"], lo, hi)
    return lo, hi


def view(ds: Dataset) -> View:
    """The view of this run, from the widgets' state (call after the sidebar is drawn); pages get
    it with :func:`current`."""
    default = _default_state(ds)
    ss = st.session_state
    state = _from_widgets(default)
    out = View(ds, state, default)
    ss[VIEW_KEY] = out
    return out


def sync_url(view: View) -> None:
    """Write the view state into the URL (called at the end of every run) and show the notices
    about the URL that was opened: here, after the page ran, so a page switch on the way (the app
    root, a story step) does not swallow them; a toast, unobtrusive in presentation mode too."""
    ss = st.session_state
    for notice in ss.pop("_url_notices", []):
        # stays until closed: a presenter busy starting a talk (or a slow page) must not miss it
        st.toast(md(notice), icon=":material/link_off:", duration="infinite")
    state = _from_widgets(view.default)
    params = urlstate.to_params(state, view.default)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    ss["_url_written"] = params
    ss["_url_page"] = _page_hash()


def clamp(day: date, lo: date, hi: date) -> date:
    return max(lo, min(hi, day))
