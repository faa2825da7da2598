"""Drift tests: the documentation says what the code does.

* every column of every table is named in its section of ``data/README.md``, and its description in the
  schema (the editor's column help) says what the README's row says;
* every URL parameter the app writes (and reads back) is in the table of :mod:`tightrope.urlstate`;
* no text in the repository points to a document or an issue number a reader cannot see."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import ROOT
from tightrope import schema, urlstate
from tightrope.schema import TABLES

README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")


def section(file: str) -> str:
    """The part of data/README.md under the heading that names ``file``."""
    m = re.search(rf"^## `{re.escape(file)}`.*?$(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert m, f"data/README.md has no section for {file}"
    return m.group(1)


@pytest.mark.parametrize("name", list(TABLES))
def test_every_column_is_documented_for_analysts(name):
    table = TABLES[name]
    text = section(table.file)
    missing = [c for c in table.column_names if f"`{c}`" not in text]
    assert missing == [], f"data/README.md, section {table.file}, does not describe: {missing}"


def readme_meanings(file: str) -> dict[str, str]:
    """``{column: meaning}`` from the table rows (``| `col`, `col2` | meaning |``) of a README section."""
    out: dict[str, str] = {}
    for line in section(file).splitlines():
        m = re.match(r"^\|\s*((?:`[^`]+`(?:,\s*)?)+)\s*\|\s*(.*?)\s*\|$", line)
        if m:
            for column in re.findall(r"`([^`]+)`", m.group(1)):
                out.setdefault(column, m.group(2))
    return out


@pytest.mark.parametrize("name", list(TABLES))
def test_every_column_description_is_the_readme_meaning(name):
    table = TABLES[name]
    meanings = readme_meanings(table.file)
    differ = {
        c.name: (c.description, meanings.get(c.name)) for c in table.columns if c.description != meanings.get(c.name)
    }
    assert differ == {}, f"schema description vs data/README.md ({table.file}): {differ}"
    # pandera carries it too (a schema's own documentation)
    assert {n: c.description for n, c in schema.to_pandera(table).columns.items()} == {
        c.name: c.description for c in table.columns
    }


def documented_parameters() -> set[str]:
    return set(re.findall(r"^``(\w+)``", urlstate.__doc__, flags=re.M))


def test_every_url_parameter_is_documented():
    default = urlstate.ViewState(as_of=date(2025, 6, 1), window_start=date(2025, 1, 1), window_end=date(2025, 6, 1))
    every = urlstate.ViewState(
        as_of=date(2025, 5, 1),
        window_start=date(2025, 2, 1),
        window_end=date(2025, 5, 1),
        countries=("JPN",),
        counterparts=("USA",),
        products=("autos",),
        channels=("letter",),
        topics=("tariffs",),
        present=True,
        step=2,
        theme="dark",
        scenario="autos-back-to-25",
    )
    written = set(urlstate.to_params(every, default))
    assert written == documented_parameters()
    parsed = urlstate.parse(
        urlstate.to_params(every, default),
        default=default,
        min_date=date(2023, 1, 1),
        max_date=date(2026, 1, 1),
        countries=["JPN", "USA"],
        channels=["letter"],
        topics=["tariffs"],
        products=["autos"],
        max_step=3,
        scenario_ids=["autos-back-to-25"],
    )
    assert parsed == every  # each documented parameter is read back


FORBIDDEN = re.compile(r"GUIDE\.md|\bissue\s*#?\d+|\(issue\b", re.I)


def test_no_reference_a_reader_cannot_follow():
    found = []
    for folder in (
        "app.py",
        "pages",
        "components",
        "tightrope",
        "tests",
        "bench",
        "scripts",
        "docs",
        "data",
        "README.md",
        "Makefile",
    ):
        base = ROOT / folder
        paths = [base] if base.is_file() else [p for p in base.rglob("*") if p.suffix in (".py", ".md", ".txt", "")]
        for p in paths:
            if p.is_file() and p != ROOT / "tests" / "unit" / "test_docs.py":
                for i, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                    if FORBIDDEN.search(line):
                        found.append(f"{p.relative_to(ROOT)}:{i}: {line.strip()[:80]}")
    assert found == []


def test_code_and_data_licences_are_stated():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    for doc in (ROOT / "README.md", ROOT / "data" / "README.md"):
        text = doc.read_text(encoding="utf-8")
        assert "## Licence" in text and "CC BY 4.0" in text and "MIT" in text


def test_architecture_names_every_module():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for folder in ("components", "tightrope"):
        for p in sorted((ROOT / folder).glob("*.py")):
            if p.name not in ("__init__.py", "__main__.py"):
                assert f"`{p.name}`" in text or f"`{p.stem}.py`" in text, (
                    f"docs/ARCHITECTURE.md does not mention {folder}/{p.name}"
                )
