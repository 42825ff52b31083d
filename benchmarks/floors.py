"""What the required libraries alone cost a cold start, against the start-up targets' baselines.

The two start-up targets are ratios: a usable window at most 1.5× a bare PySide6 window
with the same widgets, and a cold ``proforma export`` (PDF and Word) at most 3× a cold
``python -c "import reportlab, docx"``. This script measures how much of each budget is
spent before Proforma runs a line of its own: the same bare window in a process that first
imports pydantic (and then also builds the form meta-model), or only loads the ``Qt``
namespace of enums (alignment, focus policy...: the bare window never touches it, any real
window does), and cold processes that only
import what rendering needs (``reportlab.platypus``, python-docx) with and without pydantic.
If one of these floors is already over a target, no change to Proforma's own code meets
that target while the library stays on the path.

Cold processes, interleaved round by round, medians; the window times are to the line the
bare window prints after its first paint, the import times are start to exit.

    python benchmarks/floors.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile

from gui_startup import bare_window_command, run_cold, widget_census
from timing import cold_process_env

QT_NAMESPACE = "from PySide6.QtCore import Qt\n"
PYDANTIC = "from pydantic import BaseModel, TypeAdapter\n"
META_MODEL = "import proforma_app.core.definition\n"

WINDOW_TARGET = 1.5
EXPORT_TARGET = 3.0


def measure(rounds: int) -> dict[str, float]:
    """Median milliseconds of each measure (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="proforma-pycache-") as pycache:
        env = cold_process_env(pycache)
        census = widget_census(env)
        python = sys.executable
        commands = {
            "bare window": bare_window_command(census),
            "the Qt namespace, then the bare window": bare_window_command(census, QT_NAMESPACE),
            "pydantic, then the bare window": bare_window_command(census, PYDANTIC),
            "pydantic and the meta-model, then the bare window": bare_window_command(
                census, META_MODEL
            ),
            "import reportlab, docx": [python, "-c", "import reportlab, docx"],
            "import reportlab.platypus, docx": [python, "-c", "import reportlab.platypus, docx"],
            "the same and pydantic": [
                python,
                "-c",
                PYDANTIC + "import reportlab.platypus, docx",
            ],
            "the same and the meta-model": [
                python,
                "-c",
                META_MODEL + "import reportlab.platypus, docx",
            ],
        }
        window_measures = {name for name in commands if name.endswith("bare window")}
        for command in commands.values():  # byte-code and file cache
            run_cold(command, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                shown, elapsed, _rss, _out = run_cold(command, env)
                samples[name].append(shown if name in window_measures else elapsed)
    return {name: statistics.median(times) * 1000 for name, times in samples.items()}


def report(medians: dict[str, float]) -> list[str]:
    """Lines to print: each floor in ms and as a ratio of its target's baseline."""
    window = medians["bare window"]
    imports = medians["import reportlab, docx"]
    lines = [f"to a painted window (target {WINDOW_TARGET}× the bare window):"]
    for name in (
        "bare window",
        "the Qt namespace, then the bare window",
        "pydantic, then the bare window",
        "pydantic and the meta-model, then the bare window",
    ):
        lines.append(f"  {name:52} {medians[name]:5.0f} ms  {medians[name] / window:.2f}×")
    lines.append(f"cold imports, start to exit (target {EXPORT_TARGET}× the first line):")
    for name in (
        "import reportlab, docx",
        "import reportlab.platypus, docx",
        "the same and pydantic",
        "the same and the meta-model",
    ):
        lines.append(f"  {name:52} {medians[name]:5.0f} ms  {medians[name] / imports:.2f}×")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print("\n".join(report(measure(args.rounds))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
