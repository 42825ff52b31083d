"""Does what a PDF or Word submission shows match the draft it carries?

A reviewer reads the document but ``report`` validates the embedded draft, so an export
edited after it was made (a changed name, a deleted row) would pass unnoticed. The check
builds the same rendering plan the exporters used and looks for every answer's text in
the document's text, in order. Both sides are reduced to their ASCII letters and digits,
case-folded: line breaks, hyphenation of long words, ligatures and fonts that show a
missing character as U+FFFD then never count as a difference, while any changed word,
name, date or amount does.
"""

from __future__ import annotations

from collections.abc import Iterator

from proforma_app.core.draft import Draft
from proforma_app.core.reference import CcgDirectory
from proforma_app.core.validation import Problem, ValidationReport
from proforma_app.render import build_document
from proforma_app.render.model import AnswerTable, Section, SignatureBlock, Table

MISMATCH_RULE = "visible_answers_match_draft"


def skeleton(text: str) -> str:
    """The letters and digits a reader sees, whatever the layout did around them."""
    return "".join(c for c in text.casefold() if c.isascii() and c.isalnum())


def visible_mismatch(
    draft: Draft, report: ValidationReport, document_text: str, directory: CcgDirectory
) -> Problem | None:
    """A warning naming the first answer not found (in order) in ``document_text``, or None."""
    plan = build_document(draft, report, directory=directory)
    seen = skeleton(document_text)
    position = 0
    for field_id, label, text in _answers(plan.sections, {s.title for s in draft.form.sections}):
        wanted = skeleton(text)
        if not wanted:
            continue
        found = seen.find(wanted, position)
        if found < 0:
            return Problem(
                field_id,
                "warning",
                f"{label}: the document does not show the answer its embedded draft gives "
                "(was it edited after export?); check the document against the draft",
                rule=MISMATCH_RULE,
            )
        position = found + len(wanted)
    return None


def _answers(
    sections: tuple[Section, ...], answer_titles: set[str]
) -> Iterator[tuple[str, str, str]]:
    """(field id, label, shown text) for every answer, in the order the document shows them."""
    for section in sections:
        generated = section.title not in answer_titles  # the letter, clauses, summary
        for block in section.blocks:
            if generated and not (isinstance(block, Table) and block.field_id):
                continue  # generated words, not answers (a table of answers is checked)
            if isinstance(block, AnswerTable):
                for row in block.rows:
                    if row.answered:
                        yield row.field_id, row.question, row.answer
            elif isinstance(block, Table):
                for cells in block.rows:
                    for cell in cells:
                        yield block.field_id or "", block.caption, cell
            elif isinstance(block, SignatureBlock):
                for part in (block.name, block.role, block.date):
                    yield block.field_id, block.caption, part
