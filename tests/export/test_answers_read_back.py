"""Every answer of every sample appears, in the form's order, in both formats."""

from __future__ import annotations

import pytest

from proforma_app.export import read_embedded_draft, render_export
from tests.export.conftest import FIXED_NOW, VALID_SAMPLES, load_sample
from tests.export.expected import answers_in_order, questions_in_order
from tests.export.readback import docx_body_text, missing_in_order, pdf_body_text


def _body_text(fmt: str, data: bytes) -> str:
    return pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_every_answer_of_a_full_sample_appears_in_order(name: str, fmt: str) -> None:
    draft = load_sample(name)
    data, result = render_export(draft, fmt, now=FIXED_NOW)
    assert result.report.is_valid
    text = _body_text(fmt, data)
    expected = answers_in_order(draft)
    assert len(expected) > 15  # the samples are full
    assert missing_in_order(text, expected) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_every_question_that_applies_is_asked_in_order(name: str, fmt: str) -> None:
    draft = load_sample(name)
    data, _ = render_export(draft, fmt, now=FIXED_NOW)
    assert missing_in_order(_body_text(fmt, data), questions_in_order(draft)) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_answers_read_as_people_write_them(fmt: str) -> None:
    data, _ = render_export(load_sample("annex_a_valid"), fmt, now=FIXED_NOW)
    text = _body_text(fmt, data)
    for shown in (
        "NHS Hartlepool and Stockton-on-Tees CCG (00K)",
        "1 April 2015",
        "Joint committee",
        "£1,250,000.50",
        "£250,000.00",
        "Yes",
        "No",
    ):
        assert missing_in_order(text, [shown]) == [], shown
    for raw in ("2015-04-01", "joint_committee", "1250000.50", "True", "00K\n"):
        assert raw not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_questions_that_do_not_apply_are_left_out(fmt: str) -> None:
    draft = load_sample("annex_a_valid")
    draft.answers["pooled_fund"] = False
    draft.answers["ccg_functions_jointly"] = False
    data, _ = render_export(draft, fmt, now=FIXED_NOW)
    text = _body_text(fmt, data)
    assert "Pooled fund host" not in text
    assert "NHS Hartlepool and Stockton-on-Tees CCG\n" not in text
    assert "£1,250,000.50" not in text  # the contributions table is not asked either
    assert missing_in_order(text, questions_in_order(draft)) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_unanswered_questions_say_so(fmt: str) -> None:
    draft = load_sample("annex_b_valid")
    del draft.answers["contact_phone"]
    draft.answers["quorum"] = "   "
    data, _ = render_export(draft, fmt, mark_draft=True, now=FIXED_NOW)
    text = _body_text(fmt, data)
    assert missing_in_order(text, ["Contact telephone number", "Not answered"]) == []
    assert missing_in_order(text, ["Quorum", "Not answered"]) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", [*VALID_SAMPLES, "annex_b_mistakes"])
def test_the_embedded_draft_reads_back_exactly(name: str, fmt: str, tmp_path) -> None:
    draft = load_sample(name)
    data, _ = render_export(draft, fmt, mark_draft=True, now=FIXED_NOW)
    target = tmp_path / f"export.{fmt}"
    target.write_bytes(data)
    back = read_embedded_draft(target)
    assert back.form_id == draft.form_id
    assert back.form_version == draft.form_version
    assert back.answers == draft.answers
    assert back.saved_at == draft.saved_at
