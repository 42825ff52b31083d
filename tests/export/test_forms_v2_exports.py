"""What version 2 of the forms puts in front of NHS England: where to send each form, the
Annex B attestation above its signatures, and the guidance cited beside each problem."""

from __future__ import annotations

import pytest

from proforma_app.export import render_export
from tests.export.conftest import FIXED_NOW, load_sample
from tests.export.readback import docx_body_text, missing_in_order, pdf_body_text, squash

EMAIL = "england.co-commissioning@nhs.net"


def _text(name: str, fmt: str, mark_draft: bool = False) -> str:
    data, _ = render_export(load_sample(name), fmt, mark_draft=mark_draft, now=FIXED_NOW)
    return pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", ["annex_a_valid", "annex_b_valid", "constitution_amendment_valid"])
def test_every_form_says_to_email_the_national_support_centre(name: str, fmt: str) -> None:
    text = _text(name, fmt)
    assert EMAIL in squash(text)
    assert "sendittoyournhsenglandareateam" not in squash(text).lower()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_annex_b_prints_the_attestation_statement_above_the_two_signatures(fmt: str) -> None:
    text = _text("annex_b_valid", fmt)
    missing = missing_in_order(
        text,
        [
            "Attestation",
            "Audit committee chair's name",
            "We attest that NHS Darlington CCG has complied with the conflicts of interest "
            "guidance.",
            "Signature of the audit committee chair",
            "Robert Lamb",
            "Signature of the Accountable Officer",
            "Dr Anjali Mehta",
        ],
    )
    assert missing == []
    assert squash(text).count(squash("We attest that")) == 1


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_marked_draft_problem_list_cites_the_guidance(fmt: str) -> None:
    text = _text("annex_b_mistakes", fmt, mark_draft=True)
    tail = text[text.index("Outstanding problems") :]
    assert (
        missing_in_order(
            tail,
            [
                "The chair of the primary care commissioning committee must be a lay member "
                "(Next steps, 4.4.2)",
                "Good practice: the committee chair is also the audit committee chair",
                "Consistency check: the audit committee chair's signature is not in the name "
                "of the audit committee chair given above; make them the same",
            ],
        )
        == []
    )
    consistency = tail[tail.index("Consistency check: the audit committee chair's") :]
    assert "(Next steps" not in consistency.split("make them the same")[0]
    good_practice = tail[tail.index("Good practice: the committee chair") :]
    assert "(Next steps" not in good_practice.split("\n\n")[0].split("one of them")[0]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", ["annex_a_valid", "annex_b_valid"])
def test_healthwatch_and_board_representatives_are_listed_as_non_voting_attendees(
    name: str, fmt: str
) -> None:
    draft = load_sample(name)
    attendees = [
        m["name"]
        for m in draft.answers["members"]
        if not m["voting"] and m["organisation"] in ("healthwatch", "local_authority")
    ]
    voters = [m["name"] for m in draft.answers["members"] if m["voting"]]
    assert attendees and voters
    text = _text(name, fmt)
    members = text[text.index("Committee members") : text.index("Non-voting attendees")]
    after = text[text.index("Non-voting attendees") :]
    assert all(squash(v) in squash(members) for v in voters)
    assert not any(squash(a) in squash(members) for a in attendees)
    assert missing_in_order(after, attendees) == []
