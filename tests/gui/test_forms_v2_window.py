"""Version 2 of the forms in the window: a version 1 draft opens with every answer and says
what changed, questions show why they are asked, problems cite the guidance, and the
Annex B attestation statement names the CCG above the signatures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolButton

from proforma_app.files.migrations import FORM_CHANGES
from proforma_app.gui.controller import AppController
from proforma_app.gui.form_window import FormWindow
from tests.conftest import EXAMPLES, ROOT
from tests.gui.officer import find, settle
from tests.upgrades import older_drafts, upgraded_answers

V1 = ROOT / "tests" / "fixtures" / "drafts" / "migrations" / "v1_annex_b_valid.json"


def _open(controller: AppController, source: Path, tmp_path: Path) -> FormWindow:
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    window = controller.open_path(path)
    assert window is not None
    return window


@pytest.mark.parametrize("source", older_drafts("v[12]_*_valid.json"), ids=lambda p: p.name)
def test_an_older_draft_opens_with_every_answer_and_says_what_changed(
    qtbot, controller: AppController, tmp_path: Path, source: Path
) -> None:
    raw = json.loads(source.read_text("utf-8"))
    window = _open(controller, source, tmp_path)
    for index in range(len(window.form.sections)):
        window.page(index)
    expected = upgraded_answers(raw["form_id"], raw["form_version"], raw["answers"])
    assert window.draft.answers == expected
    for key, value in expected.items():
        assert window.editors[key].value() == value, key
    notice = window.upgrade_notice
    assert notice is not None and notice.isVisibleTo(window)
    shown = " ".join(label.text() for label in notice.findChildren(QLabel))
    assert f"made for version {raw['form_version']} of " in shown
    for change in FORM_CHANGES[(raw["form_id"], 2)].summary:  # the version 3 changes
        assert change in shown
    if raw["form_version"] == 1:
        assert all(line in shown for line in FORM_CHANGES[(raw["form_id"], 1)].summary)
    target = (
        "changes_beyond_co_commissioning"
        if raw["form_id"] == "constitution_amendment"
        else "information_governance"
    )
    link = find(window, f"new_question:{target}")
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=link.rect().center())
    assert window.form.sections[window.current_page] == window.form.section_of(target)
    assert window.save()
    assert window.upgrade_notice is None


def test_a_version_1_annex_b_says_its_renamed_questions_moved(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    window = _open(controller, V1, tmp_path)
    shown = " ".join(label.text() for label in window.upgrade_notice.findChildren(QLabel))
    assert "'Declarations within 28 days' is now 'Interests declared promptly'" in shown
    link = find(window, "new_question:register_in_annual_accounts")
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=link.rect().center())
    assert window.current_page == 3  # conflicts of interest


def test_why_we_ask_this_opens_the_guidance_words(qtbot, controller: AppController) -> None:
    window = controller.new_form("annex_b")
    window.show_page(2)
    settle()
    button = find(window, "why:eligibility_confirmed")
    assert isinstance(button, QToolButton)
    text = find(window, "why_text:eligibility_confirmed")
    assert isinstance(text, QLabel) and not text.isVisibleTo(window)
    window.page_scroll.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
    assert text.isVisibleTo(window)
    assert "sound financial control" in text.text()
    assert "Next steps, 7.1.1, lines 1596-1600" in text.text()
    assert button.accessibleName() == (
        "Why we ask this: The CCG is eligible for delegated commissioning"
    )
    assert len(window.findChildren(QToolButton, "why:committee_name")) == 1
    assert window.findChildren(QToolButton, "why:quorum") == []  # no source, no disclosure


def test_the_error_summary_and_review_page_cite_the_guidance(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    window = _open(controller, EXAMPLES / "annex_b_mistakes.json", tmp_path)
    window.check_all(focus_summary=False)
    window.show_page(2)  # the committee: its own summary lists the chair's problem
    settle()
    chair = find(window, "summary:chair_name")
    assert "must be a lay member (Next steps, 4.4.2)" in chair.text()
    good_practice = [
        link.text() for link in window.summary.links if "Good practice:" in link.text()
    ]
    assert good_practice and not any("Next steps" in text for text in good_practice)
    window.show_page(window.review_index)
    settle()
    notes = " ".join(label.text() for label in window.review.findChildren(QLabel))
    assert "Consistency check: the audit committee chair's signature is not in the name" in notes
    assert "the public to access them (a 'no' stays an error whatever the explanation)" in notes
    assert "(Next steps, 6.1)" in notes


def test_the_attestation_statement_names_the_ccg_above_the_signatures(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    window = _open(controller, EXAMPLES / "annex_b_valid.json", tmp_path)
    window.show_page(4)
    settle()
    page = window.page(4)
    statement = find(window, "statement:attestation")
    expected = (
        "We attest that NHS Darlington CCG has complied with the conflicts of interest guidance."
    )
    assert isinstance(statement, QLabel) and statement.text() == expected
    layout = page.layout()
    assert layout.indexOf(statement) < layout.indexOf(page.blocks["sign_audit_chair"])
    assert layout.indexOf(statement) > layout.indexOf(page.blocks["audit_chair_name"])
    window.show_page(window.review_index)
    settle()
    said = find(window, "review_statement:attestation")
    assert isinstance(said, QLabel) and said.text() == expected
