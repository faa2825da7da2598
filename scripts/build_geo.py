"""Build ``data/geo/countries_110m.geojson`` from Natural Earth admin-0 countries at 1:110m.

Source: the npm package ``world-atlas`` 2.0.2 (Mike Bostock, ISC licence), file
``countries-110m.json``: Natural Earth 4.1.0 *Admin 0 – Countries* at 1:110m (public domain) as
TopoJSON, each country with ``id`` (ISO 3166-1 numeric, absent for a few) and ``properties.name``.
The tarball is fetched with ``npm pack`` into a temporary folder, or read from ``--tarball PATH``;
the build checks its SHA-256 and npm's ``dist.integrity``, then the SHA-256 of the member it reads
(:data:`SOURCE`, recorded in ``data/geo/README.md``), and refuses any other input.

Usage: ``python scripts/build_geo.py [--tarball PATH] [OUT]`` (``make geo`` also refreshes the
manifest). Without ``OUT`` it writes ``data/geo/countries_110m.geojson`` and the same bytes to
:data:`STATIC_COPY`.

Processing: GDAL's TopoJSON driver (through pyogrio) decodes the ``countries`` layer; ``iso3``
(ISO 3166-1 alpha-3) comes from the numeric id through pycountry, or from :data:`ISO3_BY_NAME`
for the features without one; rings that the TopoJSON joins across the 180th meridian (drawn on a
sphere) are cut there with the ``antimeridian`` package, so Russia, Fiji and Antarctica draw on a
flat map (Antarctica closed through the south pole); degenerate rings are dropped, invalid
polygons made valid, and coordinates rounded to 0.001 degree (shapely). No further simplification:
the input is already simplified for 1:110m.

Output: a GeoJSON FeatureCollection, one feature per country, properties ``iso3`` and ``name``
(Natural Earth's short English name), WGS84 longitude/latitude degrees.

Errors: ``SystemExit`` with the file, the hash found and the hash expected when the input is not
the recorded one; with the feature when a numeric id is not an ISO 3166-1 code or a feature without
id has no entry in :data:`ISO3_BY_NAME`, or two features get the same code.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
#: The copy the browser loads (Streamlit static serving, ``components.maps.GEOJSON_URL``): the same
#: bytes as the data folder's file, whose checksum the manifest records.
STATIC_COPY = ROOT / "static/geo/countries_110m.geojson"
OUTPUT = ROOT / "data/geo/countries_110m.geojson"


@dataclass(frozen=True)
class Source:
    """The pinned input: an npm tarball and the TopoJSON member the build reads from it."""

    package: str
    tarball: str
    tarball_sha256: str
    integrity: str  # npm's dist.integrity (SRI, sha512) for the same tarball
    member: str
    member_sha256: str
    layer: str


#: world-atlas 2.0.2 (Natural Earth 4.1.0), recorded in data/geo/README.md: the build refuses another input
#: rather than change the map silently.
SOURCE = Source(
    package="world-atlas@2.0.2",
    tarball="world-atlas-2.0.2.tgz",
    tarball_sha256="032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
    integrity="sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    member="package/countries-110m.json",
    member_sha256="2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8",
    layer="countries",
)
#: Codes for the features that have no ISO 3166-1 numeric id in the input (none exists for them): codes outside
#: ISO 3166-1, the same the earlier build gave them, so the map's codes do not change.
ISO3_BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}
#: Output precision, degrees.
GRID = 0.001


def check_bytes(path: Path, data: bytes, sha256: str, integrity: str | None = None) -> None:
    """Raise ``SystemExit`` naming ``path`` with the hash found and the one expected when ``data``
    is not the recorded input (SHA-256 hex, and optionally an SRI ``sha512-...`` string)."""
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise SystemExit(f"{path}: SHA-256 {got}, expected {sha256} (data/geo/README.md)")
    if integrity is not None:
        got = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
        if got != integrity:
            raise SystemExit(f"{path}: integrity {got}, expected {integrity} (data/geo/README.md)")


def fetch_tarball(folder: Path, source: Source = SOURCE) -> Path:
    """``npm pack`` the pinned package into ``folder``; returns the tarball's path.

    Raises ``SystemExit`` when npm is missing or fails (offline: pass ``--tarball``)."""
    cmd = ["npm", "pack", source.package, "--pack-destination", str(folder), "--silent"]
    try:
        subprocess.run(cmd, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise SystemExit("npm not found: install it, or pass --tarball PATH to a copy of the tarball") from exc
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{' '.join(cmd)} failed ({exc.returncode}): {exc.stderr.strip()}") from exc
    return folder / source.tarball


def read_member(tarball: Path, source: Source = SOURCE) -> bytes:
    """The checked bytes of ``source.member`` inside the checked ``tarball``."""
    check_bytes(tarball, tarball.read_bytes(), source.tarball_sha256, source.integrity)
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(source.member)
        if member is None:
            raise SystemExit(f"{tarball}: no file {source.member}")
        data = member.read()
    check_bytes(Path(f"{tarball}!{source.member}"), data, source.member_sha256)
    return data


def iso3_for(numeric: str | None, name: str) -> str:
    """ISO 3166-1 alpha-3 for a feature with ISO numeric ``numeric`` (``"392"``; ``None`` or ``""``
    when the input has none) and Natural Earth name ``name``.

    Raises ``SystemExit`` when the numeric code is not in ISO 3166-1 (pycountry) or a feature
    without one is not in :data:`ISO3_BY_NAME`."""
    if not numeric:
        if name not in ISO3_BY_NAME:
            raise SystemExit(f"feature {name!r} has no ISO numeric id and no entry in ISO3_BY_NAME")
        return ISO3_BY_NAME[name]
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    if country is None:
        raise SystemExit(f"feature {name!r}: id {numeric!r} is not an ISO 3166-1 numeric code")
    return country.alpha_3


def join_seam(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A closed ring without the second vertex of each pair ``(180, y), (-180, y)`` (or the reverse):
    one point on the sphere written twice, which closes a pole-enclosing ring along the 180th meridian
    (Antarctica's). Without it the ring crosses the meridian, and the cut closes it through the pole."""
    points = ring[:-1]
    kept = [(x, y) for i, (x, y) in enumerate(points) if not (abs(x) == 180 and points[i - 1] == (-x, y))]
    return kept + kept[:1]


def flat_geometry(geometry):
    """A valid (Multi)Polygon for a flat map from one TopoJSON geometry (shapely), whose rings are
    wound as d3 winds them (exterior clockwise): rings reversed to GeoJSON's winding (RFC 7946,
    exterior counterclockwise), degenerate ones dropped, cut at the 180th meridian, made valid,
    rounded to :data:`GRID`."""
    import antimeridian
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, shape

    def ring(r) -> list[tuple[float, float]]:
        return join_seam([(x, y) for x, y in reversed(r.coords)])

    parts = [p for p in getattr(geometry, "geoms", [geometry]) if Polygon(p.exterior).area > 0]
    parts = [Polygon(ring(p.exterior), [ring(r) for r in p.interiors if Polygon(r).area > 0]) for p in parts]
    cut = shape(antimeridian.fix_shape(MultiPolygon(parts), fix_winding=False, great_circle=False))
    valid = shapely.make_valid(cut, method="structure")
    return shapely.orient_polygons(shapely.set_precision(valid, GRID))


def build(out: Path, tarball: Path | None = None) -> int:
    """Write the FeatureCollection to ``out`` from ``tarball`` (fetched with npm when ``None``);
    returns the number of features."""
    import shapely
    from pyogrio.raw import read

    with tempfile.TemporaryDirectory() as tmp:
        topojson = Path(tmp) / Path(SOURCE.member).name
        topojson.write_bytes(read_member(tarball or fetch_tarball(Path(tmp))))
        meta, _fids, wkb, fields = read(topojson, layer=SOURCE.layer)
    columns = dict(zip(meta["fields"], fields))
    features, seen = [], {}
    for numeric, name, geometry in zip(columns["id"], columns["name"], shapely.from_wkb(wkb)):
        iso3 = iso3_for(numeric, name)
        if iso3 in seen:
            raise SystemExit(f"features {seen[iso3]!r} and {name!r} both map to {iso3}")
        seen[iso3] = name
        flat = flat_geometry(geometry)
        if not flat.is_empty:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"iso3": iso3, "name": name},
                    "geometry": shapely.geometry.mapping(flat),
                }
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    return len(features)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help=f"output file (default {OUTPUT.relative_to(ROOT)} and copy)")
    parser.add_argument("--tarball", type=Path, help=f"a local copy of {SOURCE.tarball} instead of npm pack")
    args = parser.parse_args(argv)
    target = args.out or OUTPUT
    print(f"wrote {build(target, args.tarball)} features to {target}")
    if args.out is None:
        STATIC_COPY.parent.mkdir(parents=True, exist_ok=True)
        STATIC_COPY.write_bytes(target.read_bytes())
        print(f"copied it to {STATIC_COPY} (served to the browser)")


if __name__ == "__main__":
    main()
