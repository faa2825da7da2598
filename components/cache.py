"""The app's Streamlit caches (every ``st.cache_*`` of the UI is in this module).

* :func:`dataset`: the loaded :class:`~tightrope.store.Dataset` of the data folder, one object
  shared by every session (``st.cache_resource``), keyed by the folder and its fingerprint (name,
  size, mtime and inode of each file), so a saved CSV shows on the next rerun.
* :func:`all_topics` and :func:`named_events`: small lists derived from one version of the data
  (keyed by the dataset's fingerprint), for the sidebar and the Diplomacy page's filters.

The domain layer keeps its own tiers (the parsed-file cache, the last good version of each file,
per-dataset memos): see ``docs/ARCHITECTURE.md`` for the whole map.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from tightrope.constants import ALL, FOCUS
from tightrope.contacts import split_list
from tightrope.files import data_dir, fingerprint
from tightrope.store import Dataset, load_dataset


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


def all_topics(ds: Dataset) -> list[str]:
    """Every topic slug used by a contact, sorted (computed once per version of the data)."""
    return _topics(ds.key, ds)


@st.cache_resource(show_spinner=False, max_entries=4)
def _topics(key: tuple, _ds: Dataset) -> list[str]:
    topics: set[str] = set()
    for t in _ds["diplomatic_contacts"]["topics"].unique():
        topics |= split_list(t)
    return sorted(topics)


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
    m = m[m["target"].isin([FOCUS, ALL]) & m["effective"].notna()].sort_values("effective").tail(MAX_NAMED_EVENTS)
    for r in m.itertuples(index=False):
        rate = f" {r.rate_pct:g}%" if pd.notna(r.rate_pct) else ""
        events.append(
            (
                f"{r.effective:%Y-%m-%d} {r.imposer} {r.legal_basis}: {r.product.replace('_', ' ')}{rate}",
                r.effective.date(),
            )
        )
    return events
