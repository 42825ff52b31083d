"""Is the process that wrote a record still running?

Recovery copies remember which process wrote them, so a copy is offered for restoring only
once its owner has gone. A process id alone is not enough: ids are reused, and a stranger
that happens to get the dead owner's id would hide the copy for ever. So the owner is
recorded as its id *and* its start time, and both must match for it to count as running.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


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


# psutil is imported on first use: a window opens without asking about any process.


def _pid_alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE  # killed, not yet reaped
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # alive, owned by another user
    except psutil.Error:
        return False


def _start_time(pid: int) -> str | None:
    """When the process started, as psutil reports it on every system; ``None`` if hidden."""
    import psutil

    try:
        return repr(psutil.Process(pid).create_time())
    except psutil.Error:
        return None
