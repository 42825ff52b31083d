"""The app survives PySide6 6.12.0's lost references to None on Python 3.11."""

from __future__ import annotations

import os
import subprocess
import sys


def test_many_thousands_of_void_calls_do_not_abort_the_app() -> None:
    code = (
        "import sys\n"
        "import proforma_app.gui\n"  # the guard runs when the GUI package loads
        "from proforma_app.gui.qt_compat import protect_none\n"
        "from PySide6.QtWidgets import QApplication, QLineEdit\n"
        "app = QApplication([])\n"
        "box = QLineEdit()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(50_000):\n"
        "    box.setText('x')\n"
        "lost = before - sys.getrefcount(None)\n"
        "print(protect_none() or lost < 100)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "True"
