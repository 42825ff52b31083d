"""The window's part in Windows paths: dropped files from Explorer and suggested names.

Qt turns a drop into URLs; the window hands them to ``path_names.dropped_path``, so a drive
letter or a network share dropped on Windows is the same path these tests give on Linux.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication

from proforma_app.gui.controller import AppController
from proforma_app.gui.drops import dropped_files
from tests.gui.conftest import ScriptedDialogs
from tests.gui.test_files import _drop

ROOT = Path(__file__).resolve().parents[2]


def test_explorer_drops_become_windows_paths(qapp: QApplication) -> None:
    urls = [
        QUrl("file:///C:/Users/Siân/Drafts/annex b.json"),
        QUrl("file://server/share/drafts/annex_b-00C.json"),
        QUrl.fromLocalFile("C:/Drafts./CON.json"),
        QUrl("https://example.org/annex_b.json"),
    ]
    assert dropped_files(urls, PureWindowsPath) == [
        PureWindowsPath("C:\\Users\\Siân\\Drafts\\annex b.json"),
        PureWindowsPath("\\\\server\\share\\drafts\\annex_b-00C.json"),
        PureWindowsPath("C:\\Drafts.\\CON.json"),
    ]


def test_a_local_file_url_round_trips_whatever_its_name(qapp: QApplication) -> None:
    odd = "/tmp/Ŵyn’s drafts/a%b #1 [v2]?.json"
    assert dropped_files([QUrl.fromLocalFile(odd)], PurePosixPath) == [PurePosixPath(odd)]
    long_path = "/srv/" + "/".join(["co-commissioning submissions"] * 12) + "/annex_b.json"
    assert len(long_path) > 260
    assert dropped_files([QUrl.fromLocalFile(long_path)], PurePosixPath) == [PurePosixPath(long_path)]


def test_a_draft_whose_name_has_spaces_and_welsh_letters_opens_when_dropped(
    qtbot: Any, controller: AppController, tmp_path: Path
) -> None:
    folder = tmp_path / "Ŵyn’s drafts (2014)"
    folder.mkdir()
    draft = folder / "annex b #1.json"
    shutil.copyfile(ROOT / "examples" / "annex_b_valid.json", draft)
    _drop(controller.show_start_page(), draft)
    assert [window.path for window in controller.windows] == [draft]


def test_a_web_link_dragged_over_the_start_page_is_refused(
    qtbot: Any, controller: AppController
) -> None:
    data = QMimeData()
    data.setUrls([QUrl("https://example.org/annex_b.json")])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    point: Any = QPoint(10, 10).toPointF()
    try:
        enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, data, buttons, keys)
    except TypeError:  # PySide6 before 6.12 takes a QPoint
        enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(controller.show_start_page(), enter)
    assert not enter.isAccepted()
    assert controller.windows == []


def test_an_unsaved_drafts_suggested_name_is_one_windows_accepts(
    qtbot: Any, controller: AppController, scripted: ScriptedDialogs
) -> None:
    window = controller.new_form("annex_b")
    window.draft.answers["ccg"] = 'CON: "a/b"\\c.'
    assert window.suggested_path().name == "annex_b-CON- -a-b--c.json"
    assert window.suggested_path(".pdf", "-DRAFT").name == "annex_b-CON- -a-b--c-DRAFT.pdf"
    window.draft.answers["ccg"] = "00C"
    assert window.suggested_path().name == "annex_b-00C.json"


def test_the_files_proforma_names_itself_are_valid_windows_names(qapp: QApplication) -> None:
    """Recovery copies, crash logs, settings and lock records: names Windows accepts,
    in the folders ``paths`` gives, short enough to fit under any reasonable data folder."""
    from proforma_app.files.recovery import RecoveryStore, new_session_id
    from proforma_app.gui.crash import write_crash_log
    from proforma_app.gui.settings import settings_file
    from proforma_app.locations import paths
    from proforma_app.locations.path_names import lock_record_name, windows_name_problem

    try:
        raise RuntimeError("a test error")
    except RuntimeError as exc:
        crash_log = write_crash_log(RuntimeError, exc, exc.__traceback__)
    recovery_copy = RecoveryStore().path_for(new_session_id())
    lock = lock_record_name(PureWindowsPath("\\\\server\\share\\drafts\\CON.json"))
    invented = {
        crash_log: paths.log_dir(),
        recovery_copy: paths.recovery_dir(),
        settings_file(): paths.config_dir(),
        paths.user_data_dir() / "locks" / lock: paths.user_data_dir() / "locks",
    }
    for path, folder in invented.items():
        assert path.parent == folder
        assert windows_name_problem(path.name) is None, path.name
        assert len(path.name) <= 64, path.name
