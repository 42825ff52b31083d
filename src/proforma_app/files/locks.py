"""One window per draft file: opening a draft that is already open is detected.

Two windows saving the same file would silently overwrite each other's answers. Each open
draft therefore holds a lock record in ``paths.user_data_dir()/locks`` — never beside the
user's file, which may sit on a shared drive — named by a hash of the file's resolved path.

The record is held with an operating-system lock (``filelock``: ``flock`` on POSIX, a
Windows file lock there, both tested on those systems by its maintainers) rather than
trusted because of the process id written in it: the system drops the lock the moment its
process dies, however it dies, so a lock left by a crash is taken over at once and a reused
process id can never keep a file locked. The record still holds the owner's pid where the
system lets others read a locked file (POSIX), so a message can say which process has it.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from proforma_app.locations import path_names, paths

if TYPE_CHECKING:
    from filelock import FileLock


class DraftLock:
    """Held while a draft file is open in a window; :meth:`release` when the window closes."""

    _held: ClassVar[dict[str, DraftLock]] = {}
    _held_guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path, key: str, record: Path | None, os_lock: FileLock | None) -> None:
        self.path = path
        self._key = key
        self._record = record
        self._os_lock = os_lock

    @property
    def guarded(self) -> bool:
        """False when no lock could be taken (locks folder unwritable): work goes on unguarded."""
        return self._os_lock is not None

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
                os_lock = _take(record, resolved)
            except OSError:
                lock = cls(resolved, key, None, None)
            else:
                if os_lock is None:
                    return None
                lock = cls(resolved, key, record, os_lock)
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
            os_lock, self._os_lock = self._os_lock, None
            if os_lock is None or self._record is None:
                return
            # Remove the record before letting go, so whoever waits on it starts again on a
            # fresh one (filelock checks for that). Where a held file cannot be removed
            # (Windows), remove it just after instead; a new holder's open copy stays.
            try:
                os.unlink(self._record)
            except OSError:
                os_lock.release(force=True)
                with contextlib.suppress(OSError):
                    os.unlink(self._record)
            else:
                os_lock.release(force=True)

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


def _take(record: Path, resolved: Path) -> FileLock | None:
    """The OS lock on ``record``, held, or ``None`` if someone holds it.

    Never a "soft" lock (a file that merely exists): it would outlive a crashed holder.
    filelock is imported here, when a draft file is first opened."""
    from filelock import FileLock, Timeout

    os_lock = FileLock(
        record,
        thread_local=False,
        fallback_to_soft=False,
        on_acquired=lambda fd: _write_record(fd, resolved),
    )
    try:
        os_lock.acquire(blocking=False)
    except Timeout:
        return None
    return os_lock


def _write_record(fd: int, resolved: Path) -> None:
    """The holder's pid and the draft's path, for messages (never to decide who holds it)."""
    payload = json.dumps({"pid": os.getpid(), "path": str(resolved)}).encode("utf-8")
    with contextlib.suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, payload)
