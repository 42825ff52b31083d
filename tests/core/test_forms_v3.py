"""Form version 3, point by point of the specification, as ``proforma validate --json`` says it.

Each case changes a valid sample in one way and names the problems that must (and must not)
be reported, with their severity and basis; boundaries are tested on both sides (nobody
voting and exactly half, a signature on the deadline day and the day after, start dates of
31 March and 1 April 2016, an effective date on the approval date and the day before).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from proforma_app.cli import main
from proforma_app.core.catalogue import builtin_forms, get_form
from proforma_app.core.definition import (
    ERROR_STRENGTHS,
    FormDefinition,
    Source,
    verbs_in,
    weakest_strength,
)
from tests.conftest import EXAMPLES
from tests.core.test_forms_v2 import _form_with_rule

Answers = dict[str, Any]
Change = Callable[[Answers], None]


def _set(**changes: Any) -> Change:
    return lambda a: a.update(changes)


def _all(*changes: Change) -> Change:
    def change(a: Answers) -> None:
        for each in changes:
            each(a)

    return change


def _members(**changes: Any) -> Change:
    def change(a: Answers) -> None:
        for member in a["members"]:
            member.update(changes)

    return change


def _add_member(**member: Any) -> Change:
    row = {"name": "New Member", "role": "Member", "category": "other", "voting": True}
    return lambda a: a["members"].append(row | member)


def _signed(day: str, *fields: str) -> Change:
    def change(a: Answers) -> None:
        for name in fields:
            a[name]["date"] = day

    return change


def _write(folder: Path, form_id: str, change: Change, name: str | None = None) -> Path:
    data = json.loads((EXAMPLES / f"{form_id}_valid.json").read_text(encoding="utf-8"))
    change(data["answers"])
    path = folder / (name or f"{form_id}.json")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def validate_json(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[Answers]]:
    code = main(["validate", "--json", *map(str, paths)])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def _found(problems: list[Answers], key: str) -> list[Answers]:
    """Problems of a rule id, or of a field (answer problems have no rule)."""
    return [p for p in problems if p["rule"] == key or (p["rule"] is None and p["field"] == key)]


A, B, C = "annex_a", "annex_b", "constitution_amendment"
A_SIGNS = ("sign_ccg", "sign_area_team")
B_SIGNS = ("sign_audit_chair", "sign_accountable_officer", "sign_area_team")
EXPLAINED = "The registers go on the website in March 2015; the governance lead owns this."

# (id, form, change, {rule or field: (severity, basis)} reported, [rules or fields] not reported)
CASES: list[tuple[str, str, Change, dict[str, tuple[str, str]], list[str]]] = [
    # -- severity follows the guidance's verb ------------------------------------------------
    (
        "have regard to is a warning",
        B,
        _set(policy_updated_for_statutory_guidance=False),
        {"policy_updated_for_statutory_guidance_explained": ("warning", "guidance")},
        [],
    ),
    (
        "lay member training (no duty on the CCG) is a warning",
        B,
        _set(lay_member_training=False),
        {"lay_member_training_explained": ("warning", "guidance")},
        [],
    ),
    (
        "a consistency check says so and cites nothing",
        B,
        _set(chair_name="Not A Member"),
        {"chair_is_member": ("error", "consistency")},
        [],
    ),
    (
        "good practice stays good practice",
        B,
        _set(meetings_in_public=False),
        {"meetings_not_in_public": ("warning", "good_practice")},
        [],
    ),
    (
        "the area team mismatch is a consistency check",
        A,
        _set(area_team="Q46"),
        {"area_team_matches_lead_ccg": ("warning", "consistency")},
        [],
    ),
    # -- an explanation never turns a legal minimum into a pass ------------------------------
    *(
        (
            f"{field} no, explained, stays an error",
            B,
            _set(**{field: False, "conflicts_explanation": EXPLAINED}),
            {f"{field}_no": ("error", "guidance")},
            [],
        )
        for field in (
            "registers_of_interests_kept",
            "register_of_interests_published",
            "prompt_declarations",
            "conflicts_arrangements",
            "register_of_procurement_decisions",
        )
    ),
    (
        "an explained no to advice is quiet",
        B,
        _set(register_in_annual_accounts=False, conflicts_explanation=EXPLAINED),
        {},
        ["register_in_annual_accounts_explained"],
    ),
    (
        "registers open to the public but not online: no web address asked",
        B,
        _set(register_published_online=False, register_of_interests_url=""),
        {},
        ["register_of_interests_url", "register_of_interests_published_no"],
    ),
    (
        "registers online: the web address is asked",
        B,
        _set(register_of_interests_url=""),
        {"register_of_interests_url": ("error", "answer")},
        [],
    ),
    # -- scope and dates ---------------------------------------------------------------------
    *(
        (
            f"{form}: start 31 March 2015 is an error",
            form,
            _set(start_date="2015-03-31"),
            {"start_date": ("error", "answer")},
            [],
        )
        for form in (A, B)
    ),
    *(
        (
            f"{form}: start 31 March 2016 is fine",
            form,
            _set(start_date="2016-03-31"),
            {},
            ["start_date_after_2015_16", "start_date"],
        )
        for form in (A, B)
    ),
    *(
        (
            f"{form}: start 1 April 2016 is a warning",
            form,
            _set(start_date="2016-04-01"),
            {"start_date_after_2015_16": ("warning", "guidance")},
            [],
        )
        for form in (A, B)
    ),
    (
        "Annex A signed on the deadline day",
        A,
        _signed("2015-01-30", *A_SIGNS),
        {},
        ["submitted_after_deadline"],
    ),
    (
        "Annex A signed the day after",
        A,
        _signed("2015-01-31", *A_SIGNS),
        {"submitted_after_deadline": ("warning", "guidance")},
        [],
    ),
    (
        "Annex B signed on the deadline day",
        B,
        _signed("2015-01-09", *B_SIGNS),
        {},
        ["submitted_after_deadline"],
    ),
    (
        "Annex B signed the day after",
        B,
        _signed("2015-01-10", *B_SIGNS),
        {"submitted_after_deadline": ("warning", "guidance")},
        [],
    ),
    (
        "a late start has no 1 April deadline",
        B,
        _all(_set(start_date="2015-07-01"), _signed("2015-03-01", *B_SIGNS)),
        {},
        ["submitted_after_deadline"],
    ),
    (
        "an amendment beyond co-commissioning, signed 9 January",
        C,
        _all(
            _set(amendment_type=["joint_with_nhs_england"], changes_beyond_co_commissioning=True),
            _signed("2015-01-09", "sign_accountable_officer"),
        ),
        {},
        ["other_changes_submitted_after_deadline", "joint_submitted_after_deadline"],
    ),
    (
        "an amendment beyond co-commissioning, signed 10 January",
        C,
        _all(
            _set(amendment_type=["joint_with_nhs_england"], changes_beyond_co_commissioning=True),
            _signed("2015-01-10", "sign_accountable_officer"),
        ),
        {"other_changes_submitted_after_deadline": ("warning", "guidance")},
        ["joint_submitted_after_deadline"],
    ),
    (
        "a solely joint amendment, signed 30 January",
        C,
        _all(
            _set(amendment_type=["joint_with_nhs_england"]),
            _signed("2015-01-30", "sign_accountable_officer"),
        ),
        {},
        ["joint_submitted_after_deadline", "submitted_after_deadline"],
    ),
    (
        "a solely joint amendment, signed 31 January",
        C,
        _all(
            _set(amendment_type=["joint_with_nhs_england"]),
            _signed("2015-01-31", "sign_accountable_officer"),
        ),
        {"joint_submitted_after_deadline": ("warning", "guidance")},
        [],
    ),
    (
        "effective on the approval day",
        C,
        _set(proposed_effective_date="2014-11-20"),
        {},
        ["effective_after_approval"],
    ),
    (
        "effective the day before approval",
        C,
        _set(proposed_effective_date="2014-11-19"),
        {"effective_after_approval": ("error", "consistency")},
        [],
    ),
    # -- committee make-up -------------------------------------------------------------------
    (
        "Annex B: nobody voting has no majority",
        B,
        _members(voting=False),
        {"lay_executive_majority": ("error", "guidance")},
        [],
    ),
    (
        "Annex A: nobody voting has no majority",
        A,
        _members(voting=False),
        {
            "lay_executive_majority": ("warning", "guidance"),
            "chair_is_voting_member": ("error", "consistency"),
            "nhs_england_voting_member": ("error", "consistency"),
            "ccg_voting_member": ("error", "consistency"),
        },
        [],
    ),
    (
        "Annex A: exactly half lay and executive is no majority",
        A,
        _all(
            _add_member(name="Dr A", organisation="ccg", category="clinical"),
            _add_member(name="Dr B", organisation="ccg", category="clinical"),
        ),
        {"lay_executive_majority": ("warning", "guidance")},
        [],
    ),
    (
        "Annex A: one more lay and executive member is a majority",
        A,
        _add_member(name="Dr A", organisation="ccg", category="clinical"),
        {},
        ["lay_executive_majority"],
    ),
    (
        "Annex A: a chair who is not lay is a warning",
        A,
        lambda a: a["members"][0].update(category="executive"),
        {"chair_is_lay": ("warning", "guidance")},
        [],
    ),
    (
        "committees in common need no NHS England voter in one committee",
        A,
        _all(
            _set(governance_model="committees_in_common"),
            lambda a: [
                m.update(voting=False) for m in a["members"] if m["organisation"] == "nhs_england"
            ],
        ),
        {},
        ["nhs_england_voting_member", "ccg_voting_member"],
    ),
    (
        "a joint committee needs an NHS England voter",
        A,
        lambda a: [
            m.update(voting=False) for m in a["members"] if m["organisation"] == "nhs_england"
        ],
        {"nhs_england_voting_member": ("error", "consistency")},
        [],
    ),
    *(
        (
            f"{form}: a voting Healthwatch member is an error",
            form,
            _add_member(name="Pat Watch", organisation="healthwatch"),
            {"healthwatch_non_voting": ("error", "guidance")},
            ["local_authority_voting"],
        )
        for form in (A, B)
    ),
    *(
        (
            f"{form}: a voting local authority member is a warning",
            form,
            _add_member(name="Cllr Jo Bloggs", organisation="local_authority"),
            {"local_authority_voting": ("warning", "guidance")},
            ["healthwatch_non_voting"],
        )
        for form in (A, B)
    ),
    # -- missing questions -------------------------------------------------------------------
    *(
        (
            f"{form}: {field} no is an error",
            form,
            _set(**{field: False}),
            {rule: ("error", "guidance")},
            [],
        )
        for form in (A, B)
        for field, rule in (
            ("information_governance", "information_governance_not_met"),
            ("patient_public_engagement", "patient_public_engagement_not_assured"),
            ("eligibility_confirmed", "eligibility_not_confirmed"),
        )
    ),
    *(
        (
            f"{form}: no documents ticked, a warning for each",
            form,
            _set(documents_attached=[]),
            {
                "governance_structure_not_attached": ("warning", "guidance"),
                "constitution_amendment_request_not_attached": ("warning", "guidance"),
            },
            [],
        )
        for form in (A, B)
    ),
    (
        "Annex B: the area team signs too",
        B,
        _set(sign_area_team=None),
        {"sign_area_team": ("error", "answer")},
        [],
    ),
    # -- the amendment -----------------------------------------------------------------------
    (
        "joint commissioning with other CCGs only is a warning",
        C,
        _set(amendment_type=["joint_with_ccgs"], partner_ccgs=[{"ccg": "00D"}]),
        {"joint_with_ccgs_only": ("warning", "guidance")},
        [],
    ),
    (
        "joint with NHS England and other CCGs is fine",
        C,
        _set(
            amendment_type=["joint_with_nhs_england", "joint_with_ccgs"],
            partner_ccgs=[{"ccg": "00D"}],
        ),
        {},
        ["joint_with_ccgs_only"],
    ),
    (
        "not consulting the local authority is an error",
        C,
        _set(local_authority_consulted=False),
        {"local_authority_not_consulted": ("error", "guidance")},
        [],
    ),
]


@pytest.mark.parametrize(
    ("form_id", "change", "reported", "not_reported"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_validate_json_gives_the_verdict_the_guidance_gives(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    form_id: str,
    change: Change,
    reported: dict[str, tuple[str, str]],
    not_reported: list[str],
) -> None:
    code, (result,) = validate_json(capsys, _write(tmp_path, form_id, change))
    problems = result["problems"]
    for key, (severity, basis) in reported.items():
        found = _found(problems, key)
        assert found, f"{key} not reported; got {[(p['rule'], p['field']) for p in problems]}"
        assert {(p["severity"], p["basis"]) for p in found} == {(severity, basis)}, key
        for p in found:
            if basis == "guidance":
                assert p["source"]["verb"] in p["source"]["quote"].casefold()
            if basis in ("consistency", "good_practice"):
                assert p["source"] is None
                prefix = "Consistency check:" if basis == "consistency" else "Good practice:"
                assert p["message"].startswith(prefix)
                assert "guidance" not in p["message"].casefold()
    for key in not_reported:
        assert not _found(problems, key), key
    others = [p for p in problems if not any(p in _found(problems, k) for k in reported)]
    assert [p for p in others if p["severity"] == "error"] == []  # one cause, one verdict
    expected_code = 1 if any(s == "error" for s, _ in reported.values()) else 0
    assert code == expected_code


# ------------------------------------------------------------------ across forms
def test_the_amendment_is_matched_with_an_annex_a_naming_its_ccg_as_a_partner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """00M is a partner in the Annex A led by 00K: its amendment must name the same CCGs."""
    annex_a = _write(tmp_path, A, lambda a: None, "tees-joint.json")
    agreeing = _write(
        tmp_path,
        C,
        _set(
            ccg="00M",
            amendment_type=["joint_with_nhs_england", "joint_with_ccgs"],
            committee_name="Tees Primary Care Joint Committee",
            partner_ccgs=[{"ccg": "00K"}],
        ),
        "south-tees-amendment.json",
    )
    _, results = validate_json(capsys, agreeing, annex_a)
    assert [p for p in results[0]["problems"] if p["rule"] == "matches_annex_a"] == []
    differing = _write(
        tmp_path,
        C,
        _set(
            ccg="00M",
            amendment_type=["joint_with_nhs_england", "joint_with_ccgs"],
            committee_name="South Tees Committee",
            partner_ccgs=[{"ccg": "00D"}],
        ),
        "south-tees-amendment.json",
    )
    code, results = validate_json(capsys, differing, annex_a)
    assert code == 0  # warnings
    warnings = {p["field"]: p for p in results[0]["problems"] if p["rule"] == "matches_annex_a"}
    assert set(warnings) == {"committee_name", "partner_ccgs"}
    for p in warnings.values():
        assert p["severity"] == "warning" and p["basis"] == "consistency"
        assert "the Annex A draft tees-joint.json" in p["message"]  # names the other file
    assert "the CCGs taking part are not the same" in warnings["partner_ccgs"]["message"]


def test_a_joint_amendment_without_partners_is_told_where_the_annex_a_has_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annex_a = _write(tmp_path, A, lambda a: None, "tees-joint.json")
    amendment = _write(
        tmp_path,
        C,
        _set(
            ccg="00K",
            amendment_type=["joint_with_nhs_england"],
            committee_name="Tees Primary Care Joint Committee",
        ),
    )
    _, results = validate_json(capsys, amendment, annex_a)
    (warning,) = [p for p in results[0]["problems"] if p["rule"] == "matches_annex_a"]
    assert warning["field"] == "amendment_type"  # partner CCGs are not asked yet


def test_a_joint_only_amendment_is_not_compared_with_an_annex_b(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annex_b = _write(tmp_path, B, _set(committee_name="Another Committee"))
    delegated = _write(tmp_path, C, lambda a: None, "delegated.json")
    joint = _write(tmp_path, C, _set(amendment_type=["joint_with_nhs_england"]), "joint.json")
    _, results = validate_json(capsys, delegated, joint, annex_b)
    by_file = {Path(r["file"]).name: r["problems"] for r in results}
    (warning,) = [p for p in by_file["delegated.json"] if p["rule"] == "matches_annex_b"]
    assert "the Annex B draft annex_b.json" in warning["message"]
    assert not [p for p in by_file["joint.json"] if p["rule"] == "matches_annex_b"]


# ------------------------------------------------------------------ the verb in the meta-model
ERROR_RULES = [
    pytest.param(rule, id=f"{form.form_id}-{rule.id}")
    for form in builtin_forms().values()
    for rule in form.rules
    if rule.severity == "error" and rule.basis == "guidance"
]


@pytest.mark.parametrize("rule", ERROR_RULES)
def test_no_error_rests_on_a_should_or_have_regard_to_line(rule: Any) -> None:
    """The verb is read from the quote's own words: no list of rules to keep in step."""
    assert rule.source is not None
    assert weakest_strength(rule.source.quote) in ERROR_STRENGTHS
    assert not {"should", "have regard to", "encouraged", "recommended"} & set(
        verbs_in(rule.source.quote)
    )


def test_every_error_a_draft_can_show_rests_on_a_requirement_or_on_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors of the mistakes samples, and missing answers: a cited line always binds."""
    empty = tmp_path / "empty.json"
    for form_id in (A, B, C):
        main(["new", form_id, "-o", str(empty)])
        capsys.readouterr()
        _, results = validate_json(capsys, empty, EXAMPLES / f"{form_id}_mistakes.json")
        empty.unlink()
        for result in results:
            for p in result["problems"]:
                if p["severity"] == "error" and p["source"] is not None:
                    assert weakest_strength(p["source"]["quote"]) in ERROR_STRENGTHS, p


SHOULD = {
    "section": "7.1.3",
    "lines": [1715, 1716],
    "quote": "As membership organisations, CCGs should consult with their members on any constitutional changes.",
    "verb": "should",
}
HAVE_REGARD = {
    "section": "6.2",
    "lines": [1552, 1556],
    "quote": "all CCGs will be required to have regard to the principles set out in the guidance.",
    "verb": "have regard to",
}
DUTY = {
    "section": "7.1.3",
    "lines": [1716, 1717],
    "quote": "CCGs also have a duty to consult with relevant stakeholders, such as local authorities, on constitutional changes.",
    "verb": "duty",
}


@pytest.mark.parametrize("source", [SHOULD, HAVE_REGARD], ids=["should", "have regard to"])
def test_the_meta_model_refuses_an_error_on_a_should_or_have_regard_to_line(
    source: dict[str, Any],
) -> None:
    with pytest.raises(ValidationError, match="make it a warning"):
        FormDefinition.model_validate(_form_with_rule(source=source))
    FormDefinition.model_validate(_form_with_rule(source=source, severity="warning"))
    FormDefinition.model_validate(_form_with_rule(source=DUTY))


@pytest.mark.parametrize(
    ("verb", "quote", "refusal"),
    [
        ("must", SHOULD["quote"], "not in the quote"),
        ("will be required", HAVE_REGARD["quote"], "not the quote's weakest"),
        ("consult", DUTY["quote"], "it says 'duty'"),
    ],
)
def test_a_source_verb_must_be_the_quotes_own_and_its_weakest(
    verb: str, quote: str, refusal: str
) -> None:
    with pytest.raises(ValidationError, match=refusal):
        Source(section="7.1.3", lines=(1715, 1717), quote=quote, verb=verb)


def test_an_explanation_never_softens_a_requirement() -> None:
    with pytest.raises(ValidationError, match="never turns a 'duty' into a pass"):
        FormDefinition.model_validate(
            _form_with_rule(source=DUTY, unless_answered="conflicts_explanation")
        )
    FormDefinition.model_validate(
        _form_with_rule(source=SHOULD, severity="warning", unless_answered="conflicts_explanation")
    )


@pytest.mark.parametrize(
    ("rule", "refusal"),
    [
        ({"basis": "consistency", "message": "Consistency check: x", "source": DUTY}, "cites no"),
        ({"basis": "consistency", "message": "The chair is not listed"}, "starts 'Consistency"),
        (
            {"basis": "consistency", "message": "Consistency check: the guidance says so"},
            "never says",
        ),
    ],
)
def test_a_consistency_check_says_so_and_cites_nothing(rule: Answers, refusal: str) -> None:
    with pytest.raises(ValidationError, match=refusal):
        FormDefinition.model_validate(_form_with_rule(**rule))
    FormDefinition.model_validate(
        _form_with_rule(basis="consistency", message="Consistency check: the dates disagree")
    )


def test_the_start_date_help_says_both_limits_and_in_year_only_for_delegated() -> None:
    for form_id in (A, B):
        help_text = get_form(form_id).field("start_date").help
        assert "1 April 2015" in help_text and "31 March 2016" in help_text
        assert ("in-year" in help_text) is (form_id == B)
    for form in builtin_forms().values():
        for rule in form.rules:
            if "in-year" in rule.message:
                assert form.form_id == B or "delegated" in rule.message, rule.id
