"""The one table from field type to editor class (a test checks it covers every type).

Classes are named as ``module:Class`` and imported the first time a form needs them, so a
window that opens on a page of text questions never loads the calendar or table code.
"""

from __future__ import annotations

import importlib
from functools import cache

from PySide6.QtWidgets import QWidget

from proforma_app.gui.editors.base import Definition, FieldEditor

EDITORS: dict[str, str] = {
    "text": "text:LineEditor",
    "long_text": "text:LongTextEditor",
    "email": "text:LineEditor",
    "phone": "text:LineEditor",
    "url": "text:LineEditor",
    "date": "date:DateEditor",
    "yes_no": "choices:YesNoEditor",
    "choice": "choices:ChoiceEditor",
    "multi_choice": "choices:MultiChoiceEditor",
    "ccg": "reference:CcgEditor",
    "area_team": "reference:AreaTeamEditor",
    "money": "text:MoneyEditor",
    "table": "table:TableEditor",
    "signature": "signature:SignatureEditor",
}


@cache
def editor_class(field_type: str) -> type[FieldEditor]:
    """The editor class for ``field_type`` (imported on first use)."""
    module_name, _, class_name = EDITORS[field_type].partition(":")
    module = importlib.import_module(f"proforma_app.gui.editors.{module_name}")
    cls: object = getattr(module, class_name)
    assert isinstance(cls, type) and issubclass(cls, FieldEditor), EDITORS[field_type]
    return cls


def create_editor(
    definition: Definition, name: str, parent: QWidget | None = None, compact: bool = False
) -> FieldEditor:
    """The editor for ``definition``'s type, its main input named ``name``."""
    return editor_class(definition.type)(definition, name, parent, compact)
