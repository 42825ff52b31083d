"""Test configuration shared by every test.

Qt runs offscreen, user folders point at a temporary folder (nothing is written to the
real profile), and tests under ``tests/gui`` are marked ``gui`` automatically.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Developers get fresh random examples on every run; CI explores the same examples every
# time, so a submission lands or fails on its own merits, not on the draw.
settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    gui_dir = Path(__file__).parent / "gui"
    for item in items:
        if gui_dir in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("proforma-home")
    monkeypatch.setenv("PROFORMA_HOME", str(home))
    return home


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES
