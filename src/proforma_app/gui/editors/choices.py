"""Editors for answers picked from a list: yes/no, one choice, several choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from proforma_app.core.definition import ChoiceField, MultiChoiceField
from proforma_app.gui.editors.base import Definition, FieldEditor, guard_wheel

MAX_RADIOS = 6
"""More choices than this read better as a drop-down list."""


class _OptionsEditor(FieldEditor):
    """One answer from fixed options: radio buttons, or a drop-down in a table row."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        options: list[tuple[Any, str]],
        parent: QWidget | None = None,
        compact: bool = False,
        horizontal: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        self.options = options
        self.combo: QComboBox | None = None
        self.radios: list[QRadioButton] = []
        if compact or len(options) > MAX_RADIOS:
            layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            self.combo = QComboBox(self)
            self.combo.setObjectName(name)
            self.combo.addItem("", None)
            for value, label in options:
                self.combo.addItem(label, value)
            guard_wheel(self.combo)
            if compact:  # as wide as its longest option, leaving the rest to text columns
                self.combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            layout.addWidget(self.combo)
            self.combo.currentIndexChanged.connect(self._changed)
            return
        self.setObjectName(name)
        layout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for value, label in options:
            radio = QRadioButton(label, self)
            radio.setObjectName(f"{name}.{_part(value)}")
            radio.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.group.addButton(radio)
            self.radios.append(radio)
            layout.addWidget(radio)
        if horizontal:
            layout.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)

    def inputs(self) -> list[QWidget]:
        return [self.combo] if self.combo is not None else list(self.radios)

    def describe(self, name: str, description: str) -> None:
        if self.combo is not None:
            super().describe(name, description)
            self.combo.setItemData(0, f"{name}: none chosen", Qt.ItemDataRole.AccessibleTextRole)
            return
        for radio, (_value, label) in zip(self.radios, self.options, strict=True):
            radio.setAccessibleName(f"{name}: {label}")
            radio.setAccessibleDescription(description)

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._changed()

    def _value(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        for radio, (value, _label) in zip(self.radios, self.options, strict=True):
            if radio.isChecked():
                return value
        return None

    def _show(self, value: Any) -> bool:
        index = next((i for i, (v, _l) in enumerate(self.options) if _same(v, value)), None)
        if self.combo is not None:
            self.combo.setCurrentIndex(0 if index is None else index + 1)
        else:
            self.group.setExclusive(False)  # the only way to clear an exclusive group
            for i, radio in enumerate(self.radios):
                radio.setChecked(i == index)
            self.group.setExclusive(True)
        return index is not None or value is None


class YesNoEditor(_OptionsEditor):
    """Yes or No, stored as true / false."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(
            definition, name, [(True, "Yes"), (False, "No")], parent, compact, horizontal=True
        )


class ChoiceEditor(_OptionsEditor):
    """One of the form's choices, stored as the choice's value."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        assert isinstance(definition, ChoiceField)
        options: list[tuple[Any, str]] = [(c.value, c.label) for c in definition.choices]
        super().__init__(definition, name, options, parent, compact)


class MultiChoiceEditor(FieldEditor):
    """Any number of the form's choices, stored as a list of values in the form's order."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(definition, name, parent, compact)
        assert isinstance(definition, MultiChoiceField)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for choice in definition.choices:
            box = QCheckBox(choice.label, self)
            box.setObjectName(f"{name}.{choice.value}")
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            box.toggled.connect(self._changed)
            self.boxes.append((choice.value, box))
            layout.addWidget(box)
        self._unknown: list[Any] = []

    def inputs(self) -> list[QWidget]:
        return [box for _v, box in self.boxes]

    def describe(self, name: str, description: str) -> None:
        for _value, box in self.boxes:
            box.setAccessibleName(f"{name}: {box.text()}")
            box.setAccessibleDescription(description)

    def _value(self) -> Any:
        chosen: list[Any] = [value for value, box in self.boxes if box.isChecked()]
        return chosen + self._unknown  # values the form does not offer stay until removed

    def _show(self, value: Any) -> bool:
        values = value if isinstance(value, list) else []
        known = {v for v, _b in self.boxes}
        for choice_value, box in self.boxes:
            box.setChecked(choice_value in values)
        self._unknown = [v for v in values if not isinstance(v, str) or v not in known]
        return value is None or (isinstance(value, list) and self._value() == value)


def _same(option: Any, value: Any) -> bool:
    """True == 1 in Python; an answer of 1 is not the answer Yes."""
    return type(option) is type(value) and option == value


def _part(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
