"""What keeping the focused question still costs when problems are shown, in one run.

Leaving a question re-validates the draft and shows the result; the window then lays the
page out at once and scrolls by as much as the question moved. This times that update on
the committee page of the Annex B with mistakes (the page with the most problems), with
the focus in the chair's name whose answer flips between a lay member (no problem) and a
clinical one (an error shown above the cursor), until the page is laid out and painted
again, against the
same update without keeping the question still (the baseline, measured in the same run).
Offscreen Qt; not a test.

    python benchmarks/focus_still.py [--repeats 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="proforma-bench-")
    os.environ["PROFORMA_HOME"] = home
    from PySide6.QtWidgets import QApplication

    from proforma_app.gui.app import configure
    from proforma_app.gui.controller import AppController
    from proforma_app.gui.form_window import FormWindow

    app = QApplication([])
    configure(app)
    draft = Path(home) / "draft.json"
    shutil.copyfile(EXAMPLES / "annex_b_mistakes.json", draft)
    window = AppController().open_path(draft)
    assert window is not None
    window.show()
    window.check_all(focus_summary=False)
    window.show_page(2, focus=False)
    window.go_to_field("chair_name")
    app.processEvents()

    chair = window.editors["chair_name"]
    names = ("Margaret Ó Briain", "Dr Peter Walsh")  # lay: no problem; clinical: an error

    def median_ms() -> float:
        samples = []
        for round_ in range(args.repeats):
            window.draft.answers["chair_name"] = names[round_ % 2]
            chair.set_value(names[round_ % 2])
            start = time.perf_counter_ns()
            window.revalidate()
            app.processEvents()  # laid out and painted, as the officer sees it
            samples.append((time.perf_counter_ns() - start) / 1e6)
        return statistics.median(samples)

    still = median_ms()
    keep = FormWindow._keep_focus_in_place
    FormWindow._keep_focus_in_place = lambda self, widget, was_at: None  # type: ignore[method-assign]
    baseline = median_ms()
    FormWindow._keep_focus_in_place = keep  # type: ignore[method-assign]
    print(f"update after leaving a question, keeping it still: {still:.2f} ms")
    print(f"the same update without keeping it still (baseline): {baseline:.2f} ms")
    print(f"ratio: {still / baseline:.2f}")
    window.setWindowModified(False)
    window.close()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
