"""Opening an untrusted path: regular files only, never a wait, never more than a limit.

A named pipe called ``x.json`` would block an ordinary ``open`` for ever, and a device
node would be read without end; so the path is checked with ``stat`` before opening, then
opened with ``O_NONBLOCK`` and checked again on the descriptor (``fstat``), which is the
file actually read even if the name was swapped in between.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from proforma_app.files.draft_format import DraftError
from proforma_app.files.untrusted.budget import check_time

_CHUNK = 1024 * 1024
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
NOT_REGULAR = "this is not a regular file (a pipe, device or socket), so it was not read"


class RefusedFile(DraftError):
    """A file that is not read, with the reason in plain words (without the file name)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_regular_file(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`RefusedFile` if not.

    ``what`` names the expected content in messages ("draft file", "export").
    """
    path = Path(path)
    try:
        before = os.stat(path)
    except OSError as exc:
        raise RefusedFile(_open_failure(path, exc, what)) from None
    if stat.S_ISDIR(before.st_mode):
        raise RefusedFile(f"this is a folder, not a {what}")
    if not stat.S_ISREG(before.st_mode):
        raise RefusedFile(NOT_REGULAR)
    if before.st_size > limit:
        raise RefusedFile(too_large(before.st_size, limit, what))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise RefusedFile(_open_failure(path, exc, what)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped for something else since the stat
            raise RefusedFile(NOT_REGULAR)
        if info.st_size > limit:
            raise RefusedFile(too_large(info.st_size, limit, what))
        return _read_up_to(fd, limit, what)
    except OSError as exc:
        raise RefusedFile(f"the file cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _read_up_to(fd: int, limit: int, what: str) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        check_time()
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if total > limit:  # it grew after the fstat
            raise RefusedFile(too_large(total, limit, what))
    return b"".join(parts)


def too_large(size: int, limit: int, what: str) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB; a {what} larger than "
        f"{limit // 1024 // 1024} MB is refused (no real one is that large)"
    )


def _open_failure(path: Path, exc: OSError, what: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return "the file does not exist"
    if isinstance(exc, IsADirectoryError) or (
        isinstance(exc, PermissionError) and os.path.isdir(path)
    ):
        return f"this is a folder, not a {what}"
    if isinstance(exc, PermissionError):
        return "you do not have permission to read this file"
    if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):
        return NOT_REGULAR
    if exc.errno == errno.ELOOP:
        return "the file is a symbolic link that points back to itself"
    return f"the file cannot be read ({exc.strerror or exc})"
