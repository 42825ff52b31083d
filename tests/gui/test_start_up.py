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
