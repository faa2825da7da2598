"""Shared fixtures: paths to the bundled data and the small fixture folder, and a helper that
copies the fixture folder to a temporary place so a test can break it without touching the repo."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "data"
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/mini."""
    dst = tmp_path / "data"
    shutil.copytree(MINI, dst)
    return dst
