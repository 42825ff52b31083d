"""The rendering plan: one backend-neutral document per draft, driven by the form."""

from __future__ import annotations

import json

from proforma_app.core.validation import check_draft
from proforma_app.render import Document, build_document
from proforma_app.render.model import AnswerTable, Paragraph, QuestionRow, SignatureBlock, Table
from tests.export.conftest import FIXED_NOW, load_sample


def _plan(draft, mark_draft: bool = False) -> Document:
    return build_document(draft, check_draft(draft), mark_draft=mark_draft, exported_at=FIXED_NOW)


def _rows(document: Document) -> dict[str, QuestionRow]:
    return {
        row.field_id: row
        for section in document.sections
        for block in section.blocks
        if isinstance(block, AnswerTable)
        for row in block.rows
    }


def test_the_title_block_says_who_submits_what_by_when() -> None:
    document = _plan(load_sample("annex_b_valid"))
    assert document.annex == "Annex B"
    assert document.title == "Submission proforma for delegated commissioning arrangements"
    assert dict(document.facts) == {
        "CCG": "NHS Darlington CCG (00C)",
        "Deadline": "12 noon, 9 January 2015 (for arrangements starting on 1 April 2015)",
        "Form version": "3",
        "Exported": "20 January 2015, 10:30 UTC",
    }


def test_sections_and_questions_follow_the_form() -> None:
    draft = load_sample("annex_b_valid")
    document = _plan(draft)
    assert [s.title for s in document.sections] == [s.title for s in draft.form.sections]
    shown = [
        getattr(block, "field_id", None) or row.field_id
        for section in document.sections
        for block in section.blocks
        for row in (block.rows if isinstance(block, AnswerTable) else [block])
        if not isinstance(block, Paragraph)
    ]
    expected = [f.id for f in draft.form.fields]
    expected.insert(expected.index("members"), "members")  # the members, then the attendees
    assert shown == expected


def test_non_voting_healthwatch_and_board_representatives_are_listed_as_attendees() -> None:
    document = _plan(load_sample("annex_b_valid"))
    tables = [
        b
        for s in document.sections
        for b in s.blocks
        if isinstance(b, Table) and b.field_id == "members"
    ]
    assert [t.caption for t in tables] == ["Committee members", "Non-voting attendees"]
    members, attendees = tables
    assert [row[0] for row in attendees.rows] == ["Jonathan Price", "Cllr Susan Ward"]
    assert not {"Jonathan Price", "Cllr Susan Ward"} & {row[0] for row in members.rows}
    assert len(members.rows) == 6
    draft = load_sample("annex_b_valid")
    for member in draft.answers["members"]:
        if member["organisation"] == "local_authority":
            member["voting"] = True  # a voting councillor is a member (and a warning)
    members, attendees = (
        b
        for s in _plan(draft).sections
        for b in s.blocks
        if isinstance(b, Table) and b.field_id == "members"
    )
    assert "Cllr Susan Ward" in {row[0] for row in members.rows}
    assert [row[0] for row in attendees.rows] == ["Jonathan Price"]


def test_the_attestation_statement_comes_just_before_the_first_signature() -> None:
    document = _plan(load_sample("annex_b_valid"))
    attestation = next(s for s in document.sections if s.title == "Attestation")
    kinds = [type(b).__name__ for b in attestation.blocks]
    assert kinds == ["AnswerTable", "Paragraph", "SignatureBlock", "SignatureBlock"]
    statement = attestation.blocks[1]
    assert isinstance(statement, Paragraph)
    assert statement.text == (
        "We attest that NHS Darlington CCG has complied with the conflicts of interest guidance."
    )


def test_answers_read_as_people_write_them() -> None:
    rows = _rows(_plan(load_sample("annex_a_valid")))
    assert rows["lead_ccg"].answer == "NHS Hartlepool and Stockton-on-Tees CCG (00K)"
    assert rows["area_team"].answer == "Durham, Darlington and Tees (Q45)"
    assert rows["start_date"].answer == "1 April 2015"
    assert rows["governance_model"].answer == "Joint committee"
    assert rows["ccg_functions_jointly"].answer == "No"
    assert rows["functions"].answer.splitlines()[0].startswith("GMS, PMS and APMS contracts")
    document = _plan(load_sample("annex_a_valid"))
    pooled = next(
        b
        for s in document.sections
        for b in s.blocks
        if getattr(b, "field_id", "") == "pooled_fund_contributions"
    )
    assert isinstance(pooled, Table)
    assert pooled.rows == (
        ("NHS Hartlepool and Stockton-on-Tees CCG", "£250,000.00"),
        ("NHS England", "£1,250,000.50"),
    )


def test_questions_that_do_not_apply_are_left_out_and_unanswered_ones_say_so() -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["register_published_online"] = False
    del draft.answers["contact_phone"]
    rows = _rows(_plan(draft, mark_draft=True))
    assert "register_of_interests_url" not in rows
    assert rows["contact_phone"] == QuestionRow(
        "contact_phone", "Contact telephone number", "Not answered", answered=False
    )


def test_a_failed_answer_in_a_marked_draft_still_reads_naturally() -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["start_date"] = "2015-03-01"  # before the earliest start: an error
    rows = _rows(_plan(draft, mark_draft=True))
    assert rows["start_date"].answer == "1 March 2015"


def test_signatures_become_signature_blocks() -> None:
    document = _plan(load_sample("annex_b_valid"))
    blocks = [b for s in document.sections for b in s.blocks if isinstance(b, SignatureBlock)]
    assert [(b.name, b.role, b.date, b.image) for b in blocks] == [
        ("Robert Lamb", "Lay member and chair of the audit committee", "5 December 2014", None),
        ("Dr Anjali Mehta", "Chief Officer and Accountable Officer", "5 December 2014", None),
        (
            "Cameron Ward",
            "Director, Durham, Darlington and Tees area team",
            "8 December 2014",
            None,
        ),
    ]
    assert blocks[0].signatory


def test_the_machine_copy_is_the_draft_in_ascii_json() -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["not_a_question"] = "kept for machines, not printed"
    document = _plan(draft)
    data = json.loads(document.machine_copy.decode("ascii"))
    assert data["answers"] == draft.answers
    assert data["form_id"] == "annex_b"
    assert "not_a_question" not in str(document.sections)


def test_a_marked_draft_lists_its_problems_last_and_a_final_one_does_not() -> None:
    marked = _plan(load_sample("annex_b_mistakes"), mark_draft=True)
    assert marked.is_draft and marked.sections[-1].title == "Outstanding problems"
    final = _plan(load_sample("annex_b_valid"))
    assert not final.is_draft and final.sections[-1].title != "Outstanding problems"
    clean = _plan(load_sample("annex_b_valid"), mark_draft=True)
    assert "no outstanding problems" in str(clean.sections[-1].blocks[0])


def test_answers_of_the_wrong_shape_are_shown_as_typed() -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["members"] = "Everyone on the governing body"
    draft.answers["sign_audit_chair"] = "Robert Lamb, 5/12/2014"
    rows = _rows(_plan(draft, mark_draft=True))
    assert rows["members"].answer == "Everyone on the governing body"
    assert rows["sign_audit_chair"].answer == "Robert Lamb, 5/12/2014"
