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

import hashlib
import json
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

#: SHA-256 of the input files (pyogrio 0.13.0's copy of Natural Earth 1:110m admin-0), recorded in
#: data/geo/README.md: the build refuses another input rather than change the map silently.
SOURCE_SHA256 = {
    "naturalearth_lowres.shp": "08e341606e8391e458c3f08deb312de664b56bfae376064c5aa0aee6681a5f55",
    "naturalearth_lowres.shx": "8b0be2ad97dd484aee5c2ebc98697d5372e832b8ae58a35a661aeef6b985668d",
    "naturalearth_lowres.dbf": "d2ae1c99adcf8e4586a5b12c639672035fa2f3f469e7255947de00401c3ed7e1",
    "naturalearth_lowres.prj": "98aaf3d1c0ecadf1a424a4536de261c3daf4e373697cb86c40c43b989daf52eb",
}
FIX_ISO = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def source_path() -> Path:
    base = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
    return base / "naturalearth_lowres.shp"


def check_source(shp: Path) -> None:
    """Raise ``SystemExit`` naming the file whose SHA-256 is not the recorded one."""
    for name, expected in SOURCE_SHA256.items():
        got = hashlib.sha256((shp.parent / name).read_bytes()).hexdigest()
        if got != expected:
            raise SystemExit(f"{shp.parent / name}: SHA-256 {got}, expected {expected} (data/geo/README.md)")


def build(out: Path) -> int:
    check_source(source_path())
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


#: The copy the browser loads (Streamlit static serving, ``components.maps.GEOJSON_URL``): the same
#: bytes as the data folder's file, whose checksum the manifest records.
STATIC_COPY = Path(__file__).resolve().parents[1] / "static/geo/countries_110m.geojson"

if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[1] / "data/geo/countries_110m.geojson"
    )
    print(f"wrote {build(target)} features to {target}")
    if len(sys.argv) == 1:
        STATIC_COPY.parent.mkdir(parents=True, exist_ok=True)
        STATIC_COPY.write_bytes(target.read_bytes())
        print(f"copied it to {STATIC_COPY} (served to the browser)")
