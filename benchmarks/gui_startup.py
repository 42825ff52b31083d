"""Start-up of the desktop app against a bare PySide6 window with the same widgets.

Runs, as cold processes, interleaved round by round:

* ``proforma-app --smoke examples/annex_b_valid.json`` — start Python, load the form,
  read and validate the draft, build and show the form window, exit;
* a bare PySide6 script that builds a window with the same number of widgets of the same
  Qt classes (measured from the app's window first) and shows it, then exits.

Two times are taken of every process, the same way for both sides:

* **to a usable window** — from starting the process to the line it prints right after
  the first ``processEvents()`` that follows ``show()`` (the window is shown and painted);
  the line is read from a pipe as soon as it is flushed. This is what the officer waits
  for, and the ratio the target (at most 1.75) is about;
* **end to end** — from starting the process to its exit, which adds closing the window
  and tearing the interpreter down (longer for the app, which has loaded more modules).

Both sides run with byte-code caching on, in a temporary ``PYTHONPYCACHEPREFIX`` filled by
one warm-up run of each, as an installed app or the bundle always has it: a shell with
``PYTHONDONTWRITEBYTECODE`` set would otherwise make the app (but not the bare window,
whose modules ship compiled) recompile its own ~40 modules on every start.

Prints the medians, their ratios and the peak resident memory of the smoke process, and
the floor rows, interleaved in the same rounds: the same bare window in a process that
first imports pydantic, then also the form meta-model, then the whole Qt-free core reading
and checking the same draft. They separate what the required libraries and the core cost
(ADR 0001) from the window's own.

    python benchmarks/gui_startup.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import cold_process_env

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "annex_b_valid.json"

_CENSUS = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
from proforma_app.gui.app import configure
from proforma_app.gui.controller import AppController
from proforma_app.files.storage import read_draft
app = QApplication([])
configure(app)
controller = AppController()
window = controller._open_window(read_draft(sys.argv[1]), None, None, revealed=True)
app.processEvents()
counts = {}
for widget in [window, *window.findChildren(QWidget)]:
    name = next(c.__name__ for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
    counts[name] = counts.get(name, 0) + 1
print(json.dumps(counts))
"""

_BARE = """
import json, sys
from PySide6 import QtWidgets
from PySide6.QtWidgets import QApplication, QMainWindow, QScrollArea, QVBoxLayout, QWidget, QLabel
wanted = json.loads(sys.argv[1])
total = sum(wanted.values())
app = QApplication.instance() or QApplication([])
window = QMainWindow()
window.setWindowTitle("bare")
area = QScrollArea()
host = QWidget()
layout = QVBoxLayout(host)
for name, count in wanted.items():
    cls = getattr(QtWidgets, name, None)
    if cls is None or name in ("QMainWindow", "QScrollBar", "QWidget", "QMenu", "QToolBar",
                               "QStatusBar", "QMenuBar", "QScrollArea", "QSplitterHandle"):
        continue
    for _ in range(count):
        try:
            layout.addWidget(cls())
        except TypeError:
            break
area.setWidget(host)
area.setWidgetResizable(True)
window.setCentralWidget(area)
window.menuBar().addMenu("File")
window.statusBar()
while len(window.findChildren(QWidget)) + 1 < total:
    layout.addWidget(QLabel("padding"))
window.resize(1100, 780)
window.show()
app.processEvents()
print(len(window.findChildren(QWidget)) + 1, flush=True)
"""


def run_cold(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Seconds to the first printed line and to exit, peak RSS (KiB) and output of one
    cold process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    first_line = process.stdout.readline()
    shown = time.perf_counter() - start
    out = first_line + process.stdout.read()
    err = process.stderr.read()  # a few lines at most
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with exit code {process.returncode}:\n{err}")
    return shown, elapsed, usage.ru_maxrss, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="proforma-pycache-") as pycache:
        env = cold_process_env(pycache)
        return _measure(env, args.rounds)


def widget_census(env: dict[str, str]) -> dict[str, int]:
    """How many widgets of each PySide6 class the app's window for ``DRAFT`` has."""
    counts: dict[str, int] = json.loads(
        subprocess.run(
            [sys.executable, "-c", _CENSUS, str(DRAFT)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    return counts


def bare_window_command(census: dict[str, int], preamble: str = "") -> list[str]:
    """A cold process that runs ``preamble``, then builds and shows the bare window."""
    return [sys.executable, "-c", preamble + _BARE, json.dumps(census)]


_CORE_CHECKS_DRAFT = (
    "from pathlib import Path\n"
    "from proforma_app.files.storage import read_draft\n"
    "from proforma_app.core.validation import check_draft\n"
    f"check_draft(read_draft(Path({str(DRAFT)!r})))\n"
)

FLOORS = {
    "pydantic": "from pydantic import BaseModel, TypeAdapter\n",
    "pydantic validating one small model": (
        "from pydantic import BaseModel\n"
        "class One(BaseModel):\n    x: int\n"
        "One.model_validate({'x': 1})\n"
    ),
    "pydantic and the meta-model": "import proforma_app.core.definition\n",
    "the core, the form and the draft checked": _CORE_CHECKS_DRAFT,
    "that, and what PySide6 builds on first use in a real window": (
        _CORE_CHECKS_DRAFT
        + "from PySide6.QtCore import Qt\n"
        + "from PySide6.QtWidgets import QApplication, QScrollArea\n"
        + "Qt.AlignmentFlag.AlignLeft\n"
        + "first_app = QApplication([])\n"
        + "QScrollArea().viewport()\n"
    ),
}
"""What a process does before the same bare window, for the floor rows: what the required
libraries and the core cost before the app runs a line of its window code. The last adds
two things PySide6 does once in any real window and never in the bare one: the first time a
program names ``Qt`` it builds the namespace's ninety-odd Python enums (about 11 ms), and the
first call that returns a ``QWidget`` (a scroll area's ``viewport()``, ``focusWidget()``)
makes it resolve every widget class it has not built yet, with their enums (about 7 ms)."""

TARGET = 1.75


def _measure(env: dict[str, str], rounds: int) -> int:
    census = widget_census(env)
    widgets = sum(census.values())
    app_command = [sys.executable, "-m", "proforma_app.entry", "--smoke", str(DRAFT)]
    commands = {
        "app": app_command,
        "bare": bare_window_command(census),
        **{name: bare_window_command(census, preamble) for name, preamble in FLOORS.items()},
    }
    for command in commands.values():  # byte-code and file cache
        _shown, _elapsed, _rss, out = run_cold(command, env)
    bare_widgets = run_cold(commands["bare"], env)[3].split()[0]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    peaks = []
    for _ in range(rounds):
        for name, command in commands.items():
            shown, elapsed, rss, out = run_cold(command, env)
            if name == "app":
                assert out.startswith("smoke: form=annex_b"), out
                peaks.append(rss)
            times[name].append((shown, elapsed))

    def median_ms(name: str, which: int) -> float:
        return statistics.median(sample[which] for sample in times[name]) * 1000

    app_shown, bare_shown = median_ms("app", 0), median_ms("bare", 0)
    app_ms, bare_ms = median_ms("app", 1), median_ms("bare", 1)
    print(f"widgets: app window {widgets}, bare window {bare_widgets}")
    print(f"to a usable window (start to shown and painted), medians over {rounds} runs:")
    print(f"  proforma-app --smoke {app_shown:.0f} ms, bare PySide6 window {bare_shown:.0f} ms")
    print(f"  usable window, app / bare = {app_shown / bare_shown:.2f} (target <= {TARGET})")
    print("floors: the same bare window after ... / the bare window (to a usable window)")
    for name in FLOORS:
        shown = median_ms(name, 0)
        print(f"  {name}: {shown:.0f} ms, {shown / bare_shown:.2f}")
    print(f"  the app's own window over the last floor: {app_shown - median_ms(name, 0):.0f} ms")
    print("end to end (start to exit):")
    print(f"proforma-app --smoke: median {app_ms:.0f} ms over {rounds} runs")
    print(f"bare PySide6 window:  median {bare_ms:.0f} ms over {rounds} runs")
    print(f"ratio: {app_ms / bare_ms:.2f} (end to end)")
    print(f"peak RSS of the smoke process: {max(peaks) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
