"""Draw the map with its legend and footer (rates, arcs and capitals computed by the page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.blocks import chart_footer
from components.maps import build_deck
from components.palette import RATE_STOPS
from components.safe import LABEL_CHARS, shorten
from components.session import View
from tightrope import i18n
from tightrope.geo import countries_geojson
from tightrope.i18n import gettext as _


def is_dark() -> bool:
    theme = getattr(st.context, "theme", None)
    return bool(theme is not None and getattr(theme, "type", None) == "dark")


def show_map(view: View, frames: dict[str, pd.DataFrame], *, key: str, height: int = 520) -> None:
    """Render the deck, then a legend line and the footer (unit, as-of date, sources)."""
    deck = build_deck(
        countries_geojson(),
        frames["rates"],
        frames["arcs"],
        frames["capitals"],
        as_of_label=i18n.day(view.as_of),
        names=view.names,
        dark=is_dark(),
        height=height,
    )
    st.pydeck_chart(
        deck,
        height=height,
        key=key,
        alt=_(
            "Map: countries coloured by the US tariff rate in force, arcs from Tokyo to each counterpart of Japan's contacts"
        ),
    )
    ramp = " · ".join(f"{x}%" for x, _colour in RATE_STOPS)
    arcs = frames["arcs"]
    names = view.names
    arc_text = (
        ", ".join(
            f"{shorten(names.get(c, n), LABEL_CHARS)} {k}"
            for c, n, k in zip(arcs["other"], arcs["name"], arcs["contacts"])
        )
        if not arcs.empty
        else _("none")
    )
    w0, w1 = view.window
    chart_footer(
        unit=_(
            "fill = US tariff on goods in general, % ad valorem (dark = low or none in force, yellow = high; ramp {ramp}; grey = not tracked); arc width = number of Japan's contacts"
        ).format(ramp=ramp),
        as_of=view.as_of,
        sources=view.ds["sources"],
        ids=pd.concat([frames["rates"]["source_id"], frames["contacts"]["source_id"]], ignore_index=True),
        note=_("Contacts {start} to {end}: {arcs}.").format(start=i18n.day(w0), end=i18n.day(w1), arcs=arc_text),
    )
