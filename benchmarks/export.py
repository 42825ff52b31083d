"""Export speed: a full Annex B as PDF and as Word, in-process and as a fresh command.

In-process: ``export_draft`` of ``examples/annex_b_valid.json`` to a temporary file
(validation, rendering plan, layout and the atomic write), median of N after a warm-up;
budget 150 ms per format. Cold: ``proforma export`` (both formats) in a fresh process,
against a fresh ``python -c "import reportlab, docx"`` measured in the same run; budget 3×.
Run: ``python benchmarks/export.py [N]``. Not part of the test suite.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from timing import median_us

from proforma_app.export import FORMATS, export_draft, render_export
from proforma_app.files.storage import read_draft

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "annex_b_valid.json"
IN_PROCESS_BUDGET_MS = 150.0
COLD_BUDGET_RATIO = 3.0


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    # one warm-up run: fonts registered, form models built, modules imported
    return median_us(action, repeats, warmup=1) / 1000


def _cold_ms(commands: list[list[str]], repeats: int) -> list[float]:
    """Median wall time of each command in fresh processes, run in turn so that both
    see the same machine load."""
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(repeats):
        for command, times in zip(commands, samples, strict=True):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append((time.perf_counter() - start) * 1000)
    return [statistics.median(times) for times in samples]


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    draft = read_draft(SAMPLE)
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        print(f"in-process, {SAMPLE.name}, median of {repeats}:")
        for fmt in FORMATS:
            target = Path(folder) / f"out.{fmt}"
            full = _median_ms(lambda f=fmt, t=target: export_draft(draft, t, f), repeats)
            layout = _median_ms(lambda f=fmt: render_export(draft, f), repeats)
            within = full <= IN_PROCESS_BUDGET_MS
            ok &= within
            print(
                f"  {fmt:5} export_draft {full:6.1f} ms (without the file write {layout:5.1f} ms)"
                f"  {'within' if within else 'OVER'} the {IN_PROCESS_BUDGET_MS:.0f} ms budget"
            )
        cold_runs = max(5, repeats // 4)
        copy = Path(folder) / SAMPLE.name
        shutil.copy(SAMPLE, copy)
        export_ms, baseline_ms, validate_ms = _cold_ms(
            [
                [sys.executable, "-m", "proforma_app", "export", str(copy)],
                [sys.executable, "-c", "import reportlab, docx"],
                [sys.executable, "-m", "proforma_app", "validate", str(copy)],
            ],
            cold_runs,
        )
    ratio = export_ms / baseline_ms
    within = ratio <= COLD_BUDGET_RATIO
    ok &= within
    print(f"cold, median of {cold_runs}:")
    print(f"  proforma export (PDF and Word)    {export_ms:6.0f} ms")
    print(f'  python -c "import reportlab, docx" {baseline_ms:6.0f} ms')
    print(f"  for scale: proforma validate       {validate_ms:6.0f} ms (the core alone)")
    print(
        f"  ratio {ratio:.2f}× ({'within' if within else 'OVER'} the {COLD_BUDGET_RATIO:.0f}× budget)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
