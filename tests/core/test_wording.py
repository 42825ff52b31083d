"""Problems and counts in an officer's words: proper plurals, labels never said twice, no ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proforma_app.core.catalogue import get_form
from proforma_app.core.validation import Problem, ValidationReport
from proforma_app.core.wording import (
    count_of,
    counted,
    first_problem,
    problem_count,
    problem_place,
    summary_line,
)


@pytest.mark.parametrize(
    ("errors", "warnings", "text"),
    [
        (1, 1, "1 error and 1 warning"),
        (18, 0, "18 errors"),
        (18, 1, "18 errors and 1 warning"),
        (0, 2, "2 warnings"),
        (1, 0, "1 error"),
        (0, 0, "no problems"),
    ],
)
def test_problem_counts_use_proper_plurals(errors: int, warnings: int, text: str) -> None:
    assert problem_count(errors, warnings) == text


def test_counted_takes_an_irregular_plural() -> None:
    assert counted(1, "file") == "1 file"
    assert counted(3, "file") == "3 files"
    assert counted(2, "copy", "copies") == "2 copies"


def test_count_of_a_list_counts_errors_and_warnings() -> None:
    problems = [
        Problem("a", "error", "x"),
        Problem("b", "warning", "y"),
        Problem("c", "error", "z"),
    ]
    assert count_of(problems) == "2 errors and 1 warning"
    assert count_of([], none="No problems found so far") == "No problems found so far"


def test_a_row_problem_is_placed_by_the_question_label_and_row_number() -> None:
    form = get_form("annex_a")
    problem = Problem("partner_ccgs", "error", "Choose a CCG", row=3, column="ccg")
    assert problem_place(form, problem) == "Partner CCGs, row 3"
    assert summary_line(form, problem) == "Partner CCGs, row 3: Choose a CCG"


def test_a_message_that_names_its_question_is_not_prefixed_with_the_label_again() -> None:
    form = get_form("annex_b")
    label = form.field("governing_body_date").label
    problem = Problem("governing_body_date", "error", f"{label} must be a real date")
    assert summary_line(form, problem) == f"{label} must be a real date"
    assert f"{label}: {label}" not in summary_line(form, problem)
    row = Problem("partner_ccgs", "error", "Partner CCGs must not be listed twice", row=2)
    assert summary_line(get_form("annex_a"), row) == "Row 2: Partner CCGs must not be listed twice"


def test_a_message_that_names_its_row_is_not_given_the_row_number_again() -> None:
    form = get_form("annex_b")
    problem = Problem("members", "error", "Enter the name (member 2)", row=2, column="name")
    assert summary_line(form, problem) == "Committee members: Enter the name (member 2)"
    assert problem_place(form, problem) == "Committee members, row 2"


def test_an_answer_the_form_does_not_ask_for_is_named_in_words() -> None:
    form = get_form("annex_b")
    assert summary_line(form, Problem("old_field", "warning", "Kept")) == "Answer 'old_field': Kept"


def test_the_first_problem_is_the_first_error_in_words_without_ids() -> None:
    report = ValidationReport(
        "annex_a",
        (
            Problem("area_team", "warning", "Check the area team"),
            Problem("partner_ccgs", "error", "Choose a CCG", row=2, column="ccg"),
        ),
    )
    assert first_problem(report) == "Partner CCGs, row 2: Choose a CCG"
    assert first_problem(ValidationReport("annex_a", ())) == ""
    unknown = ValidationReport("no_such_form", (Problem("x", "error", "Bad"),))
    assert first_problem(unknown) == "Answer 'x': Bad"


LABELS = [f.label for form_id in ("annex_a", "annex_b") for f in get_form(form_id).fields]


@given(
    label_index=st.integers(0, len(LABELS) - 1),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
    row=st.none() | st.integers(1, 200),
    names_question=st.booleans(),
)
def test_a_summary_line_says_the_label_once_at_most_as_often_as_needed(
    label_index: int, before: str, after: str, row: int | None, names_question: bool
) -> None:
    label = LABELS[label_index]
    form = next(
        get_form(f)
        for f in ("annex_a", "annex_b")
        if label in [x.label for x in get_form(f).fields]
    )
    field = next(f for f in form.fields if f.label == label)
    message = f"{before}{label}{after}" if names_question else f"{before}{after}"
    line = summary_line(form, Problem(field.id, "error", message, row=row))
    said = line.casefold().count(label.casefold())
    in_message = message.casefold().count(label.casefold())
    assert line.endswith(message)
    assert said == max(in_message, 1)
    assert field.id not in line.replace(message, "") or field.id in label.casefold()
