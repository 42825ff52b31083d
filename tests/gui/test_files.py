"""Opening, saving and closing drafts: titles, prompts, failures, old and odd files."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from proforma_app.files import draft_format as draft_module
from proforma_app.files import storage
from proforma_app.files.locks import DraftLock
from proforma_app.files.migrations import FORMAT_STEPS
from proforma_app.gui.controller import AppController
from proforma_app.gui.form_window import FormWindow
from tests.gui.conftest import ScriptedDialogs
from tests.gui.officer import fill, shortcut

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "drafts"


def _copy(name: str, folder: Path, source: Path = EXAMPLES) -> Path:
    target = folder / Path(name).name
    shutil.copyfile(source / name, target)
    return target


def _open(controller: AppController, path: Path) -> FormWindow:
    window = controller.open_path(path)
    assert window is not None
    return window


def test_title_names_the_file_and_marks_unsaved_changes(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    window = _open(controller, _copy("annex_b_valid.json", tmp_path))
    assert window.windowTitle() == "annex_b_valid.json[*] – Proforma"
    assert not window.isWindowModified()
    fill(qtbot, window, "contact_role", "Director of Commissioning")
    assert window.isWindowModified()  # Qt shows the [*] as '*'


def test_close_asks_to_save_and_cancel_keeps_the_window(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    path = _copy("annex_b_valid.json", tmp_path)
    window = _open(controller, path)
    fill(qtbot, window, "contact_role", "Director of Commissioning")
    scripted.answer("Save changes?", "Cancel")
    assert not window.close()
    assert window in controller.windows and window.isWindowModified()
    scripted.answer("Save changes?", "Save")
    assert window.close()
    assert (
        json.loads(path.read_text("utf-8"))["answers"]["contact_role"]
        == "Director of Commissioning"
    )
    assert scripted.asked[-1].choices == ("Save", "Don't save", "Cancel")


def test_dont_save_closes_without_writing_and_removes_the_recovery_copy(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    path = _copy("annex_b_valid.json", tmp_path)
    before = path.read_bytes()
    window = _open(controller, path)
    fill(qtbot, window, "contact_role", "Someone else")
    copy = window.autosaver.write_now()
    assert copy is not None and copy.exists()
    scripted.answer("Save changes?", "Don't save")
    assert window.close()
    assert path.read_bytes() == before
    assert not copy.exists()


def test_a_failed_save_keeps_the_answers_and_offers_save_as(
    qtbot,
    controller: AppController,
    scripted: ScriptedDialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    path = _copy("annex_b_valid.json", folder)
    window = _open(controller, path)
    fill(qtbot, window, "contact_role", "Typed before the stick was pulled out")
    shutil.rmtree(folder)  # the folder is gone
    elsewhere = tmp_path / "documents" / "saved.json"
    elsewhere.parent.mkdir()
    scripted.answer("The draft was not saved", "Save As…")
    scripted.save_paths.append(elsewhere)
    shortcut(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    failure = next(q for q in scripted.asked if q.title == "The draft was not saved")
    assert "the folder no longer exists" in failure.text
    assert "nothing has been lost" in failure.detail
    assert window.path == elsewhere and not window.isWindowModified()
    saved = json.loads(elsewhere.read_text("utf-8"))
    assert saved["answers"]["contact_role"] == "Typed before the stick was pulled out"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "the folder is read-only"),
        (errno.EROFS, "the folder is read-only"),
    ],
)
def test_save_failures_are_explained_and_nothing_is_lost(
    qtbot,
    controller: AppController,
    scripted: ScriptedDialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    reason: str,
) -> None:
    path = _copy("annex_b_valid.json", tmp_path)
    before = path.read_bytes()
    window = _open(controller, path)
    fill(qtbot, window, "contact_role", "Unsaved role")

    def refuse(target: Path, payload: bytes, keep_backup: bool = True) -> None:
        raise OSError(error, os.strerror(error), str(target))

    monkeypatch.setattr(storage, "write_atomic", refuse)
    scripted.answer("The draft was not saved", "Cancel")
    assert window.save() is False
    assert reason in scripted.asked[-1].text
    assert window.isWindowModified()
    assert window.draft.answers["contact_role"] == "Unsaved role"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("corrupt.json", "damaged"),
        ("not_a_draft.json", "not a Proforma draft"),
        ("unknown_form.json", "form this version does not have"),
        ("newer_format.json", "newer Proforma"),
        ("binary.json", ""),
    ],
)
def test_a_file_that_cannot_be_opened_is_named_with_the_reason_and_left_alone(
    controller: AppController, scripted: ScriptedDialogs, tmp_path: Path, name: str, reason: str
) -> None:
    path = _copy(name, tmp_path, FIXTURES)
    before = path.read_bytes(), path.stat().st_mtime_ns
    assert controller.open_path(path) is None
    question = scripted.asked[-1]
    assert question.kind == "error"
    assert name in question.text and reason in question.text
    assert str(path) in question.detail
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert controller.windows == []


def test_a_file_over_20_mb_is_refused(
    controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)
    assert controller.open_path(path) is None
    assert "larger than 20 MB" in scripted.asked[-1].text or "20 MB" in scripted.asked[-1].text


def test_unknown_answers_are_kept_through_edits_and_reported(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    path = _copy("unknown_answer_keys.json", tmp_path, FIXTURES)
    raw = json.loads(path.read_text("utf-8"))
    window = _open(controller, path)
    unknown = window.draft.unknown_answer_ids()
    assert unknown
    window.show_page(window.review_index)  # answers of no section: in the whole form's list
    (listed,) = [p for p in window.summary.problems if "does not ask for" in p.message]
    assert f"{len(unknown)} answers that this form does not ask for" in listed.message
    assert all(f"'{key}'" in listed.message for key in unknown)
    first_text = "contact_role"
    window.go_to_field(first_text)
    fill(qtbot, window, first_text, "Changed in the window")
    assert window.save()
    saved = json.loads(path.read_text("utf-8"))["answers"]
    for key in unknown:
        assert saved[key] == raw["answers"][key]
    assert saved[first_text] == "Changed in the window"


def test_an_older_draft_is_upgraded_in_memory_and_saved_new_only_on_save(
    qtbot, controller: AppController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_module, "FORMAT_VERSION", 2)
    monkeypatch.setitem(FORMAT_STEPS, 1, lambda data: {**data, "format_version": 2})
    path = _copy("format1_annex_b.json", tmp_path, FIXTURES / "migrations")
    before = path.read_bytes()
    window = _open(controller, path)
    assert window.draft.upgraded_from == (1, 1)
    assert window.upgrade_note is not None
    assert "saved in the new version only when you save" in window.upgrade_note.text()
    assert path.read_bytes() == before
    assert window.save()
    assert json.loads(path.read_text("utf-8"))["format_version"] == 2
    assert path.with_name(path.name + ".bak").read_bytes() == before
    assert window.upgrade_note is None


def test_opening_the_same_draft_twice_warns(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    path = _copy("annex_b_valid.json", tmp_path)
    first = _open(controller, path)
    assert controller.open_path(path) is first
    assert "already open" in scripted.asked[-1].text
    assert len(controller.windows) == 1


def test_a_draft_open_in_another_window_elsewhere_warns_before_opening(
    controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    path = _copy("annex_b_valid.json", tmp_path)
    other = DraftLock.acquire(path)  # another Proforma window has it
    assert other is not None
    try:
        scripted.answer("Draft already open", "Cancel")
        assert controller.open_path(path) is None
        assert "already open in another Proforma window" in scripted.asked[-1].text
        scripted.answer("Draft already open", "Open anyway")
        assert controller.open_path(path) is not None
    finally:
        other.release()


def _drop(widget: Any, path: Path) -> QDropEvent:
    """Drag a file from the file manager over ``widget`` and let go, as Qt delivers it."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    point: Any = QPoint(10, 10).toPointF()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:
        enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, data, buttons, keys)
    except TypeError:  # PySide6 before 6.12 takes a QPoint
        point = QPoint(10, 10)
        enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the window refuses the drag"
    move = QDragMoveEvent(
        point,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, move)
    drop = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return drop


def test_dropping_a_draft_on_a_window_or_the_start_page_opens_it(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    start = controller.show_start_page()
    _drop(start, _copy("annex_a_valid.json", tmp_path))
    assert [w.form.form_id for w in controller.windows] == ["annex_a"]
    _drop(controller.windows[0], _copy("constitution_amendment_valid.json", tmp_path))
    assert [w.form.form_id for w in controller.windows] == ["annex_a", "constitution_amendment"]


def test_proforma_app_file_opens_the_draft(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    from proforma_app.gui.app import parse_arguments, start

    path = _copy("annex_b_valid.json", tmp_path)
    args = parse_arguments([str(path)])
    start(controller, args.file)
    assert controller.start_page is None
    [window] = controller.windows
    assert window.windowTitle() == "annex_b_valid.json[*] – Proforma"
    assert window.findChild(QLineEdit, "contact_name").text() == "Siân Llewellyn-Hughes"


def test_proforma_app_without_a_file_shows_the_start_page(controller: AppController) -> None:
    from proforma_app.gui.app import parse_arguments, start

    start(controller, parse_arguments([]).file)
    assert controller.windows == []
    assert controller.start_page is not None and controller.start_page.isVisible()


def test_ctrl_o_opens_a_draft_and_save_as_moves_the_window_to_the_new_file(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    first = controller.new_form("annex_a")
    source = _copy("annex_b_valid.json", tmp_path)
    scripted.open_paths.append(source)
    shortcut(qtbot, first, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    window = controller.windows[-1]
    assert window.path == source
    copy = tmp_path / "copy"  # no suffix typed: .json is added
    scripted.save_paths.append(copy)
    shortcut(
        qtbot,
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.path == tmp_path / "copy.json"
    assert window.windowTitle() == "copy.json[*] – Proforma"
    assert (
        json.loads((tmp_path / "copy.json").read_text("utf-8"))["answers"]
        == json.loads(source.read_text("utf-8"))["answers"]
    )
    # The old file is free again; the new one is held by this window.
    other = DraftLock.acquire(source)
    assert other is not None
    other.release()
    assert DraftLock.acquire(tmp_path / "copy.json") is None


def test_a_draft_with_a_great_many_unknown_answers_opens_with_one_warning(
    qtbot, controller: AppController, tmp_path: Path
) -> None:
    data = json.loads((EXAMPLES / "annex_b_valid.json").read_text("utf-8"))
    data["answers"].update({f"legacy_{n}": n for n in range(50_000)})
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    window = _open(controller, path)
    window.show_page(window.review_index)  # answers of no section: in the whole form's list
    listed = [p for p in window.summary.problems if "does not ask for" in p.message]
    assert len(listed) == 1
    assert "50,000 answers that this form does not ask for" in listed[0].message
    assert "'legacy_0', 'legacy_1', 'legacy_2' and 49,997 more" in listed[0].message
    assert len(window.draft.answers) == len(data["answers"])  # all kept
