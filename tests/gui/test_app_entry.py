"""The ``proforma-app`` entry point: --smoke, the crash handler and the start page."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from proforma_app.gui import crash
from proforma_app.gui.controller import AppController
from proforma_app.gui.settings import AppSettings, RecentDraft
from proforma_app.locations import paths
from tests.gui.conftest import ScriptedDialogs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "proforma_app.gui.app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_smoke_validates_and_saves_a_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    result = _app("--smoke", str(EXAMPLES / "annex_b_mistakes.json"), "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "smoke: form=annex_b errors=10 warnings=4"
    image = QImage(str(shot))
    # Qt's offscreen screen is 800 x 800: the window fills most of it and fits inside.
    assert not image.isNull()
    assert 600 <= image.width() <= 800 and 600 <= image.height() <= 800


@pytest.mark.slow
def test_smoke_exits_2_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = _app("--smoke", str(broken))
    assert result.returncode == 2
    assert "broken.json" in result.stderr and "damaged" in result.stderr
    assert result.stdout == ""


def test_crash_handler_logs_flushes_recovery_shows_and_never_swallows(
    qtbot, controller: AppController, scripted: ScriptedDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = controller.new_form("annex_b")
    window.draft.answers["contact_name"] = "Unsaved"
    window.setWindowModified(True)
    window.autosaver.schedule(window.draft, None)
    reported: list[type[BaseException]] = []
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: reported.append(t))
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    crash.install(controller.flush_recovery, lambda text, detail: shown.append((text, detail)))
    try:
        raise RuntimeError("something unexpected")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert reported == [RuntimeError], "the original hook still reports the error"
    logs = list(paths.log_dir().glob("crash-*.log"))
    assert len(logs) == 1
    assert "RuntimeError: something unexpected" in logs[0].read_text("utf-8")
    copy = window.autosaver.copy_path
    assert copy is not None and copy.exists()
    (text, detail) = shown[0]
    assert "did not expect" in text
    assert str(copy.parent) in detail and str(logs[0]) in detail


def test_start_page_lists_recent_drafts_with_form_ccg_time_and_status(
    qtbot, controller: AppController, scripted: ScriptedDialogs, tmp_path: Path
) -> None:
    import shutil

    valid = tmp_path / "valid.json"
    mistakes = tmp_path / "mistakes.json"
    shutil.copyfile(EXAMPLES / "annex_b_valid.json", valid)
    shutil.copyfile(EXAMPLES / "annex_a_mistakes.json", mistakes)
    for path in (valid, mistakes):
        window = controller.open_path(path)
        assert window is not None
        window.close()
    page = controller.show_start_page()
    rows = [
        [page.recent.topLevelItem(i).text(c) for c in range(5)]
        for i in range(page.recent.topLevelItemCount())
    ]
    assert rows[0][:3] == [
        "mistakes.json",
        "Annex A",
        "NHS Hartlepool and Stockton-on-Tees CCG (00K)",
    ]
    assert rows[0][4] == "14 problems"
    assert rows[1][:3] == ["valid.json", "Annex B", "NHS Darlington CCG (00C)"]
    assert rows[1][3] == "20 Jan 2015 " + rows[1][3][-5:]
    assert rows[1][4] == "No errors"
    folders = [page.recent.topLevelItem(i).text(5) for i in range(2)]
    assert folders == [str(tmp_path), str(tmp_path)]  # where each draft is, not just its name
    # Enter on a recent draft opens it.
    page.recent.setCurrentItem(page.recent.topLevelItem(1))
    page.recent.setFocus()
    qtbot.keyClick(page.recent, Qt.Key.Key_Return)
    assert [w.path for w in controller.windows] == [valid.resolve()] or [
        w.path.resolve() for w in controller.windows
    ] == [valid.resolve()]


def test_settings_live_under_proforma_home_and_survive_damage(tmp_path: Path) -> None:
    settings = AppSettings()
    entry = RecentDraft("x.json", "annex_b", "00C", None, 0, 1)
    settings.remember(entry)
    assert AppSettings().recent_drafts() == [entry]
    assert entry.status == "No errors, 1 warning"
    ini = paths.config_dir() / "proforma.ini"
    assert ini.is_file()
    ini.write_text('[General]\nrecent_drafts="[{\\"bad\\": 1}]"\n', encoding="utf-8")
    assert AppSettings().recent_drafts() == []


def test_proforma_home_that_is_a_file_is_said_and_the_usual_folders_used(
    tmp_path: Path, scripted: ScriptedDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proforma_app.gui.app import warn_if_home_unusable

    home = tmp_path / "home"
    home.write_text("a file", encoding="utf-8")
    monkeypatch.setenv("PROFORMA_HOME", str(home))
    usual = tmp_path / "usual"  # the platform's usual folder, kept out of the real profile
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *_: str(usual))
    assert warn_if_home_unusable()
    (said,) = scripted.asked
    assert said.kind == "warning"
    assert f"PROFORMA_HOME is set to {home}, which is not a folder" in said.text
    assert "using its usual folders instead" in said.text
    assert "PROFORMA_HOME" not in os.environ
    assert paths.user_data_dir() == usual


@pytest.mark.slow
def test_the_app_starts_when_proforma_home_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("a file", encoding="utf-8")
    env = {**os.environ, "PROFORMA_HOME": str(home), "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "proforma_app.gui.app",
            "--smoke",
            str(EXAMPLES / "annex_b_valid.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("smoke: form=annex_b errors=0")
    assert "which is not a folder" in result.stderr
