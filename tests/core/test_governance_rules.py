"""Every cross-field rule of the spec, each breaking one valid sample in one way.

Each case asserts the problem comes from the named rule, on the right field, with the right
severity; removing the rule from the form file (or breaking its kind) fails the case. The
last test fails when a form gains a rule that has no case here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from proforma_app.core.catalogue import builtin_forms
from tests.core.conftest import check, sample_answers

Answers = dict[str, Any]


def _member(answers: Answers, name: str) -> dict[str, Any]:
    return next(m for m in answers["members"] if m["name"] == name)


def _set(**changes: Any) -> Callable[[Answers], None]:
    return lambda a: a.update(changes)


# annex_a -----------------------------------------------------------------------------
def _a_chair_not_voting(a: Answers) -> None:
    _member(a, "Alison Pearce")["voting"] = False


def _a_chair_not_member(a: Answers) -> None:
    a["chair_name"] = "Someone Else"


def _a_no_nhs_england_voter(a: Answers) -> None:
    for m in a["members"]:
        if m["organisation"] == "nhs_england":
            m["voting"] = False


def _a_no_ccg_voter(a: Answers) -> None:
    for m in a["members"]:
        if m["organisation"] == "ccg":
            m["organisation"] = "other"


def _a_partner_repeats(a: Answers) -> None:
    a["partner_ccgs"] = [{"ccg": "00M"}, {"ccg": "00M"}]


def _a_partner_is_lead(a: Answers) -> None:
    a["partner_ccgs"] = [{"ccg": "00K"}]


def _a_sign_before_constitution(field: str) -> Callable[[Answers], None]:
    def change(a: Answers) -> None:
        a[field]["date"] = "2015-01-02"

    return change


# annex_b -----------------------------------------------------------------------------
def _b_chair_executive(a: Answers) -> None:
    _member(a, "Margaret Ó Briain")["category"] = "executive"


def _clinical_majority(a: Answers) -> None:
    a["members"].extend(
        {
            "name": f"Dr GP {i}",
            "role": "GP member",
            "organisation": "ccg",
            "category": "clinical",
            "voting": True,
        }
        for i in range(5)
    )


def _no_clinical_member(a: Answers) -> None:
    for m in a["members"]:
        if m["category"] == "clinical":
            m["category"] = "executive"


def _voting_member_from(organisation: str, name: str) -> Callable[[Answers], None]:
    def change(a: Answers) -> None:
        a["members"].append(
            {
                "name": name,
                "role": "Representative",
                "organisation": organisation,
                "category": "other",
                "voting": True,
            }
        )

    return change


_a_healthwatch_votes = _voting_member_from("healthwatch", "Pat Healthwatch")
_councillor_votes = _voting_member_from("local_authority", "Cllr Pat Jones")


def _late(fields: tuple[str, ...], date: str) -> Callable[[Answers], None]:
    def change(a: Answers) -> None:
        for f in fields:
            a[f]["date"] = date

    return change


def _c_solely_joint_late(a: Answers) -> None:
    a["amendment_type"] = ["joint_with_nhs_england"]
    a["sign_accountable_officer"]["date"] = "2015-01-31"


def _b_healthwatch_votes(a: Answers) -> None:
    _member(a, "Jonathan Price")["voting"] = True


def _b_councillor_votes(a: Answers) -> None:
    _member(a, "Cllr Susan Ward")["voting"] = True


def _b_no(field: str) -> Callable[[Answers], None]:
    """A 'no' left unexplained."""
    return _set(**{field: False, "conflicts_explanation": ""})


def _b_no_explained(field: str) -> Callable[[Answers], None]:
    """A 'no' with an explanation: a legal requirement stays an error all the same."""
    return _set(**{field: False, "conflicts_explanation": "We will put this right by March 2015."})


def _b_chair_chairs_audit(a: Answers) -> None:
    a["audit_chair_name"] = "MARGARET Ó BRIAIN"
    a["sign_audit_chair"]["name"] = "Margaret Ó Briain"


def _b_signatories_same(a: Answers) -> None:
    a["audit_chair_name"] = "Dr Anjali Mehta"
    a["sign_audit_chair"]["name"] = "dr anjali  MEHTA"


# constitution_amendment ------------------------------------------------------------------
def _c_partner_repeats(a: Answers) -> None:
    a["amendment_type"] = ["joint_with_ccgs"]
    a["partner_ccgs"] = [{"ccg": "00D"}, {"ccg": "00D"}]


def _c_partner_is_self(a: Answers) -> None:
    a["amendment_type"] = ["joint_with_nhs_england", "joint_with_ccgs"]
    a["partner_ccgs"] = [{"ccg": "00C"}]


def _c_joint_with_ccgs_only(a: Answers) -> None:
    a["amendment_type"] = ["joint_with_ccgs"]
    a["partner_ccgs"] = [{"ccg": "00D"}]


def _c_other_changes_late(a: Answers) -> None:
    a["amendment_type"] = ["joint_with_nhs_england"]
    a["changes_beyond_co_commissioning"] = True
    a["sign_accountable_officer"]["date"] = "2015-01-10"


def _a_chair_executive(a: Answers) -> None:
    _member(a, "Alison Pearce")["category"] = "executive"


CASES: list[tuple[str, str, Callable[[Answers], None], str, str]] = [
    # (form, rule id, change, field the problem is on, severity)
    ("annex_a", "area_team_matches_lead_ccg", _set(area_team="Q46"), "area_team", "warning"),
    ("annex_a", "partner_ccgs_distinct", _a_partner_repeats, "partner_ccgs", "error"),
    ("annex_a", "partner_ccgs_distinct", _a_partner_is_lead, "partner_ccgs", "error"),
    ("annex_a", "chair_is_voting_member", _a_chair_not_voting, "chair_name", "error"),
    ("annex_a", "chair_is_voting_member", _a_chair_not_member, "chair_name", "error"),
    (
        "annex_a",
        "vice_chair_is_member",
        _set(vice_chair_name="Nobody Listed"),
        "vice_chair_name",
        "error",
    ),
    (
        "annex_a",
        "vice_chair_not_chair",
        _set(vice_chair_name="alison  pearce"),
        "vice_chair_name",
        "error",
    ),
    ("annex_a", "chair_is_lay", _a_chair_executive, "chair_name", "warning"),
    ("annex_a", "lay_executive_majority", _clinical_majority, "members", "warning"),
    ("annex_a", "nhs_england_voting_member", _a_no_nhs_england_voter, "members", "error"),
    ("annex_a", "ccg_voting_member", _a_no_ccg_voter, "members", "error"),
    ("annex_a", "healthwatch_non_voting", _a_healthwatch_votes, "members", "error"),
    ("annex_a", "local_authority_voting", _councillor_votes, "members", "warning"),
    ("annex_a", "clinical_leadership", _no_clinical_member, "members", "warning"),
    (
        "annex_a",
        "healthwatch_right_to_attend_missing",
        _set(healthwatch_right_to_attend=False),
        "healthwatch_right_to_attend",
        "warning",
    ),
    (
        "annex_a",
        "hwb_right_to_attend_missing",
        _set(hwb_right_to_attend=False),
        "hwb_right_to_attend",
        "warning",
    ),
    *(
        (form, rule, _set(**{field: False}), field, "error")
        for form in ("annex_a", "annex_b")
        for rule, field in (
            ("patient_public_engagement_not_assured", "patient_public_engagement"),
            ("information_governance_not_met", "information_governance"),
            ("eligibility_not_confirmed", "eligibility_confirmed"),
        )
    ),
    *(
        (
            form,
            f"{document}_not_attached",
            _set(documents_attached=[other]),
            "documents_attached",
            "warning",
        )
        for form in ("annex_a", "annex_b")
        for document, other in (
            ("governance_structure", "constitution_amendment_request"),
            ("constitution_amendment_request", "governance_structure"),
        )
    ),
    *(
        (form, "start_date_after_2015_16", _set(start_date="2016-04-01"), "start_date", "warning")
        for form in ("annex_a", "annex_b")
    ),
    (
        "annex_a",
        "submitted_after_deadline",
        _late(("sign_area_team",), "2015-01-31"),
        "sign_ccg",
        "warning",
    ),
    (
        "annex_a",
        "sign_ccg_after_constitution",
        _a_sign_before_constitution("sign_ccg"),
        "sign_ccg",
        "warning",
    ),
    (
        "annex_a",
        "sign_area_team_after_constitution",
        _a_sign_before_constitution("sign_area_team"),
        "sign_area_team",
        "warning",
    ),
    ("annex_b", "area_team_matches_ccg", _set(area_team="Q46"), "area_team", "warning"),
    ("annex_b", "chair_is_member", _set(chair_name="Not A Member"), "chair_name", "error"),
    ("annex_b", "chair_is_lay", _b_chair_executive, "chair_name", "error"),
    ("annex_b", "lay_executive_majority", _clinical_majority, "members", "error"),
    (
        "annex_b",
        "chair_not_audit_chair",
        _b_chair_chairs_audit,
        "chair_name",
        "warning",
    ),
    (
        "annex_b",
        "quorum_mentions_chair",
        _set(quorum="Any four voting members, one of them executive."),
        "quorum",
        "warning",
    ),
    (
        "annex_b",
        "healthwatch_right_to_attend_missing",
        _set(healthwatch_right_to_attend=False),
        "healthwatch_right_to_attend",
        "warning",
    ),
    (
        "annex_b",
        "hwb_right_to_attend_missing",
        _set(hwb_right_to_attend=False),
        "hwb_right_to_attend",
        "warning",
    ),
    ("annex_b", "clinical_involvement", _no_clinical_member, "members", "warning"),
    ("annex_b", "healthwatch_non_voting", _b_healthwatch_votes, "members", "error"),
    ("annex_b", "local_authority_voting", _b_councillor_votes, "members", "warning"),
    (
        "annex_b",
        "meetings_not_in_public",
        _set(meetings_in_public=False),
        "meetings_in_public",
        "warning",
    ),
    *(
        ("annex_b", f"{name}_no", change(name), name, "error")
        for name in (
            "registers_of_interests_kept",
            "register_of_interests_published",
            "prompt_declarations",
            "conflicts_arrangements",
            "register_of_procurement_decisions",
        )
        for change in (_b_no, _b_no_explained)
    ),
    *(
        ("annex_b", f"{name}_explained", _b_no(name), name, "warning")
        for name in (
            "policy_updated_for_statutory_guidance",
            "lay_member_training",
            "register_shows_nature_and_parties",
            "register_in_annual_accounts",
        )
    ),
    ("annex_b", "signatories_differ", _b_signatories_same, "sign_accountable_officer", "error"),
    (
        "annex_b",
        "audit_chair_signs",
        _set(audit_chair_name="Someone Else"),
        "sign_audit_chair",
        "error",
    ),
    (
        "annex_b",
        "submitted_after_deadline",
        _late(("sign_area_team",), "2015-01-10"),
        "sign_accountable_officer",
        "warning",
    ),
    (
        "constitution_amendment",
        "new_version_differs",
        _set(constitution_version_new=" version 2.1, APRIL 2014"),
        "constitution_version_new",
        "error",
    ),
    (
        "constitution_amendment",
        "partner_ccgs_distinct",
        _c_partner_repeats,
        "partner_ccgs",
        "error",
    ),
    (
        "constitution_amendment",
        "partner_ccgs_distinct",
        _c_partner_is_self,
        "partner_ccgs",
        "error",
    ),
    (
        "constitution_amendment",
        "joint_with_ccgs_only",
        _c_joint_with_ccgs_only,
        "amendment_type",
        "warning",
    ),
    (
        "constitution_amendment",
        "local_authority_not_consulted",
        _set(local_authority_consulted=False),
        "local_authority_consulted",
        "error",
    ),
    (
        "constitution_amendment",
        "effective_after_approval",
        _set(proposed_effective_date="2014-11-19"),
        "proposed_effective_date",
        "error",
    ),
    (
        "constitution_amendment",
        "effective_after_approval",
        _set(proposed_effective_date="2014-10-01"),
        "proposed_effective_date",
        "error",
    ),
    (
        "constitution_amendment",
        "submitted_after_deadline",
        _late(("sign_accountable_officer",), "2015-01-10"),
        "sign_accountable_officer",
        "warning",
    ),
    (
        "constitution_amendment",
        "joint_submitted_after_deadline",
        _c_solely_joint_late,
        "sign_accountable_officer",
        "warning",
    ),
    (
        "constitution_amendment",
        "other_changes_submitted_after_deadline",
        _c_other_changes_late,
        "sign_accountable_officer",
        "warning",
    ),
]


@pytest.mark.parametrize("form_id", list(builtin_forms()))
def test_valid_samples_have_no_problems(form_id: str) -> None:
    report = check(form_id, sample_answers(form_id))
    assert report.problems == ()
    assert report.is_valid


@pytest.mark.parametrize(
    ("form_id", "rule_id", "change", "field", "severity"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)],
)
def test_rule_fires(
    form_id: str, rule_id: str, change: Callable[[Answers], None], field: str, severity: str
) -> None:
    answers = sample_answers(form_id)
    change(answers)
    report = check(form_id, answers)
    hits = [p for p in report.problems if p.rule == rule_id]
    assert hits, f"{rule_id} did not fire; problems: {report.problems}"
    assert {(p.field, p.severity) for p in hits} == {(field, severity)}
    assert all(p.message and "invalid" not in p.message.lower() for p in hits)
    others = [p for p in report.problems if p.rule != rule_id and p.severity == "error"]
    assert others == [], "the change should break only the rule under test"
    assert report.is_valid == (severity == "warning")


def test_every_rule_in_every_form_has_a_case() -> None:
    declared = {(form.form_id, rule.id) for form in builtin_forms().values() for rule in form.rules}
    tested = {(c[0], c[1]) for c in CASES}
    assert declared == tested


def test_lay_executive_majority_is_strict() -> None:
    """Half lay-and-executive is not a majority."""
    answers = sample_answers("annex_b")
    voting = [m for m in answers["members"] if m["voting"]]
    favoured = sum(m["category"] in ("lay", "executive") for m in voting)
    others = len(voting) - favoured
    answers["members"].extend(
        {
            "name": f"Dr GP {i}",
            "role": "GP",
            "organisation": "ccg",
            "category": "clinical",
            "voting": True,
        }
        for i in range(favoured - others)
    )
    assert [p.rule for p in check("annex_b", answers).problems] == ["lay_executive_majority"]
    answers["members"].pop()  # exactly half was not a majority; one fewer clinician is
    assert check("annex_b", answers).problems == ()


def test_a_committee_with_nobody_voting_has_no_majority() -> None:
    """Nobody voting: no lay and executive majority (an error on Annex B, a warning on A)."""
    for form_id, severity in (("annex_b", "error"), ("annex_a", "warning")):
        answers = sample_answers(form_id)
        for member in answers["members"]:
            member["voting"] = False
        hits = [p for p in check(form_id, answers).problems if p.rule == "lay_executive_majority"]
        assert [p.severity for p in hits] == [severity], form_id


def test_an_explained_no_to_advice_is_quiet_and_to_a_legal_requirement_is_not() -> None:
    answers = sample_answers("annex_b")
    answers["lay_member_training"] = False
    answers["conflicts_explanation"] = (
        "Training is booked for March 2015 with the CSU governance team."
    )
    assert check("annex_b", answers).problems == ()
    answers["prompt_declarations"] = False
    (problem,) = check("annex_b", answers).problems
    assert (problem.rule, problem.severity) == ("prompt_declarations_no", "error")
    assert "whatever the explanation" in problem.message


def test_non_voting_observers_are_allowed() -> None:
    answers = sample_answers("annex_b")
    assert {m["organisation"] for m in answers["members"] if not m["voting"]} == {
        "healthwatch",
        "local_authority",
    }
    assert check("annex_b", answers).problems == ()


def test_chair_message_names_the_question() -> None:
    answers = sample_answers("annex_b")
    _b_chair_executive(answers)
    (problem,) = check("annex_b", answers).for_field("chair_name")
    assert (
        problem.message
        == "The chair of the primary care commissioning committee must be a lay member"
    )
