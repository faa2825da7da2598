"""Rules that hold for the bundled, curated data in data/."""

import json

import pandas as pd
import pycountry
import pytest

from tests.conftest import DATA
from tightrope import manifest
from tightrope.files import file_sha256
from tightrope.schema import GROUP_CODES, TABLES
from tightrope.store import load_dataset

FACT_TABLES = ("trade_measures", "diplomatic_contacts", "trade_flows", "statements", "officeholders")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def raw():
    return {
        name: pd.read_csv(DATA / t.file, dtype=str, keep_default_na=False)
        for name, t in TABLES.items()
        if (DATA / t.file).exists()
    }


def test_validates_clean(ds):
    assert ds.report.ok, [str(p) for p in ds.report.errors]
    assert not ds.report.warnings, [str(p) for p in ds.report.warnings]


def test_no_row_left_out(ds, raw):
    for name, frame in raw.items():
        assert len(ds[name]) == len(frame), name


def test_every_fact_row_cites_an_existing_source(raw):
    ids = set(raw["sources"]["source_id"])
    for name in FACT_TABLES:
        missing = set(raw[name]["source_id"]) - ids
        assert not missing, (name, missing)
    story_ids = {s.strip() for cell in raw["story"]["source_ids"] for s in cell.split(";") if s.strip()}
    assert story_ids <= ids


def test_every_url_is_http(raw):
    assert raw["sources"]["url"].str.match(r"^https?://[^\s]+$").all()


def test_no_measure_ends_before_it_starts(ds):
    m = ds["trade_measures"]
    both = m.dropna(subset=["effective", "ended"])
    assert (both["ended"] >= both["effective"]).all()
    c = ds["diplomatic_contacts"].dropna(subset=["end"])
    assert (c["end"] >= c["start"]).all()


def test_every_country_code_resolves(raw):
    codes = set()
    for name, cols in (
        ("trade_measures", ["imposer", "target"]),
        ("diplomatic_contacts", ["initiator", "counterpart"]),
        ("trade_flows", ["reporter", "partner"]),
        ("statements", ["country"]),
        ("countries", ["iso3"]),
    ):
        for col in cols:
            codes |= set(raw[name][col])
    for code in codes - GROUP_CODES:
        assert pycountry.countries.get(alpha_3=code) is not None, code
    assert codes - GROUP_CODES <= set(raw["countries"]["iso3"])


def test_seed_story_facts_are_present(ds):
    """The seed article's facts: 24% reciprocal, 25% autos, 10% baseline, the letter to Xi, the
    friendship delegation, both leaders' Southeast Asia tours, the seafood ban."""
    m, c = ds["trade_measures"], ds["diplomatic_contacts"]
    jpn = m[(m["imposer"] == "USA") & m["target"].isin(["JPN", "ALL"])]
    assert ((jpn["product"] == "all_goods") & (jpn["rate_pct"] == 24)).any()
    assert ((jpn["product"] == "autos") & (jpn["rate_pct"] == 25) & (jpn["effective"] == "2025-04-03")).any()
    assert ((jpn["product"] == "all_goods") & (jpn["rate_pct"] == 10) & (jpn["effective"] == "2025-04-05")).any()
    assert ((m["imposer"] == "CHN") & (m["product"] == "seafood") & (m["effective"] == "2023-08-24")).any()
    assert ((c["initiator"] == "JPN") & (c["counterpart"] == "CHN") & (c["channel"] == "letter")).any()
    assert ((c["counterpart"] == "CHN") & (c["channel"] == "parliamentary_delegation")).any()
    april = c[(c["start"] >= "2025-04-01") & (c["start"] <= "2025-04-30")]
    assert {"VNM", "MYS", "KHM"} <= set(april.loc[april["initiator"] == "CHN", "counterpart"])
    assert {"VNM", "PHL"} <= set(april.loc[april["initiator"] == "JPN", "counterpart"])
    rounds = c[(c["channel"] == "negotiation_round") & (c["counterpart"] == "USA")]
    assert len(rounds) >= 8


def test_calendar_years_only_and_units(raw):
    years = raw["trade_flows"]["year"].astype(int)
    assert years.between(2019, 2026).all()
    assert set(raw["trade_flows"]["unit"]) <= {"JPY_bn", "USD_bn"}


def test_manifest_matches_tables():
    man = json.loads((DATA / "MANIFEST.json").read_text())
    assert man["current_to"] and man["researched_on"]
    for file, meta in man["tables"].items():
        assert file_sha256(DATA / file) == meta["sha256"], f"{file} changed: run python -m tightrope manifest data"
    assert manifest.check(DATA) == []
