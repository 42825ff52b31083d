"""The core must run where Qt is absent (CLI on a server, reviewers' batch jobs)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import proforma_app


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(proforma_app.__path__, "proforma_app."):
        if info.name.startswith("proforma_app.gui") or info.name in (
            "proforma_app.__main__",
            "proforma_app.entry",  # the desktop app's entry point, above gui
        ):
            continue
        names.append(info.name)
    return names


def test_core_modules_exist_to_check() -> None:
    names = _core_modules()
    assert "proforma_app.core.validation" in names
    assert "proforma_app.cli" in names


def test_importing_every_core_module_never_loads_pyside6() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_running_the_cli_never_loads_pyside6(examples_dir) -> None:
    code = (
        "import sys\n"
        "from proforma_app.cli import main\n"
        f"rc = main(['validate', {str(examples_dir / 'annex_b_valid.json')!r}])\n"
        "assert rc == 0, rc\n"
        "loaded = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
