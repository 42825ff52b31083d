"""Per-answer checks: required and conditional answers, formats, limits and reference data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from proforma_app.core.answer_checks import MAX_TEXT_LENGTH
from proforma_app.core.catalogue import builtin_forms, get_form
from proforma_app.core.validation import is_required
from tests.core.conftest import TODAY, check, problems_for, sample_answers


def _errors(form_id: str, field: str, **changes: Any) -> list[str]:
    answers = sample_answers(form_id)
    answers.update(changes)
    return [p.message for p in problems_for(check(form_id, answers), field, "error")]


REQUIRED = [
    (form.form_id, f.id)
    for form in builtin_forms().values()
    for f in form.fields
    if f.required is True and f.relevant_when is None
]


@pytest.mark.parametrize(("form_id", "field_id"), REQUIRED)
def test_required_answer_left_blank_is_an_error_naming_the_question(
    form_id: str, field_id: str
) -> None:
    field = get_form(form_id).field(field_id)
    for blank in (None, "", "   ", [], {}):
        answers = sample_answers(form_id)
        answers[field_id] = blank
        messages = [p.message for p in problems_for(check(form_id, answers), field_id, "error")]
        if field.type in (
            "text",
            "long_text",
            "email",
            "phone",
            "url",
            "date",
            "ccg",
            "area_team",
            "choice",
        ) and blank in ([], {}):
            continue  # a list is not text: reported as a format problem, tested below
        if field.type in ("table", "multi_choice") and blank in ("", "   ", {}):
            continue
        if field.type in ("yes_no", "signature") and blank == []:
            continue
        if field.type == "yes_no" and blank == {}:
            continue
        assert messages == [field.required_message], (blank, messages)
        assert field.required_message.split()[0] in ("Enter", "Select", "Add", "Describe")


def test_every_required_field_has_its_own_message() -> None:
    for form in builtin_forms().values():
        for f in form.fields:
            if f.required:
                assert f.error_message, f"{form.form_id}.{f.id} has no GOV.UK error message"


@pytest.mark.parametrize(
    ("form_id", "trigger", "on", "dependants"),
    [
        ("annex_a", "ccg_functions_jointly", True, ["ccg_functions_detail"]),
        (
            "annex_a",
            "pooled_fund",
            True,
            ["pooled_fund_contributions", "pooled_fund_host", "risk_share"],
        ),
        ("annex_b", "register_of_interests_published", True, ["register_published_online"]),
        ("annex_b", "register_published_online", True, ["register_of_interests_url"]),
        ("annex_b", "register_of_procurement_decisions", True, ["procurement_register_url"]),
    ],
)
def test_required_when_yes(form_id: str, trigger: str, on: bool, dependants: list[str]) -> None:
    answers = sample_answers(form_id)
    answers[trigger] = on
    for d in dependants:
        answers[d] = None
    report = check(form_id, answers)
    for d in dependants:
        assert [p.message for p in problems_for(report, d)] == [
            get_form(form_id).field(d).required_message
        ]
    answers[trigger] = not on
    answers["conflicts_explanation"] = "Explained: the register goes live in February 2015."
    report = check(form_id, answers)
    for d in dependants:
        assert problems_for(report, d) == []


def test_hidden_answers_are_not_checked() -> None:
    answers = sample_answers("annex_a")
    answers["pooled_fund"] = False
    answers["pooled_fund_contributions"] = [{"organisation": "", "amount": "-5"}]
    assert problems_for(check("annex_a", answers), "pooled_fund_contributions") == []


@pytest.mark.parametrize("form_id", ["annex_a", "annex_b"])
def test_constitution_date_required_unless_drafted(form_id: str) -> None:
    answers = sample_answers(form_id)
    answers["constitution_date"] = None
    for status, required in [
        ("drafted", False),
        ("approved_by_members", True),
        ("submitted", True),
    ]:
        answers["constitution_status"] = status
        messages = [p.message for p in problems_for(check(form_id, answers), "constitution_date")]
        assert bool(messages) == required, status
        assert (
            is_required(
                get_form(form_id).field("constitution_date"), {"constitution_status": status}
            )
            == required
        )


def test_partner_ccgs_required_for_joint_with_ccgs() -> None:
    answers = sample_answers("constitution_amendment")
    answers["amendment_type"] = ["delegated", "joint_with_ccgs"]
    answers["partner_ccgs"] = []
    assert [
        p.message for p in problems_for(check("constitution_amendment", answers), "partner_ccgs")
    ] == ["Add at least one partner CCG for joint commissioning with other CCGs"]
    answers["partner_ccgs"] = [{"ccg": "00D"}]
    assert check("constitution_amendment", answers).is_valid


@pytest.mark.parametrize("form_id", ["annex_a", "annex_b"])
def test_start_date_on_or_after_1_april_2015(form_id: str) -> None:
    assert _errors(form_id, "start_date", start_date="2015-03-31") == [
        "Start date must be on or after 1 April 2015"
    ]
    assert _errors(form_id, "start_date", start_date="2015-04-01") == []


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2015-04-01", True),
        ("01/04/2015", True),
        ("1/4/2015", True),
        ("2015-02-30", False),
        ("31/02/2015", False),
        ("tomorrow", False),
        (20150401, False),
        (True, False),
    ],
)
def test_date_formats(value: object, ok: bool) -> None:
    messages = _errors("annex_b", "governing_body_date", governing_body_date=value)
    assert (messages == []) == ok
    if not ok:
        assert messages == ["Governing body approval date must be a real date, like 01/04/2015"]


def test_minimum_members() -> None:
    answers = sample_answers("annex_b")
    answers["members"] = answers["members"][:2]
    assert "Add at least 3 members" in [
        p.message for p in problems_for(check("annex_b", answers), "members")
    ]
    answers = sample_answers("annex_a")
    answers["members"] = answers["members"][:1]
    assert "Add at least 2 members" in [
        p.message for p in problems_for(check("annex_a", answers), "members")
    ]


def test_member_row_cells_are_checked_with_the_row_named() -> None:
    answers = sample_answers("annex_b")
    answers["members"][1]["role"] = ""
    answers["members"][2]["category"] = "senior"
    report = check("annex_b", answers)
    assert [(p.row, p.column, p.message) for p in problems_for(report, "members")] == [
        (2, "role", "Enter the member's role (member 2)"),
        (3, "category", "Select category from the list (member 3)"),
    ]


@pytest.mark.parametrize("field", ["conflicts_approach"])
def test_conflicts_approach_at_least_50_characters(field: str) -> None:
    assert _errors("annex_a", field, **{field: "x" * 49}) == [
        "Approach to conflicts of interest must be at least 50 characters"
    ]
    assert _errors("annex_a", field, **{field: "x" * 50}) == []


def test_conflicted_members_procedure_at_least_50_characters() -> None:
    assert _errors(
        "annex_b", "conflicted_members_procedure", conflicted_members_procedure="They leave."
    ) == ["Procedure when members are conflicted must be at least 50 characters"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Amount must be more than £0 (contribution 1)"),
        ("-10.00", "Amount must be more than £0 (contribution 1)"),
        (
            "12.345",
            "Amount must be in pounds and pence, with no more than 2 decimal places (contribution 1)",
        ),
        ("lots", "Enter amount as an amount in pounds, like 1250.00 (contribution 1)"),
    ],
)
def test_pooled_fund_amounts_must_be_positive_pounds_and_pence(amount: str, message: str) -> None:
    answers = sample_answers("annex_a")
    answers["pooled_fund_contributions"][0]["amount"] = amount
    assert [
        p.message for p in problems_for(check("annex_a", answers), "pooled_fund_contributions")
    ] == [message]


@pytest.mark.parametrize("amount", ["£1,250.50", "1250.5", 1250, 1250.5])
def test_money_accepts_what_people_type(amount: object) -> None:
    answers = sample_answers("annex_a")
    answers["pooled_fund_contributions"][0]["amount"] = amount
    report = check("annex_a", answers)
    assert report.is_valid
    assert str(report.values["pooled_fund_contributions"][0]["amount"]) in ("1250.50", "1250.00")


@pytest.mark.parametrize(
    ("email", "ok"),
    [("a.b@nhs.net", True), ("a.b.nhs.net", False), ("a@b", False), ("a b@nhs.net", False)],
)
def test_email_format(email: str, ok: bool) -> None:
    assert (_errors("annex_a", "contact_email", contact_email=email) == []) == ok


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("0113 825 0000", True),
        ("+44 (0)113 825 0000", False),
        ("+44 113 825 0000", True),
        ("07700 900123", True),
        ("12345", False),
        ("0113 825 000a", False),
    ],
)
def test_uk_phone_format(phone: str, ok: bool) -> None:
    assert (_errors("annex_a", "contact_phone", contact_phone=phone) == []) == ok


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.darlingtonccg.nhs.uk/register", True),
        ("www.darlingtonccg.nhs.uk", False),
        ("javascript:alert(1)", False),
        ("ftp://example.nhs.uk/x", False),
    ],
)
def test_register_url_format(url: str, ok: bool) -> None:
    assert (
        _errors("annex_b", "register_of_interests_url", register_of_interests_url=url) == []
    ) == ok


def test_unknown_ccg_code_is_an_error_and_codes_are_case_insensitive() -> None:
    assert _errors("annex_b", "ccg", ccg="ZZZ") == ["Select CCG from the list of CCGs"]
    assert _errors("annex_b", "ccg", ccg="00c") == []
    assert _errors("annex_b", "area_team", area_team="Q99") == [
        "Select NHS England area team from the list of area teams"
    ]


def test_unknown_partner_ccg_is_an_error_in_its_row() -> None:
    answers = sample_answers("annex_a")
    answers["partner_ccgs"] = [{"ccg": "00M"}, {"ccg": "XXX"}]
    assert [
        (p.row, p.message) for p in problems_for(check("annex_a", answers), "partner_ccgs")
    ] == [(2, "Select CCG from the list of CCGs (partner CCG 2)")]


def test_functions_need_at_least_one() -> None:
    assert _errors("annex_a", "functions", functions=[]) == [
        "Select at least one function to be jointly commissioned"
    ]
    assert _errors("annex_a", "functions", functions=["contracts", "bogus"]) == [
        "Select functions to be jointly commissioned from the list"
    ]


def test_signature_date_not_in_future_and_parts_required() -> None:
    answers = sample_answers("annex_b")
    answers["sign_audit_chair"]["date"] = (TODAY + dt.timedelta(days=1)).isoformat()
    answers["sign_accountable_officer"]["role"] = ""
    report = check("annex_b", answers)
    assert [p.message for p in problems_for(report, "sign_audit_chair")] == [
        "The date of the signature of the audit committee chair must be today or in the past"
    ]
    assert [p.message for p in problems_for(report, "sign_accountable_officer")] == [
        "Enter the role for the signature of the Accountable Officer"
    ]


def test_signature_image_must_be_png_or_jpeg() -> None:
    answers = sample_answers("annex_b")
    answers["sign_audit_chair"]["image"] = "bm90IGFuIGltYWdl"  # "not an image"
    assert [p.message for p in problems_for(check("annex_b", answers), "sign_audit_chair")] == [
        "The signature image for signature of the audit committee chair must be a PNG or JPEG"
    ]
    answers["sign_audit_chair"]["image"] = "iVBORw0KGgoAAAANSUhEUg=="  # PNG signature bytes
    assert problems_for(check("annex_b", answers), "sign_audit_chair") == []


def test_text_longer_than_the_limit_is_refused_with_a_clear_message() -> None:
    messages = _errors(
        "annex_b", "conflicts_explanation", conflicts_explanation="x" * (MAX_TEXT_LENGTH + 1)
    )
    assert messages == ["Explanation of any 'no' answers must be 5,000 characters or fewer"]


def test_wrong_json_types_are_reported_not_raised() -> None:
    answers = sample_answers("annex_b")
    answers.update(
        contact_name=42,
        members="everyone",
        healthwatch_right_to_attend="maybe",
        sign_audit_chair="R Lamb",
        member_approval_method=["vote"],
    )
    report = check("annex_b", answers)
    by_field = {p.field: p.message for p in report.errors}
    assert by_field["contact_name"] == "Enter contact name as text"
    assert by_field["members"] == "Committee members must be a list of rows"
    assert (
        by_field["healthwatch_right_to_attend"]
        == "Select yes or no for right of Healthwatch to attend"
    )
    assert (
        by_field["sign_audit_chair"]
        == "Signature of the audit committee chair must have a name, role and date"
    )
    assert by_field["member_approval_method"] == "Select how members approved from the list"


def test_yes_no_accepts_words() -> None:
    assert _errors("annex_b", "hwb_invited", hwb_invited="Yes") == []


def test_validation_never_changes_the_answers() -> None:
    answers = sample_answers("annex_a")
    answers["contact_phone"] = "nonsense"
    snapshot = repr(answers)
    check("annex_a", answers)
    assert repr(answers) == snapshot
