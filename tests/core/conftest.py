"""Helpers for validation tests: start from a valid sample and break one thing at a time."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from proforma_app.core.catalogue import get_form
from proforma_app.core.validation import Problem, ValidationReport, validate_answers
from tests.conftest import EXAMPLES

TODAY = dt.date(2015, 2, 1)
"""A fixed 'today' so date rules do not drift with the calendar."""


def sample_answers(form_id: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / f"{form_id}_valid.json").read_text(encoding="utf-8"))
    return copy.deepcopy(data["answers"])


def check(form_id: str, answers: dict[str, Any], today: dt.date = TODAY) -> ValidationReport:
    return validate_answers(get_form(form_id), answers, today=today)


def problems_for(
    report: ValidationReport, field: str, severity: str | None = None
) -> list[Problem]:
    return [
        p
        for p in report.problems
        if p.field == field and (severity is None or p.severity == severity)
    ]


Mutator = Callable[[dict[str, Any]], None]


@pytest.fixture
def broken() -> Callable[[str, Mutator], ValidationReport]:
    """Validate a sample after applying one change to it."""

    def run(form_id: str, change: Mutator) -> ValidationReport:
        answers = sample_answers(form_id)
        change(answers)
        return check(form_id, answers)

    return run
