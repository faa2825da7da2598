"""Country geometry, capitals and arcs for the map.

Geometry: ``data/geo/countries_110m.geojson``, built by ``scripts/build_geo.py`` from Natural
Earth's public-domain 1:110m admin-0 countries (provenance in ``data/geo/README.md``); each
feature has properties ``iso3`` and ``name``; coordinates are WGS84 degrees (lon, lat).
Capitals come from ``countries.csv`` (``lat``/``lon``, WGS84 degrees).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

GEOJSON = Path(__file__).resolve().parent.parent / "data" / "geo" / "countries_110m.geojson"


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def countries_geojson(path: Path | None = None) -> dict:
    """The country FeatureCollection: fresh feature and ``properties`` dicts the caller may
    modify; the (large) geometries are shared and must not be modified.

    Raises ``FileNotFoundError`` if the GeoJSON was not built (run ``scripts/build_geo.py``).
    """
    base = _load(str(path or GEOJSON))
    features = [
        {"type": "Feature", "geometry": f["geometry"], "properties": dict(f["properties"])} for f in base["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def capitals(countries: pd.DataFrame) -> pd.DataFrame:
    """Capital markers: columns ``iso3``, ``name``, ``capital``, ``capital_ja`` (the capital's
    Japanese name, blank when the file has none), ``lat``, ``lon``, ``role`` (from typed
    ``countries``; rows without coordinates are dropped)."""
    cols = ["iso3", "name", "capital", "capital_ja", "lat", "lon", "role", "region"]
    frame = countries if "capital_ja" in countries else countries.assign(capital_ja="")
    return frame[cols].dropna(subset=["lat", "lon"]).reset_index(drop=True)


def arcs(counts: pd.DataFrame, countries: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Arcs from ``origin``'s capital to each counterpart's capital.

    ``counts`` has columns ``other`` (iso3) and ``contacts`` (int), as returned by
    :func:`tightrope.contacts.contact_counts`. Returns columns ``other``, ``contacts``,
    ``name``, ``src_lon``, ``src_lat``, ``dst_lon``, ``dst_lat``; counterparts without a row in
    ``countries`` are dropped (validation warns about them).
    """
    cols = ["other", "contacts", "name", "src_lon", "src_lat", "dst_lon", "dst_lat"]
    idx = countries.set_index("iso3")
    if origin not in idx.index or counts.empty:
        return pd.DataFrame(columns=cols)
    o = idx.loc[origin]
    rows = []
    for r in counts.itertuples(index=False):
        if r.other not in idx.index:
            continue
        d = idx.loc[r.other]
        rows.append([r.other, int(r.contacts), d["name"], o["lon"], o["lat"], d["lon"], d["lat"]])
    return pd.DataFrame(rows, columns=cols)


#: Pixels per degree of longitude at zoom 0 (deck.gl's world is 512 px wide at zoom 0).
_PX_PER_WORLD = 512.0


def _mercator_y(lat: float, zoom: float) -> float:
    """Web Mercator y in pixels at ``zoom`` (north is larger)."""
    r = _PX_PER_WORLD * 2**zoom / (2 * math.pi)
    return r * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _mercator_lat(y: float, zoom: float) -> float:
    r = _PX_PER_WORLD * 2**zoom / (2 * math.pi)
    return math.degrees(2 * math.atan(math.exp(y / r)) - math.pi / 2)


def label_columns(
    caps: pd.DataFrame, zoom: float, *, split_lon: float = 104.5, gap_px: float = 14.0, pad_deg: float = 4.0
) -> pd.DataFrame:
    """Where the labels of a crowded cluster of capitals go (Southeast Asia at the default view):
    two columns beside the cluster, west of it for capitals west of ``split_lon`` (text ending at
    the column), east of it for the rest (text starting there), each label at its capital's
    latitude moved down just enough that labels of a column are ``gap_px`` pixels apart at
    ``zoom`` (Web Mercator, as deck.gl draws). A leader line joins each capital to its label.

    ``caps``: ``iso3``, ``lat``, ``lon`` (degrees). Returns ``iso3``, ``label_lon``,
    ``label_lat`` (degrees), ``anchor`` (``end`` west, ``start`` east), one row per capital, in
    the order of ``caps``."""
    out = pd.DataFrame({"iso3": caps["iso3"], "label_lon": 0.0, "label_lat": 0.0, "anchor": ""}, index=caps.index)
    if caps.empty:
        return out.reset_index(drop=True)
    west = caps["lon"] < split_lon
    for side, anchor in ((west, "end"), (~west, "start")):
        col = caps[side]
        if col.empty:
            continue
        x = col["lon"].min() - pad_deg if anchor == "end" else col["lon"].max() + pad_deg
        floor = math.inf
        for i in col.sort_values("lat", ascending=False, kind="stable").index:
            y = min(_mercator_y(caps.at[i, "lat"], zoom), floor)
            out.loc[i, ["label_lon", "label_lat", "anchor"]] = [x, _mercator_lat(y, zoom), anchor]
            floor = y - gap_px
    return out.reset_index(drop=True)
