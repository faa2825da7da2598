"""Filters over ``diplomatic_contacts`` and ``officeholders``: contacts in a date window (by side,
counterpart, channel, topic), counts per counterpart, and who held an office on a day.

Dates are naive ``pandas.Timestamp`` calendar days; a window ``[start, end]`` is inclusive.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from tightrope.dates import ts


def contacts_between(
    contacts: pd.DataFrame,
    start: date | pd.Timestamp,
    end: date | pd.Timestamp,
    *,
    country: str | None = None,
    counterparts: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
    topics: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Contacts that started in ``[start, end]`` (inclusive), optionally filtered.

    ``country`` keeps contacts with that country on either side; ``counterparts`` keeps those
    whose other side (relative to ``country``, else either side) is listed; ``channels`` and
    ``topics`` keep rows with a matching channel or at least one matching topic. Returns the
    typed ``diplomatic_contacts`` columns plus ``other`` (the side that is not ``country``).
    """
    lo, hi = ts(start), ts(end)
    days = contacts["start"]
    if days.is_monotonic_increasing:  # sorted (as queries.involving keeps them): the window is a slice, no copy
        pos = days.to_numpy(dtype="datetime64[ns]")
        contacts = contacts.iloc[
            np.searchsorted(pos, np.datetime64(lo, "ns"), "left") : np.searchsorted(
                pos, np.datetime64(hi, "ns"), "right"
            )
        ]
        keep = None
    else:
        keep = (days >= lo) & (days <= hi)
    if country:
        side = (contacts["initiator"] == country) | (contacts["counterpart"] == country)
        keep = side if keep is None else keep & side
    out = contacts if keep is None else contacts[keep]  # filter first, then copy only what is kept
    if country:
        out = out.assign(other=out["counterpart"].where(out["initiator"] == country, out["initiator"]))
    else:
        out = out.assign(other=out["counterpart"])
    if counterparts is not None:
        wanted = set(counterparts)
        if country:
            out = out[out["other"].isin(wanted)]
        else:
            out = out[out["initiator"].isin(wanted) | out["counterpart"].isin(wanted)]
    if channels is not None:
        out = out[out["channel"].isin(set(channels))]
    if topics is not None:
        wanted_topics = set(topics)
        out = out[out["topics"].map(lambda t: bool(wanted_topics & split_list(t)))]
    return out


def split_list(text: str) -> set[str]:
    """``"a; b"`` -> ``{"a", "b"}``; empty text -> empty set."""
    return {p.strip() for p in str(text).split(";") if p.strip()}


def contact_counts(contacts: pd.DataFrame, country: str) -> pd.DataFrame:
    """Number of contacts between ``country`` and each other side.

    ``contacts`` is the output of :func:`contacts_between` with ``country`` set. Returns columns
    ``other`` (iso3) and ``contacts`` (int), most first.
    """
    if contacts.empty:
        return pd.DataFrame({"other": pd.Series(dtype=str), "contacts": pd.Series(dtype="int64")})
    counts = contacts.groupby("other").size().rename("contacts").reset_index()
    return counts.sort_values(["contacts", "other"], ascending=[False, True], ignore_index=True)


def officeholder_on(officeholders: pd.DataFrame, country: str, office: str, on: date | pd.Timestamp) -> str | None:
    """Name of who held ``office`` in ``country`` on ``on`` (``start <= on`` and before ``end``)."""
    day = ts(on)
    rows = officeholders[
        (officeholders["country"] == country)
        & (officeholders["office"] == office)
        & (officeholders["start"] <= day)
        & (officeholders["end"].isna() | (officeholders["end"] > day))
    ]
    return None if rows.empty else str(rows.sort_values("start").iloc[-1]["person"])
