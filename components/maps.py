"""The pydeck map: Natural Earth countries coloured by tariff rate, great-circle arcs of contacts
from Japan, and capital markers. No tile basemap and no token: the deck's map style is a local
MapLibre style holding one background layer, passed as a ``data:`` URL, so the browser asks no
outside host (Streamlit loads a Carto basemap whenever the style is empty). Tooltips use deck.gl's
``text`` mode (set as text, never HTML) over fields built here from cleaned text.

The country geometry is not in the deck: the browser loads it once from the app's own static
files (:data:`GEOJSON_URL`, Streamlit's ``server.enableStaticServing``; a relative URL, so it
works behind a base path) and keeps it while the deck changes, and the deck carries only each
tracked country's colour, as a deck.gl expression on the feature's ``iso3``
(:func:`fill_expression`). So an as-of change sends a few kilobytes instead of the geometry, and
deck.gl does not tessellate the countries again. The rate in force per country is in the capital
marker's tooltip (the country polygons are not pickable: their tooltip would need the geometry
in the deck again).
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.palette import country_colour, hex_to_rgb, rate_colour
from components.safe import LABEL_CHARS, clean, shorten
from tightrope import geo, i18n, localized
from tightrope.constants import FOCUS, IMPOSER
from tightrope.i18n import gettext as _

#: Frames Japan, China, Southeast Asia and the continental US on one Pacific-centred view; centred
#: north enough that the great-circle arc Tokyo-Washington (over Alaska) stays inside the frame at 1280x720.
INITIAL_VIEW = dict(latitude=40.0, longitude=180.0, zoom=0.85, pitch=0, bearing=0)
#: Tooltip box: long names wrap inside it instead of running off the map.
TOOLTIP_STYLE = {"maxWidth": "420px", "whiteSpace": "normal", "overflowWrap": "anywhere"}
#: The country GeoJSON as the browser fetches it: ``static/geo/countries_110m.geojson`` served by
#: Streamlit under ``app/static/`` (a copy of ``data/geo/countries_110m.geojson`` written by
#: ``make geo``; ``tests/unit/test_geo_queries.py`` checks it matches the manifest's checksum).
#: Relative to the page, so the app may sit behind a base path.
GEOJSON_URL = "app/static/geo/countries_110m.geojson"
#: Fill of a country that is not in countries.csv.
UNTRACKED_FILL = [200, 204, 210, 120]
_ISO3 = re.compile(r"^[A-Z]{3}$")


class CompactDeck(pdk.Deck):
    """A deck serialised without indentation (pydeck pretty-prints with indent=2) and only once:
    the JSON text is kept on the object, so a deck shared by many sessions
    (:func:`components.cache.shared`) is encoded once. Never modify a deck after its first
    :meth:`to_json`."""

    def to_json(self) -> str:
        text = self.__dict__.get("_json_text")
        if text is None:
            text = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
            self.__dict__["_json_text"] = text
        return text


def background_style(colour: str = "#dbe6f0") -> str:
    """A MapLibre style with only a background layer, as a ``data:application/json`` URL."""
    style = {
        "version": 8,
        "name": "tightrope-blank",
        "sources": {},
        "layers": [{"id": "bg", "type": "background", "paint": {"background-color": colour}}],
    }
    return "data:application/json," + quote(json.dumps(style, separators=(",", ":")))


def country_fills(rates: pd.DataFrame, imposer: str) -> dict[str, list[int]]:
    """RGBA fill per tracked country (iso3): the imposer in its own colour, the others by the rate
    in force (the bottom of the ramp when none is in force). Untracked countries are absent."""
    fills = {}
    for r in rates.itertuples(index=False):
        # tracked but no general tariff in force: the bottom of the ramp, not the grey of "not tracked"
        fills[r.iso3] = list(rate_colour(0.0 if pd.isna(r.rate_pct) else r.rate_pct))
    fills[imposer] = list(hex_to_rgb(country_colour(imposer), 110))
    return {k: v for k, v in fills.items() if _ISO3.match(str(k))}


def fill_expression(fills: dict[str, list[int]]) -> str:
    """A deck.gl JSON accessor expression (evaluated on each GeoJSON feature) giving the fill of
    ``properties.iso3`` from ``fills`` and :data:`UNTRACKED_FILL` otherwise. Codes must be
    three capital letters (they are written into the expression; others are left out)."""
    expr = json.dumps(UNTRACKED_FILL, separators=(",", ""))
    for iso3, rgba in sorted(fills.items(), reverse=True):
        if not _ISO3.match(iso3):
            continue
        colour = "[" + ",".join(str(int(x)) for x in rgba) + "]"
        expr = f'properties.iso3 == "{iso3}" ? {colour} : {expr}'
    return expr


def _country_layer(rates: pd.DataFrame, imposer: str) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        GEOJSON_URL,
        id="countries",
        stroked=True,
        filled=True,
        get_fill_color=fill_expression(country_fills(rates, imposer)),
        get_line_color=[255, 255, 255, 200],
        line_width_min_pixels=0.6,
        pickable=False,
    )


def _capital_tooltips(caps: pd.DataFrame, rates: pd.DataFrame, as_of_label: str, imposer: str) -> list[str]:
    """Per capital (rows of ``caps``, names already in the interface language): the capital and
    its country, then what the US tariff on the country is (the imposer: that it imposes them)."""
    by_iso = {r.iso3: r for r in rates.itertuples(index=False)}
    out = []
    for c, n, iso3 in zip(caps["capital"], caps["name"], caps["iso3"]):
        tip = _("{capital}, capital of {country}").format(
            capital=shorten(c, LABEL_CHARS), country=shorten(n, LABEL_CHARS)
        )
        r = by_iso.get(iso3)
        if iso3 == imposer:
            tip = _("{name}: imposes the tariffs shown").format(name=tip)
        elif r is not None:
            basis = f" ({shorten(i18n.legal_basis(r.legal_basis), 200)})" if r.legal_basis else ""
            tip = _("{name}: US tariff on goods in general {rate}{basis}, as of {day}. Sources: {sources}").format(
                name=tip, rate=clean(r.label), basis=basis, day=as_of_label, sources=clean(r.source_id) or _("none")
            )
            evidence = getattr(r, "evidence", "")
            if isinstance(evidence, str) and evidence:
                # no newline: deck.gl's text tooltip would turn it into an element
                tip += f"; {_('evidence:')} {clean(i18n.label(evidence))}"
        out.append(tip)
    return out


#: A full-name label goes below its marker when another capital lies this close to the north of it
#: (degrees of longitude either side, degrees of latitude north): Washington's label, long in
#: Japanese (アメリカ合衆国), would otherwise cover Ottawa's marker and label.
NEIGHBOUR_LON, NEIGHBOUR_LAT = 14.0, 12.0


def _label_offsets(caps: pd.DataFrame, full: pd.Series) -> list[list[int]]:
    """Pixel offset of each capital's label (text anchored at its bottom): above the marker, or
    below it for a full-name label (``full``) with a neighbouring capital just to its north."""
    lon, lat = caps["lon"].to_numpy(dtype=float), caps["lat"].to_numpy(dtype=float)
    out = []
    for i, (big, size) in enumerate(zip(full, caps["size"])):
        north = (abs(lon - lon[i]) <= NEIGHBOUR_LON) & (lat > lat[i]) & (lat - lat[i] <= NEIGHBOUR_LAT)
        out.append([0, int(size) + 12] if big and north.any() else [0, -14])
    return out


def build_deck(
    rates: pd.DataFrame,
    arcs: pd.DataFrame,
    capitals: pd.DataFrame,
    *,
    as_of_label: str,
    imposer: str = IMPOSER,
    names: dict[str, str] | None = None,
    dark: bool = False,
    height: int = 520,
) -> pdk.Deck:
    """The map deck.

    ``rates``: columns ``iso3``, ``rate_pct`` (percent, NaN for none), ``label``,
    ``legal_basis``, ``source_id`` (from :func:`tightrope.tariffs.rates_by_target`).
    ``arcs``: columns ``other``, ``contacts``, ``name``, ``src_lon``, ``src_lat``, ``dst_lon``,
    ``dst_lat`` (from :func:`tightrope.geo.arcs`). ``capitals``: ``iso3``, ``name``,
    ``capital``, ``lat``, ``lon``. Arcs are great circles, so Tokyo-Washington crosses the Pacific.
    Layer data is given as lists of records, not frames (pydeck keeps only a weak reference to a
    frame, and the deck may be cached and shared). ``names``: iso3 -> country name in the interface
    language (the data's English names when ``None``). The labels' text layer takes its character
    set from the labels (CJK included). The deck holds translated text: cache it per language.
    """
    names = names or {}
    origin_name = names.get(FOCUS) or _("Japan")
    layers = [_country_layer(rates, imposer)]
    if not arcs.empty:
        a = arcs.copy()
        a["width"] = 1.5 + 2.0 * a["contacts"].clip(upper=30) ** 0.5
        a["colour"] = [hex_to_rgb(country_colour(c), 230) for c in a["other"]]
        a["tooltip"] = [
            i18n.ngettext(
                "{origin} - {other}: {n} contact in the window", "{origin} - {other}: {n} contacts in the window", k
            ).format(origin=origin_name, other=shorten(names.get(c, n), LABEL_CHARS), n=k)
            for c, n, k in zip(a["other"], a["name"], a["contacts"])
        ]
        layers.append(
            pdk.Layer(
                "ArcLayer",
                a[["src_lon", "src_lat", "dst_lon", "dst_lat", "colour", "width", "tooltip"]].to_dict(orient="records"),
                id="arcs",
                get_source_position=["src_lon", "src_lat"],
                get_target_position=["dst_lon", "dst_lat"],
                get_source_color=hex_to_rgb(country_colour(FOCUS), 230),
                get_target_color="colour",
                get_width="width",
                great_circle=True,
                pickable=True,
            )
        )
    caps = capitals.copy()
    caps["name"] = [names.get(c, n) for c, n in zip(caps["iso3"], caps["name"])]
    caps["capital"] = localized.column(caps, "capital")  # capital_ja in Japanese
    caps["colour"] = [hex_to_rgb(country_colour(c)) for c in caps["iso3"]]
    caps["tooltip"] = _capital_tooltips(caps, rates, as_of_label, imposer)
    # full names for Japan, the US and China; ISO codes for the crowded rest (names are in tooltips)
    major = caps["role"].isin(["focus", "power"])
    caps["label"] = [shorten(n, 30) if big else c for n, c, big in zip(caps["name"], caps["iso3"], major)]
    caps["size"] = [15 if big else 11 for big in major]
    # Southeast Asia's capitals sit too close for labels at the default view: their labels go in
    # two columns beside the region, joined to the capitals by leader lines (tightrope.geo)
    caps["label_lon"], caps["label_lat"] = caps["lon"], caps["lat"]
    caps["anchor"], caps["baseline"] = "middle", "bottom"
    caps["offset"] = _label_offsets(caps, major)  # above the marker, or below it clear of a neighbour
    crowded = caps.index[(caps["region"] == "Southeast Asia") & ~major]
    if len(crowded):
        cols = geo.label_columns(caps.loc[crowded], INITIAL_VIEW["zoom"])
        caps.loc[crowded, ["label_lon", "label_lat", "anchor"]] = cols[["label_lon", "label_lat", "anchor"]].to_numpy()
        caps.loc[crowded, "baseline"] = "center"
        caps.loc[crowded, "offset"] = pd.Series(
            [[-4, 0] if a == "end" else [4, 0] for a in cols["anchor"]], index=crowded
        )
        layers.append(
            pdk.Layer(
                "LineLayer",
                caps.loc[crowded, ["lon", "lat", "label_lon", "label_lat"]].to_dict(orient="records"),
                id="label-leaders",
                get_source_position=["lon", "lat"],
                get_target_position=["label_lon", "label_lat"],
                get_color=[200, 205, 212, 200] if dark else [90, 96, 105, 200],
                get_width=1,
                width_units='"pixels"',
            )
        )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            caps[["lon", "lat", "colour", "tooltip"]].to_dict(orient="records"),
            id="capitals",
            get_position=["lon", "lat"],
            get_fill_color="colour",
            get_line_color=[255, 255, 255],
            stroked=True,
            line_width_min_pixels=1,
            radius_min_pixels=5,
            radius_max_pixels=9,
            get_radius=40000,
            pickable=True,
        )
    )
    layers.append(
        pdk.Layer(
            "TextLayer",
            caps[["label_lon", "label_lat", "label", "size", "anchor", "baseline", "offset"]].to_dict(orient="records"),
            id="capital-labels",
            get_position=["label_lon", "label_lat"],
            get_text="label",
            get_size="size",
            get_color=[235, 235, 235] if dark else [20, 20, 20],
            get_pixel_offset="offset",
            get_text_anchor="anchor",
            get_alignment_baseline="baseline",
            # a halo in the background colour keeps labels readable over arcs and borders
            outline_width=2,
            outline_color=[28, 37, 51, 255] if dark else [219, 230, 240, 255],
            font_settings={"sdf": True},
            # pydeck turns bare strings into expressions: quote literal strings
            font_family='"Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, Arial, sans-serif"',
            font_weight=600,
            # "auto": deck.gl builds its glyph atlas from the labels' own characters (CJK included)
            character_set='"auto"',
        )
    )
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**INITIAL_VIEW),
        views=[pdk.View(type="MapView", controller=True, repeat=True)],
        map_style=background_style("#1c2533" if dark else "#dbe6f0"),
        # text mode: deck.gl sets the tooltip's innerText, so data is never parsed as HTML
        tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
        height=height,
    )
