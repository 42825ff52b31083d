"""The backend-neutral document an export is made of.

Word and PDF are both drawn from this one plan, so they cannot drift apart: whatever a
submission shows (which questions, in what order, how an answer reads) is decided once,
here and in ``render.plan``, and the backends only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from proforma_app.core.kinds import NOT_ANSWERED

WATERMARK = "DRAFT – NOT FOR SUBMISSION"
"""Printed diagonally on every page of a marked draft, in both formats."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text; ``lead`` is the larger opening text, ``note`` small print."""

    text: str
    style: Literal["body", "lead", "note"] = "body"


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """One question and its answer as people read it (newlines are line breaks)."""

    field_id: str
    question: str
    answer: str
    answered: bool = True


@dataclass(frozen=True, slots=True)
class AnswerTable:
    """Consecutive question/answer rows, laid out as the two-column table officers expect."""

    rows: tuple[QuestionRow, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table answer (members, pooled fund, changes) as a real table with headers."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    """Relative column widths; backends scale them to the page."""
    field_id: str | None = None
    empty_text: str = NOT_ANSWERED


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Who signs, and the name, role and date; a blank line stands for a wet signature."""

    field_id: str
    caption: str
    signatory: str
    name: str
    role: str
    date: str
    image: bytes | None = None


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause of generated constitution wording; a heading has no number."""

    number: str
    text: str
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class ClauseList:
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class ProblemItem:
    where: str
    severity: Literal["error", "warning"]
    message: str


@dataclass(frozen=True, slots=True)
class ProblemList:
    """The outstanding problems listed at the end of a marked draft."""

    items: tuple[ProblemItem, ...]


Block = Paragraph | AnswerTable | Table | SignatureBlock | ClauseList | ProblemList


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    intro: str = ""


@dataclass(frozen=True)
class Document:
    """Everything one export shows, in reading order, plus the draft for machines."""

    form_id: str
    title: str
    annex: str
    deadline: str
    ccg_line: str
    form_version: int
    exported_at: dt.datetime
    is_draft: bool
    introduction: str
    sections: tuple[Section, ...]
    machine_copy: bytes = field(repr=False)
    """The draft file (ASCII JSON) embedded in the export so it can be imported again."""
    short_title: str = ""
    """What the page header calls the form, beside the CCG (the title is too long)."""

    @property
    def header_text(self) -> str:
        """Left of every page header: 'Annex B · Delegated commissioning proforma'."""
        return f"{self.annex} · {self.short_title or self.title}"

    @property
    def footer_text(self) -> str:
        return f"Form version {self.form_version} · Exported {format_timestamp(self.exported_at)}"

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The key facts under the title: who is submitting, by when, which version."""
        return (
            ("CCG", self.ccg_line),
            ("Deadline", self.deadline),
            ("Form version", str(self.form_version)),
            ("Exported", format_timestamp(self.exported_at)),
        )


def format_timestamp(moment: dt.datetime) -> str:
    """'20 January 2015, 10:30 UTC' — the zone is always said, since files travel."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    offset = moment.utcoffset() or dt.timedelta(0)
    day = f"{moment.day} {moment:%B %Y}, {moment:%H:%M}"
    if not offset:
        return f"{day} UTC"
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"{day} (UTC{sign}{hours:02d}:{minutes:02d})"
