"""Validation takes whatever a draft file holds: it reports, it never raises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proforma_app.core.catalogue import builtin_forms, get_form
from tests.core.conftest import check, sample_answers

FORM_IDS = list(builtin_forms())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def answers_for(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    form_id = draw(st.sampled_from(FORM_IDS))
    field_ids = [f.id for f in get_form(form_id).fields]
    answers = sample_answers(form_id)
    for field_id in draw(st.lists(st.sampled_from(field_ids), max_size=6, unique=True)):
        answers[field_id] = draw(json_values)
    return form_id, answers


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(answers_for())
def test_any_json_in_any_answer_is_reported_not_raised(case: tuple[str, dict[str, Any]]) -> None:
    form_id, answers = case
    report = check(form_id, answers)
    known = {f.id for f in get_form(form_id).fields}
    assert {p.field for p in report.problems} <= known
    assert all(p.message.strip() for p in report.problems)
    assert all(p.severity in ("error", "warning") for p in report.problems)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FORM_IDS), st.text())
def test_any_text_in_every_text_answer(form_id: str, text: str) -> None:
    form = get_form(form_id)
    answers = sample_answers(form_id)
    for f in form.fields:
        if f.type in ("text", "long_text"):
            answers[f.id] = text
    report = check(form_id, answers)
    for f in form.fields:
        if f.type in ("text", "long_text") and text.strip() and report.values.get(f.id) is not None:
            assert report.values[f.id] == text


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=20), json_values, max_size=8))
def test_arbitrary_answer_objects(answers: dict[str, Any]) -> None:
    report = check("annex_b", answers)
    assert not report.is_valid  # nothing random satisfies every required answer


names = st.text(
    alphabet=st.characters(categories=("L", "M", "Nd", "Zs", "Pd", "Po")), min_size=1, max_size=40
).filter(lambda s: s.strip())


@settings(max_examples=200, deadline=None)
@given(name=names, upper=st.booleans(), padding=st.sampled_from(["", " ", "  "]))
def test_the_audit_chair_signs_in_their_own_name_whatever_its_case_and_spacing(
    name: str, upper: bool, padding: str
) -> None:
    answers = sample_answers("annex_b")
    answers["audit_chair_name"] = name
    signed = " ".join(name.split())
    answers["sign_audit_chair"]["name"] = padding + (signed.upper() if upper else signed)
    rules = {p.rule for p in check("annex_b", answers).problems}
    written = signed.upper() if upper else signed
    if written.casefold() == signed.casefold():  # some letters change when upper-cased
        assert "audit_chair_signs" not in rules
    answers["sign_audit_chair"]["name"] = name + " Jr X"
    assert "audit_chair_signs" in {p.rule for p in check("annex_b", answers).problems}


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(2014, 10, 1), max_value=dt.date(2015, 12, 31)))
def test_the_annex_b_deadline_warns_only_after_9_january_2015_and_never_blocks(
    day: dt.date,
) -> None:
    answers = sample_answers("annex_b")
    for name in ("sign_audit_chair", "sign_accountable_officer"):
        answers[name]["date"] = day.isoformat()
    report = check("annex_b", answers, today=dt.date(2016, 1, 1))
    late = [p for p in report.problems if p.rule == "submitted_after_deadline"]
    assert bool(late) == (day > dt.date(2015, 1, 9))
    assert all(p.severity == "warning" for p in late)
