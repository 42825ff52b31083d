"""Start-up of the desktop app against a bare PySide6 window with the same widgets.

Runs, as cold processes, interleaved:

* ``proforma-app --smoke examples/annex_b_valid.json`` — start Python, load the forms,
  read and validate the draft, build and show the form window, exit;
* a bare PySide6 script that builds a window with the same number of widgets of the same
  Qt classes (measured from the app's window first) and shows it, then exits.

Prints the median wall time of each, their ratio (the target is at most 1.5) and the
peak resident memory of the smoke process. For reference it also times the bare window
in a process that first imports the Qt-free core and checks the same draft, which
separates the core's start-up (pydantic models, form files) from the window's own.

    python benchmarks/gui_startup.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
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
print(len(window.findChildren(QWidget)) + 1)
"""


def _run(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall time, peak RSS (KiB) and output of one cold process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out = process.stdout.read() if process.stdout else ""
    err = process.stderr.read() if process.stderr else ""  # a few lines at most
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with exit code {process.returncode}:\n{err}")
    return elapsed, usage.ru_maxrss, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    census = json.loads(
        subprocess.run(
            [sys.executable, "-c", _CENSUS, str(DRAFT)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    widgets = sum(census.values())
    app_command = [sys.executable, "-m", "proforma_app.gui.app", "--smoke", str(DRAFT)]
    bare_command = [sys.executable, "-c", _BARE, json.dumps(census)]
    core_command = [*bare_command, str(DRAFT)]
    _run(app_command, env)  # warm the file cache and byte-code once, for both
    _elapsed, _rss, bare_widgets = _run(bare_command, env)
    app_times, bare_times, core_times, peaks = [], [], [], []
    for _ in range(args.rounds):
        elapsed, rss, out = _run(app_command, env)
        assert out.startswith("smoke: form=annex_b"), out
        app_times.append(elapsed)
        peaks.append(rss)
        elapsed, _rss, _out = _run(bare_command, env)
        bare_times.append(elapsed)
        elapsed, _rss, _out = _run(core_command, env)
        core_times.append(elapsed)
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    print(f"widgets: app window {widgets}, bare window {bare_widgets.strip()}")
    print(f"proforma-app --smoke: median {app_median * 1000:.0f} ms over {args.rounds} runs")
    print(f"bare PySide6 window:  median {bare_median * 1000:.0f} ms over {args.rounds} runs")
    core_median = statistics.median(core_times)
    print(f"ratio: {app_median / bare_median:.2f} (target <= 1.5)")
    print(
        f"for reference, the bare window after importing the core and checking the draft: "
        f"median {core_median * 1000:.0f} ms; the app's own cost over that: "
        f"{(app_median - core_median) * 1000:.0f} ms (ratio {app_median / core_median:.2f})"
    )
    print(f"peak RSS of the smoke process: {max(peaks) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
