"""Checks a draft's answers against its form: answer formats, what is required, and the rules.

The GUI, the command line and the exporters all ask this module; none of them owns a rule.
A problem is an **error** (blocks a final export) or a **warning** (shown, never blocks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from proforma_app.core.answers import answers_model
from proforma_app.core.definition import (
    CONSISTENCY_PREFIX,
    FieldDefinition,
    FormDefinition,
    MultiChoiceField,
    SignatureField,
    Source,
    TableField,
    is_blank,
    lower_first,
    normalise_name,
)
from proforma_app.core.draft import Draft
from proforma_app.core.kinds import kind_of
from proforma_app.core.reference import CcgDirectory, ccg_directory
from proforma_app.core.rules import run_rule

Severity = Literal["error", "warning"]

ANSWER_BASIS = "answer"
"""The basis of a problem with one answer (missing, or not in the form's format)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something to fix (error) or to check (warning), attached to the question it is about."""

    field: str
    severity: Severity
    message: str
    row: int | None = None
    """1-based table row, when the problem is in one row."""
    column: str | None = None
    rule: str | None = None
    """The form rule id, for cross-field rules."""
    source: Source | None = None
    """Where the guidance says so: the rule's source, or the question's for a missing answer."""
    basis: str = ANSWER_BASIS
    """What the problem rests on: a rule's ``basis`` ('guidance', 'consistency',
    'good_practice'), or 'answer' for an answer that is missing or not in the form's format."""

    @property
    def citation(self) -> str | None:
        """'Next steps, 7.1.4', or None when the problem has no source."""
        return self.source.citation if self.source is not None else None

    @property
    def location(self) -> str:
        """``members`` or ``members[2].name``: where the problem is, for people and scripts."""
        if self.row is None:
            return self.field
        tail = f".{self.column}" if self.column else ""
        return f"{self.field}[{self.row}]{tail}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
            "row": self.row,
            "column": self.column,
            "rule": self.rule,
            "basis": self.basis,
            "source": self.source.as_dict() if self.source is not None else None,
        }


@dataclass(frozen=True)
class ValidationReport:
    """All problems of one draft, in the order of the form's questions."""

    form_id: str
    problems: tuple[Problem, ...]
    values: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The answers as parsed (dates as dates, money as Decimal), for renderers."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def is_valid(self) -> bool:
        """No errors: a final export is allowed (warnings never block)."""
        return not self.errors

    def for_field(self, field_id: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.field == field_id)


def is_relevant(f: FieldDefinition, values: Mapping[str, Any]) -> bool:
    """Whether a question is asked, given the other answers (``relevant_when``)."""
    return f.relevant_when is None or f.relevant_when.holds(values.get(f.relevant_when.field))


def is_required(f: FieldDefinition, values: Mapping[str, Any]) -> bool:
    if f.required == "conditional":
        assert f.required_when is not None
        return f.required_when.holds(values.get(f.required_when.field))
    return bool(f.required)


_ROWS_CHECKED_PER_ALLOWED = 10
"""A table with more than ten times its allowed rows is refused whole, unparsed."""


class FormValidator:
    """Validates answers for one form; build once, call many times (it is cheap to call)."""

    def __init__(self, form: FormDefinition, directory: CcgDirectory | None = None) -> None:
        self.form = form
        self.directory = directory or ccg_directory()
        self._model = answers_model(form)
        self._order = {f.id: i for i, f in enumerate(form.fields)}

    def validate(
        self, answers: Mapping[str, Any], today: dt.date | None = None
    ) -> ValidationReport:
        problems: list[Problem] = []
        values, format_problems = self._parse(answers, today or dt.date.today())
        relevant = {f.id for f in self.form.fields if is_relevant(f, values)}
        for f in self.form.fields:
            if f.id not in relevant:
                values[f.id] = kind_of(f).empty()
        problems.extend(p for p in format_problems if p.field in relevant)
        bad_fields = {p.field for p in format_problems if p.row is None}
        bad_cells = {(p.field, p.row, p.column) for p in format_problems if p.row is not None}
        for f in self.form.fields:
            if f.id in relevant and f.id not in bad_fields:
                problems.extend(
                    p
                    for p in self._completeness(f, values)
                    if (p.field, p.row, p.column) not in bad_cells
                )
        for rule in self.form.rules:
            for hit in run_rule(rule, values, self.directory):
                problems.append(
                    Problem(
                        rule.field,
                        rule.severity,
                        hit.message,
                        hit.row,
                        hit.column,
                        rule.id,
                        rule.source,
                        rule.basis,
                    )
                )
        problems.sort(key=lambda p: (self._order.get(p.field, len(self._order)), p.row or 0))
        return ValidationReport(self.form.form_id, tuple(_dedupe(problems)), values)

    # -------------------------------------------------------------- per-answer format
    def _parse(
        self, answers: Mapping[str, Any], today: dt.date
    ) -> tuple[dict[str, Any], list[Problem]]:
        """Parse with the pydantic model; answers that fail are reported and then left out.

        A bad answer must not hide the rest, so failing locations are blanked and the model
        run again (each pass removes every failing location, so two or three passes do).
        """
        data: dict[str, Any] = {k: v for k, v in answers.items() if k in self._order}
        problems: list[Problem] = []
        for field_id, value in list(data.items()):
            f = self.form.field(field_id)
            if (
                isinstance(f, TableField)
                and isinstance(value, list)
                and len(value) > _ROWS_CHECKED_PER_ALLOWED * f.max_rows
            ):
                # Far past the limit (only a damaged or hostile file): one problem, not one
                # per row of a million, and the rows are not parsed at all.
                message = f"{f.label} can have at most {f.max_rows} rows (it has {len(value):,})"
                problems.append(Problem(field_id, "error", message))
                del data[field_id]
        context = {"today": today}
        for _ in range(4):
            try:
                parsed: BaseModel = self._model.model_validate(data, context=context)
                return parsed.model_dump(), problems
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    loc = error["loc"]
                    problems.append(self._format_problem(loc, error))
                    data = _blank_location(data, loc)
        raise AssertionError(
            "answers could not be parsed after blanking every failure"
        )  # pragma: no cover

    def _format_problem(self, loc: tuple[Any, ...], error: Any) -> Problem:
        field_id = str(loc[0])
        f = self.form.field(field_id)
        message = error["msg"] if error["type"] == "proforma" else kind_of(f).invalid_message(f)
        if f.type == "table" and len(loc) >= 2 and isinstance(loc[1], int):
            column = str(loc[2]) if len(loc) >= 3 else None
            assert isinstance(f, TableField)
            return Problem(field_id, "error", _in_row(message, f, loc[1] + 1), loc[1] + 1, column)
        return Problem(field_id, "error", message)

    # -------------------------------------------------------------- completeness
    def _completeness(self, f: FieldDefinition, values: Mapping[str, Any]) -> Iterable[Problem]:
        value = values.get(f.id)
        required = is_required(f, values)
        if isinstance(f, TableField):
            yield from self._table_completeness(f, value or [], required)
            return
        if isinstance(f, SignatureField):
            yield from _signature_completeness(f, value, required)
            return
        if required and is_blank(value):
            yield Problem(f.id, "error", f.required_message, source=_error_source(f))
        elif isinstance(f, MultiChoiceField) and value and len(value) < f.min_selected:
            pass  # reported by the model's own check

    def _table_completeness(
        self, f: TableField, rows: list[dict[str, Any]], required: bool
    ) -> Iterable[Problem]:
        filled = [(i, r) for i, r in enumerate(rows, start=1) if not is_blank(r)]
        if not filled:
            if required:
                yield Problem(f.id, "error", f.required_message)
            return
        if len(filled) < f.min_rows:
            noun = f.row_noun if f.min_rows == 1 else f"{f.row_noun}s"
            yield Problem(f.id, "error", f"Add at least {f.min_rows} {noun}")
        if len(filled) > f.max_rows:
            yield Problem(f.id, "error", f"{f.label} can have at most {f.max_rows} rows")
        for index, row in filled:
            for col in f.columns:
                if col.required and is_blank(row.get(col.id)):
                    yield Problem(
                        f.id, "error", _in_row(col.required_message, f, index), index, col.id
                    )


def _error_source(f: FieldDefinition) -> Source | None:
    """The question's source, cited beside a missing answer only when its line can make
    an error ("must" …): an error never rests on a "should" line."""
    return f.source if f.source is not None and f.source.can_ground_an_error else None


def _signature_completeness(f: SignatureField, value: Any, required: bool) -> Iterable[Problem]:
    if is_blank(value):
        if required:
            yield Problem(f.id, "error", f.required_message)
        return
    for part in ("name", "role", "date"):
        if is_blank(value.get(part)):
            yield Problem(f.id, "error", f"Enter the {part} for the {lower_first(f.label)}")


def _in_row(message: str, table: TableField, row: int) -> str:
    """'Enter the member's role (member 2)': say which row, in the table's own words."""
    return f"{message} ({table.row_noun} {row})"


def _blank_location(data: Any, loc: tuple[Any, ...]) -> Any:
    """A copy of ``data`` with the value at ``loc`` removed (None), or the nearest container."""
    if not loc:
        return None
    head, rest = loc[0], loc[1:]
    if isinstance(data, dict) and head in data:
        copy = dict(data)
        copy[head] = _blank_location(data[head], rest) if rest else None
        return copy
    if isinstance(data, list) and isinstance(head, int) and 0 <= head < len(data):
        copy_list = list(data)
        copy_list[head] = _blank_location(data[head], rest) if rest else {}
        return copy_list
    return None if not isinstance(data, dict) else data


def _dedupe(problems: Iterable[Problem]) -> Iterable[Problem]:
    seen: set[tuple[str, int | None, str | None, str]] = set()
    for p in problems:
        key = (p.field, p.row, p.column, p.message)
        if key not in seen:
            seen.add(key)
            yield p


def validate_answers(
    form: FormDefinition, answers: Mapping[str, Any], today: dt.date | None = None
) -> ValidationReport:
    """Validate ``answers`` for ``form`` with a validator built once per form (kept with it)."""
    validator = form.derived.get("validator")
    if not isinstance(validator, FormValidator):
        validator = form.derived["validator"] = FormValidator(form)
    return validator.validate(answers, today)


# ------------------------------------------------------------------ related forms
RelatedAnswers = tuple[FormDefinition, Mapping[str, Any], str]
"""Another draft's form, its answers and its name for messages (a file name, or '')."""


def arrangement_ccgs(form: FormDefinition, answers: Mapping[str, Any]) -> frozenset[str]:
    """ODS codes of every CCG the answers name as taking part (lead, partners, or the CCG),
    as the directory spells them; a table that does not apply to the answers names none."""
    codes: set[str] = set()
    for ref in form.ccg_refs:
        base, _, column = ref.partition(".")
        value = answers.get(base)
        try:
            f = form.field(base)
        except KeyError:
            continue
        if not is_relevant(f, answers):
            continue
        named = (
            [row.get(column) for row in value if isinstance(row, dict)]
            if column and isinstance(value, list)
            else [value]
        )
        codes.update(code for code in map(_ods_code, named) if code)
    return frozenset(codes)


def submitting_ccg(form: FormDefinition, answers: Mapping[str, Any]) -> str | None:
    """The ODS code of the CCG the answers are for (its form's CCG answer), if given."""
    return _ods_code(answers.get(form.ccg_field))


def _ods_code(value: Any) -> str | None:
    """A CCG answer as the directory spells its code (the answer itself if unknown)."""
    if not isinstance(value, str) or not value.strip():
        return None
    ccg = ccg_directory().ccg(value.strip())
    return ccg.ods_code if ccg is not None else value.strip()


def related_fields(form: FormDefinition, forms: Iterable[FormDefinition]) -> frozenset[str]:
    """The answers of ``form`` that related-form checks read, on either side (``forms`` are
    every form that may hold a check): what a batch keeps of each submission."""
    wanted: set[str] = {form.ccg_field}
    wanted.update(ref.partition(".")[0] for ref in form.ccg_refs)
    wanted.update(c.field for f in form.fields for c in (f.relevant_when,) if c is not None)
    for other in (*forms, form):
        for check in other.related_forms:
            if other.form_id == form.form_id:
                wanted.update(c.field for c in check.applies_when)
                wanted.update(mine for mine, _ in check.compare)
                if check.same_ccgs is not None:
                    wanted.add(check.same_ccgs)
            if form.form_id in check.form_ids:
                wanted.update(theirs for _, theirs in check.compare)
    return frozenset(w for w in wanted if any(f.id == w for f in form.fields))


def related_form_problems(
    form: FormDefinition,
    answers: Mapping[str, Any],
    others: Sequence[RelatedAnswers],
) -> list[Problem]:
    """Warnings where this draft disagrees with a draft of a related form for the same CCG.

    The constitution amendment must name the same committee and the same CCGs as the
    Annex A (its CCG the lead or a partner) or Annex B it accompanies; each warning names
    the other file. Consistency checks: the guidance says nothing about it.
    """
    problems: list[Problem] = []
    me = submitting_ccg(form, answers)
    if me is None:
        return problems
    for check in form.related_forms:
        if not all(c.holds(answers.get(c.field)) for c in check.applies_when):
            continue
        for other_form, other_answers, name in others:
            if other_form.form_id not in check.form_ids:
                continue
            theirs_ccgs = arrangement_ccgs(other_form, other_answers)
            if me not in theirs_ccgs:
                continue
            where = (
                f"the {other_form.annex} draft {name}" if name else f"the {other_form.annex} draft"
            )
            for mine, theirs in check.compare:
                a, b = answers.get(mine), other_answers.get(theirs)
                if _comparable(a) != _comparable(b):
                    label = form.field(mine).label
                    problems.append(
                        Problem(
                            mine,
                            "warning",
                            f"{CONSISTENCY_PREFIX} {label} is not the same as in {where} for "
                            "this CCG; make them agree",
                            rule=f"matches_{other_form.form_id}",
                            basis="consistency",
                        )
                    )
            if check.same_ccgs is not None and arrangement_ccgs(form, answers) != theirs_ccgs:
                problems.append(
                    Problem(
                        _shown_on(form, check.same_ccgs, answers),
                        "warning",
                        f"{CONSISTENCY_PREFIX} the CCGs taking part are not the same as in "
                        f"{where} (its lead and partner CCGs); make them agree",
                        rule=f"matches_{other_form.form_id}",
                        basis="consistency",
                    )
                )
    return problems


def _shown_on(form: FormDefinition, field_id: str, answers: Mapping[str, Any]) -> str:
    """The question to show a problem on: ``field_id``, or, while it is not asked, the
    question that decides whether it is (partner CCGs → the type of amendment)."""
    f = form.field(field_id)
    while f.relevant_when is not None and not is_relevant(f, answers):
        f = form.field(f.relevant_when.field)
    return f.id


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return normalise_name(value)
    if isinstance(value, dict):  # a cell holding an object (hand-edited files): still hashable
        return tuple(sorted((str(k), _comparable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return frozenset(
            tuple(sorted((k, _comparable(v)) for k, v in row.items()))
            if isinstance(row, dict)
            else _comparable(row)
            for row in value
            if not is_blank(row)
        )
    return value


UNKNOWN_KEYS_SHOWN = 3
"""Unknown answers named in the warning; the rest are counted (a file may hold millions)."""
_UNKNOWN_KEY_CHARACTERS = 40


def unknown_answers_problems(keys: Sequence[str]) -> list[Problem]:
    """One warning for all the answers a form does not ask for: a count and the first few.

    A draft from elsewhere may carry any number of them; one warning each made opening such
    a file in the window quadratic, so the cost is now one line whatever the count.
    """
    if not keys:
        return []
    shown = [_short_key(k) for k in keys[:UNKNOWN_KEYS_SHOWN]]
    names = ", ".join(f"'{k}'" for k in shown)
    more = len(keys) - len(shown)
    if len(keys) == 1:
        message = (
            f"The draft has an answer {names} that this form does not ask for; "
            "it is kept in the file but not checked or exported"
        )
    else:
        listed = f"{names} and {more:,} more" if more else names
        message = (  # 'answer 'k0'' in it: the summary line need not name the answer again
            f"The draft has {len(keys):,} answers that this form does not ask for: "
            f"answer {listed}; they are kept in the file but not checked or exported"
        )
    return [Problem(keys[0], "warning", message)]


def _short_key(key: str) -> str:
    printable = "".join(c if c.isprintable() else "\ufffd" for c in key[:_UNKNOWN_KEY_CHARACTERS])
    return printable + ("…" if len(key) > _UNKNOWN_KEY_CHARACTERS else "")


def comparable_answer(value: Any) -> Any:
    """The form in which answers of related forms are compared (names normalised, rows as sets)."""
    return _comparable(value)


def check_draft(
    draft: Draft, related: Sequence[Draft] = (), today: dt.date | None = None
) -> ValidationReport:
    """Everything to tell an officer about a draft: its problems, answers the form does not
    ask for (kept, never dropped), and disagreements with related drafts for the same CCG."""
    form = draft.form
    report = validate_answers(form, draft.answers, today)
    extra = unknown_answers_problems(draft.unknown_answer_ids())
    others = [(d.form, d.answers, d.origin or "") for d in related if d is not draft]
    extra.extend(related_form_problems(form, draft.answers, others))
    if not extra:
        return report
    return ValidationReport(report.form_id, report.problems + tuple(extra), report.values)
