"""The gui's modules import the project's own modules at the top, where the import-linter
contract against circles sees them: an import inside a function would hide a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import proforma_app.gui

GUI = Path(proforma_app.gui.__file__).parent


def _local_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of ``proforma_app`` inside a function or class body."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                "proforma_app"
            ):
                found.append((inner.lineno, inner.module or ""))
            elif isinstance(inner, ast.Import):
                found.extend(
                    (inner.lineno, a.name) for a in inner.names if a.name.startswith("proforma_app")
                )
    return found


def test_the_check_finds_an_import_inside_a_function() -> None:
    source = "def f():\n    from proforma_app.gui import controller\n    import proforma_app.x\n"
    assert _local_imports(source) == [(2, "proforma_app.gui"), (3, "proforma_app.x")]


def test_no_gui_module_imports_the_project_inside_a_function() -> None:
    modules = sorted(GUI.rglob("*.py"))
    assert len(modules) > 20
    offenders = {
        str(path.relative_to(GUI)): hits
        for path in modules
        if (hits := _local_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
