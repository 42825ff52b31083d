"""Reading and writing draft files safely.

A save never leaves a half-written file: it writes a temporary file beside the target,
flushes it to disk, keeps the previous version as ``FILE.bak`` and then replaces the
target in one step. Opening a file never changes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from proforma_app.draft import Draft, DraftError, dumps_draft, loads_draft

MAX_DRAFT_BYTES = 20 * 1024 * 1024
"""Larger files are refused: no real draft comes near this, and reading one would freeze."""


class DraftFileError(DraftError):
    """A draft file could not be read or written; names the file and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def read_draft(path: Path) -> Draft:
    """Open a draft file; raises :class:`DraftFileError` naming the file and the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DRAFT_BYTES:
            raise DraftFileError(
                path,
                f"the file is {size / 1024 / 1024:.1f} MB; drafts larger than 20 MB are refused",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftFileError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise DraftFileError(path, "this is a folder, not a draft file") from None
    except PermissionError:
        raise DraftFileError(path, "you do not have permission to read this file") from None
    except OSError as exc:
        raise DraftFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
    try:
        return loads_draft(data)
    except DraftError as exc:
        raise DraftFileError(path, str(exc)) from None


def write_draft(path: Path, draft: Draft, keep_backup: bool = True) -> dt.datetime:
    """Save atomically; returns the time written into the file. Raises ``OSError`` on failure."""
    path = Path(path)
    saved_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    payload = dumps_draft(draft, saved_at).encode("utf-8")
    write_atomic(path, payload, keep_backup=keep_backup)
    draft.saved_at = saved_at
    draft.upgraded_from = None
    return saved_at


def write_atomic(path: Path, payload: bytes, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``payload`` so readers only ever see the old or the new file."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if keep_backup and path.exists():
            backup = path.with_name(path.name + ".bak")
            with contextlib.suppress(OSError):
                _keep_backup(path, backup)
        os.replace(temp_name, path)
        _fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def _keep_backup(path: Path, backup: Path) -> None:
    """Keep the current file as ``.bak`` without a moment where ``path`` is missing.

    A hard link costs nothing; where the file system has none, a copy does the same job.
    """
    temp_backup = backup.with_name(backup.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp_backup)
    try:
        os.link(path, temp_backup)
    except OSError:
        shutil.copy2(path, temp_backup)
    os.replace(temp_backup, backup)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
