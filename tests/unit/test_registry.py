"""The page registry is the one list of pages: every entry has a script, slugs are URL-safe and
unique, one page is the default, and the story's page column accepts exactly these slugs."""

from __future__ import annotations

import ast
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


#: tables of what each page must show, keyed by page, which fail when a registered page has no row
#: (``test_every_registered_page_is_tested``; ``LITERAL[path]`` for every registered page)
PAGE_TABLES = {"tests/app/test_pages.py", "tests/e2e/test_payloads.py"}


def spelled_page_lists(source: str) -> list[int]:
    """Lines of list, tuple, set or dict literals in ``source`` that name all pages but at most one,
    by slug or script path."""
    names = set(registry.SLUGS) | {p.path for p in registry.PAGES}
    lines = []
    for node in ast.walk(ast.parse(source)):
        items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
        if not isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict) or not items:
            continue
        named = {i.value for i in items if isinstance(i, ast.Constant) and i.value in names}
        if len({n.removeprefix("pages/").removesuffix(".py") for n in named}) >= len(registry.PAGES) - 1:
            lines.append(node.lineno)
    return lines


def test_the_guard_finds_a_page_list_written_out():
    written = "PAGES = [" + ", ".join(repr(s) for s in registry.SLUGS[:-1]) + "]\nOTHER = ['overview', 'trade']\n"
    assert spelled_page_lists(written) == [1]
    assert spelled_page_lists("X = {" + ", ".join(f"{p.path!r}: 1" for p in registry.PAGES) + "}") == [1]


def test_no_other_module_spells_out_the_page_list():
    """The list of pages lives in tightrope/registry.py only (story.csv and docs aside)."""
    found = {
        p.relative_to(ROOT).as_posix(): lines
        for d in ("app.py", "pages", "components", "tightrope", "tests", "bench", "scripts", "deploy")
        for p in ([ROOT / d] if d.endswith(".py") else (ROOT / d).rglob("*.py"))
        if (lines := spelled_page_lists(p.read_text(encoding="utf-8")))
    }
    assert set(found) <= PAGE_TABLES, found
