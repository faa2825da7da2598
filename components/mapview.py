"""Draw the map with its legend and footer (rates, arcs and capitals computed by the page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import cache
from components.blocks import as_text, chart_footer
from components.maps import build_deck
from components.palette import RATE_STOPS
from components.safe import LABEL_CHARS, clean, shorten
from components.session import View
from tightrope import i18n, queries, summaries
from tightrope.i18n import gettext as _


def is_dark() -> bool:
    theme = getattr(st.context, "theme", None)
    return bool(theme is not None and getattr(theme, "type", None) == "dark")


def show_map(view: View, frames: dict[str, pd.DataFrame], params: tuple, *, key: str, height: int = 520) -> None:
    """Render the deck, then a legend line and the footer (unit, as-of date, sources).

    ``params``: every view parameter ``frames`` was computed from (as given to
    :func:`map_frames`); the deck is built once per data version, ``params``, theme and height
    and shared by every session with the same interface language
    (:func:`components.cache.shared`)."""
    dark = is_dark()
    summary = summaries.contact_map(frames["rates"], frames["arcs"], view.names, view.as_of, view.window)
    deck = cache.shared(
        view.ds,
        "map-deck",
        (*params, dark, height),
        lambda: build_deck(
            frames["rates"],
            frames["arcs"],
            frames["capitals"],
            as_of_label=i18n.day(view.as_of),
            names=view.names,
            dark=dark,
            height=height,
        ),
    )
    st.pydeck_chart(
        deck,
        height=height,
        key=key,
        alt=clean(summary),
    )
    ramp = " · ".join(f"{x}%" for x, _colour in RATE_STOPS)
    arcs = frames["arcs"]
    names = view.names
    arc_text = (
        i18n.join(
            f"{shorten(names.get(c, n), LABEL_CHARS)} {k}"
            for c, n, k in zip(arcs["other"], arcs["name"], arcs["contacts"])
        )
        if not arcs.empty
        else _("none")
    )
    w0, w1 = view.window
    chart_footer(
        unit=_(
            "fill = US tariff on goods in general, % ad valorem (dark = low or none in force, "
            "yellow = high; ramp {ramp}; grey = not tracked); arc width = number of Japan's contacts"
        ).format(ramp=ramp),
        as_of=view.as_of,
        sources=view.ds["sources"],
        ids=pd.concat([frames["rates"]["source_id"], frames["contacts"]["source_id"]], ignore_index=True),
        note=_("Contacts {start} to {end}: {arcs}.").format(start=i18n.day(w0), end=i18n.day(w1), arcs=arc_text),
    )
    rates = frames["rates"]
    fills = pd.DataFrame(
        {
            "layer": _("fill: US tariff on goods in general"),
            "country": [names.get(c, c) for c in rates["iso3"]],
            "value": rates["label"],
            "source_id": rates["source_id"],
        }
    )
    lines = pd.DataFrame(
        {
            "layer": _("arc: Japan's contacts in the window"),
            "country": [names.get(c, n) for c, n in zip(arcs["other"], arcs["name"])],
            "value": arcs["contacts"].astype(str),
            "source_id": "",
        }
    )
    as_text(summary, pd.concat([fills, lines], ignore_index=True), key=key)


def map_frames(view: View, **filters) -> tuple[dict[str, pd.DataFrame], tuple]:
    """:func:`tightrope.queries.map_frames` for the view's as-of date and window and ``filters``
    (``counterparts``, ``channels``, ``topics``: lists or None), shared by every session with the
    same view (never modify the frames); returns the frames and the parameters that key them,
    for :func:`show_map`."""
    norm = {k: tuple(v) if v else None for k, v in sorted(filters.items())}
    params = (view.as_of, view.window, tuple(norm.items()))
    frames = cache.shared(
        view.ds, "map-frames", params, lambda: queries.map_frames(view.ds, view.as_of, view.window, **norm)
    )
    return frames, params
