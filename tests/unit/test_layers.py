"""The house rules of the layout (docs/ARCHITECTURE.md), checked on the source:

* ``tightrope/`` never imports Streamlit (it is the domain layer, testable without a UI);
* ``components/`` and ``pages/`` never read a file (data comes through ``tightrope``);
* no module is over 350 lines without a reason written at its top (a ``Length:`` line in its
  docstring)."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

#: Calls that read a file (as attribute or plain name).
READERS = {"open", "read_text", "read_bytes", "read_csv", "read_json", "read_parquet", "read_excel", "load", "loads"}
MAX_LINES = 350


def modules(*folders: str) -> list:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py"))


def imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def file_reads(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
        if name == "open" and owner not in ("", "io", "Path", "os"):
            continue  # e.g. webbrowser.open; Path.open and builtins.open are reads
        if name in ("load", "loads") and owner not in ("json", "pickle", "yaml", "tomllib"):
            continue  # editing.load goes through the domain layer
        if name in READERS:
            found.append(f"line {node.lineno}: {owner + '.' if owner else ''}{name}()")
    return found


@pytest.mark.parametrize("path", modules("tightrope"), ids=lambda p: p.name)
def test_the_domain_layer_never_imports_streamlit(path):
    assert "streamlit" not in imported(ast.parse(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", modules("components", "pages"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_components_and_pages_never_read_a_file(path):
    assert file_reads(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_read_check_sees_reads():
    src = (
        "import json, pandas as pd\n"
        "open('x')\n"
        "pd.read_csv('x')\n"
        "Path('x').read_text()\n"
        "json.loads(s)\n"
        "editing.load(f, t)\n"
    )
    assert len(file_reads(ast.parse(src))) == 4


@pytest.mark.parametrize(
    "path",
    modules("tightrope", "components", "pages", "bench", "scripts", "tests") + [ROOT / "app.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_a_long_module_says_why_at_its_top(path):
    text = path.read_text(encoding="utf-8")
    if text.count("\n") <= MAX_LINES:
        return
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert "Length:" in doc, (
        f"{path.relative_to(ROOT)} has {text.count(chr(10))} lines: "
        "split it, or say why not in a 'Length:' line of its docstring"
    )
