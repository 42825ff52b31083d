"""Every input of every form has an accessible name and description, and Tab visits the
inputs of each page in the order they appear."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from proforma_app.core.catalogue import builtin_forms
from proforma_app.gui.controller import AppController
from proforma_app.gui.form_window import FormWindow
from tests.gui.conftest import press, type_text
from tests.gui.officer import settle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FORM_IDS = sorted(builtin_forms())


def _window(controller: AppController, tmp_path: Path, form_id: str) -> FormWindow:
    path = tmp_path / f"{form_id}.json"
    shutil.copyfile(EXAMPLES / f"{form_id}_valid.json", path)
    window = controller.open_path(path)
    assert window is not None
    window.activateWindow()
    return window


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader announces (Qt's accessibility interface, not just the property)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def _focusable(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisibleTo(root)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and not w.objectName().startswith("qt_")
    ]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_input_of_every_page_has_an_accessible_name_and_description(
    qtbot, controller: AppController, tmp_path: Path, form_id: str
) -> None:
    window = _window(controller, tmp_path, form_id)
    for index, section in enumerate(window.form.sections):
        window.show_page(index)
        page = window.pages[index]
        for widget in _focusable(page):
            assert spoken_name(widget).strip(), (section.id, widget.objectName(), type(widget))
        for field in section.fields:
            block = page.blocks[field.id]
            if not block.isVisibleTo(page):
                continue
            for widget in block.editor.inputs():
                assert spoken_name(widget).strip(), (field.id, widget.objectName())
                # What we set (Windows announces it; on Linux a combo box says its value
                # and takes its name from the label it is the buddy of).
                name = widget.accessibleName()
                if field.type != "table":
                    assert field.label in name, (field.id, name)
                if field.help and field.type not in ("table",):
                    assert field.help in widget.accessibleDescription() or "calendar" in name
    window.show_page(window.review_index)
    for widget in _focusable(window.review):
        assert spoken_name(widget).strip(), widget.objectName()
    assert all(
        link.accessibleName() == f"Change {window.form.field(field_id).label}"
        for field_id, link in window.review.change_links.items()
    )
    assert window.task_list.accessibleName() == "Sections of the form"


def _stops(expected: list[QWidget]) -> list[list[QWidget]]:
    """Tab stops: a group of radio buttons is one stop (arrow keys move inside it)."""
    stops: list[list[QWidget]] = []
    for widget in expected:
        if (
            isinstance(widget, QRadioButton)
            and stops
            and isinstance(stops[-1][0], QRadioButton)
            and stops[-1][0].group() is widget.group()
        ):
            stops[-1].append(widget)
        else:
            stops.append([widget])
    return stops


def _reads_in_order(page: QWidget, widgets: list[QWidget]) -> None:
    """Each widget is below the previous one, or on the same line to its right."""
    rects = [QRect(w.mapTo(page, w.rect().topLeft()), w.size()) for w in widgets]
    for (before, b), (after, a) in zip(
        zip(widgets, rects, strict=True), list(zip(widgets, rects, strict=True))[1:], strict=False
    ):
        same_line = a.top() < b.bottom() and b.top() < a.bottom()
        assert (same_line and a.left() >= b.right() - 2) or a.top() >= b.top(), (
            before.objectName(),
            after.objectName(),
        )


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_tab_reaches_every_input_of_each_page_in_visual_order(
    qtbot, controller: AppController, tmp_path: Path, form_id: str
) -> None:
    window = _window(controller, tmp_path, form_id)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for index in range(len(window.form.sections)):
        window.show_page(index)
        settle()
        page = window.pages[index]
        stops = _stops(page.focusables())
        window.task_list.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(window.task_list.hasFocus)
        visited: list[QWidget] = []
        for _ in range(len(stops) + 1):
            press(QApplication.focusWidget(), Qt.Key.Key_Tab)
            visited.append(QApplication.focusWidget())
        assert visited[0] is stops[0][0], "Tab from the sections list goes to the first question"
        for stop, widget in zip(stops, visited, strict=False):
            assert widget in stop, (
                page.section.id,
                [w.objectName() for w in stop],
                widget.objectName(),
            )
        assert page.isAncestorOf(visited[len(stops) - 1])
        assert not page.isAncestorOf(visited[len(stops)]), (
            "Tab leaves the page after its last input"
        )
        _reads_in_order(page, [stop[0] for stop in stops])
        every_input = set(_focusable(page))
        assert every_input <= {w for stop in stops for w in stop}, sorted(
            w.objectName() for w in every_input - {w for stop in stops for w in stop}
        )


def test_a_table_row_can_be_added_filled_and_removed_with_the_keyboard_alone(
    qtbot, controller: AppController
) -> None:
    window = controller.new_form("annex_b")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page(2)
    settle()
    add = window.editors["members"].add_button
    add.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(add.hasFocus)
    press(add, Qt.Key.Key_Space)
    name = QApplication.focusWidget()
    assert name.objectName() == "members[1].name"
    type_text(name, "Ann")
    assert window.draft.answers["members"] == [{"name": "Ann"}]
    for _ in range(5):  # role, organisation, category, voting, remove (one row: no moves)
        press(QApplication.focusWidget(), Qt.Key.Key_Tab)
    remove = QApplication.focusWidget()
    assert remove.objectName() == "members[1].remove"
    press(remove, Qt.Key.Key_Space)
    assert window.draft.answers["members"] == []
    assert QApplication.focusWidget() is add


def test_text_follows_the_system_font_size(
    qtbot, controller: AppController, qapp: QApplication
) -> None:
    original = qapp.font()
    window = controller.new_form("annex_b")
    normal = window.pages[0].title.font().pointSizeF()
    label = window.pages[0].blocks["ccg"].label.font().pointSizeF()
    bigger = qapp.font()
    bigger.setPointSizeF(original.pointSizeF() * 1.5)
    try:
        qapp.setFont(bigger)
        large = controller.new_form("annex_a")
        assert large.pages[0].title.font().pointSizeF() == pytest.approx(normal * 1.5, rel=0.02)
        assert large.pages[0].blocks["lead_ccg"].label.font().pointSizeF() == pytest.approx(
            label * 1.5, rel=0.02
        )
    finally:
        qapp.setFont(original)


_INPUT_TYPES = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractButton,
    QAbstractSpinBox,
    QAbstractItemView,
)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_a_walk_through_every_sections_widgets_finds_a_name_on_every_input(
    qtbot, controller: AppController, tmp_path: Path, form_id: str
) -> None:
    """Every input a screen reader can reach is named, the parts inside widgets included:
    the text box of an editable combo box (the CCG picker) and a combo box's blank item."""
    window = _window(controller, tmp_path, form_id)
    walked = 0
    for index, section in enumerate(window.form.sections):
        window.show_page(index, focus=False)
        page = window.pages[index]
        for widget in page.findChildren(QWidget):
            if not isinstance(widget, _INPUT_TYPES) or not widget.isVisibleTo(page):
                continue
            walked += 1
            assert spoken_name(widget).strip(), (section.id, widget.objectName(), type(widget))
            if isinstance(widget, QComboBox):
                line = widget.lineEdit()
                if line is not None:
                    assert spoken_name(line).strip(), (section.id, widget.objectName(), "text")
                    assert line.accessibleName() == widget.accessibleName()
                for row in range(widget.count()):
                    said = widget.itemData(row, Qt.ItemDataRole.AccessibleTextRole)
                    shown = widget.itemText(row)
                    assert (said or shown).strip(), (section.id, widget.objectName(), row)
    assert walked > 20


def test_the_ccg_pickers_text_box_and_blank_item_are_named(
    qtbot, controller: AppController
) -> None:
    window = controller.new_form("annex_b")
    combo = window.findChild(QComboBox, "ccg")
    assert combo is not None and combo.lineEdit() is not None
    assert spoken_name(combo.lineEdit()) == "CCG"
    assert combo.itemData(0, Qt.ItemDataRole.AccessibleTextRole) == "CCG: none chosen"
