"""One window per draft file: opening a draft that is already open is detected.

Two windows saving the same file would silently overwrite each other's answers. Each open
draft therefore holds a lock record in ``paths.user_data_dir()/locks`` — never beside the
user's file, which may sit on a shared drive — named by a hash of the file's resolved path.

The record is held with an operating-system lock (``flock`` on POSIX, ``msvcrt.locking``
on Windows) rather than trusted because of the process id written in it: the system drops
the lock the moment its process dies, however it dies, so a lock left by a crash is taken
over at once and a reused process id can never keep a file locked. The record still holds
the owner's pid, so a message can say which process has the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from pathlib import Path
from typing import ClassVar

from proforma_app import path_names, paths

_LOCK_OFFSET = 1 << 30
"""Windows locks a byte range; a byte far past the record leaves the record readable."""


class DraftLock:
    """Held while a draft file is open in a window; :meth:`release` when the window closes."""

    _held: ClassVar[dict[str, DraftLock]] = {}
    _held_guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path, key: str, record: Path | None, fd: int | None) -> None:
        self.path = path
        self._key = key
        self._record = record
        self._fd = fd

    @property
    def guarded(self) -> bool:
        """False when no lock could be taken (locks folder unwritable): work goes on unguarded."""
        return self._fd is not None

    @classmethod
    def acquire(cls, path: Path) -> DraftLock | None:
        """The lock on ``path``, or ``None`` when the draft is already open in this process or
        another running one.

        If the lock folder cannot be used at all, an unguarded lock is returned instead of
        refusing: keeping the officer working matters more than the two-window warning.
        """
        resolved = _resolved(path)
        key = _key(resolved)
        with cls._held_guard:
            if key in cls._held:
                return None
            try:
                record = _locks_dir() / f"{key}.lock"
                fd = _take(record)
            except OSError:
                lock = cls(resolved, key, None, None)
            else:
                if fd is None:
                    return None
                lock = cls(resolved, key, record, fd)
                _write_record(fd, resolved)
            cls._held[key] = lock
            return lock

    @classmethod
    def holder_pid(cls, path: Path) -> int | None:
        """The process id recorded by the current holder of ``path``'s lock, if any."""
        record = _locks_dir() / f"{_key(_resolved(path))}.lock"
        try:
            data = json.loads(record.read_bytes()[:4096])
        except (OSError, ValueError):
            return None
        pid = data.get("pid") if isinstance(data, dict) else None
        return pid if isinstance(pid, int) else None

    def release(self) -> None:
        """Let another window open the draft. Safe to call more than once."""
        with self._held_guard:
            if self._held.get(self._key) is self:
                del self._held[self._key]
            fd, self._fd = self._fd, None
            if fd is None or self._record is None:
                return
            if sys.platform == "win32":
                _unlock(fd)
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(self._record)  # fails while another process has it open
            else:
                # Remove the record before letting go, so whoever is waiting on this inode
                # sees it is no longer the record and starts again on a fresh one.
                with contextlib.suppress(OSError):
                    os.unlink(self._record)
                os.close(fd)

    def __enter__(self) -> DraftLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"DraftLock({str(self.path)!r}, guarded={self.guarded})"


def _resolved(path: Path) -> Path:
    absolute = Path(os.path.abspath(Path(path).expanduser()))
    try:
        return absolute.resolve()
    except (OSError, RuntimeError):  # an unreachable share or a symbolic-link loop
        return absolute


def _key(resolved: Path) -> str:
    return path_names.lock_record_name(resolved).removesuffix(".lock")


def _locks_dir() -> Path:
    folder = paths.user_data_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _take(record: Path) -> int | None:
    """An open descriptor holding the lock on ``record``, or ``None`` if someone holds it."""
    for _ in range(100):
        fd = os.open(record, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            locked = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            return None
        if sys.platform == "win32" or _same_file(fd, record):
            return fd
        os.close(fd)  # the previous holder removed this record while we waited; retry
    raise OSError(f"could not take the lock record {record}")


def _same_file(fd: int, record: Path) -> bool:
    try:
        on_disk = os.stat(record)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _write_record(fd: int, resolved: Path) -> None:
    payload = json.dumps({"pid": os.getpid(), "path": str(resolved)}).encode("utf-8")
    with contextlib.suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, payload)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
