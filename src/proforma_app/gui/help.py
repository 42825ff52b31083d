"""The Help menu: the guidance at the current question, keyboard shortcuts, About.

The guidance opens inside the app (a read-only text with a Find box) at the lines the
question cites, so an officer reads why a question is asked without leaving the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proforma_app.core.about import about_text, shortcuts_text
from proforma_app.core.guidance import GUIDANCE_TITLE, Lines, guidance_path, guidance_text
from proforma_app.gui import desktop, dialogs, style
from proforma_app.gui.screen_fit import fit_to_available

if TYPE_CHECKING:
    from PySide6.QtCore import QSize


class GuidanceWindow(QWidget):
    """The shipped guidance, opened at a line range (highlighted) or at its start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guidance")
        self.setWindowTitle(f"Guidance – {GUIDANCE_TITLE}")
        layout = QVBoxLayout(self)
        self.where = style.paragraph("", self, secondary=True)
        self.where.setObjectName("guidance.where")
        layout.addWidget(self.where)
        find_row = QHBoxLayout()
        find_label = QLabel("&Find:", self)
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("guidance.find")
        self.find_box.setAccessibleName("Find in the guidance")
        find_label.setBuddy(self.find_box)
        self.find_box.returnPressed.connect(self.find_next)
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_box, 1)
        self.open_file = QPushButton("Open as a file", self)
        self.open_file.setObjectName("guidance.open_file")
        self.open_file.clicked.connect(lambda: desktop.open_path(guidance_path()))
        find_row.addWidget(self.open_file)
        layout.addLayout(find_row)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("guidance.text")
        self.text.setAccessibleName("Guidance text")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.text.setPlainText(guidance_text())
        layout.addWidget(self.text, 1)
        size: QSize = self.sizeHint()
        size.setWidth(760)
        size.setHeight(700)
        fit_to_available(self, size)

    @property
    def first_visible_line(self) -> int:
        """1-based line at the top of the view."""
        return self.text.firstVisibleBlock().blockNumber() + 1

    def show_lines(self, lines: Lines | None, question: str = "") -> None:
        """Scroll to ``lines`` and select them (None: the start of the document)."""
        document = self.text.document()
        last_line = document.blockCount()
        if lines is None or lines.first > last_line:
            cursor = QTextCursor(document)
            self.where.setText(
                f"The guidance from its start{' (this question cites no passage)' if question else ''}."
            )
        else:
            start = document.findBlockByNumber(lines.first - 1)
            end = document.findBlockByNumber(min(lines.last, last_line) - 1)
            cursor = QTextCursor(start)
            cursor.setPosition(
                end.position() + max(end.length() - 1, 0), QTextCursor.MoveMode.KeepAnchor
            )
            about = f" for “{question}”" if question else ""
            self.where.setText(f"Lines {lines.first}–{lines.last}{about} are selected.")
        self.text.setTextCursor(cursor)
        self.show()
        # The passage at the top of the view (a plain text view scrolls by lines).
        top = lines.first - 1 if lines is not None and lines.first <= last_line else 0
        self.text.verticalScrollBar().setValue(top)
        self.raise_()
        self.activateWindow()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def find_next(self) -> bool:
        found = self.text.find(self.find_box.text())
        if not found:  # from the top again
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.text.find(self.find_box.text(), QTextDocument.FindFlag(0))
        return found


def show_shortcuts(parent: QWidget, shortcuts: list[tuple[str, str]]) -> None:
    dialogs.inform(parent, "information", "Keyboard shortcuts", shortcuts_text(shortcuts))


def show_about(parent: QWidget) -> None:
    dialogs.inform(parent, "information", "About Proforma", about_text())
