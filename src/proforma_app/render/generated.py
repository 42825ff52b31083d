"""Sections a form's answers generate, beyond the questions and answers themselves.

The constitution amendment is the one form whose export is mostly written *from* the
answers: an application letter, the amendment clauses and a summary of changes. Those
sections come first, before the record of the answers; other forms have none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from proforma_app.core import amendment_clauses
from proforma_app.core.definition import FormDefinition
from proforma_app.core.reference import CcgDirectory
from proforma_app.render.model import Clause, ClauseList, Paragraph, Section, Table

SectionBuilder = Callable[[FormDefinition, Mapping[str, Any], CcgDirectory], list[Section]]


def _amendment_sections(
    form: FormDefinition, values: Mapping[str, Any], directory: CcgDirectory
) -> list[Section]:
    clauses = amendment_clauses.generate_clauses(values, directory)
    reasons = values.get("reasons")
    letter: list[Paragraph] = [
        Paragraph(text, "note") for text in amendment_clauses.addressees(values, directory)
    ]
    letter.extend(
        Paragraph(text) for text in amendment_clauses.introduction(form, values, directory)
    )
    letter.append(Paragraph("Reasons for the amendment", "lead"))
    letter.append(
        Paragraph(
            reasons if isinstance(reasons, str) and reasons.strip() else amendment_clauses.GAP
        )
    )
    letter.append(Paragraph("Proposed variations", "lead"))
    letter.append(Paragraph(amendment_clauses.variations_summary(values, clauses)))
    letter.append(Paragraph(amendment_clauses.timings()))
    letter.extend(Paragraph(text) for text in amendment_clauses.closing(values))
    clause_blocks = (
        ClauseList(tuple(Clause(c.number, c.text, c.is_heading) for c in clauses))
        if clauses
        else Paragraph("No type of amendment is selected, so there are no clauses yet.", "note")
    )
    summary = Table(
        caption="Proposed changes, by page and section",
        headers=("Page", "Section", "Proposed change", "Comment"),
        rows=tuple(amendment_clauses.summary_of_changes(values, clauses)),
        widths=(0.7, 1.0, 3.6, 1.7),
        field_id="additional_changes",
        empty_text="No changes listed",
    )
    return [
        Section("Letter of application", tuple(letter)),
        Section(
            "Amendment clauses",
            (clause_blocks,),
            amendment_clauses.clauses_note(values),
        ),
        Section("Summary of changes", (summary,)),
    ]


_BUILDERS: dict[str, SectionBuilder] = {"constitution_amendment": _amendment_sections}

SHOWN_BY_GENERATED: dict[str, frozenset[str]] = {
    "constitution_amendment": frozenset({"additional_changes"})
}
"""Answers a generated section already shows in full (the summary of changes lists the
additional changes), so the record of the answers does not print them a second time."""


def generated_sections(
    form: FormDefinition, values: Mapping[str, Any], directory: CcgDirectory
) -> list[Section]:
    builder = _BUILDERS.get(form.form_id)
    return builder(form, values, directory) if builder else []
