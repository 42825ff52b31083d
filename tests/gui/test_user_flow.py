"""An officer fills in an Annex B from the start page, meets the lay-chair rule, fixes it,
saves, reopens and exports, all by typing and clicking."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from proforma_app.gui.controller import AppController
from proforma_app.gui.form_window import FormWindow
from tests.gui.conftest import ScriptedDialogs, press
from tests.gui.officer import choose, click, fill, find, settle, shortcut

MEMBERS = [
    ("Margaret Ó Briain", "Lay member for patient involvement", "c", "l", "y"),
    ("Dr Peter Walsh", "GP member", "c", "c", "y"),
    ("Karen Hughes", "Head of Primary Care", "n", "e", "y"),
    ("David Thompson", "Lay member for governance", "c", "l", "y"),
]

EXPECTED = {
    "ccg": "00C",
    "area_team": "Q45",
    "contact_name": "Siân Llewellyn-Hughes",
    "contact_role": "Head of Primary Care Commissioning",
    "contact_email": "sian.llewellyn-hughes@nhs.net",
    "contact_phone": "01325 746 000",
    "start_date": "2015-04-01",
    "governing_body_date": "2014-12-02",
    "member_approval_method": "vote",
    "member_approval_date": "2014-11-20",
    "constitution_status": "approved_by_members",
    "constitution_date": "2014-11-20",
    "committee_name": "Darlington Primary Care Commissioning Committee",
    "members": [
        {
            "name": name,
            "role": role,
            "organisation": {"c": "ccg", "n": "nhs_england"}[org],
            "category": {"l": "lay", "c": "clinical", "e": "executive"}[cat],
            "voting": True,
        }
        for name, role, org, cat, _vote in MEMBERS
    ],
    "chair_name": "Margaret Ó Briain",
    "quorum": "Four voting members, including the chair or vice chair.\nGP members do not count when conflicted.",
    "healthwatch_right_to_attend": True,
    "hwb_right_to_attend": True,
    "meetings_in_public": True,
    "patient_public_engagement": True,
    "information_governance": True,
    "eligibility_confirmed": True,
    "documents_attached": ["governance_structure", "constitution_amendment_request"],
    "registers_of_interests_kept": True,
    "register_of_interests_published": True,
    "register_published_online": True,
    "register_of_interests_url": "https://www.darlingtonccg.nhs.uk/register-of-interests",
    "register_of_procurement_decisions": True,
    "procurement_register_url": "https://www.darlingtonccg.nhs.uk/procurement",
    "prompt_declarations": True,
    "conflicts_arrangements": True,
    "policy_updated_for_statutory_guidance": True,
    "lay_member_training": True,
    "register_shows_nature_and_parties": True,
    "register_in_annual_accounts": True,
    "conflicted_members_procedure": "A conflicted member declares the interest, leaves the room and takes no part in the vote.",
    "audit_chair_name": "Robert Lamb",
    "sign_audit_chair": {
        "name": "Robert Lamb",
        "role": "Chair of the audit committee",
        "date": "2014-12-05",
    },
    "sign_accountable_officer": {
        "name": "Dr Anjali Mehta",
        "role": "Accountable Officer",
        "date": "2014-12-05",
    },
    "sign_area_team": {
        "name": "Cameron Ward",
        "role": "Area team director",
        "date": "2014-12-08",
    },
}


def _new_annex_b_from_start_page(qtbot, controller: AppController) -> FormWindow:
    start = controller.show_start_page()
    qtbot.waitExposed(start)
    qtbot.mouseClick(start.new_buttons["annex_b"], Qt.MouseButton.LeftButton)
    assert len(controller.windows) == 1
    window = controller.windows[0]
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Untitled Annex B[*] – Proforma"
    return window


def _fill_applicant(qtbot, window: FormWindow) -> None:
    ccg = find(window, "ccg")
    fill(qtbot, window, "ccg", "darlingt", leave=False)
    press(ccg, Qt.Key.Key_Down)  # the one suggestion
    press(ccg, Qt.Key.Key_Return)
    assert ccg.currentText() == "NHS Darlington CCG (00C)"
    press(ccg, Qt.Key.Key_Tab)
    assert window.draft.answers["ccg"] == "00C"
    assert window.draft.answers["area_team"] == "Q45", "choosing the CCG fills its area team"
    for name in ("contact_name", "contact_role", "contact_email", "contact_phone"):
        fill(qtbot, window, name, EXPECTED[name])


def _fill_approvals(qtbot, window: FormWindow) -> None:
    fill(qtbot, window, "start_date", "01/04/2015")
    fill(qtbot, window, "governing_body_date", "2/12/2014")
    click(qtbot, window, "member_approval_method.vote")
    fill(qtbot, window, "member_approval_date", "20/11/2014")
    click(qtbot, window, "constitution_status.approved_by_members")
    fill(qtbot, window, "constitution_date", "20/11/2014")


def _fill_committee(qtbot, window: FormWindow, chair: str) -> None:
    fill(qtbot, window, "committee_name", EXPECTED["committee_name"])
    for number, (name, role, org, category, vote) in enumerate(MEMBERS, start=1):
        click(qtbot, window, "members.add")
        assert QApplication.focusWidget() is find(window, f"members[{number}].name")
        fill(qtbot, window, f"members[{number}].name", name, leave=False)
        fill(qtbot, window, f"members[{number}].role", role, leave=False)
        choose(qtbot, window, f"members[{number}].organisation", org)
        choose(qtbot, window, f"members[{number}].category", category)
        choose(qtbot, window, f"members[{number}].voting", vote)
    fill(qtbot, window, "chair_name", chair)
    fill(qtbot, window, "quorum", EXPECTED["quorum"])
    for name in (
        "healthwatch_right_to_attend",
        "hwb_right_to_attend",
        "meetings_in_public",
        "patient_public_engagement",
        "information_governance",
        "eligibility_confirmed",
    ):
        click(qtbot, window, f"{name}.yes")
    for document in ("governance_structure", "constitution_amendment_request"):
        click(qtbot, window, f"documents_attached.{document}")


def _fill_conflicts(qtbot, window: FormWindow) -> None:
    click(qtbot, window, "registers_of_interests_kept.yes")
    click(qtbot, window, "register_of_interests_published.yes")
    click(qtbot, window, "register_published_online.yes")
    fill(qtbot, window, "register_of_interests_url", EXPECTED["register_of_interests_url"])
    click(qtbot, window, "register_of_procurement_decisions.yes")
    fill(qtbot, window, "procurement_register_url", EXPECTED["procurement_register_url"])
    for name in (
        "prompt_declarations",
        "conflicts_arrangements",
        "policy_updated_for_statutory_guidance",
        "lay_member_training",
        "register_shows_nature_and_parties",
        "register_in_annual_accounts",
    ):
        click(qtbot, window, f"{name}.yes")
    fill(qtbot, window, "conflicted_members_procedure", EXPECTED["conflicted_members_procedure"])


def _fill_attestation(qtbot, window: FormWindow) -> None:
    fill(qtbot, window, "audit_chair_name", "Robert Lamb")
    for field in ("sign_audit_chair", "sign_accountable_officer"):
        for part in ("name", "role"):
            fill(qtbot, window, f"{field}.{part}", EXPECTED[field][part])
        fill(qtbot, window, f"{field}.date", "05/12/2014")


def _fill_area_team_sign_off(qtbot, window: FormWindow) -> None:
    for part in ("name", "role"):
        fill(qtbot, window, f"sign_area_team.{part}", EXPECTED["sign_area_team"][part])
    fill(qtbot, window, "sign_area_team.date", "08/12/2014")


def fill_annex_b(qtbot, controller: AppController) -> FormWindow:
    """Create an Annex B from the start page and answer every question; returns the window."""
    window = _new_annex_b_from_start_page(qtbot, controller)
    _fill_applicant(qtbot, window)
    click(qtbot, window, "page.next")
    assert window.current_page == 1
    _fill_approvals(qtbot, window)
    click(qtbot, window, "page.next")
    _fill_committee(qtbot, window, chair="Dr Peter Walsh")
    return window


def test_officer_fills_in_an_annex_b_fixes_the_lay_chair_and_saves(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    window = fill_annex_b(qtbot, controller)
    assert window.isWindowModified()
    assert window.windowTitle().startswith("Untitled Annex B")

    # The chair is a clinical member: the lay-chair rule shows in the summary.
    lay_chair = "The chair of the primary care commissioning committee must be a lay member"
    messages = [p.message for p in window.summary.problems]
    assert lay_chair in messages
    link = next(link for link in window.summary.links if lay_chair in link.plain_text)
    assert link.plain_text.startswith("Error: Chair's name:")
    block = window.pages[2].blocks["chair_name"]
    assert block.severity == "error"
    assert any(lay_chair in p.message for p in block.problems)
    assert window.task_list.status(2) == "Has problems"

    # Clicking the summary entry lands on the question.
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=link.rect().center())
    chair = find(window, "chair_name")
    qtbot.waitUntil(chair.hasFocus)

    # Fix it: the chair is the lay member.
    fill(qtbot, window, "chair_name", "Margaret Ó Briain")
    assert lay_chair not in [p.message for p in window.summary.problems]
    assert block.severity is None

    click(qtbot, window, "page.next")
    _fill_conflicts(qtbot, window)
    click(qtbot, window, "page.next")
    _fill_attestation(qtbot, window)
    click(qtbot, window, "page.next")
    _fill_area_team_sign_off(qtbot, window)
    click(qtbot, window, "page.next")
    assert window.current_page == window.review_index
    assert window.report.errors == ()
    assert all(window.task_list.status(row) == "Completed" for row in range(6))

    # Save with Ctrl+S: the first save asks where.
    target = tmp_path / "darlington-annex-b.json"
    scripted.save_paths.append(target)
    shortcut(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert window.windowTitle() == "darlington-annex-b.json[*] – Proforma"
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["form_id"] == "annex_b"
    assert saved["answers"] == EXPECTED

    # Close and reopen: every answer is back, in the widgets too.
    window.close()
    assert controller.windows == []
    reopened = controller.open_path(target)
    assert reopened is not None
    assert reopened.draft.answers == EXPECTED
    reopened.show_page(2)
    assert find(reopened, "chair_name").text() == "Margaret Ó Briain"
    assert find(reopened, "members[4].name").text() == "David Thompson"
    reopened.show_page(4)
    assert find(reopened, "sign_audit_chair.date").text() == "05/12/2014"
    assert reopened.summary.problems == ()


def test_problems_appear_only_after_leaving_a_question_or_asking(
    qtbot, controller: AppController
) -> None:
    window = controller.new_form("annex_b")
    qtbot.waitExposed(window)
    assert window.summary.isHidden(), "no wall of red before the officer starts"
    assert window.pages[0].blocks["contact_email"].severity is None
    fill(qtbot, window, "contact_email", "not an email")
    assert window.pages[0].blocks["contact_email"].severity == "error"
    assert [p.field for p in window.summary.problems] == ["contact_email"]
    phone = find(window, "contact_phone")
    assert QApplication.focusWidget() is phone
    press(phone, Qt.Key.Key_Tab)  # passing through an empty question shows nothing yet
    assert window.pages[0].blocks["contact_phone"].severity is None
    assert "contact_phone" not in {p.field for p in window.summary.problems}
    shortcut(qtbot, window, Qt.Key.Key_F7)
    own = {f.id for f in window.form.sections[0].fields}
    assert window.current_page == 0, "the officer stays on the section with problems"
    assert {p.field for p in window.summary.problems} == {
        p.field for p in window.report.problems if p.field in own
    }
    assert QApplication.focusWidget() is window.summary.links[0]
    # The whole form's list is on "Check your answers", and counted in the task list.
    window.show_page(window.review_index)
    assert len(window.summary.problems) == len(window.report.problems) > 10
    errors = len(window.report.errors)
    assert window.task_list.count_text(window.task_list.review_row).startswith(f"{errors} errors")


def test_conditional_question_appears_and_disappears_with_its_condition(
    qtbot, controller: AppController
) -> None:
    window = controller.new_form("annex_b")
    window.show_page(3)
    online = window.pages[3].blocks["register_published_online"]
    url = window.pages[3].blocks["register_of_interests_url"]
    assert not online.isVisibleTo(window) and not url.isVisibleTo(window)
    click(qtbot, window, "register_of_interests_published.yes")
    assert online.isVisibleTo(window) and not url.isVisibleTo(window)
    click(qtbot, window, "register_published_online.yes")
    assert url.isVisibleTo(window)
    click(qtbot, window, "register_published_online.no")
    assert not url.isVisibleTo(window)
    click(qtbot, window, "register_published_online.yes")
    click(qtbot, window, "register_of_interests_published.no")
    assert not online.isVisibleTo(window) and not url.isVisibleTo(window)


def test_keyboard_only_navigation_between_sections(qtbot, controller: AppController) -> None:
    window = controller.new_form("annex_b")
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(window.task_list.hasFocus)
    qtbot.keyClick(window.task_list, Qt.Key.Key_Down)
    assert window.current_page == 1
    qtbot.keyClick(window.task_list, Qt.Key.Key_End)
    assert window.current_page == window.review_index
    qtbot.keyClick(window.task_list, Qt.Key.Key_Home)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == 1
    assert isinstance(QApplication.focusWidget(), QLineEdit)


def test_change_link_on_the_review_page_goes_back_to_the_question(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    import shutil

    path = tmp_path / "draft.json"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "examples" / "annex_b_valid.json", path)
    window = controller.open_path(path)
    assert window is not None
    window.show_page(window.review_index)
    settle()  # the review page is laid out before its links can be clicked
    link = window.review.change_links["quorum"]
    assert link.accessibleName() == "Change Quorum"
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=link.rect().center())
    assert window.current_page == 2
    quorum = find(window, "quorum")
    qtbot.waitUntil(quorum.hasFocus)


# What a keyboard can send: Qt does not accept unassigned code points (Cn) as typed input.
_ANSWER_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_ANSWER_TEXT)
def test_any_text_typed_into_the_window_is_saved_and_reopened_exactly(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path_factory, text: str
) -> None:
    window = controller.new_form("annex_b")
    fill(qtbot, window, "contact_name", text)
    target = tmp_path_factory.mktemp("typed") / "draft.json"
    scripted.save_paths.append(target)
    assert window.save()
    window.close()
    reopened = controller.open_path(target)
    assert reopened is not None
    assert reopened.draft.answers["contact_name"] == text
    assert find(reopened, "contact_name").text() == text
    reopened.close()
