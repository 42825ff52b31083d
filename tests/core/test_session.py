"""The draft session without Qt: what the window shows and what an export lists.

Revealing (a question's problems appear once the officer leaves it answered, or all at
once when asked), the area team a chosen CCG fills in, each section's status and counts,
and the other open drafts every check (the window's and the export's) is made against.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proforma_app.core.draft import Draft, new_draft
from proforma_app.core.reference import ccg_directory
from proforma_app.core.session import NO_PROBLEMS_YET, DraftSession
from proforma_app.core.validation import check_draft
from proforma_app.export import render_export
from proforma_app.files.storage import read_draft
from tests.conftest import EXAMPLES
from tests.export.readback import docx_body_text


def _example(name: str) -> Draft:
    return read_draft(EXAMPLES / f"{name}.json")


def _section(session: DraftSession, title: str) -> Any:
    return next(s for s in session.form.sections if s.title == title)


# ------------------------------------------------------------------ revealing
def test_a_new_draft_shows_no_problem_until_the_officer_leaves_an_answer_or_asks() -> None:
    session = DraftSession(new_draft("annex_b"))
    assert session.report.errors  # every required question is unanswered
    assert session.shown_problems() == []
    assert session.problem_count() == NO_PROBLEMS_YET
    assert all(session.section_count(s) == "" for s in session.form.sections)

    assert session.leave("contact_email") is False  # passed through, never answered
    assert session.shown_problems() == []

    session.edit("contact_email", "not an address")
    assert session.shown_problems() == []  # still in the question
    assert session.leave("contact_email") is True
    shown = session.shown_problems()
    assert [p.field for p in shown] == ["contact_email"]
    assert session.problem_count() == "1 error"
    assert session.section_count(_section(session, "Applicant")) == "1 error"
    assert session.leave("contact_email") is False  # already shown


def test_a_question_emptied_again_still_shows_its_problem_once_left() -> None:
    session = DraftSession(new_draft("annex_b"))
    session.edit("contact_name", "Jo")
    session.edit("contact_name", "")
    assert session.leave("contact_name") is True  # touched: the "Enter …" message shows
    assert [p.field for p in session.shown_problems()] == ["contact_name"]


def test_asking_reveals_every_problem_including_answers_the_form_does_not_ask_for() -> None:
    draft = new_draft("annex_b")
    draft.answers["retired_question"] = "kept"
    session = DraftSession(draft)
    assert session.shown_problems() == []
    report = session.reveal_all()
    assert session.shown_problems() == list(report.problems)
    assert any(p.field == "retired_question" for p in session.shown_problems())
    assert not session.asks("retired_question") and session.asks("contact_name")


def test_an_opened_draft_shows_every_problem_at_once() -> None:
    draft = _example("annex_b_mistakes")
    session = DraftSession(draft, revealed=True)
    assert session.shown_problems() == list(check_draft(draft).problems)
    counted = session.problem_count()
    assert counted != NO_PROBLEMS_YET and "error" in counted


def test_a_question_not_asked_shows_no_problem() -> None:
    session = DraftSession(new_draft("annex_b"), revealed=True)
    hidden = [f for f in session.form.fields if not session.is_asked(f)]
    assert hidden, "annex_b asks some questions only after another answer"
    assert all(session.question_problems(f) == [] for f in hidden)


# ------------------------------------------------------------------ fills
def test_choosing_a_ccg_fills_its_area_team_and_a_new_ccg_replaces_it() -> None:
    directory = ccg_directory()
    first, second = directory.ccg("02N"), directory.ccg("09C")
    assert first is not None and second is not None
    assert first.area_team_code != second.area_team_code
    session = DraftSession(new_draft("annex_b"))

    assert session.edit("ccg", "02N") == {"area_team": first.area_team_code}
    assert session.answers["area_team"] == first.area_team_code
    assert session.ccg_name() == first.name

    assert session.edit("ccg", "09C") == {"area_team": second.area_team_code}
    assert session.answers["area_team"] == second.area_team_code


def test_an_area_team_the_officer_chose_is_kept_when_the_ccg_changes() -> None:
    session = DraftSession(new_draft("annex_b"))
    session.edit("ccg", "02N")
    session.edit("area_team", "Q69")  # not the CCG's own: the officer's choice
    assert session.edit("ccg", "09C") == {}
    assert session.answers["area_team"] == "Q69"


def test_a_ccg_not_in_the_list_fills_nothing() -> None:
    session = DraftSession(new_draft("annex_b"))
    assert session.edit("ccg", "ZZZ") == {}
    assert "area_team" not in session.answers
    assert session.ccg_name() == "the CCG"


def test_an_edit_checks_again_and_keeps_answers_the_form_does_not_ask_for() -> None:
    draft = _example("annex_b_valid")
    draft.answers["retired_question"] = "kept"
    answers = draft.answers
    session = DraftSession(draft)
    session.edit("contact_email", "broken")
    assert session.answers is answers  # updated in place, never rebuilt
    assert answers["retired_question"] == "kept"
    assert [p.field for p in session.report.errors] == ["contact_email"]


# ------------------------------------------------------------------ status
def test_section_status_follows_answers_and_the_problems_shown() -> None:
    session = DraftSession(new_draft("annex_b"))
    applicant = _section(session, "Applicant")
    assert session.section_status(applicant) == "Not started"
    session.edit("contact_email", "not an address")
    assert session.section_status(applicant) == "In progress"  # error not shown yet
    session.leave("contact_email")
    assert session.section_status(applicant) == "Has problems"

    valid = DraftSession(_example("annex_b_valid"))
    assert {valid.section_status(s) for s in valid.form.sections} == {"Completed"}
    valid.edit("contact_name", "")
    assert valid.section_status(_section(valid, "Applicant")) == "In progress"
    valid.reveal_all()
    assert valid.section_status(_section(valid, "Applicant")) == "Has problems"
    assert valid.review_count() == "1 error"


# ------------------------------------------------------------------ export context
def _amendment_beside_annex_b() -> tuple[DraftSession, Draft]:
    annex_b = _example("annex_b_valid")
    amendment = _example("constitution_amendment_valid")
    assert amendment.answers["ccg"] == annex_b.answers["ccg"]
    annex_b.answers["committee_name"] = "Another Committee"
    open_drafts = [amendment, annex_b]
    session = DraftSession(amendment, revealed=True, other_drafts=lambda: open_drafts)
    return session, annex_b


def test_the_session_checks_against_the_other_open_drafts_never_itself() -> None:
    session, annex_b = _amendment_beside_annex_b()
    assert session.related_drafts() == [annex_b]
    disagreements = [p for p in session.report.warnings if p.rule == "matches_annex_b"]
    assert [p.field for p in disagreements] == ["committee_name"]
    assert disagreements[0] in session.shown_problems()
    assert not [p for p in check_draft(session.draft).problems if p.rule == "matches_annex_b"]


def test_the_other_drafts_are_asked_again_at_every_check() -> None:
    open_drafts: list[Draft] = []
    amendment = _example("constitution_amendment_valid")
    session = DraftSession(amendment, other_drafts=lambda: open_drafts)
    assert not session.report.warnings
    annex_b = _example("annex_b_valid")
    annex_b.answers["committee_name"] = "Another Committee"
    open_drafts.append(annex_b)  # a window opened beside it
    assert [p.rule for p in session.check().warnings] == ["matches_annex_b"]
    open_drafts.clear()  # and closed
    session.edit("committee_name", amendment.answers["committee_name"])
    assert not session.report.warnings


def test_a_marked_export_lists_the_problems_the_window_showed() -> None:
    session, _ = _amendment_beside_annex_b()
    session.edit("contact_name", "")  # an error as well as the disagreement
    shown = session.shown_problems()
    assert {p.severity for p in shown} == {"error", "warning"}
    payload, result = render_export(session.draft, "docx", mark_draft=True, report=session.report)
    assert result.report is session.report
    text = docx_body_text(payload)
    assert "Outstanding problems" in text
    assert "Committee name is not the same as in the Annex B draft" in text
    assert session.problem_count() in text


def test_the_session_module_needs_no_qt(tmp_path: Path) -> None:
    draft = tmp_path / "draft.json"
    data = json.loads((EXAMPLES / "annex_b_valid.json").read_text(encoding="utf-8"))
    draft.write_text(json.dumps(copy.deepcopy(data)), encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from proforma_app.core.session import DraftSession\n"
        "from proforma_app.files.storage import read_draft\n"
        f"session = DraftSession(read_draft(Path({str(draft)!r})), revealed=True)\n"
        "session.edit('contact_email', 'broken')\n"
        "assert session.problem_count() == '1 error', session.problem_count()\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


# ------------------------------------------------------------------ any text, any question
_TEXT_FIELDS = [
    f.id
    for f in new_draft("annex_b").form.fields
    if f.type in ("text", "long_text", "email", "phone", "url", "money", "date", "ccg")
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_TEXT_FIELDS), st.text(max_size=30)), min_size=1, max_size=6)
)
def test_whatever_is_typed_the_session_keeps_every_other_answer_and_shows_only_what_was_left(
    edits: list[tuple[str, str]],
) -> None:
    draft = _example("annex_b_valid")
    draft.answers["retired_question"] = "kept"
    session = DraftSession(draft)
    expected = dict(draft.answers)
    left: set[str] = set()
    for field_id, text in edits:
        filled = session.edit(field_id, text)
        expected[field_id] = text
        expected.update(filled)
        assert set(filled) <= ({"area_team"} if field_id == "ccg" else set())
        assert session.answers == expected
        if session.leave(field_id):
            left.add(field_id)
        assert {p.field for p in session.shown_problems()} <= left
        assert session.report == check_draft(session.draft)
    assert left == {field_id for field_id, _ in edits}  # each was answered or touched
