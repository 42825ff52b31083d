"""The running app: its windows, the start page, recent drafts, recovery and file locks.

Windows ask the controller, by signals, to open, create and remember drafts, so the rules
"one window per file", "offer recovery copies at start" and "recent drafts on the start
page" live in one place. The controller knows the windows; they never know it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from proforma_app.core.catalogue import get_form
from proforma_app.core.draft import Draft, new_draft
from proforma_app.core.reference import ccg_directory
from proforma_app.core.session import DraftSession
from proforma_app.core.validation import ValidationReport
from proforma_app.files.locks import DraftLock
from proforma_app.files.recovery import RecoveryCopy, RecoveryStore
from proforma_app.files.storage import DraftFileError
from proforma_app.gui import dialogs
from proforma_app.gui.draft_files import lock_restored, open_file
from proforma_app.gui.form_window import FormWindow
from proforma_app.gui.settings import AppSettings, RecentDraft
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
        if self.start_page is None:
            page = self.start_page = StartPage(self.settings)
            page.new_form_requested.connect(self.new_form)
            page.open_requested.connect(lambda: self.open_with_dialog(page))
            page.open_path_requested.connect(lambda path: self.open_path(path, page))
            page.closed.connect(self._start_page_gone)
            page.destroyed.connect(self._start_page_gone)
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
        opened = open_file(path, requester)
        if opened is None:
            return None
        draft, lock = opened
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
        session = DraftSession(draft, revealed=revealed, other_drafts=self.open_drafts)
        window = FormWindow(
            session, path, lock, self.settings, self.recovery_store, modified=modified
        )
        window.new_form_requested.connect(self.new_form)
        window.open_requested.connect(lambda: self.open_with_dialog(window))
        window.open_path_requested.connect(lambda path: self.open_path(path, window))
        window.start_page_requested.connect(self.show_start_page)
        window.draft_saved.connect(lambda path: self.remember(window.draft, path, window.report))
        window.closed.connect(lambda: self.window_closed(window))
        self.windows.append(window)
        window.show()
        if self.start_page is not None:
            self.start_page.close()
        return window

    def window_closed(self, window: FormWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def open_drafts(self) -> list[Draft]:
        """The drafts of every window; each session checks its own against the others
        (the amendment is checked against its annex)."""
        return [w.draft for w in self.windows]

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
    def remember(self, draft: Draft, path: Path, report: ValidationReport) -> None:
        """Put the draft at the top of the recent list, with the counts its window shows."""
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
        lock = lock_restored(copy.source)
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
