"""The last line of defence: an unexpected error is logged, shown and never swallowed.

The handler writes the traceback to the user log folder, writes a recovery copy of every
open window at once, tells the officer where both are, and then lets Python report the
error as usual (the original hook still runs).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from proforma_app import __version__
from proforma_app.locations import paths

RecoveryFlusher = Callable[[], list[Path]]

_installed: list[object] = []


def write_crash_log(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path:
    """Write the traceback to ``paths.log_dir()``; returns the log file."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = paths.log_dir() / f"crash-{stamp}.log"
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    path.write_text(
        f"Proforma {__version__} — unexpected error at {dt.datetime.now().isoformat()}\n"
        f"Python {sys.version}\n\n{text}",
        encoding="utf-8",
    )
    return path


def crash_message(log: Path | None, copies: list[Path]) -> tuple[str, str]:
    """(text, detail) of the dialog shown after an unexpected error."""
    text = "Proforma hit a problem it did not expect."
    if copies:
        where = copies[0].parent
        detail = (
            f"Your unsaved answers are in a recovery copy in {where}. "
            "Proforma will offer to restore them the next time it starts. "
        )
    else:
        detail = f"Recovery copies are kept in {paths.recovery_dir()}. "
    detail += "Save your work now, then restart Proforma if it behaves oddly. " + (
        f"The details are in {log}." if log else "The details could not be written to a log."
    )
    return text, detail


def install(flush_recovery: RecoveryFlusher, show: Callable[[str, str], None]) -> None:
    """Route uncaught exceptions (main and worker threads) through the handler."""
    previous = sys.excepthook
    busy = threading.Lock()

    def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or not busy.acquire(blocking=False):
            previous(exc_type, exc, tb)
            return
        try:
            log: Path | None
            try:
                log = write_crash_log(exc_type, exc, tb)
            except OSError:
                log = None
            try:
                copies = flush_recovery()
            except Exception:
                copies = []
            previous(exc_type, exc, tb)  # never swallow: the usual report still happens
            if threading.current_thread() is threading.main_thread():
                text, detail = crash_message(log, copies)
                show(text, detail)
        finally:
            busy.release()

    def handle_thread(args: threading.ExceptHookArgs) -> None:
        exc = args.exc_value or args.exc_type()
        with contextlib.suppress(OSError):
            write_crash_log(args.exc_type, exc, args.exc_traceback)
        threading.__excepthook__(args)

    sys.excepthook = handle
    threading.excepthook = handle_thread
    _installed.append(handle)
