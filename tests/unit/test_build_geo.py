"""scripts/build_geo.py (``make geo``): the pinned input is checked, countries get their ISO alpha-3 code,
and rings joined across the 180th meridian are cut for a flat map; without the network."""

import base64
import hashlib
import io
import tarfile
from dataclasses import replace

import pytest

from scripts import build_geo


@pytest.mark.parametrize(
    ("numeric", "name", "iso3"),
    [
        ("392", "Japan", "JPN"),
        ("250", "France", "FRA"),  # coded -99 in the shapefile the earlier build read
        ("578", "Norway", "NOR"),
        ("36", "Australia", "AUS"),  # a code written without its leading zero
        (None, "Kosovo", "XKX"),
        ("", "N. Cyprus", "CYN"),
        (None, "Somaliland", "SOL"),
    ],
)
def test_iso3_from_the_numeric_id_or_the_name(numeric, name, iso3):
    assert build_geo.iso3_for(numeric, name) == iso3


def test_unknown_codes_are_refused_naming_the_feature():
    with pytest.raises(SystemExit, match="'Atlantis': id '999' is not an ISO 3166-1 numeric code"):
        build_geo.iso3_for("999", "Atlantis")
    with pytest.raises(SystemExit, match="'Atlantis' has no ISO numeric id and no entry in ISO3_BY_NAME"):
        build_geo.iso3_for(None, "Atlantis")


def tarball_with(tmp_path, member: str, data: bytes):
    path = tmp_path / "pkg.tgz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo(member)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


def source_for(path, member: str, data: bytes) -> build_geo.Source:
    blob = path.read_bytes()
    return replace(
        build_geo.SOURCE,
        tarball_sha256=hashlib.sha256(blob).hexdigest(),
        integrity="sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode(),
        member=member,
        member_sha256=hashlib.sha256(data).hexdigest(),
    )


def test_the_recorded_input_is_read(tmp_path):
    path = tarball_with(tmp_path, "package/countries-110m.json", b'{"type":"Topology"}')
    source = source_for(path, "package/countries-110m.json", b'{"type":"Topology"}')
    assert build_geo.read_member(path, source) == b'{"type":"Topology"}'


def test_another_input_is_refused_with_file_and_both_hashes(tmp_path):
    path = tarball_with(tmp_path, "package/countries-110m.json", b"{}")
    expected = build_geo.SOURCE.tarball_sha256
    got = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SystemExit, match=f"{path}: SHA-256 {got}, expected {expected}"):
        build_geo.read_member(path)
    source = replace(source_for(path, "package/countries-110m.json", b"{}"), integrity="sha512-other")
    with pytest.raises(SystemExit, match=r"pkg.tgz: integrity sha512-\S+, expected sha512-other"):
        build_geo.read_member(path, source)
    source = replace(source_for(path, "package/countries-110m.json", b"{}"), member_sha256="0" * 64)
    with pytest.raises(SystemExit, match=f"pkg.tgz!package/countries-110m.json: SHA-256 \\w+, expected {'0' * 64}"):
        build_geo.read_member(path, source)


def test_the_seam_of_a_pole_ring_is_removed():
    ring = [(-180, -80), (0, -70), (180, -80), (-180, -80)]  # closes along the meridian: one point twice
    assert build_geo.join_seam(ring) == [(0, -70), (180, -80), (0, -70)]
    plain = [(0, 0), (1, 0), (1, 1), (0, 0)]
    assert build_geo.join_seam(plain) == plain


def test_rings_across_the_meridian_are_cut_and_a_pole_ring_is_closed():
    pytest.importorskip("antimeridian")  # requirements-geo.txt, not installed by `make test`
    from shapely.geometry import MultiPolygon, Polygon

    # d3's winding (exterior clockwise), as the TopoJSON has it
    chukotka = Polygon([(170, 60), (170, 70), (-170, 70), (-170, 60), (170, 60)])
    cut = build_geo.flat_geometry(chukotka)
    assert isinstance(cut, MultiPolygon) and len(cut.geoms) == 2
    assert cut.bounds == (-180, 60, 180, 70) and cut.area == pytest.approx(200)
    antarctica = Polygon([(-180, -80), (-90, -70), (0, -75), (90, -70), (180, -80), (-180, -80)])
    closed = build_geo.flat_geometry(antarctica)
    assert closed.is_valid and closed.bounds[1] == -90  # through the south pole, not across the map
