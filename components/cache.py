"""The app's Streamlit caches (every ``st.cache_*`` of the UI is in this module).

* :func:`dataset`: the loaded :class:`~tightrope.store.Dataset` of the data folder, one object
  shared by every session (``st.cache_resource``), keyed by the folder and its fingerprint (name,
  size, mtime and inode of each file), so a saved CSV shows on the next rerun.

Every cache tier of the app, from the file up (what keys it; what drops it):

1. Parsed files (``tightrope.store._PARSED``): one text frame and its problems per CSV file, keyed
   by path, size, mtime and inode; replaced when the file changes. A saved table is parsed again,
   the others are not.
2. Last good version (``tightrope.store._LAST_GOOD``): per folder and table, the last frame that
   loaded, shown with a banner while the file cannot be read; replaced at the next good load.
3. The dataset (:func:`dataset` here, ``st.cache_resource``): one ``Dataset`` object per interface
   language shared by every session, keyed by the folder, its fingerprint (every CSV's and the
   manifest's name, size, mtime, inode) and the language (its validation messages and derived
   labels are written in it); at most four (two versions in two languages) are kept.
4. Per-dataset derived data (``Dataset.memo``, used by :mod:`tightrope.queries`): rate steps, sorted
   contacts, events, topics, citations ... computed once per loaded dataset and dropped with it.
   This is the one mechanism for data that depends only on the data version.
5. Geometry (``tightrope.geo._load``, ``functools.lru_cache``): the parsed country GeoJSON, per
   path, for the life of the process (the file is built offline, see ``data/geo/README.md``).
6. Shared view work (:func:`shared` here): what depends only on the data version and the view's
   parameters (the map's frames and deck, whose JSON is encoded once; the pages' plotly figures),
   computed by the first session that asks and handed to every other session with the same view.
   Keyed by the data folder, its fingerprint, the interface language (results hold translated
   text), the name of the work and the view's parameters (as-of date, window, filters, theme,
   size); a bounded LRU of :data:`SHARED_MAX_ENTRIES` entries for the whole process, so old data
   versions and rare views fall out. Values are shared objects: never modify one after it is
   returned. Nothing per viewer goes in (editor state, login, unsaved edits stay in
   ``st.session_state``).
7. Geometry in the browser: the country GeoJSON is a static file (``static/geo/``, served under
   ``app/static/``) the deck loads by URL once per page load; only the colours travel per rerun.
8. Escaped hover text (``components.safe._plotly_text_cached``, ``lru_cache`` of 50,000 strings):
   pure function of the text, never stale.

Nothing else caches: the view state (as-of date, filters) is per session in
``st.session_state`` (:mod:`components.session`), and the browser caches only the static geometry file.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from tightrope import i18n
from tightrope.files import data_dir, fingerprint
from tightrope.store import Dataset, load_dataset


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, key: tuple, lang: str) -> Dataset:
    # cache_resource, not cache_data: the dataset is read-only, and handing out the same object
    # saves unpickling every frame on every rerun. ``key`` is the folder's fingerprint, so a
    # saved CSV shows on the next rerun; unchanged files are not parsed again (tightrope.store).
    # ``lang``: the dataset's messages (validation) and derived labels (events, tracks) are
    # written in the language current while it loads, so each language has its own dataset.
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    """The dataset of the data folder, reloaded when any file in it changes."""
    folder = data_dir()
    return _load(str(folder), fingerprint(folder), i18n.language())


T = TypeVar("T")
#: At most this many shared results are kept (all names together); least recently used go first.
SHARED_MAX_ENTRIES = 256
_SHARED: OrderedDict[tuple, object] = OrderedDict()
_SHARED_LOCK = threading.Lock()


def shared(ds: Dataset, name: str, params: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """``build()`` once per data version and view, shared by every session (see tier 6 above).

    ``name`` names the work (one name per kind of result); ``params`` holds every view parameter
    the result depends on (hashable: dates, tuples of codes, booleans, ints). The caller must
    not modify the returned object. Two sessions asking at the same moment may both build it;
    the result is the same. The key holds the interface language (:func:`tightrope.i18n.language`):
    figures and decks carry translated titles, labels and tooltips, so a Japanese session never
    gets an English session's result, nor the reverse."""
    key = (str(ds.folder), ds.key, i18n.language(), name, params)
    with _SHARED_LOCK:
        if key in _SHARED:
            _SHARED.move_to_end(key)
            return _SHARED[key]  # type: ignore[return-value]
    value = build()
    with _SHARED_LOCK:
        _SHARED[key] = value
        _SHARED.move_to_end(key)
        while len(_SHARED) > SHARED_MAX_ENTRIES:
            _SHARED.popitem(last=False)
    return value
