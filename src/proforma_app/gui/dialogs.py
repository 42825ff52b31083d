"""Every message box and file dialog of the app goes through this module.

Views call :func:`ask`, :func:`choose_open_path` and :func:`choose_save_path`; these
delegate to the installed :class:`DialogBackend`. The default backend shows real Qt
dialogs; tests install a scripted one (:func:`use_backend`) so no modal dialog ever
blocks a test and every question the app asks can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal, Protocol

from PySide6.QtWidgets import QWidget

Kind = Literal["question", "information", "warning", "error"]

DRAFT_FILTER = "Proforma drafts (*.json);;All files (*)"
PDF_FILTER = "PDF documents (*.pdf)"
WORD_FILTER = "Word documents (*.docx)"
IMAGE_FILTER = "Signature images (*.png *.jpg *.jpeg)"


@dataclass(frozen=True)
class Question:
    """What a message box says and which answers it offers (the first is the default)."""

    kind: Kind
    title: str
    text: str
    choices: tuple[str, ...] = ("OK",)
    detail: str = ""
    cancel: str | None = None
    """The answer Escape or closing the box gives; the last choice when not set."""

    @property
    def escape_choice(self) -> str:
        return self.cancel if self.cancel is not None else self.choices[-1]


class DialogBackend(Protocol):
    def ask(self, parent: QWidget | None, question: Question) -> str: ...

    def choose_open_path(
        self, parent: QWidget | None, title: str, folder: Path | None, filters: str
    ) -> Path | None: ...

    def choose_save_path(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None: ...


class QtDialogs:
    """The real dialogs (their Qt classes are loaded on first use: start-up stays quick)."""

    _ICONS: ClassVar[dict[str, str]] = {
        "question": "Question",
        "information": "Information",
        "warning": "Warning",
        "error": "Critical",
    }

    def ask(self, parent: QWidget | None, question: Question) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(parent)
        box.setIcon(getattr(QMessageBox.Icon, self._ICONS[question.kind]))
        box.setWindowTitle(question.title)
        box.setText(question.text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if question.detail:
            box.setInformativeText(question.detail)
        buttons = {}
        for choice in question.choices:
            role = (
                QMessageBox.ButtonRole.RejectRole
                if choice == question.escape_choice
                else QMessageBox.ButtonRole.AcceptRole
            )
            buttons[box.addButton(choice, role)] = choice
        first = next(iter(buttons))
        box.setDefaultButton(first)
        escape = next(b for b, c in buttons.items() if c == question.escape_choice)
        box.setEscapeButton(escape)
        box.exec()
        clicked = box.clickedButton()
        return next((c for b, c in buttons.items() if b is clicked), question.escape_choice)

    def choose_open_path(
        self, parent: QWidget | None, title: str, folder: Path | None, filters: str
    ) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(parent, title, str(folder or ""), filters)
        return Path(name) if name else None

    def choose_save_path(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(name) if name else None


_backend: DialogBackend = QtDialogs()


def use_backend(backend: DialogBackend) -> DialogBackend:
    """Install ``backend``; returns the previous one (tests put it back)."""
    global _backend
    previous, _backend = _backend, backend
    return previous


def ask(parent: QWidget | None, question: Question) -> str:
    """Show ``question``; returns the chosen answer (one of ``question.choices``)."""
    return _backend.ask(parent, question)


def inform(parent: QWidget | None, kind: Kind, title: str, text: str, detail: str = "") -> None:
    _backend.ask(parent, Question(kind, title, text, ("OK",), detail))


def choose_open_path(
    parent: QWidget | None, title: str, folder: Path | None = None, filters: str = DRAFT_FILTER
) -> Path | None:
    return _backend.choose_open_path(parent, title, folder, filters)


def choose_save_path(
    parent: QWidget | None, title: str, suggested: Path, filters: str = DRAFT_FILTER
) -> Path | None:
    return _backend.choose_save_path(parent, title, suggested, filters)
