"""Editors for answers from the CCG reference list: a CCG (searchable) and an area team."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QHBoxLayout, QWidget

from proforma_app.core.reference import ccg_directory
from proforma_app.gui.editors.base import Definition, FieldEditor, guard_wheel


class _ReferenceEditor(FieldEditor):
    def __init__(
        self,
        definition: Definition,
        name: str,
        items: list[tuple[str, str]],
        parent: QWidget | None = None,
        compact: bool = False,
        searchable: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setObjectName(name)
        # As wide as the space, not as the longest of 211 names (which would not fit a
        # small screen); the open list is as wide as it needs.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(24)
        self.combo.addItem("", None)
        for code, text in items:
            self.combo.addItem(text, code)
        self.combo.view().setMinimumWidth(self.combo.view().sizeHintForColumn(0) + 24)
        self._codes = {code.casefold(): code for code, _t in items}
        self._texts = {text.casefold(): code for code, text in items}
        guard_wheel(self.combo)
        if searchable:
            self.combo.setEditable(True)
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(self.combo.model(), self.combo)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.combo.setCompleter(completer)
            line = self.combo.lineEdit()
            assert line is not None  # the combo is editable
            line.setPlaceholderText("Start typing a name or ODS code")
            self.combo.editTextChanged.connect(self._changed)
            line.editingFinished.connect(self._settle)
            self.combo.installEventFilter(self)
        self.combo.currentIndexChanged.connect(self._changed)
        layout.addWidget(self.combo, 1)

    def inputs(self) -> list[QWidget]:
        return [self.combo]

    def describe(self, name: str, description: str) -> None:
        """The combo box, its text box and its blank first item all have a name."""
        super().describe(name, description)
        self.combo.setItemData(0, f"{name}: none chosen", Qt.ItemDataRole.AccessibleTextRole)
        line = self.combo.lineEdit()
        if line is not None:
            line.setObjectName(f"{self.combo.objectName()}.text")
            line.setAccessibleName(name)
            line.setAccessibleDescription(description)
            completer = self.combo.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None:
                popup.setAccessibleName(f"{name}: matching entries")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.combo
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusOut
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            completer = self.combo.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None and QApplication.activePopupWidget() is popup:
                popup.hide()  # the officer moved on: the suggestions go too
            self._settle()
        return False

    def _match(self, text: str) -> str | None:
        """The code named by typed text: a whole name or code, or part of just one name."""
        folded = text.strip().casefold()
        if not folded:
            return None
        exact = self._texts.get(folded) or self._codes.get(folded)
        if exact:
            return exact
        matches = [code for name, code in self._texts.items() if folded in name]
        return matches[0] if len(matches) == 1 else None

    def _settle(self) -> None:
        """Show the full entry for typed text that names exactly one."""
        code = self._match(self.combo.currentText())
        if code is None:
            return
        index = self.combo.findData(code)
        if index >= 0 and self.combo.currentText() != self.combo.itemText(index):
            was_loading, self._loading = self._loading, True
            try:
                self.combo.setCurrentIndex(index)
                self.combo.setEditText(self.combo.itemText(index))
            finally:
                self._loading = was_loading

    def _value(self) -> Any:
        if not self.combo.isEditable():
            return self.combo.currentData()
        text = self.combo.currentText()
        if not text.strip():
            return None
        return self._match(text) or text

    def _show(self, value: Any) -> bool:
        if value is None or value == "":
            self.combo.setCurrentIndex(0)
            if self.combo.isEditable():
                self.combo.setEditText("")
            return value is None
        code = self._codes.get(value.casefold()) if isinstance(value, str) else None
        index = self.combo.findData(code) if code is not None else -1
        if index >= 0:
            self.combo.setCurrentIndex(index)
            return bool(code == value)
        if self.combo.isEditable():
            self.combo.setEditText(str(value))
        else:
            self.combo.addItem(f"{value} (not in the reference list)", value)
            self.combo.setCurrentIndex(self.combo.count() - 1)
        return False


class CcgEditor(_ReferenceEditor):
    """Pick one of the 211 CCGs by typing part of its name or ODS code; stores the code."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        items = [(c.ods_code, f"{c.name} ({c.ods_code})") for c in ccg_directory().ccgs]
        super().__init__(definition, name, items, parent, compact, searchable=True)


class AreaTeamEditor(_ReferenceEditor):
    """Pick an NHS England area team; stores its code."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        items = [(t.code, f"{t.name} ({t.code})") for t in ccg_directory().area_teams]
        super().__init__(definition, name, items, parent, compact)
