"""The pydeck map: Natural Earth countries coloured by tariff rate, great-circle arcs of contacts
from Japan, and capital markers. No tile basemap and no token: the deck's map style is a local
MapLibre style holding one background layer, passed as a ``data:`` URL, so the browser asks no
outside host (Streamlit loads a Carto basemap whenever the style is empty). Tooltips use deck.gl's ``text`` mode (set as text, never HTML)
over fields built here from cleaned text.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.palette import country_colour, hex_to_rgb, rate_colour
from components.safe import LABEL_CHARS, clean, shorten
from tightrope import i18n
from tightrope.constants import FOCUS, IMPOSER
from tightrope.i18n import gettext as _

#: Frames Japan, China, Southeast Asia and the continental US on one Pacific-centred view; centred
#: north enough that the great-circle arc Tokyo-Washington (over Alaska) stays inside the frame at 1280x720.
INITIAL_VIEW = dict(latitude=40.0, longitude=180.0, zoom=0.85, pitch=0, bearing=0)
#: Tooltip box: long names wrap inside it instead of running off the map.
TOOLTIP_STYLE = {"maxWidth": "420px", "whiteSpace": "normal", "overflowWrap": "anywhere"}


class CompactDeck(pdk.Deck):
    """A deck serialised without indentation (pydeck pretty-prints with indent=2, which makes the
    map's spec about five times larger) and in one pass: layer data given as a placeholder in
    ``splice`` (placeholder -> ready-made JSON text) is written in as it is, so the country
    geometry, identical on every rerun, is encoded once per process instead of on every rerun."""

    def __init__(self, *args, splice: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._splice = splice or {}

    def to_json(self) -> str:
        splice = self.__dict__.pop("_splice", {})
        try:
            text = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        finally:
            self._splice = splice
        for placeholder, data in splice.items():
            text = text.replace(json.dumps(placeholder), data, 1)
        return text


#: Geometry JSON per shared geometry object (the GeoJSON is loaded once per process).
_GEOMETRY_JSON: dict[int, tuple[dict, str]] = {}


def _geometry_json(geometry: dict) -> str:
    hit = _GEOMETRY_JSON.get(id(geometry))
    if hit is None or hit[0] is not geometry:
        hit = (geometry, json.dumps(geometry, separators=(",", ":")))
        _GEOMETRY_JSON[id(geometry)] = hit
    return hit[1]


def _feature_collection_json(geojson: dict) -> str:
    """The FeatureCollection as compact JSON: cached geometry text plus this rerun's properties."""
    parts = [
        '{"type":"Feature","geometry":'
        + _geometry_json(f["geometry"])
        + ',"properties":'
        + json.dumps(f["properties"], separators=(",", ":"))
        + "}"
        for f in geojson["features"]
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


#: Stands for the country layer's data in the deck until :meth:`CompactDeck.to_json` splices it in.
COUNTRIES_PLACEHOLDER = "tightrope:countries-geojson"


def background_style(colour: str = "#dbe6f0") -> str:
    """A MapLibre style with only a background layer, as a ``data:application/json`` URL."""
    style = {
        "version": 8,
        "name": "tightrope-blank",
        "sources": {},
        "layers": [{"id": "bg", "type": "background", "paint": {"background-color": colour}}],
    }
    return "data:application/json," + quote(json.dumps(style, separators=(",", ":")))


def _country_layer(
    geojson: dict, rates: pd.DataFrame, as_of_label: str, imposer: str, names: dict[str, str] | None = None
) -> pdk.Layer:
    by_iso = rates.set_index("iso3") if not rates.empty else pd.DataFrame()
    for feat in geojson["features"]:
        props = feat["properties"]
        iso3 = props["iso3"]
        name = clean((names or {}).get(iso3) or props.get("name", iso3))
        if iso3 == imposer:
            props["fill"] = hex_to_rgb(country_colour(imposer), 110)
            props["tooltip"] = _("{name}: imposes the tariffs shown").format(name=name)
        elif iso3 in by_iso.index:
            r = by_iso.loc[iso3]
            # tracked but no general tariff in force: the bottom of the ramp, not the grey of "not tracked"
            props["fill"] = rate_colour(0.0 if pd.isna(r["rate_pct"]) else r["rate_pct"])
            basis = f" ({shorten(i18n.legal_basis(r['legal_basis']), 200)})" if r["legal_basis"] else ""
            props["tooltip"] = _(
                "{name}: US tariff on goods in general {rate}{basis}, as of {day}. Sources: {sources}"
            ).format(
                name=name,
                rate=clean(r["label"]),
                basis=basis,
                day=as_of_label,
                sources=clean(r["source_id"]) or _("none"),
            )
            if "evidence" in r.index and r["evidence"]:
                props["tooltip"] += f"\nEvidence: {clean(r['evidence'])}"
        else:
            props["fill"] = [200, 204, 210, 120]
            props["tooltip"] = _("{name}: not tracked").format(name=name)
    return pdk.Layer(
        "GeoJsonLayer",
        COUNTRIES_PLACEHOLDER,
        id="countries",
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 200],
        line_width_min_pixels=0.6,
        pickable=True,
    )


def build_deck(
    geojson: dict,
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
    ``names``: iso3 -> country name in the interface language (the data's English names when
    ``None``). The labels' text layer takes its character set from the labels (CJK included).
    """
    names = names or {}
    origin_name = names.get(FOCUS) or _("Japan")
    layers = [_country_layer(geojson, rates, as_of_label, imposer, names)]
    splice = {COUNTRIES_PLACEHOLDER: _feature_collection_json(geojson)}
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
                a,
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
    caps["colour"] = [hex_to_rgb(country_colour(c)) for c in caps["iso3"]]
    caps["tooltip"] = [
        _("{capital}, capital of {country}").format(capital=shorten(c, LABEL_CHARS), country=shorten(n, LABEL_CHARS))
        for c, n in zip(caps["capital"], caps["name"])
    ]
    # full names for Japan, the US and China; ISO codes for the crowded rest (names are in tooltips)
    major = caps["role"].isin(["focus", "power"])
    caps["label"] = [shorten(n, 30) if big else c for n, c, big in zip(caps["name"], caps["iso3"], major)]
    caps["size"] = [15 if big else 11 for big in major]
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            caps,
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
            caps,
            id="capital-labels",
            get_position=["lon", "lat"],
            get_text="label",
            get_size="size",
            get_color=[235, 235, 235] if dark else [20, 20, 20],
            get_pixel_offset=[0, -14],
            get_text_anchor='"middle"',
            get_alignment_baseline='"bottom"',
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
        splice=splice,
    )
