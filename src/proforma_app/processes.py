"""Is the process that wrote a record still running?

Recovery copies remember which process wrote them, so a copy is offered for restoring only
once its owner has gone. A process id alone is not enough: ids are reused, and a stranger
that happens to get the dead owner's id would hide the copy for ever. So the owner is
recorded as its id *and* its start time, and both must match for it to count as running.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessIdentity:
    """A process id with the process's start time (``None`` where the platform hides it)."""

    pid: int
    started: str | None

    def as_dict(self) -> dict[str, object]:
        return {"pid": self.pid, "started": self.started}

    @classmethod
    def from_dict(cls, data: object) -> ProcessIdentity | None:
        """The identity in a record, or ``None`` when the record is not one."""
        if not isinstance(data, dict):
            return None
        pid, started = data.get("pid"), data.get("started")
        if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
            return None
        if started is not None and not isinstance(started, str):
            return None
        return cls(pid, started)


def this_process() -> ProcessIdentity:
    """The identity of the running process."""
    return ProcessIdentity(os.getpid(), _start_time(os.getpid()))


def is_running(identity: ProcessIdentity) -> bool:
    """True while the process is alive and is the same one that wrote the record."""
    if identity.pid == os.getpid():
        return identity.started is None or identity.started == _start_time(identity.pid)
    if not _pid_alive(identity.pid):
        return False
    if identity.started is None:
        return True
    current = _start_time(identity.pid)
    return current is None or current == identity.started


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259
    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _kernel32.OpenProcess.restype = wintypes.HANDLE
    _kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
    _kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    _kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
    _kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE] + [ctypes.POINTER(wintypes.FILETIME)] * 4

    def _pid_alive(pid: int) -> bool:
        handle = _kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            # Access denied means the process exists but belongs to someone else.
            return ctypes.get_last_error() == 5
        try:
            code = wintypes.DWORD()
            if not _kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == _STILL_ACTIVE
        finally:
            _kernel32.CloseHandle(handle)

    def _start_time(pid: int) -> str | None:
        handle = _kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return None
        try:
            times = [wintypes.FILETIME() for _ in range(4)]
            if not _kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
                return None
            created = times[0]
            return str((created.dwHighDateTime << 32) | created.dwLowDateTime)
        finally:
            _kernel32.CloseHandle(handle)

else:

    def _pid_alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # alive, owned by another user
        except OSError:
            return False
        return _proc_state(pid) != "Z"  # a killed child not yet reaped is gone

    def _start_time(pid: int) -> str | None:
        fields = _proc_stat_fields(pid)
        # Field 22 of /proc/PID/stat (index 19 after the state): start time in clock ticks.
        return fields[19] if fields and len(fields) > 19 else None

    def _proc_state(pid: int) -> str | None:
        fields = _proc_stat_fields(pid)
        return fields[0] if fields else None

    def _proc_stat_fields(pid: int) -> list[str] | None:
        """Fields of /proc/PID/stat after the command name (Linux); ``None`` elsewhere."""
        try:
            text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            return None
        # The command name is in parentheses and may itself hold spaces or parentheses.
        return text[text.rfind(")") + 2 :].split()
