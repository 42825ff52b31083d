"""Fixtures for driving the app as an officer would, with every dialog scripted.

Qt warnings fail the test that caused them, no modal dialog can block a test (the dialog
backend is replaced and any question nobody expected fails the test), and the settings
file, recovery copies and locks all live under the per-test ``PROFORMA_HOME``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QtMsgType
from PySide6.QtCore import Qt as QtNS
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from proforma_app.gui import desktop, dialogs
from proforma_app.gui.app import configure
from proforma_app.gui.controller import AppController

IGNORED_QT_MESSAGES = ("This plugin does not support ",)
"""The offscreen platform says what it cannot do (size hints, raise, keyboard grabs) when
a window or popup is shown; these are not warnings about the app."""


@dataclass
class ScriptedDialogs:
    """Answers the app's questions from a script and records every one."""

    answers: list[tuple[str, str]] = field(default_factory=list)
    save_paths: list[Path | None] = field(default_factory=list)
    open_paths: list[Path | None] = field(default_factory=list)
    asked: list[dialogs.Question] = field(default_factory=list)
    save_titles: list[str] = field(default_factory=list)

    def answer(self, containing: str, choice: str) -> None:
        """The next question whose title or text contains ``containing`` gets ``choice``."""
        self.answers.append((containing, choice))

    def ask(self, parent: QWidget | None, question: dialogs.Question) -> str:
        self.asked.append(question)
        for index, (containing, choice) in enumerate(self.answers):
            if containing in question.title or containing in question.text:
                del self.answers[index]
                assert choice in question.choices, (choice, question)
                return choice
        if question.choices == ("OK",):
            return "OK"
        raise AssertionError(f"the app asked a question the test did not expect: {question}")

    def choose_open_path(
        self, parent: QWidget | None, title: str, folder: Path | None, filters: str
    ) -> Path | None:
        assert self.open_paths, f"unexpected open dialog: {title}"
        return self.open_paths.pop(0)

    def choose_save_path(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        self.save_titles.append(title)
        assert self.save_paths, f"unexpected save dialog: {title}"
        return self.save_paths.pop(0)

    def messages(self) -> list[str]:
        return [f"{q.title}: {q.text} {q.detail}" for q in self.asked]


@pytest.fixture
def scripted() -> Iterator[ScriptedDialogs]:
    backend = ScriptedDialogs()
    previous = dialogs.use_backend(backend)
    yield backend
    dialogs.use_backend(previous)


@pytest.fixture(autouse=True)
def opened() -> Iterator[list[Path]]:
    """Files and folders the app asked the desktop to open: recorded, never launched."""
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    previous = desktop.use_opener(record)
    yield paths
    desktop.use_opener(previous)


@pytest.fixture(autouse=True)
def _qt_warnings_fail(qtlog: object) -> Iterator[None]:
    yield
    records = getattr(qtlog, "records", [])
    bad = [
        r.message
        for r in records
        if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        and not any(ignored in r.message for ignored in IGNORED_QT_MESSAGES)
    ]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture
def controller(qapp: QApplication, scripted: ScriptedDialogs) -> Iterator[AppController]:
    configure(qapp)
    app_controller = AppController()
    yield app_controller
    for window in list(app_controller.windows):
        window.setWindowModified(False)
        window.close()
    if app_controller.start_page is not None:
        app_controller.start_page.close()
    QApplication.processEvents()


def keyboard_target(widget: QWidget) -> QWidget:
    """Where a real key press goes: an open popup (a completer's list) grabs the keyboard."""
    popup = QApplication.activePopupWidget()
    return popup if popup is not None else widget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as key events that carry it (any character, unlike ``keyClicks``)."""
    for char in text:
        key = QtNS.Key.Key_Return if char == "\n" else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, QtNS.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(keyboard_target(widget), event)


def press(
    widget: QWidget,
    key: QtNS.Key,
    modifiers: QtNS.KeyboardModifier = QtNS.KeyboardModifier.NoModifier,
) -> None:
    """Press and release one key (Tab, Delete, Ctrl+A …) where the keyboard is."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(keyboard_target(widget), QKeyEvent(kind, key, modifiers))
