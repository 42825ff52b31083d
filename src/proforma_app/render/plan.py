"""Builds the export document of a draft from its form definition and validation report.

Everything is driven by the form definition: sections in order, each question as a
question/answer row, table answers as real tables, signatures as signature blocks.
Questions that do not apply (``relevant_when``) are left out; unanswered ones say so.
Forms whose answers generate text of their own (the constitution amendment) add those
sections through ``render.generated``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from proforma_app.core.definition import FormDefinition, SignatureField, TableField, is_blank
from proforma_app.core.definition import Section as FormSection
from proforma_app.core.draft import Draft
from proforma_app.core.kinds import NOT_ANSWERED, answer_text, signature_parts, table_cells
from proforma_app.core.reference import CcgDirectory, ccg_directory
from proforma_app.core.validation import ValidationReport, is_relevant
from proforma_app.core.wording import problem_count, problem_place
from proforma_app.files.draft_format import draft_to_dict
from proforma_app.render.generated import SHOWN_BY_GENERATED, generated_sections
from proforma_app.render.model import (
    AnswerTable,
    Block,
    Document,
    Paragraph,
    ProblemItem,
    ProblemList,
    QuestionRow,
    Section,
    SignatureBlock,
    Table,
)

_WIDE_COLUMN_TYPES = ("long_text",)


def build_document(
    draft: Draft,
    report: ValidationReport,
    *,
    mark_draft: bool = False,
    exported_at: dt.datetime | None = None,
    directory: CcgDirectory | None = None,
) -> Document:
    """The document to export for ``draft``; ``report`` is its validation report."""
    form = draft.form
    directory = directory or ccg_directory()
    exported_at = exported_at or dt.datetime.now(dt.UTC)
    values = report.values
    sections = list(generated_sections(form, values, directory))
    ccg_name = _ccg_name(values.get(form.ccg_field), directory)
    shown = SHOWN_BY_GENERATED.get(form.form_id, frozenset())
    sections.extend(
        _answer_section(form, s, ccg_name, draft.answers, values, directory, shown)
        for s in form.sections
    )
    if mark_draft:
        sections.append(_problem_section(form, report))
    return Document(
        form_id=form.form_id,
        title=form.title,
        annex=form.annex,
        deadline=form.deadline,
        ccg_line=_ccg_line(form, values, draft.answers, directory),
        form_version=draft.form_version,
        exported_at=exported_at,
        is_draft=mark_draft,
        introduction=form.introduction,
        sections=tuple(sections),
        machine_copy=machine_copy(draft, exported_at),
        short_title=form.short_title,
    )


def machine_copy(draft: Draft, exported_at: dt.datetime) -> bytes:
    """The draft file embedded in an export: ASCII JSON, so any answer survives any container."""
    saved_at = draft.saved_at or exported_at
    return json.dumps(draft_to_dict(draft, saved_at), ensure_ascii=True, indent=1).encode("ascii")


def _ccg_line(
    form: FormDefinition, values: Mapping[str, Any], raw: Mapping[str, Any], directory: CcgDirectory
) -> str:
    text = answer_text(
        form.field(form.ccg_field), values.get(form.ccg_field), raw.get(form.ccg_field), directory
    )
    return text or NOT_ANSWERED


def _ccg_name(code: Any, directory: CcgDirectory) -> str:
    """The CCG's name for a statement it signs (the gap marker when not chosen yet)."""
    ccg = directory.ccg(code) if isinstance(code, str) and code else None
    return ccg.name if ccg is not None else "[CCG not answered]"


def _answer_section(
    form: FormDefinition,
    section: FormSection,
    ccg_name: str,
    raw: Mapping[str, Any],
    values: Mapping[str, Any],
    directory: CcgDirectory,
    shown: frozenset[str] = frozenset(),
) -> Section:
    title, intro, fields = section.title, section.intro, section.fields
    blocks: list[Block] = []
    pending: list[QuestionRow] = []
    statement = section.statement_for(ccg_name) if section.statement else ""

    def flush() -> None:
        if pending:
            blocks.append(AnswerTable(tuple(pending)))
            pending.clear()

    for f in fields:
        if not is_relevant(f, values):
            continue
        answer = raw.get(f.id)
        if f.id in shown:  # printed once, by the section generated from it
            flush()
            blocks.append(Paragraph(f"{f.label}: listed in the summary of changes above.", "note"))
        elif isinstance(f, TableField) and _has_shape(answer, list):
            flush()
            blocks.extend(_table_blocks(f, answer, values.get(f.id), directory))
        elif isinstance(f, SignatureField) and _has_shape(answer, dict):
            flush()
            if statement:  # the words the signatories attest, above their signatures
                blocks.append(Paragraph(statement, "lead"))
                statement = ""
            blocks.append(_signature_block(f, answer, values.get(f.id), directory))
        else:  # also a table or signature answer of the wrong shape, shown as typed
            text = answer_text(f, values.get(f.id), answer, directory)
            if text is None:
                pending.append(QuestionRow(f.id, f.label, NOT_ANSWERED, answered=False))
            else:
                pending.append(QuestionRow(f.id, f.label, text))
    flush()
    if not blocks:
        blocks.append(Paragraph("No questions in this section apply to these answers.", "note"))
    return Section(title, tuple(blocks), intro)


def _has_shape(answer: Any, kind: type) -> bool:
    """A table answer is a list and a signature an object, or blank; anything else (only
    in a hand-edited draft, which can be exported only marked) is shown as typed."""
    return is_blank(answer) or isinstance(answer, kind)


def _table_blocks(f: TableField, raw: Any, parsed: Any, directory: CcgDirectory) -> list[Block]:
    """The table's rows; rows the form lists apart (Healthwatch and Health and Wellbeing
    Board representatives without a vote) follow in a table of their own."""
    raw_rows = raw if isinstance(raw, list) else []
    parsed_rows = parsed if isinstance(parsed, list) else []
    apart = f.listed_apart
    if apart is None or not any(apart.holds(row) for row in parsed_rows):
        return [_table_block(f, raw, parsed, directory)]
    main: tuple[list[Any], list[Any]] = ([], [])
    aside: tuple[list[Any], list[Any]] = ([], [])
    for index, raw_row in enumerate(raw_rows):
        parsed_row = parsed_rows[index] if index < len(parsed_rows) else {}
        target = aside if apart.holds(parsed_row) else main
        target[0].append(raw_row)
        target[1].append(parsed_row)
    return [
        _table_block(f, main[0], main[1], directory),
        _table_block(f, aside[0], aside[1], directory, caption=apart.label),
    ]


def _table_block(
    f: TableField,
    raw: Any,
    parsed: Any,
    directory: CcgDirectory,
    caption: str | None = None,
) -> Table:
    rows = tuple(
        (row,) + ("",) * (len(f.columns) - 1)
        if isinstance(row, str)
        else tuple(cell or "" for cell in row)
        for row in table_cells(f, parsed, raw, directory)
    )
    widths = tuple(2.0 if col.type in _WIDE_COLUMN_TYPES else 1.0 for col in f.columns)
    return Table(
        caption=caption or f.label,
        headers=tuple(col.label for col in f.columns),
        rows=rows,
        widths=widths,
        field_id=f.id,
        empty_text="None listed" if not f.required else NOT_ANSWERED,
    )


def _signature_block(
    f: SignatureField, raw: Any, parsed: Any, directory: CcgDirectory
) -> SignatureBlock:
    parts = signature_parts(parsed, raw, directory)
    return SignatureBlock(
        field_id=f.id,
        caption=f.label,
        signatory=f.signatory,
        name=parts["name"] or "",
        role=parts["role"] or "",
        date=parts["date"] or "",
        image=_image_bytes(parsed.get("image") if isinstance(parsed, dict) else None),
    )


def _image_bytes(value: Any) -> bytes | None:
    """The signature image, only when validation accepted it (a PNG or JPEG under 2 MB)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def _problem_section(form: FormDefinition, report: ValidationReport) -> Section:
    items = []
    for p in report.problems:
        try:
            where = f"{form.section_of(p.field).title} › {problem_place(form, p)}"
        except KeyError:
            where = problem_place(form, p)
        cited = f" ({p.citation})" if p.citation else ""
        items.append(ProblemItem(where, p.severity, p.message + cited))
    errors, warnings = len(report.errors), len(report.warnings)
    if not items:
        summary = "This draft has no outstanding problems; it can be exported as final."
        return Section("Outstanding problems", (Paragraph(summary),))
    summary = (
        f"This draft has {problem_count(errors, warnings)}. Errors must be fixed "
        "before the form can be submitted; warnings are for checking."
    )
    return Section("Outstanding problems", (Paragraph(summary), ProblemList(tuple(items))))
