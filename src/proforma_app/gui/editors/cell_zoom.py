"""A larger box for a long answer in a narrow table cell (F2 or a double click).

A one-line cell cannot wrap; rather than cut a long role or organisation name, the
officer opens the cell in a box that wraps, edits it there and presses Enter (Escape
leaves the cell as it was).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from proforma_app.gui.screen_fit import available_area, popup_position

if TYPE_CHECKING:  # built by PySide6 on first use, not at start-up
    from PySide6.QtGui import QKeyEvent

ZOOM_KEY = Qt.Key.Key_F2
ZOOM_HINT = "Press F2 to edit it in a larger box."


class CellZoom(QFrame):
    """A popup over one line edit; Enter writes back, Escape cancels."""

    def __init__(self, line: QLineEdit) -> None:
        super().__init__(line, Qt.WindowType.Popup)
        self.line = line
        self.setObjectName(f"{line.objectName()}.larger")
        self.setFrameShape(QFrame.Shape.Box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        hint = QLabel("Enter to keep, Escape to cancel", self)
        layout.addWidget(hint)
        self.box = _Box(self)
        self.box.setObjectName(f"{line.objectName()}.larger_text")
        self.box.setAccessibleName(f"{line.accessibleName()} (larger box)")
        self.box.setAccessibleDescription("Enter keeps the text; Escape cancels")
        self.box.setTabChangesFocus(True)
        self.box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.box.setPlainText(line.text())
        layout.addWidget(self.box)
        width = max(line.width() * 2, line.fontMetrics().averageCharWidth() * 48)
        size = QSize(width, line.fontMetrics().lineSpacing() * 6 + 40)
        self.resize(size)
        self.move(popup_position(line, size, available_area(line)))

    def open(self) -> None:
        self.show()
        self.box.setFocus(Qt.FocusReason.PopupFocusReason)
        self.box.moveCursor(self.box.textCursor().MoveOperation.End)

    def keep(self) -> None:
        text = " ".join(self.box.toPlainText().split("\n"))
        if text != self.line.text():
            self.line.setText(text)  # textChanged: the cell's edit goes through as typed
        self.close()
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)

    def cancel(self) -> None:
        self.close()
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)


class _Box(QPlainTextEdit):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        zoom = self.parentWidget()
        assert isinstance(zoom, CellZoom)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            zoom.keep()
            return
        if event.key() == Qt.Key.Key_Escape:
            zoom.cancel()
            return
        super().keyPressEvent(event)


class ZoomOnRequest(QObject):
    """Opens a :class:`CellZoom` over a line edit on F2 or a double click."""

    def __init__(self, line: QLineEdit) -> None:
        super().__init__(line)
        self.line = line
        self.zoom: CellZoom | None = None
        line.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        asked = kind == QEvent.Type.MouseButtonDblClick or (
            kind == QEvent.Type.KeyPress and event.key() == ZOOM_KEY  # type: ignore[attr-defined]
        )
        if watched is self.line and asked:
            self.open()
            return True
        return False

    def open(self) -> CellZoom:
        if self.zoom is not None:
            self.zoom.deleteLater()
        self.zoom = CellZoom(self.line)
        self.zoom.open()
        return self.zoom


def zoomable(widget: QWidget) -> QLineEdit | None:
    """The line edit of a one-line cell editor, if it is one."""
    return widget if isinstance(widget, QLineEdit) else None
