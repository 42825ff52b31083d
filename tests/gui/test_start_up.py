"""What start-up leaves for later still works when the officer gets to it."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from proforma_app.core.catalogue import builtin_forms
from proforma_app.gui.controller import AppController


def _open(window, menu) -> list[str]:  # type: ignore[no-untyped-def]
    menu.popup(window.mapToGlobal(QPoint(10, 10)))
    titles = [action.text() for action in menu.actions()]
    menu.close()
    return titles


def test_file_new_lists_every_form_once_opened_and_starts_the_one_chosen(
    qtbot, controller: AppController
) -> None:
    window = controller.new_form("annex_b")
    expected = [f"{form.annex}: {form.short_title}" for form in builtin_forms().values()]
    assert len(expected) == 3
    assert _open(window, window.new_menu) == expected
    assert _open(window, window.new_menu) == expected  # filled once, not again
    window.new_menu.actions()[0].trigger()
    assert [w.form.form_id for w in controller.windows] == ["annex_b", "annex_a"]
    assert controller.windows[1].isVisible()


_IMPORT_ORDER = """
import sys
started = []
def hook(event, args):
    if event == "import" and args[0] not in started:
        started.append(args[0])
sys.addaudithook(hook)
import proforma_app.entry
from proforma_app.gui.app import configure
print("\\n".join(started))
"""


def test_the_entry_point_loads_every_qt_free_module_of_the_window_before_pyside6() -> None:
    """PySide6's import hook reads the source of each module imported after it, so a Qt-free
    module the window needs that loads after PySide6 costs a read at every start."""
    import subprocess
    import sys

    started = subprocess.run(
        [sys.executable, "-c", _IMPORT_ORDER], capture_output=True, text=True, check=True
    ).stdout.split()
    first_qt = next(i for i, name in enumerate(started) if name.startswith("PySide6"))
    late = [
        name
        for name in started[first_qt:]
        if name.split(".")[0] in ("pydantic", "pydantic_core")
        or (name.startswith("proforma_app.") and not name.startswith("proforma_app.gui"))
    ]
    assert started[:first_qt], started
    assert "proforma_app.core.session" in started[:first_qt]
    assert late == []
