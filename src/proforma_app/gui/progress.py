"""How far each section has got, in the words of the GOV.UK task list pattern."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Literal

from proforma_app.core.definition import Section, is_blank
from proforma_app.core.validation import ValidationReport, is_relevant

Status = Literal["Not started", "In progress", "Has problems", "Completed"]


def section_status(
    section: Section,
    answers: Mapping[str, Any],
    report: ValidationReport,
    revealed: Collection[str],
) -> Status:
    """The section's status; problems count only once they are shown to the officer.

    A section nobody has touched is "Not started"; one with a shown error "Has problems";
    one with every question answered well (warnings allowed) "Completed".
    """
    fields = [f for f in section.fields if is_relevant(f, report.values)]
    answered = [f for f in fields if not is_blank(answers.get(f.id))]
    ids = {f.id for f in fields}
    errors = [p for p in report.errors if p.field in ids]
    if any(p.field in revealed for p in errors):
        return "Has problems"
    if not answered:
        return "Not started"
    if errors:
        return "In progress"
    return "Completed"
