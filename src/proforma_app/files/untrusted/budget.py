"""A time budget per untrusted file: a file that takes too long is refused, the batch goes on.

Two mechanisms, because neither alone covers everything: loops in this package call
:func:`check_time` (works everywhere, including Windows and worker threads), and on POSIX
the main thread also gets a repeating ``SIGALRM`` that interrupts third-party Python code
(pypdf) that never calls back. :class:`TimeBudgetExceeded` derives from ``BaseException``
so that a library's ``except Exception`` cannot swallow it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from types import FrameType

_DEADLINE: ContextVar[float | None] = ContextVar("proforma_untrusted_deadline", default=None)
_ALARM_REPEAT_SECONDS = 0.25
"""If a library swallows the first interruption, the next one comes this much later."""


class TimeBudgetExceeded(BaseException):
    """Reading one file took longer than its budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"reading the file took longer than {seconds:g} s, so it was stopped "
            "(a damaged or hostile file?)"
        )
        self.seconds = seconds


def check_time() -> None:
    """Raise :class:`TimeBudgetExceeded` when the current budget is spent."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TimeBudgetExceeded(_BUDGET.get())


_BUDGET: ContextVar[float] = ContextVar("proforma_untrusted_budget", default=0.0)


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the block with at most ``seconds`` of wall time (None: no budget)."""
    if seconds is None:
        yield
        return
    deadline_token = _DEADLINE.set(time.monotonic() + seconds)
    budget_token = _BUDGET.set(seconds)
    stop_alarm = _start_alarm(seconds)
    try:
        yield
    finally:
        if stop_alarm is not None:
            stop_alarm()
        _DEADLINE.reset(deadline_token)
        _BUDGET.reset(budget_token)


def _start_alarm(seconds: float) -> Callable[[], None] | None:
    """A repeating SIGALRM on POSIX's main thread; returns how to stop it (None: no alarm)."""
    if sys.platform == "win32" or threading.current_thread() is not threading.main_thread():
        return None
    if not hasattr(signal, "setitimer"):
        return None

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise TimeBudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds, _ALARM_REPEAT_SECONDS)

    def stop() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    return stop
