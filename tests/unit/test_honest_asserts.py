"""Asserts that cannot fail are bugs in the tests: a constant condition (``assert "text"``), a
conditional expression (``assert a == b if c else d`` asserts ``d`` when ``c`` is false, a
non-empty string), a non-empty tuple, or a length compared with ``>= 0``."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def never_failing(node: ast.Assert) -> str | None:
    test = node.test
    if isinstance(test, ast.Constant) and test.value:
        return "constant condition"
    if isinstance(test, ast.IfExp):
        return "conditional expression (put it in parentheses or compute the expected value first)"
    if isinstance(test, ast.Tuple) and test.elts:
        return "non-empty tuple"
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.GtE):
        left, right = test.left, test.comparators[0]
        is_len = isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "len"
        if is_len and isinstance(right, ast.Constant) and right.value == 0:
            return "len(...) >= 0"
    return None


def test_no_assert_that_cannot_fail():
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert) and (why := never_failing(node)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {why}")
    assert found == []


def test_the_check_catches_each_kind():
    def kinds(src: str) -> str | None:
        return never_failing(ast.parse(src).body[0])

    assert kinds("assert 'x'") == "constant condition"
    assert kinds("assert a == 'b' if c else 'd'").startswith("conditional")
    assert kinds("assert (a, 'msg')") == "non-empty tuple"
    assert kinds("assert len(x) >= 0") == "len(...) >= 0"
    assert kinds("assert (a == b) if c else (a == d)").startswith("conditional")
    assert kinds("assert a == (b if c else d)") is None
    assert kinds("assert len(x) >= 1") is None
