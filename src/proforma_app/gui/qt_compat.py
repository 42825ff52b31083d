"""A guard against a PySide6 bug that would crash the app after a few thousand clicks.

PySide6 6.12.0 on Python 3.11 returns ``None`` from every void method (``setText``,
``setEnabled`` …) without taking a reference to it. Each call then lowers ``None``'s
reference count by one, and when it reaches zero Python aborts ("deallocating None") —
after some six thousand calls, which an officer typing a form makes in minutes. Python
3.12 made ``None`` immortal, so the bug is harmless there.

The guard detects the bug with a harmless probe and, only then, gives ``None`` a reference
count it can never use up (what Python 3.12 does for every build). ``pyproject.toml``
also excludes the affected release; the guard protects installs that have it anyway.
"""

from __future__ import annotations

import sys

_ENOUGH = 1 << 40
"""More references than a process can drop in its lifetime."""

_guarded = False


def pyside_drops_none_references() -> bool:
    """True when a void PySide6 call lowers ``None``'s reference count."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def protect_none() -> bool:
    """Apply the guard where the bug is present; returns True when it was needed."""
    global _guarded
    if _guarded:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not pyside_drops_none_references():
        return False
    import ctypes  # only where the bug is: ctypes costs ~1.5 ms of start-up

    ctypes.c_ssize_t.from_address(id(None)).value += _ENOUGH
    _guarded = True
    return True
