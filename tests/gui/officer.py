"""Helpers that act on a form window the way an officer does: focus, type, click, leave."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from proforma_app.gui.form_window import FormWindow
from tests.gui.conftest import press, type_text


def find(window: QWidget, name: str) -> QWidget:
    """The widget named ``name`` that the officer can see (pages share button names)."""
    widgets = window.findChildren(QWidget, name)
    visible = [w for w in widgets if w.isVisibleTo(window)]
    assert visible or widgets, f"no widget named {name!r}"
    return (visible or widgets)[0]


def settle() -> None:
    """Let pending layout and paint happen, as the event loop does between two key presses."""
    QApplication.processEvents()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    settle()
    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if isinstance(window, FormWindow):
        window.page_scroll.ensureWidgetVisible(widget)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    if not widget.hasFocus():
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def fill(qtbot: QtBot, window: QWidget, name: str, text: str, leave: bool = True) -> QWidget:
    """Click into the text box named ``name``, replace its text by typing, and Tab away."""
    widget = find(window, name)
    focus(qtbot, widget)
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        press(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        press(widget, Qt.Key.Key_Delete)
    type_text(widget, text)
    if leave:
        press(widget, Qt.Key.Key_Tab)
    return widget


def click(qtbot: QtBot, window: QWidget, name: str) -> QAbstractButton:
    settle()
    button = find(window, name)
    assert isinstance(button, QAbstractButton)
    if isinstance(window, FormWindow):
        window.page_scroll.ensureWidgetVisible(button)
    # On the words of a radio button or check box, where a person clicks.
    spot = button.rect().center()
    if isinstance(button, QRadioButton | QCheckBox):
        spot.setX(min(spot.x(), 12))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=spot)
    return button


def choose(qtbot: QtBot, window: QWidget, name: str, typed: str) -> QComboBox:
    """Pick from a drop-down by focusing it and typing the start of the option."""
    settle()
    combo = find(window, name)
    assert isinstance(combo, QComboBox)
    if isinstance(window, FormWindow):
        window.page_scroll.ensureWidgetVisible(combo)
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClicks(combo, typed)
    return combo


def shortcut(
    qtbot: QtBot,
    window: QWidget,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a keyboard shortcut in ``window`` (shortcuts work in the active window only)."""
    settle()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)
