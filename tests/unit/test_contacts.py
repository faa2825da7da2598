"""Contact filters: a window of contacts by side, counterpart, channel and topic; who held an office."""

import pytest

from tests.conftest import MINI
from tightrope import contacts as tl
from tightrope.store import load_dataset


@pytest.fixture(scope="module")
def ds():
    return load_dataset(MINI)


def test_contacts_between_window_and_filters(ds):
    c = ds["diplomatic_contacts"]
    w = tl.contacts_between(c, "2025-04-16", "2025-05-01", country="JPN")
    assert set(w["contact_id"]) == {"fx-c1", "fx-c2", "fx-c3", "fx-c4", "fx-c6", "fx-c7"}
    assert set(
        tl.contacts_between(c, "2025-01-01", "2025-12-31", country="JPN", counterparts=["USA"])["contact_id"]
    ) == {"fx-c1", "fx-c2"}
    assert set(
        tl.contacts_between(c, "2025-01-01", "2025-12-31", country="JPN", topics=["security"])["contact_id"]
    ) == {"fx-c3", "fx-c6"}
    assert set(
        tl.contacts_between(c, "2025-01-01", "2025-12-31", country="JPN", channels=["letter"])["contact_id"]
    ) == {"fx-c3"}
    counts = tl.contact_counts(tl.contacts_between(c, "2025-01-01", "2025-12-31", country="JPN"), "JPN")
    assert counts.iloc[0].to_dict() == {"other": "USA", "contacts": 2}
    # China's contact with Vietnam is not Japan's
    assert "fx-c5" not in set(tl.contacts_between(c, "2025-01-01", "2025-12-31", country="JPN")["contact_id"])


def test_officeholder_on(ds):
    o = ds["officeholders"]
    assert tl.officeholder_on(o, "JPN", "Prime Minister", "2025-05-01") == "Leader C"
    assert tl.officeholder_on(o, "JPN", "Prime Minister", "2025-10-21") == "Leader F"
    assert tl.officeholder_on(o, "JPN", "Prime Minister", "2020-01-01") is None
