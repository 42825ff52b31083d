"""Tables: rows of typed columns that the officer can add, remove and reorder.

Each cell is an ordinary field editor (from the same registry), so a cell is a real,
focusable, named input: screen readers announce "Name, member 2", Tab walks the row, and
a problem in ``members[2].role`` is found by that object name. Moving a row moves its
*values* between the fixed row widgets, so names stay in step with positions.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from proforma_app.core.definition import TableField
from proforma_app.gui import style
from proforma_app.gui.editors.base import Definition, FieldEditor
from proforma_app.gui.editors.cell_zoom import ZOOM_HINT, ZoomOnRequest, zoomable
from proforma_app.gui.editors.registry import create_editor

_WIDE_TYPES = ("text", "long_text", "email", "url")
"""Columns whose answers are words: they share the width by how long their answers are."""
_STRETCH_CAP = 24


class _Row:
    def __init__(
        self, cells: dict[str, FieldEditor], buttons: list[QToolButton], widgets: list[QWidget]
    ) -> None:
        self.cells = cells
        self.up, self.down, self.remove = buttons
        self.widgets = widgets


class TableEditor(FieldEditor):
    """A grid with one editor per cell and Move up / Move down / Remove per row."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        assert isinstance(definition, TableField)
        self.table: TableField = definition
        self.setObjectName(name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        for column, col in enumerate(definition.columns):
            header = QLabel(col.label, self.grid_host)
            header.setTextFormat(Qt.TextFormat.PlainText)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.grid.addWidget(header, 0, column)
        outer.addWidget(self.grid_host)
        self.empty = style.paragraph(f"No {definition.row_noun}s added yet.", self, secondary=True)
        outer.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(f"Add {definition.row_noun}", self)
        self.add_button.setObjectName(f"{name}.add")
        self.add_button.setAccessibleName(f"Add {definition.row_noun} to {definition.label}")
        self.add_button.clicked.connect(self.add_row)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.rows: list[_Row] = []
        self._values: list[dict[str, Any]] = []
        self._fit_columns()
        self._label = definition.label
        self._description = definition.help

    # ------------------------------------------------------------------ FieldEditor
    def inputs(self) -> list[QWidget]:
        widgets: list[QWidget] = []
        for row in self.rows:
            for cell in row.cells.values():
                widgets.extend(cell.inputs())
            widgets.extend([row.up, row.down, row.remove])
        widgets.append(self.add_button)
        return widgets

    def describe(self, name: str, description: str) -> None:
        self._label, self._description = name, description
        for index, row in enumerate(self.rows, start=1):
            self._describe_row(index, row)
        self.add_button.setAccessibleDescription(description)

    def focus_part(self, part: str | None = None) -> QWidget | None:
        """``part`` is a location like ``members[2].role`` (or ``members[2]``)."""
        if part:
            for row in self.rows:
                for cell in row.cells.values():
                    if cell.name == part or (cell.name.startswith(part + ".")):
                        return cell.focus_part()
        if self.rows:
            return next(iter(self.rows[0].cells.values())).focus_part()
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.add_button

    def _value(self) -> Any:
        return [dict(row) for row in self._values]

    def _show(self, value: Any) -> bool:
        rows = value if isinstance(value, list) else []
        if not all(isinstance(r, dict) for r in rows):
            self._set_values([])
            return False
        self._set_values([dict(r) for r in rows])
        return value is None or isinstance(value, list)

    # ------------------------------------------------------------------ actions
    def add_row(self) -> None:
        if len(self._values) >= self.table.max_rows:
            return
        self._values.append({})
        self._set_values(self._values)
        self._changed()
        self.focus_part(f"{self.name}[{len(self._values)}]")

    def remove_row(self, index: int) -> None:
        """Remove row ``index`` (0-based); focus stays near where it was."""
        del self._values[index]
        self._set_values(self._values)
        self._changed()
        if self.rows:
            target = min(index, len(self.rows) - 1)
            self.rows[target].remove.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_row(self, index: int, step: int) -> None:
        other = index + step
        if not 0 <= other < len(self._values):
            return
        self._values[index], self._values[other] = self._values[other], self._values[index]
        self._set_values(self._values)
        self._changed()
        button = self.rows[other].up if step < 0 else self.rows[other].down
        if not button.isEnabled():
            button = self.rows[other].down if step < 0 else self.rows[other].up
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ internals
    def _set_values(self, values: list[dict[str, Any]]) -> None:
        self._values = values
        while len(self.rows) < len(values):
            self._add_row_widgets()
        while len(self.rows) > len(values):
            self._drop_row_widgets()
        was_loading, self._loading = self._loading, True
        try:
            for row, data in zip(self.rows, values, strict=True):
                for column_id, cell in row.cells.items():
                    cell.set_value(data.get(column_id))
        finally:
            self._loading = was_loading
        self._fit_columns()
        for index, row in enumerate(self.rows):
            row.up.setEnabled(index > 0)
            row.down.setEnabled(index < len(self.rows) - 1)
        self.empty.setVisible(not self.rows)
        self.add_button.setEnabled(len(self.rows) < self.table.max_rows)

    def _add_row_widgets(self) -> None:
        index = len(self.rows)
        grid_row = index + 1
        cells: dict[str, FieldEditor] = {}
        widgets: list[QWidget] = []
        for column, col in enumerate(self.table.columns):
            cell = create_editor(
                col, f"{self.name}[{index + 1}].{col.id}", self.grid_host, compact=True
            )
            cell.edited.connect(lambda i=index, c=col.id, e=cell: self._cell_edited(i, c, e))
            if col.type in _WIDE_TYPES:
                for part in cell.inputs():
                    line = zoomable(part)
                    if line is not None:
                        ZoomOnRequest(line)
            else:  # a choice or a vote: its own width, the rest goes to the words
                cell.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.grid.addWidget(cell, grid_row, column)
            cells[col.id] = cell
            widgets.append(cell)
        actions = []
        for offset, (text, handler) in enumerate(
            (
                ("↑", lambda _=False, i=index: self.move_row(i, -1)),
                ("↓", lambda _=False, i=index: self.move_row(i, 1)),
                ("Remove", lambda _=False, i=index: self.remove_row(i)),
            )
        ):
            button = QToolButton(self.grid_host)
            button.setText(text)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setObjectName(f"{self.name}[{index + 1}].{('up', 'down', 'remove')[offset]}")
            button.clicked.connect(handler)
            self.grid.addWidget(button, grid_row, len(self.table.columns) + offset)
            actions.append(button)
            widgets.append(button)
        for widget in widgets:
            widget.show()  # now, not on the next event loop pass: Tab may need it at once
        row = _Row(cells, actions, widgets)
        self.rows.append(row)
        self._describe_row(index + 1, row)

    def _fit_columns(self) -> None:
        """Share the width by content: text columns grow with their longest answer (a
        long role gets more than a short name), choices and yes/no keep their own size."""
        for column, col in enumerate(self.table.columns):
            if col.type not in _WIDE_TYPES:
                self.grid.setColumnStretch(column, 0)
                continue
            longest = max(
                [len(col.label), 8]
                + [len(str(v.get(col.id) or "")) for v in self._values if isinstance(v, dict)]
            )
            # Capped, so that a short column (names) gets all it needs before a long one
            # (roles) gets more; what still does not fit opens in a larger box (F2).
            self.grid.setColumnStretch(column, min(longest, _STRETCH_CAP))

    def _drop_row_widgets(self) -> None:
        row = self.rows.pop()
        for widget in row.widgets:
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()

    def _describe_row(self, number: int, row: _Row) -> None:
        noun = self.table.row_noun
        for column_id, cell in row.cells.items():
            col = self.table.column(column_id)
            about = col.help or f"{self._label}: {noun} {number}"
            if col.type in _WIDE_TYPES and any(zoomable(w) for w in cell.inputs()):
                about = f"{about} {ZOOM_HINT}"
            cell.describe(f"{col.label}, {noun} {number}", about)
        row.up.setAccessibleName(f"Move {noun} {number} up")
        row.down.setAccessibleName(f"Move {noun} {number} down")
        row.remove.setAccessibleName(f"Remove {noun} {number}")
        for button in (row.up, row.down, row.remove):
            button.setToolTip(button.accessibleName())
            button.setAccessibleDescription(self._label)

    def _cell_edited(self, index: int, column_id: str, cell: FieldEditor) -> None:
        if self._loading or index >= len(self._values):
            return
        self._values[index][column_id] = cell.value()
        if self.table.column(column_id).type in _WIDE_TYPES:
            self._fit_columns()
        self._changed()
