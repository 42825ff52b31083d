"""Autosave: a recovery copy a few seconds after the last edit, written off the UI thread.

Each edit restarts a single-shot timer, so typing costs nothing; when the officer pauses,
a snapshot of the draft is taken on the UI thread (a cheap copy) and written by a worker
thread through :class:`~proforma_app.files.recovery.RecoveryStore`. A save or a clean close
discards the copy, waiting for any write still in flight so the copy cannot reappear.
"""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from proforma_app.core.draft import Draft
from proforma_app.files.recovery import RecoveryStore

if TYPE_CHECKING:  # the worker thread starts with the first copy, not with the app
    from concurrent.futures import Future, ThreadPoolExecutor

AUTOSAVE_DELAY_MS = 3000

_WRITER: ThreadPoolExecutor | None = None


def _writer() -> ThreadPoolExecutor:
    """One worker for every window: copies are small and must not race each other."""
    global _WRITER
    if _WRITER is None:
        from concurrent.futures import ThreadPoolExecutor

        _WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proforma-autosave")
    return _WRITER


class Autosaver(QObject):
    """Keeps one window's recovery copy up to date while it has unsaved changes."""

    saved = Signal(object)
    """A recovery copy was written (its path)."""
    failed = Signal(str)
    """A recovery copy could not be written (the reason); the window says so, once."""

    def __init__(
        self,
        store: RecoveryStore,
        session_id: str,
        parent: QObject | None = None,
        delay_ms: int = AUTOSAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._write_later)
        self._draft: Draft | None = None
        self._source: Path | None = None
        self._pending: Future[Path] | None = None
        self._has_copy = False
        self._copy_path: Path | None = None

    @property
    def delay_ms(self) -> int:
        return self._timer.interval()

    def set_delay_ms(self, delay_ms: int) -> None:
        self._timer.setInterval(delay_ms)

    @property
    def copy_path(self) -> Path | None:
        """Where this window's recovery copy is, once one has been written."""
        return self._copy_path if self._has_copy else None

    def schedule(self, draft: Draft, source: Path | None) -> None:
        """An edit happened: write a copy once the officer pauses."""
        self._draft, self._source = draft, source
        self._timer.start()

    def is_scheduled(self) -> bool:
        return self._timer.isActive()

    def write_now(self) -> Path | None:
        """Write the copy at once, on this thread (crash handler, restored drafts)."""
        self._timer.stop()
        self._wait()
        if self._draft is None:
            return None
        try:
            path = self.store.save(self.session_id, _snapshot(self._draft), self._source)
        except OSError as exc:
            self.failed.emit(exc.strerror or str(exc))
            return None
        self._has_copy, self._copy_path = True, path
        self.saved.emit(path)
        return path

    def discard(self) -> None:
        """The draft is saved or closed on purpose: remove the copy (and stop any pending one)."""
        self._timer.stop()
        self._draft = None
        self._wait()
        self.store.discard(self.session_id)
        self._has_copy = False

    def _write_later(self) -> None:
        if self._draft is None:
            return
        snapshot = _snapshot(self._draft)
        source = self._source
        self._wait()
        future = _writer().submit(self.store.save, self.session_id, snapshot, source)
        self._pending = future
        future.add_done_callback(self._written)

    def _written(self, future: Future[Path]) -> None:
        # Runs on the worker thread; signals reach the window through its event loop.
        error = future.exception()
        if error is not None:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.failed.emit(reason)
            return
        self._has_copy, self._copy_path = True, future.result()
        self.saved.emit(future.result())

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            # A failure was reported through ``failed`` already.
            with contextlib.suppress(Exception):
                pending.result(timeout=10)


def _snapshot(draft: Draft) -> Draft:
    return Draft(
        draft.form,
        answers=copy.deepcopy(draft.answers),
        saved_at=draft.saved_at,
        upgraded_from=draft.upgraded_from,
    )
