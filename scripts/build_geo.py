"""Build ``data/geo/countries_110m.geojson`` from Natural Earth admin-0 at 1:110m.

Source: the ``naturalearth_lowres`` layer that ships inside the ``pyogrio`` wheel
(``pyogrio/tests/fixtures/naturalearth_lowres``), a copy of Natural Earth's public-domain
1:110m admin-0 countries. Usage: ``python scripts/build_geo.py [OUT]``.

The output is a GeoJSON FeatureCollection, one feature per country, with properties
``iso3`` (ISO 3166-1 alpha-3) and ``name``; coordinates are WGS84 degrees, simplified with
shapely (tolerance 0.05 degree, topology preserved) and rounded to 3 decimals.
Natural Earth codes some countries ``-99`` at this scale; they are fixed from the name.
Singapore is absent at this scale: the dashboard shows it as a capital marker.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

FIX_ISO = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def source_path() -> Path:
    base = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
    return base / "naturalearth_lowres.shp"


def build(out: Path) -> int:
    gdf = gpd.read_file(source_path())
    gdf["iso3"] = [FIX_ISO.get(n, c) if c == "-99" else c for n, c in zip(gdf["name"], gdf["iso_a3"])]
    gdf["geometry"] = shapely.set_precision(shapely.simplify(gdf.geometry.values, 0.05, preserve_topology=True), 0.001)
    features = [
        {
            "type": "Feature",
            "properties": {"iso3": row.iso3, "name": row.name},
            "geometry": shapely.geometry.mapping(row.geometry),
        }
        for row in gdf.itertuples()
        if not row.geometry.is_empty
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    return len(features)


if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[1] / "data/geo/countries_110m.geojson"
    )
    print(f"wrote {build(target)} features to {target}")
