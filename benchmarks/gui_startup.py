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
  for, and the ratio the target (at most 1.5) is about;
* **end to end** — from starting the process to its exit, which adds closing the window
  and tearing the interpreter down (longer for the app, which has loaded more modules).

Both sides run with byte-code caching on, in a temporary ``PYTHONPYCACHEPREFIX`` filled by
one warm-up run of each, as an installed app or the bundle always has it: a shell with
``PYTHONDONTWRITEBYTECODE`` set would otherwise make the app (but not the bare window,
whose modules ship compiled) recompile its own ~40 modules on every start.

Prints the medians, their ratios and the peak resident memory of the smoke process. For
reference it also times the bare window in a process that first imports the Qt-free core
and checks the same draft, which separates the core's start-up (pydantic, the form
meta-model, the form file) from the window's own.

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

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "annex_b_valid.json"

_CENSUS = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
from proforma_app.gui.app import configure
from proforma_app.gui.controller import AppController
from proforma_app.storage import read_draft
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
if len(sys.argv) > 2:  # the same bare window after loading the core and checking the draft
    from pathlib import Path
    from proforma_app.storage import read_draft
    from proforma_app.validation import check_draft
    check_draft(read_draft(Path(sys.argv[2])))
from PySide6 import QtWidgets
from PySide6.QtWidgets import QApplication, QMainWindow, QScrollArea, QVBoxLayout, QWidget, QLabel
wanted = json.loads(sys.argv[1])
total = sum(wanted.values())
app = QApplication([])
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
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=pycache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
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


def _measure(env: dict[str, str], rounds: int) -> int:
    census = widget_census(env)
    widgets = sum(census.values())
    app_command = [sys.executable, "-m", "proforma_app.gui.app", "--smoke", str(DRAFT)]
    bare_command = bare_window_command(census)
    core_command = [*bare_command, str(DRAFT)]
    for command in (app_command, bare_command, core_command):  # byte-code and file cache
        _shown, _elapsed, _rss, out = run_cold(command, env)
    bare_widgets = out.split()[0]
    times: dict[str, list[tuple[float, float]]] = {"app": [], "bare": [], "core": []}
    peaks = []
    for _ in range(rounds):
        shown, elapsed, rss, out = run_cold(app_command, env)
        assert out.startswith("smoke: form=annex_b"), out
        times["app"].append((shown, elapsed))
        peaks.append(rss)
        for name, command in (("bare", bare_command), ("core", core_command)):
            shown, elapsed, _rss, _out = run_cold(command, env)
            times[name].append((shown, elapsed))

    def median_ms(name: str, which: int) -> float:
        return statistics.median(sample[which] for sample in times[name]) * 1000

    app_shown, bare_shown, core_shown = (median_ms(n, 0) for n in ("app", "bare", "core"))
    app_ms, bare_ms, core_ms = (median_ms(n, 1) for n in ("app", "bare", "core"))
    print(f"widgets: app window {widgets}, bare window {bare_widgets}")
    print(f"to a usable window (start to shown and painted), medians over {rounds} runs:")
    print(f"  proforma-app --smoke {app_shown:.0f} ms, bare PySide6 window {bare_shown:.0f} ms")
    print(f"  usable window, app / bare = {app_shown / bare_shown:.2f} (target <= 1.5)")
    print("end to end (start to exit):")
    print(f"proforma-app --smoke: median {app_ms:.0f} ms over {rounds} runs")
    print(f"bare PySide6 window:  median {bare_ms:.0f} ms over {rounds} runs")
    print(f"ratio: {app_ms / bare_ms:.2f} (end to end)")
    print(
        f"for reference, the bare window after importing the core and checking the draft: "
        f"median {core_ms:.0f} ms; the app's own cost over that: "
        f"{app_ms - core_ms:.0f} ms (ratio {app_ms / core_ms:.2f}); to a usable window "
        f"{core_shown:.0f} ms, the app's own cost {app_shown - core_shown:.0f} ms"
    )
    print(f"peak RSS of the smoke process: {max(peaks) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
