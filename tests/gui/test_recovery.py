"""Autosave and recovery in the window: copies while unsaved, offered after a crash."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from proforma_app.files.recovery import RecoveryStore
from proforma_app.gui.app import TYPE_INTO_ENV
from proforma_app.gui.controller import AppController
from tests.gui.conftest import ScriptedDialogs
from tests.gui.officer import fill

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_editing_writes_a_recovery_copy_after_a_pause_and_saving_removes_it(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    window = controller.new_form("annex_b")
    window.autosaver.set_delay_ms(50)  # the same timer, a shorter pause
    with qtbot.waitSignal(window.autosaver.saved, timeout=5000) as saved:
        fill(qtbot, window, "contact_name", "Siân Llewellyn-Hughes")
    copy = Path(saved.args[0])
    record = json.loads(copy.read_text("utf-8"))
    assert record["draft"]["answers"]["contact_name"] == "Siân Llewellyn-Hughes"
    assert record["source"] is None
    scripted.save_paths.append(tmp_path / "saved.json")
    assert window.save()
    assert not copy.exists()


def test_typing_only_restarts_the_timer(qtbot, controller: AppController) -> None:
    window = controller.new_form("annex_b")
    assert not window.autosaver.is_scheduled()
    fill(qtbot, window, "contact_name", "A", leave=False)
    assert window.autosaver.is_scheduled()
    assert window.autosaver.copy_path is None  # nothing written while the officer types


def test_a_clean_close_removes_the_recovery_copy(
    qtbot, controller: AppController, scripted: ScriptedDialogs
) -> None:
    window = controller.new_form("annex_b")
    fill(qtbot, window, "contact_name", "Someone")
    copy = window.autosaver.write_now()
    assert copy is not None and copy.exists()
    scripted.answer("Save changes?", "Don't save")
    window.close()
    assert not copy.exists()


def _leave_a_copy(tmp_path: Path, source: Path | None = None) -> Path:
    """A copy written by a process that has ended (a child that saves and exits)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from proforma_app.files.recovery import RecoveryStore\n"
        "from proforma_app.files.storage import read_draft\n"
        "draft = read_draft(Path(sys.argv[1]))\n"
        "draft.answers['contact_role'] = 'Typed before the crash'\n"
        "source = Path(sys.argv[2]) if sys.argv[2] else None\n"
        "print(RecoveryStore().save('crashedsession', draft, source))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLES / "annex_b_valid.json"), str(source or "")],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    )
    return Path(result.stdout.strip())


def test_start_offers_to_restore_a_copy_showing_form_ccg_and_time(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    source = tmp_path / "draft.json"
    shutil.copyfile(EXAMPLES / "annex_b_valid.json", source)
    copy = _leave_a_copy(tmp_path, source)
    scripted.answer("Restore unsaved answers?", "Restore")
    restored = controller.offer_recovery()
    question = scripted.asked[0]
    assert "Annex B" in question.text and "NHS Darlington CCG (00C)" in question.text
    assert " at " in question.text  # the time it was kept
    assert str(source) in question.detail
    assert len(restored) == 1
    window = restored[0]
    assert window.draft.answers["contact_role"] == "Typed before the crash"
    assert window.isWindowModified() and window.path == source
    assert not copy.exists(), "the old copy goes once the new window has its own"
    assert window.autosaver.copy_path is not None and window.autosaver.copy_path.exists()
    assert "Restored unsaved answers" in window.banner.text  # said in the window itself


def test_discard_deletes_the_copy_and_later_keeps_it(
    controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    copy = _leave_a_copy(tmp_path)
    scripted.answer("Restore unsaved answers?", "Decide later")
    assert controller.offer_recovery() == []
    assert copy.exists()
    scripted.answer("Restore unsaved answers?", "Discard")
    assert controller.offer_recovery() == []
    assert not copy.exists()
    assert RecoveryStore().pending() == []


@pytest.mark.slow
def test_killing_the_app_after_typing_offers_the_typed_answer_at_next_start(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    typed = "Siân Llewellyn-Hughes"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PROFORMA_HOME=os.environ["PROFORMA_HOME"],
        **{TYPE_INTO_ENV: f"annex_b:contact_name={typed}"},
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "proforma_app.gui.app"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    try:
        assert app.stdout is not None
        line = app.stdout.readline()  # blocks until the app reports its recovery copy
        assert line.startswith("recovery: "), line
        copy = Path(line.removeprefix("recovery: ").strip())
        assert copy.exists()
        app.kill()  # SIGKILL; TerminateProcess on Windows
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if app.stdout is not None:
            app.stdout.close()
    assert app.returncode == (1 if os.name == "nt" else -signal.SIGKILL)

    scripted.answer("Restore unsaved answers?", "Restore")
    restored = controller.offer_recovery()
    assert "Annex B" in scripted.asked[0].text
    assert [w.draft.answers.get("contact_name") for w in restored] == [typed]
    assert restored[0].editors["contact_name"].value() == typed
