"""Exporting and printing from the window: final exports only without errors, drafts marked."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from proforma_app.gui.controller import AppController
from proforma_app.render.model import WATERMARK
from tests.gui.conftest import ScriptedDialogs
from tests.gui.officer import click, fill, find, shortcut

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _open_copy(controller: AppController, tmp_path: Path, name: str):
    source = tmp_path / name
    shutil.copyfile(EXAMPLES / name, source)
    window = controller.open_path(source)
    assert window is not None
    return window


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_valid_draft_exports_pdf_and_word_from_the_review_page(
    qtbot,
    controller: AppController,
    scripted: ScriptedDialogs,
    tmp_path: Path,
    opened: list[Path],
) -> None:
    window = _open_copy(controller, tmp_path, "annex_b_valid.json")
    shortcut(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == window.review_index
    assert window.review.export_buttons[("pdf", False)].isEnabled()
    assert "no errors" in window.review.export_status.text()

    pdf = tmp_path / "out" / "annex-b.pdf"
    pdf.parent.mkdir()
    scripted.save_paths.append(pdf)
    click(qtbot, window, "review.export_pdf")
    text = _pdf_text(pdf)
    assert "Darlington Primary Care Commissioning Committee" in text
    assert "Margaret Ó Briain" in text
    assert "DRAFT" not in text

    word = tmp_path / "out" / "annex-b"  # no suffix typed: the app adds .docx
    scripted.save_paths.append(word)
    click(qtbot, window, "review.export_docx")
    written = word.with_name("annex-b.docx")
    text = _docx_text(written)
    assert "Darlington Primary Care Commissioning Committee" in text
    assert "Siân Llewellyn-Hughes" in text
    assert f"Exported {written}" in window.statusBar().currentMessage()
    # Confirmed in the window itself, with the file and its folder one click away.
    assert window.banner.isVisibleTo(window) and "annex-b.docx" in window.banner.text
    for name in ("notification.open_folder", "notification.open_file"):
        link = find(window, name)
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=link.rect().center())
    assert opened[-2:] == [written.parent, written]


def test_final_export_is_disabled_with_a_reason_and_a_draft_is_marked(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    window = _open_copy(controller, tmp_path, "annex_b_mistakes.json")
    errors = len(window.report.errors)
    action = window.export_actions[("pdf", False)]
    assert not action.isEnabled()
    assert "(fix errors first)" in action.text()
    assert f"Fix the {errors} errors first, or export a draft marked DRAFT" == action.toolTip()
    window.show_page(window.review_index)
    assert not window.review.export_buttons[("pdf", False)].isEnabled()
    assert f"{errors} errors remain" in window.review.export_status.text()

    target = tmp_path / "draft.pdf"
    scripted.save_paths.append(target)
    click(qtbot, window, "review.export_pdf_draft")
    assert WATERMARK in _pdf_text(target)

    # Asking for a final export anyway (a keyboard shortcut, a script) offers the draft.
    scripted.answer("Final export not available", "Export a draft instead")
    other = tmp_path / "draft2.docx"
    scripted.save_paths.append(other)
    assert window.export("docx", mark_draft=False) == other
    header = docx.Document(str(other)).sections[0].header._element.xml
    assert WATERMARK in header


def test_a_failed_export_says_why_and_changes_nothing(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    window = _open_copy(controller, tmp_path, "annex_b_valid.json")
    scripted.save_paths.append(tmp_path / "missing-folder" / "x.pdf")
    assert window.export("pdf") is None
    assert "Export failed" in scripted.messages()[-1]
    assert not window.isWindowModified()


def test_print_sends_a_pdf_to_the_print_service(
    qtbot,
    controller: AppController,
    scripted: ScriptedDialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import proforma_app.export as exporter

    printed: list[Path] = []
    monkeypatch.setattr(exporter, "print_pdf", printed.append)
    window = _open_copy(controller, tmp_path, "annex_b_mistakes.json")
    shortcut(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printed) == 1
    assert printed[0].is_file()
    assert "DRAFT" in _pdf_text(printed[0])
    assert "marked DRAFT" in window.statusBar().currentMessage()
    assert window.banner.isVisibleTo(window) and "Sent to the printer" in window.banner.text

    def no_printer(path: Path) -> None:
        raise OSError(2, "no print service was found", str(path))

    monkeypatch.setattr(exporter, "print_pdf", no_printer)
    window.print_submission()
    assert "Printing failed" in scripted.messages()[-1]


def test_a_marked_export_lists_the_disagreement_with_the_draft_open_beside_it(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    """The amendment is checked against the Annex B open in another window, in the window
    and in its export alike: the marked draft lists the warning the review page shows."""
    annex_b = _open_copy(controller, tmp_path, "annex_b_valid.json")
    annex_b.go_to_field("committee_name")
    fill(qtbot, annex_b, "committee_name", "Another Committee")
    amendment = _open_copy(controller, tmp_path, "constitution_amendment_valid.json")
    shortcut(qtbot, amendment, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    said = "not the same as in the Annex B draft"
    shown = [link.text() for link in amendment.summary.links]
    assert any(said in text for text in shown), shown

    target = tmp_path / "amendment-DRAFT.docx"
    scripted.save_paths.append(target)
    click(qtbot, amendment, "review.export_docx_draft")
    text = _docx_text(target)
    assert "Outstanding problems" in text
    assert said in text
