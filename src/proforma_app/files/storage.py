"""Reading and writing draft files safely.

A save never leaves a half-written file: it writes a temporary file beside the target,
flushes it to disk, keeps the previous version as ``FILE.bak`` and then replaces the
target in one step, so whatever happens (a full disk, a killed process, a power cut) the
file on disk is the old draft or the new one, whole. Opening a file never changes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import stat
import sys
import time
import uuid
from pathlib import Path

from proforma_app.core.draft import Draft
from proforma_app.files.draft_format import DraftError, dumps_draft, loads_draft
from proforma_app.files.untrusted.files import RefusedFile, read_regular_file
from proforma_app.locations import path_names

MAX_DRAFT_BYTES = 20 * 1024 * 1024
"""Larger files are refused: no real draft comes near this, and reading one would freeze."""

_STALE_TEMP_SECONDS = 600
"""A temporary file this old was left by a killed save (a live one takes milliseconds)."""
_REPLACE_ATTEMPTS = 5
"""Windows refuses a replace while a virus scanner or indexer briefly holds the file."""


class DraftFileError(DraftError):
    """A draft file could not be read or written; names the file and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def read_draft(path: Path) -> Draft:
    """Open a draft file; raises :class:`DraftFileError` naming the file and the reason.

    The file arrives from anywhere, so it is read through :mod:`proforma_app.files.untrusted`:
    a pipe, device or socket is refused without waiting, and so is anything over the limit.
    """
    path = Path(path)
    try:
        data = read_regular_file(path, MAX_DRAFT_BYTES, "draft file")
    except RefusedFile as exc:
        raise DraftFileError(path, exc.reason) from None
    try:
        draft = loads_draft(data)
    except DraftError as exc:
        raise DraftFileError(path, str(exc)) from None
    draft.origin = path.name
    return draft


def write_draft(path: Path, draft: Draft, keep_backup: bool = True) -> dt.datetime:
    """Save atomically; returns the time written into the file.

    Raises ``OSError`` on failure (see :func:`save_error_message`); the file on disk and the
    draft in memory are then exactly as they were.
    """
    path = Path(path)
    saved_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        payload = dumps_draft(draft, saved_at).encode("utf-8")
    except (ValueError, TypeError) as exc:
        raise OSError(
            errno.EINVAL, f"the draft cannot be written as a file ({exc})", str(path)
        ) from None
    if len(payload) > MAX_DRAFT_BYTES:
        raise OSError(
            errno.EFBIG,
            f"the draft would be {len(payload) / 1024 / 1024:.1f} MB, over the "
            f"{MAX_DRAFT_BYTES // 1024 // 1024} MB limit; remove large signature images or "
            "pasted text and save again",
            str(path),
        )
    write_atomic(path, payload, keep_backup=keep_backup)
    draft.saved_at = saved_at
    draft.upgraded_from = None
    draft.origin = path.name
    return saved_at


def write_atomic(path: Path, payload: bytes, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``payload`` so readers only ever see the old or the new file.

    A path that is a symbolic link is followed: the file it points to is replaced, the link
    stays. Raises ``OSError`` with the target untouched when anything fails.
    """
    path = Path(os.path.realpath(path))
    folder = path.parent
    temp = path_names.save_temp_path(path, uuid.uuid4().hex[:12])
    try:
        _write_synced(temp, payload, _mode_of(path))
        if keep_backup and path.is_file():
            backup = path_names.backup_path(path)
            with contextlib.suppress(OSError):  # a missing .bak never stops a save
                _keep_backup(path, backup)
        _replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(folder)
    _remove_stale_temp_files(path)


def save_error_message(path: Path, error: OSError) -> str:
    """Plain words for a failed save, for the message that offers Save As."""
    code = error.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        reason = "the disk is full"
    elif code == errno.EROFS:
        reason = "the disk or folder is read-only"
    elif code == errno.ENOENT:
        reason = "the folder no longer exists (a removed drive or a deleted folder?)"
    elif isinstance(error, PermissionError):
        reason = "you do not have permission to save in this folder, or the file is read-only"
    elif code in (errno.EFBIG, errno.EINVAL) and error.strerror:
        reason = error.strerror
    elif isinstance(error, IsADirectoryError):
        reason = "a folder has that name"
    else:
        reason = f"the system said: {error.strerror or error}"
    return (
        f"Proforma could not save {path}: {reason}. The file on disk has not been changed "
        "and your answers are still open. Use Save As to save them somewhere else."
    )


def _mode_of(path: Path) -> int:
    """Permissions for the new file: the old file's, else the usual ones for a new file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666  # the umask narrows it, as for any new file


def _write_synced(temp: Path, payload: bytes, mode: int) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, mode)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


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


def _replace(temp: Path, path: Path) -> None:
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(temp, path)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to sync)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_stale_temp_files(path: Path) -> None:
    """Tidy temporary files that killed saves of this draft left beside it."""
    now = time.time()
    with contextlib.suppress(OSError):
        for temp in path.parent.glob(f".{_glob_escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - temp.stat().st_mtime > _STALE_TEMP_SECONDS:
                    temp.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)
