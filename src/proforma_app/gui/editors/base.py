"""What every field editor is: a widget that edits one answer as its JSON value.

Editors know nothing of validation or of other answers. They turn what the officer types
or clicks into the value the draft file stores (``docs/draft-format.md``) and back, and
they keep a value they cannot show (a hand-edited file, an unknown code) unchanged until
the officer changes it, so opening and saving a draft never loses an answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from proforma_app.core.definition import ColumnDefinition, FieldDefinition

Definition = FieldDefinition | ColumnDefinition

_UNSET = object()


class FieldEditor(QWidget):
    """Base class: subclasses build their inputs and implement ``value`` and ``_show``."""

    edited = Signal()
    """The officer changed the value (not emitted by :meth:`set_value`)."""

    def __init__(
        self,
        definition: Definition,
        name: str,
        parent: QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.name = name
        """The object name of the editor's (main) input: the field id, or ``table[2].column``."""
        self.compact = compact
        """True inside a table row: no room for radios or long help."""
        self._loading = False
        self._kept: Any = _UNSET
        self.setProperty("proforma_editor", True)

    # ------------------------------------------------------------------ contract
    def value(self) -> Any:
        """The answer as stored in the draft file."""
        if self._kept is not _UNSET:
            return self._kept
        return self._value()

    def set_value(self, value: Any) -> None:
        """Show ``value`` without signalling an edit."""
        self._loading = True
        try:
            self._kept = _UNSET
            if not self._show(value):
                self._kept = value  # cannot show it: keep it as it was until edited
        finally:
            self._loading = False

    def inputs(self) -> list[QWidget]:
        """The focusable inputs, in visual (and tab) order."""
        raise NotImplementedError

    def describe(self, name: str, description: str) -> None:
        """Give the inputs their accessible name (the question's label) and description."""
        for widget in self.inputs():
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)

    def focus_part(self, part: str | None = None) -> QWidget | None:
        """Move keyboard focus into the editor (``part``: a table location or signature part)."""
        widgets = self.inputs()
        if not widgets:
            return None
        target = next((w for w in widgets if part and w.objectName().endswith(part)), widgets[0])
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target

    # ------------------------------------------------------------------ for subclasses
    def _value(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> bool:
        """Display ``value``; return False when it cannot be shown faithfully."""
        raise NotImplementedError

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._kept = _UNSET
            self.edited.emit()


class _WheelGuard(QObject):
    """Scrolling the page must not change a combo box or date the pointer passes over."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()
            return True
        return False


_WHEEL_GUARD: _WheelGuard | None = None


def guard_wheel(widget: QComboBox | QAbstractSpinBox) -> None:
    """Only a focused list changes on the mouse wheel (a scrolled page never changes it)."""
    global _WHEEL_GUARD
    if _WHEEL_GUARD is None:
        _WHEEL_GUARD = _WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WHEEL_GUARD)


def as_text(value: Any) -> str | None:
    """A stored value shown as text, or None when it is not text at all."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return None
