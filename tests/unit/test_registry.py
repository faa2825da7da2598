"""The page registry is the one list of pages: every entry has a script, slugs are URL-safe and
unique, one page is the default, and the story's page column accepts exactly these slugs."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tightrope import registry, schema


def test_every_page_has_a_script_and_a_unique_url_safe_slug():
    slugs = [p.slug for p in registry.PAGES]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", s) for s in slugs)
    assert all((ROOT / p.path).is_file() for p in registry.PAGES)
    assert sorted(p.path for p in registry.PAGES) == sorted(f"pages/{f.name}" for f in (ROOT / "pages").glob("*.py"))
    assert [p.slug for p in registry.PAGES if p.default] == ["overview"]


def test_story_pages_are_registry_slugs():
    assert schema.PAGES == registry.SLUGS


def test_by_slug_and_url():
    assert registry.by_slug("tariffs").path == "pages/tariffs.py"
    assert registry.url_of(registry.by_slug("overview")) == ""
    assert registry.url_of(registry.by_slug("data")) == "data"
    with pytest.raises(KeyError):
        registry.by_slug("nowhere")


def test_no_other_module_spells_out_the_page_list():
    """The list of slugs lives in tightrope/registry.py only (story.csv and docs aside)."""
    spelled = re.compile(r"[\"']southeast_asia[\"']\s*,\s*[\"']trade[\"']")
    found = [
        p.relative_to(ROOT).as_posix()
        for d in ("app.py", "pages", "components", "tightrope", "tests", "bench", "scripts")
        for p in ([ROOT / d] if d.endswith(".py") else (ROOT / d).rglob("*.py"))
        if spelled.search(p.read_text())
    ]
    assert found == ["tightrope/registry.py"] or found == [], found
