"""Editors for text answers: one line (text, email, phone, url), paragraphs, and money."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from proforma_app.core.answer_checks import parse_money_text
from proforma_app.gui import style
from proforma_app.gui.editors.base import Definition, FieldEditor, as_text

_INPUT_HINTS = {
    "email": Qt.InputMethodHint.ImhEmailCharactersOnly,
    "phone": Qt.InputMethodHint.ImhDialableCharactersOnly,
    "url": Qt.InputMethodHint.ImhUrlCharactersOnly,
}


class LineEditor(FieldEditor):
    """One line of text; the stored value is exactly what was typed."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setObjectName(name)
        if compact:  # a table cell: its column's share of the width comes from the table
            self.line.setMinimumWidth(self.line.fontMetrics().averageCharWidth() * 10)
            self.line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.line.textChanged.connect(self._show_whole_in_tooltip)
        placeholder = getattr(definition, "placeholder", None)
        if placeholder and not compact:
            self.line.setPlaceholderText(placeholder)
        hint = _INPUT_HINTS.get(definition.type)
        if hint is not None:
            self.line.setInputMethodHints(hint)
        layout.addWidget(self.line)
        self.line.textChanged.connect(self._changed)

    def inputs(self) -> list[QWidget]:
        return [self.line]

    def _show_whole_in_tooltip(self, text: str) -> None:
        """A cell too narrow for its answer shows the whole of it on hover."""
        wide = self.line.fontMetrics().horizontalAdvance(text) > self.line.width() - 8
        self.line.setToolTip(text if wide else "")

    def _value(self) -> Any:
        return self.line.text()

    def _show(self, value: Any) -> bool:
        text = as_text(value)
        self.line.setText(text if text is not None else str(value))
        self.line.setCursorPosition(0)  # a long answer shows its start, not its end
        return isinstance(value, str) and self.line.text() == value


class LongTextEditor(FieldEditor):
    """Paragraphs (newlines kept); counts characters against ``max_length`` as GOV.UK does."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName(name)
        self.text.setTabChangesFocus(True)  # Tab must move on, not type a tab character
        rows = 2 if compact else getattr(definition, "rows", 4)
        line = QFontMetrics(self.text.font()).lineSpacing()
        self.text.setFixedHeight(rows * line + 2 * self.text.frameWidth() + 12)
        layout.addWidget(self.text)
        self.limit: int | None = getattr(definition, "max_length", None)
        self.count: QLabel | None = None
        if self.limit and not compact:
            self.count = style.paragraph("", self, secondary=True)
            self.count.setObjectName(f"{name}.count")
            layout.addWidget(self.count)
        self.text.textChanged.connect(self._changed)
        self.text.textChanged.connect(self._update_count)
        self._update_count()

    def inputs(self) -> list[QWidget]:
        return [self.text]

    def _value(self) -> Any:
        return self.text.toPlainText()

    def _show(self, value: Any) -> bool:
        text = as_text(value)
        self.text.setPlainText(text if text is not None else str(value))
        return isinstance(value, str) and self.text.toPlainText() == value

    def _update_count(self) -> None:
        if self.count is None or self.limit is None:
            return
        left = self.limit - len(self.text.toPlainText())
        if left >= 0:
            self.count.setText(f"You have {left:,} character{'s' if left != 1 else ''} remaining")
            style.coloured(self.count, style.SECONDARY_TEXT)
            font = self.count.font()
            font.setBold(False)
            self.count.setFont(font)
        else:
            over = -left
            self.count.setText(f"You have {over:,} character{'s' if over != 1 else ''} too many")
            style.coloured(self.count, style.ERROR, bold=True)


class MoneyEditor(FieldEditor):
    """Pounds and pence; stored as a string with two decimals ('1250.00') when it parses."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        pound = QLabel("£", self)
        layout.addWidget(pound)
        self.line = QLineEdit(self)
        self.line.setObjectName(name)
        self.line.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        pound.setBuddy(self.line)
        layout.addWidget(self.line, 1)
        self.line.textChanged.connect(self._changed)

    def inputs(self) -> list[QWidget]:
        return [self.line]

    def _value(self) -> Any:
        text = self.line.text().strip()
        if not text:
            return None
        amount = parse_money_text(text)
        if amount is None or not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
            return self.line.text()  # validation names the problem; keep what was typed
        return f"{amount:.2f}"

    def _show(self, value: Any) -> bool:
        if value is None:
            self.line.setText("")
            return True
        amount = parse_money_text(value)
        if amount is not None and amount.is_finite() and amount.as_tuple().exponent >= -2:  # type: ignore[operator]
            self.line.setText(f"{amount:.2f}")
            return isinstance(value, str) and value == f"{amount:.2f}"
        self.line.setText(str(value))
        return False
