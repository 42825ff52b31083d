"""What a reader should find in an export, worked out from the draft and its form alone.

This is deliberately a second, plain implementation of how answers read on paper
("1 April 2015", "Yes", choice labels, "NHS Darlington CCG (00C)", "£1,250,000.50"), so
the tests do not check the rendering plan against itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from proforma_app.core.definition import FormDefinition, is_blank
from proforma_app.core.draft import Draft
from proforma_app.core.reference import ccg_directory
from proforma_app.core.validation import check_draft, is_relevant

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def written_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def written(field: Any, value: Any) -> str:
    """One answer of a valid draft as it should read."""
    directory = ccg_directory()
    match field.type:
        case "date":
            return written_date(value)
        case "yes_no":
            return "Yes" if value else "No"
        case "choice":
            return next(c.label for c in field.choices if c.value == value)
        case "multi_choice":
            return "\n".join(c.label for c in field.choices if c.value in value)
        case "ccg":
            ccg = directory.ccg(value)
            assert ccg is not None
            return f"{ccg.name} ({ccg.ods_code})"
        case "area_team":
            team = directory.area_team(value)
            assert team is not None
            return f"{team.name} ({team.code})"
        case "money":
            return f"£{Decimal(str(value)):,.2f}"
    assert isinstance(value, str)
    return value


PRINTED_BEFORE_THE_ANSWERS = {"constitution_amendment": {"additional_changes"}}
"""Answers printed once, in a section written from them before the record of the answers
(the amendment's summary of changes), and not again in the record."""


def answers_in_order(draft: Draft) -> list[str]:
    """Every answer a reader should see in the record of the answers, in the form's order:
    questions, each table cell row by row, and each signature's name, role and date.
    Questions that do not apply are left out; so are blank answers and those printed
    before the record (:data:`PRINTED_BEFORE_THE_ANSWERS`)."""
    form: FormDefinition = draft.form
    values = check_draft(draft).values
    out: list[str] = []
    for f in form.fields:
        if not is_relevant(f, values) or f.id in PRINTED_BEFORE_THE_ANSWERS.get(form.form_id, ()):
            continue
        value = draft.answers.get(f.id)
        if is_blank(value):
            continue
        if f.type == "table":
            for row in value:
                out.extend(written(c, row[c.id]) for c in f.columns if not is_blank(row.get(c.id)))
        elif f.type == "signature":
            out.extend(value[part] if part != "date" else written_date(value[part])
                       for part in ("name", "role", "date") if value.get(part))  # fmt: skip
        else:
            out.append(written(f, value))
    return out


def questions_in_order(draft: Draft) -> list[str]:
    """The labels of the questions that apply, in the form's order."""
    values = check_draft(draft).values
    return [f.label for f in draft.form.fields if is_relevant(f, values)]


def signature_runs(document: Any) -> list[tuple[str, Any, list[Any]]]:
    """Each section of a ``render.Document`` that has signature blocks, as (its numbered
    heading, the block just before its first signature or None, its signature blocks)."""
    from proforma_app.render.model import SignatureBlock

    runs = []
    for number, section in enumerate(document.sections, start=1):
        blocks = section.blocks
        signed = [i for i, block in enumerate(blocks) if isinstance(block, SignatureBlock)]
        if signed:
            before = blocks[signed[0] - 1] if signed[0] else None
            runs.append((f"{number}. {section.title}", before, [blocks[i] for i in signed]))
    return runs
