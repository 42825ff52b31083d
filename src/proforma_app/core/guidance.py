"""The guidance every form is built from, shipped with the app, and where to open it.

NHS England's *Next steps towards primary care co-commissioning* (November 2014) is kept
as text in ``resources/guidance``; form files cite it by line range in a field's
``source``. The Help menu opens the text at the lines of the question being answered, or at
the start when the question cites none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from proforma_app.core.definition import FieldDefinition
from proforma_app.locations import paths

GUIDANCE_TITLE = "Next steps towards primary care co-commissioning (NHS England, November 2014)"


@dataclass(frozen=True)
class Lines:
    """A range of lines of the guidance, 1-based and inclusive."""

    first: int
    last: int


def guidance_path() -> Path:
    """The shipped guidance text (in a checkout, a wheel and the Windows bundle alike)."""
    return paths.guidance_text()


def guidance_text() -> str:
    return guidance_path().read_text(encoding="utf-8")


def cited_lines(field: FieldDefinition | None) -> Lines | None:
    """The lines a question's ``source`` cites, or None when it cites none."""
    if field is None or field.source is None:
        return None
    first, last = field.source.lines
    return Lines(first, last)
