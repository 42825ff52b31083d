"""Dates: typed as dd/mm/yyyy or picked from a calendar; stored as ISO ('2015-04-01')."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from proforma_app.core.answer_checks import parse_date_text
from proforma_app.gui.editors.base import Definition, FieldEditor, as_text
from proforma_app.gui.screen_fit import available_area, popup_position


def _typed(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


class DateEditor(FieldEditor):
    """A text box for the date as people write it, and a button that opens a calendar."""

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
        self.line = QLineEdit(self)
        self.line.setObjectName(name)
        self.line.setPlaceholderText("dd/mm/yyyy")
        self.line.setMaxLength(40)
        width = self.line.fontMetrics().horizontalAdvance("00/00/00000") + 24
        self.line.setMinimumWidth(width)
        if not compact:
            self.line.setMaximumWidth(width * 2)
        layout.addWidget(self.line, 1)
        self.button = QToolButton(self)
        self.button.setObjectName(f"{name}.calendar")
        self.button.setText("Calendar…")
        self.button.setToolTip("Choose the date from a calendar (Alt+Down)")
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.button)
        if not compact:
            layout.addStretch(1)
        self.button.clicked.connect(self.open_calendar)
        QShortcut(QKeySequence("Alt+Down"), self.line, self.open_calendar)
        self.line.textChanged.connect(self._changed)
        self._popup: _CalendarPopup | None = None

    def inputs(self) -> list[QWidget]:
        return [self.line, self.button]

    def describe(self, name: str, description: str) -> None:
        self.line.setAccessibleName(name)
        self.line.setAccessibleDescription(
            f"{description} Type the date as day/month/year, for example 01/04/2015.".strip()
        )
        self.button.setAccessibleName(f"Choose {name} from a calendar")
        self.button.setAccessibleDescription("Opens a calendar; press Enter to pick a date.")

    def open_calendar(self) -> None:
        """Show the calendar below the text box, on the typed date or today."""
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.calendar.activated.connect(self._picked)
            self._popup.calendar.clicked.connect(self._picked)
        current = parse_date_text(self.line.text()) or dt.date.today()
        self._popup.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._popup.adjustSize()
        self._popup.show()  # shown first: its size is then its real one, frame included
        size = self._popup.frameGeometry().size().expandedTo(self._popup.size())
        self._popup.move(popup_position(self.line, size, available_area(self.line)))
        self._popup.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, date: QDate) -> None:
        self.line.setText(_typed(dt.date(date.year(), date.month(), date.day())))
        if self._popup is not None:
            self._popup.hide()
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)

    def _value(self) -> Any:
        text = self.line.text().strip()
        if not text:
            return None
        parsed = parse_date_text(text)
        return parsed.isoformat() if parsed else self.line.text()

    def _show(self, value: Any) -> bool:
        if value is None:
            self.line.setText("")
            return True
        text = as_text(value)
        if text is None:
            self.line.setText(str(value))
            return False
        parsed = parse_date_text(text)
        self.line.setText(_typed(parsed) if parsed else text)
        return parsed is not None and parsed.isoformat() == text


class _CalendarPopup(QFrame):
    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName(f"{owner.objectName() or 'date'}.calendar_popup")
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setAccessibleName("Calendar")
        self.calendar.setAccessibleDescription(
            "Arrow keys move between days; Enter picks the date."
        )
        layout.addWidget(self.calendar)
