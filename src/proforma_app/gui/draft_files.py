"""Where a draft is kept: opening a file, its lock, Save, Save As and the question on close.

The one place that writes a session's draft and holds the lock that keeps a draft file to
one window. It asks its questions through :mod:`~proforma_app.gui.dialogs` and says what
happened by signals; the window shows it.
"""

from __future__ import annotations

import errno
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from proforma_app.core.draft import Draft
from proforma_app.core.session import DraftSession
from proforma_app.files.locks import DraftLock
from proforma_app.files.storage import DraftFileError, read_draft, write_draft
from proforma_app.gui import dialogs
from proforma_app.gui.settings import AppSettings
from proforma_app.locations import paths

NOT_SAVED = "Not saved: your answers are still in this window."


def open_file(path: Path, parent: QWidget | None) -> tuple[Draft, DraftLock | None] | None:
    """Read a draft file and take its lock; says why when it cannot (the file is never
    changed). None when nothing is to be opened; the lock is None when the officer chose
    to open a draft another window holds."""
    try:
        draft = read_draft(path)
    except DraftFileError as exc:
        dialogs.inform(
            parent,
            "error",
            "Cannot open the draft",
            f"Proforma cannot open {path.name}: {exc.reason}.",
            f"File: {exc.path}\nThe file has not been changed.",
        )
        return None
    lock = DraftLock.acquire(path)
    if lock is None:
        answer = dialogs.ask(
            parent,
            dialogs.Question(
                "warning",
                "Draft already open",
                f"{path.name} is already open in another Proforma window.",
                ("Open anyway", "Cancel"),
                "If you save in both windows, the last save replaces the other's answers. "
                "Close the other window first if you can.",
            ),
        )
        if answer != "Open anyway":
            return None
    return draft, lock


def lock_restored(source: Path | None) -> DraftLock | None:
    """The lock of the file a restored recovery copy came from (None when it had none, or
    another window holds it: the restored answers open all the same, unsaved)."""
    return DraftLock.acquire(source) if source is not None else None


class DraftFile(QObject):
    """The file a session's draft is kept in (None until first saved) and its lock."""

    saved = Signal(object)
    """The draft was written to this path."""
    not_saved = Signal(str)
    """A save was given up; what to tell the officer."""

    def __init__(
        self,
        session: DraftSession,
        path: Path | None,
        lock: DraftLock | None,
        settings: AppSettings,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.path = path
        self.lock = lock
        self.settings = settings
        self._parent = parent
        self._last_failure: str | None = None
        """Why the last save failed, in plain words (None after a good save)."""

    @property
    def name(self) -> str:
        """The file's name, or what the window calls a draft never saved."""
        return self.path.name if self.path is not None else f"Untitled {self.session.form.annex}"

    def suggested_path(self, suffix: str = ".json", tail: str = "") -> Path:
        """Where a save or an export is offered: beside the draft, else the last folder."""
        folder = (
            self.path.parent
            if self.path is not None
            else self.settings.last_folder() or paths.documents_dir()
        )
        stem = self.path.stem if self.path is not None else self.session.default_stem()
        return folder / f"{stem}{tail}{suffix}"

    def save(self) -> bool:
        """Save to the draft's file (asking for one the first time); True when saved."""
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        path = dialogs.choose_save_path(self._parent, "Save the draft as", self.suggested_path())
        if path is None:
            return False
        if not path.suffix:
            path = path.with_suffix(".json")
        same = self.path is not None and _same_place(self.path, path)
        new_lock = None
        if not same:
            new_lock = DraftLock.acquire(path)
            if new_lock is None:
                dialogs.inform(
                    self._parent,
                    "warning",
                    "Draft already open",
                    f"{path.name} is open in another Proforma window. Close it there first, "
                    "or save under a different name.",
                )
                return False
        if not same:
            # Written under its new name: the window's title says so when ``saved`` arrives.
            old_path, old_lock = self.path, self.lock
            self.path, self.lock = path, new_lock
        if not self._write(path, offer_save_as=False):
            if not same:
                self.path, self.lock = old_path, old_lock
                if new_lock is not None:
                    new_lock.release()
            return self._offer_save_as_after_failure() if self._last_failure else False
        if not same and old_lock is not None:
            old_lock.release()
        return True

    def _write(self, path: Path, offer_save_as: bool = True) -> bool:
        self._last_failure = None
        try:
            write_draft(path, self.session.draft)
        except OSError as exc:
            self._last_failure = _save_failure_reason(exc)
            if offer_save_as:
                return self._offer_save_as_after_failure(path)
            return False
        self.settings.set_last_folder(path.parent)
        self.saved.emit(path)
        return True

    def _offer_save_as_after_failure(self, path: Path | None = None) -> bool:
        where = f" to {path}" if path is not None else ""
        answer = dialogs.ask(
            self._parent,
            dialogs.Question(
                "error",
                "The draft was not saved",
                f"Proforma could not save the draft{where}: {self._last_failure}.",
                ("Save As…", "Cancel"),
                "Your answers are still here in this window; nothing has been lost. "
                "Choose Save As to save them somewhere else, for example your Documents folder.",
                cancel="Cancel",
            ),
        )
        if answer == "Save As…":
            return self.save_as()
        self.not_saved.emit(NOT_SAVED)
        return False

    def may_close(self, modified: bool) -> bool:
        """Before the window closes: unsaved changes are saved, dropped or the close is
        cancelled, as the officer answers. True when the window may close."""
        if not modified:
            return True
        name = (
            self.path.name if self.path is not None else f"the new {self.session.form.annex} draft"
        )
        answer = dialogs.ask(
            self._parent,
            dialogs.Question(
                "question",
                "Save changes?",
                f"Do you want to save the changes to {name}?",
                ("Save", "Don't save", "Cancel"),
                "If you don't save, your changes will be lost.",
                cancel="Cancel",
            ),
        )
        return not (answer == "Cancel" or (answer == "Save" and not self.save()))

    def release(self) -> None:
        """The window closed: another may open the file."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _same_place(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _save_failure_reason(exc: OSError) -> str:
    """Plain words for why a save failed."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is read-only, or you do not have permission to save there"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "the folder no longer exists (a removed drive or a renamed folder)"
    return exc.strerror or str(exc)
