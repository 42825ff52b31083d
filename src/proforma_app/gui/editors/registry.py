"""The one table from field type to editor class (a test checks it covers every type)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from proforma_app.gui.editors.base import Definition, FieldEditor
from proforma_app.gui.editors.choices import ChoiceEditor, MultiChoiceEditor, YesNoEditor
from proforma_app.gui.editors.date import DateEditor
from proforma_app.gui.editors.reference import AreaTeamEditor, CcgEditor
from proforma_app.gui.editors.signature import SignatureEditor
from proforma_app.gui.editors.table import TableEditor
from proforma_app.gui.editors.text import LineEditor, LongTextEditor, MoneyEditor

EDITORS: dict[str, type[FieldEditor]] = {
    "text": LineEditor,
    "long_text": LongTextEditor,
    "email": LineEditor,
    "phone": LineEditor,
    "url": LineEditor,
    "date": DateEditor,
    "yes_no": YesNoEditor,
    "choice": ChoiceEditor,
    "multi_choice": MultiChoiceEditor,
    "ccg": CcgEditor,
    "area_team": AreaTeamEditor,
    "money": MoneyEditor,
    "table": TableEditor,
    "signature": SignatureEditor,
}


def create_editor(
    definition: Definition, name: str, parent: QWidget | None = None, compact: bool = False
) -> FieldEditor:
    """The editor for ``definition``'s type, its main input named ``name``."""
    return EDITORS[definition.type](definition, name, parent, compact)
