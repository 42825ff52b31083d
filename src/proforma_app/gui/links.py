"""A link that wraps: a focusable label activated by click, Enter or Space.

Push buttons do not wrap long text and rich-text links inside a label are awkward to
reach by keyboard, so problem links and "Change" links are labels that behave as buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from proforma_app.gui import style

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QMouseEvent


class LinkLabel(QLabel):
    """Shows ``prefix`` (bold, coloured) then ``text`` as an underlined link."""

    activated = Signal()

    def __init__(
        self,
        text: str,
        accessible_name: str,
        parent: QWidget | None = None,
        prefix: str = "",
        prefix_colour: str = style.TEXT,
        link_colour: str = style.LINK,
    ) -> None:
        from html import escape  # not needed until a problem or a Change link is shown

        super().__init__(parent)
        head = f'<b style="color:{prefix_colour}">{escape(prefix)}</b> ' if prefix else ""
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(f'{head}<u style="color:{link_colour}">{escape(text)}</u>')
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("role", "problem-link")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(accessible_name)
        self.plain_text = f"{prefix} {text}".strip()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            event.accept()
            return
        super().keyPressEvent(event)
