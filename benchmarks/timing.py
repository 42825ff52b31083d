"""What the benchmarks share: an in-process median and the environment of a cold process.

Imported by the scripts beside it (run as ``python benchmarks/NAME.py``, or loaded by
``run.py``, so this folder is on ``sys.path``).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def median_us(action: Callable[[], Any], repeats: int, warmup: int) -> float:
    """Median microseconds of ``action`` over ``repeats`` runs, after ``warmup`` untimed ones
    (caches and first-use costs out of the figure)."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        action()
        samples.append((time.perf_counter_ns() - start) / 1000)
    return statistics.median(samples)


def cold_process_env(pycache: str) -> dict[str, str]:
    """The environment of a timed cold process: offscreen Qt, pydantic's plugin scan off
    (as the app sets it), and byte-code cached in ``pycache`` (filled by a warm-up run), as
    an installed app or the bundle always has it."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPYCACHEPREFIX=pycache,
        PYDANTIC_DISABLE_PLUGINS="__all__",
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
