"""The running app: its windows, the start page, recent drafts, recovery and file locks.

Windows ask the controller to open, create and remember drafts, so the rules "one window
per file", "offer recovery copies at start" and "recent drafts on the start page" live in
one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from proforma_app.core.catalogue import get_form
from proforma_app.core.draft import Draft, new_draft
from proforma_app.core.reference import ccg_directory
from proforma_app.core.validation import ValidationReport, check_draft
from proforma_app.files.locks import DraftLock
from proforma_app.files.recovery import RecoveryCopy, RecoveryStore
from proforma_app.files.storage import DraftFileError, read_draft
from proforma_app.gui import dialogs
from proforma_app.gui.settings import AppSettings, RecentDraft

if TYPE_CHECKING:
    from proforma_app.gui.form_window import FormWindow
    from proforma_app.gui.start_page import StartPage


class AppController:
    """Owns every window; there is one per process."""

    def __init__(
        self, settings: AppSettings | None = None, store: RecoveryStore | None = None
    ) -> None:
        self.settings = settings or AppSettings()
        self.recovery_store = store or RecoveryStore()
        self.windows: list[FormWindow] = []
        self.start_page: StartPage | None = None

    # ------------------------------------------------------------------ windows
    def show_start_page(self) -> StartPage:
        from proforma_app.gui.start_page import StartPage

        if self.start_page is None:
            self.start_page = StartPage(self)
            self.start_page.destroyed.connect(self._start_page_gone)
        self.start_page.refresh()
        self.start_page.show()
        self.start_page.raise_()
        self.start_page.activateWindow()
        return self.start_page

    def _start_page_gone(self) -> None:
        self.start_page = None

    def new_form(self, form_id: str) -> FormWindow:
        """A window on an empty draft of ``form_id``."""
        return self._open_window(new_draft(form_id), None, None, revealed=False)

    def open_path(self, path: Path, requester: QWidget | None = None) -> FormWindow | None:
        """Open a draft file in a window; says why when it cannot (the file is never changed)."""
        path = Path(path)
        for window in self.windows:
            if window.path is not None and _same_file(window.path, path):
                dialogs.inform(
                    requester or window,
                    "information",
                    "Draft already open",
                    f"{path.name} is already open in this window.",
                )
                window.raise_()
                window.activateWindow()
                return window
        try:
            draft = read_draft(path)
        except DraftFileError as exc:
            dialogs.inform(
                requester,
                "error",
                "Cannot open the draft",
                f"Proforma cannot open {path.name}: {exc.reason}.",
                f"File: {exc.path}\nThe file has not been changed.",
            )
            return None
        lock = DraftLock.acquire(path)
        if lock is None:
            answer = dialogs.ask(
                requester,
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
        window = self._open_window(draft, path, lock, revealed=True)
        self.remember(draft, path, window.report)
        self.settings.set_last_folder(path.parent)
        return window

    def open_with_dialog(self, requester: QWidget | None = None) -> FormWindow | None:
        path = dialogs.choose_open_path(requester, "Open a draft", self.settings.last_folder())
        return self.open_path(path, requester) if path is not None else None

    def _open_window(
        self,
        draft: Draft,
        path: Path | None,
        lock: DraftLock | None,
        revealed: bool,
        modified: bool = False,
    ) -> FormWindow:
        from proforma_app.gui.form_window import FormWindow

        window = FormWindow(self, draft, path, lock, revealed=revealed, modified=modified)
        self.windows.append(window)
        window.show()
        if self.start_page is not None:
            self.start_page.close()
        return window

    def window_closed(self, window: FormWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def related_drafts(self, window: FormWindow) -> list[Draft]:
        """Drafts open in other windows (the amendment is checked against its annex)."""
        return [w.draft for w in self.windows if w is not window]

    def flush_recovery(self) -> list[Path]:
        """Write every unsaved window's recovery copy now (the crash handler calls this)."""
        copies = []
        for window in self.windows:
            if window.isWindowModified():
                path = window.autosaver.write_now()
                if path is not None:
                    copies.append(path)
        return copies

    # ------------------------------------------------------------------ recent drafts
    def remember(self, draft: Draft, path: Path, report: ValidationReport | None = None) -> None:
        report = report or check_draft(draft)
        saved = draft.saved_at.isoformat() if draft.saved_at else None
        self.settings.remember(
            RecentDraft(
                path=str(path.resolve()),
                form_id=draft.form_id,
                ccg_code=draft.ccg_code(),
                saved_at=saved,
                errors=len(report.errors),
                warnings=len(report.warnings),
            )
        )
        if self.start_page is not None:
            self.start_page.refresh()

    # ------------------------------------------------------------------ recovery
    def offer_recovery(self, parent: QWidget | None = None) -> list[FormWindow]:
        """Offer each copy left by a crashed session: restore it, discard it, or keep it."""
        restored = []
        for copy in self.recovery_store.pending():
            answer = dialogs.ask(parent, recovery_question(copy))
            if answer == "Restore":
                window = self.restore(copy, parent)
                if window is not None:
                    restored.append(window)
            elif answer == "Discard":
                self.recovery_store.remove(copy)
        return restored

    def restore(self, copy: RecoveryCopy, parent: QWidget | None = None) -> FormWindow | None:
        try:
            draft = self.recovery_store.restore(copy)
        except DraftFileError as exc:
            dialogs.inform(
                parent,
                "error",
                "Cannot restore",
                f"The recovery copy cannot be read: {exc.reason}.",
            )
            return None
        lock = DraftLock.acquire(copy.source) if copy.source is not None else None
        window = self._open_window(draft, copy.source, lock, revealed=True, modified=True)
        # The restored answers are safe under the new window's session before the old copy goes.
        if window.autosaver.write_now() is not None:
            self.recovery_store.remove(copy)
        said = "Restored unsaved answers from a recovery copy. Save them to keep them."
        window.confirm(said, success=False, title="Important")
        window.statusBar().showMessage(said)
        return window


def recovery_question(copy: RecoveryCopy) -> dialogs.Question:
    """What the officer is asked about one recovery copy: form, CCG, time, file."""
    form = get_form(copy.form_id)
    ccg = ccg_directory().describe_ccg(copy.ccg_code) if copy.ccg_code else "no CCG chosen yet"
    when = copy.saved_at.astimezone().strftime("%d %B %Y at %H:%M")
    source = f"It was open from {copy.source}." if copy.source else "It had never been saved."
    return dialogs.Question(
        "question",
        "Restore unsaved answers?",
        f"Proforma closed without saving your {form.annex} draft for {ccg}. "
        f"Its answers were kept at {when}.",
        ("Restore", "Discard", "Decide later"),
        f"{source} Restore opens it so you can save it; Discard deletes the recovery copy.",
        cancel="Decide later",
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False
