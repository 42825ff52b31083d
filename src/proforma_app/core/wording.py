"""Problems and counts in the words an officer reads, with no ids and no "error(s)".

Every place people read about problems (the window, the exports' problem list, the
reviewer report) words them here, so they all say "Partner CCGs, row 3" and "1 error and
2 warnings" alike. Machine output (``--json``) keeps the ids of :attr:`Problem.location`.
"""

from __future__ import annotations

from collections.abc import Sequence

from proforma_app.core.catalogue import UnknownFormError, get_form
from proforma_app.core.definition import FormDefinition
from proforma_app.core.validation import Problem, ValidationReport


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 error``, ``18 errors``, ``0 files``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def problem_count(errors: int, warnings: int, none: str = "no problems") -> str:
    """``1 error and 1 warning``, ``18 errors``, ``2 warnings`` or ``none``."""
    parts = [counted(n, noun) for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    return " and ".join(parts) if parts else none


def count_of(problems: Sequence[Problem], none: str = "no problems") -> str:
    """:func:`problem_count` of a list of problems."""
    errors = sum(1 for p in problems if p.severity == "error")
    return problem_count(errors, len(problems) - errors, none)


def question_label(form: FormDefinition | None, field_id: str) -> str:
    """The question's label, or a plain name for an answer the form does not ask for."""
    if form is not None:
        try:
            return form.field(field_id).label
        except KeyError:
            pass
    return f"Answer '{field_id}'"


def problem_place(form: FormDefinition | None, problem: Problem) -> str:
    """``Partner CCGs, row 3`` or ``Start date``: where the problem is, for people."""
    label = question_label(form, problem.field)
    return label if problem.row is None else f"{label}, row {problem.row}"


def summary_line(form: FormDefinition | None, problem: Problem) -> str:
    """A problem on its own line: its place, then its message, never naming the question twice.

    A message that already names its question ("Start date must be …") is not prefixed
    with the label again; a row number is still given ("Row 3: Partner CCGs must not …")
    unless the message says it ("… (member 2)").
    """
    label = question_label(form, problem.field)
    message = problem.message
    row = None if _names_its_row(form, problem) else problem.row
    if label.casefold() in message.casefold():
        return message if row is None else f"Row {row}: {message}"
    return f"{label if row is None else f'{label}, row {row}'}: {message}"


def _names_its_row(form: FormDefinition | None, problem: Problem) -> bool:
    """True when the message already says which row ("… (member 2)")."""
    if form is None or problem.row is None:
        return False
    try:
        field = form.field(problem.field)
    except KeyError:
        return False
    noun = getattr(field, "row_noun", None)
    return bool(noun) and f"{noun} {problem.row}".casefold() in problem.message.casefold()


def first_problem(report: ValidationReport, form: FormDefinition | None = None) -> str:
    """The first error (else the first warning) as one line, or ``""`` when there is none."""
    problems = report.errors or report.warnings
    if not problems:
        return ""
    if form is None:
        form = _form_named(report.form_id)
    return summary_line(form, problems[0])


def _form_named(form_id: str) -> FormDefinition | None:
    try:
        return get_form(form_id)
    except UnknownFormError:
        return None
