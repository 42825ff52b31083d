"""Export time of a giant word, against the same length of ordinary words (same run).

A hostile or pasted answer may be one "word" of a million characters. Layout engines
re-measure the rest of a paragraph on every page they split it over, so the time grew
with the square of the length (a 100,000-character word took 29 s as PDF, a 1,000,000
character one over 10 minutes). The exporters now cut such answers into bounded pieces
before layout. This script exports ``examples/annex_b_valid.json`` as a marked draft
with the "quorum" answer (``answer``: the wide column of a question table), or the first
committee member's role (``cell``: a column of the members table), replaced by

- a giant word of N characters (``"x" * N``), and
- the baseline: N characters of ordinary words (``"lorem ipsum dolor ..."``),

for N = 10,000, 100,000 and 1,000,000, in PDF and Word, and prints seconds and the
ratio giant/baseline (target: within 2.5x, and time linear in N: 10x the length about
10x the time). Run: ``python benchmarks/giant_word.py [--sizes 10000,100000]``.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

from proforma_app.export import render_export
from proforma_app.files.storage import read_draft

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "annex_b_valid.json"
RATIO_BUDGET = 2.5
_WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "


def _seconds(answer: str, fmt: str, where: str) -> float:
    draft = read_draft(SAMPLE)
    draft.answers = copy.deepcopy(draft.answers)
    if where == "answer":
        draft.answers["quorum"] = answer
    else:  # a cell of the members table (a narrower column)
        draft.answers["members"][0]["role"] = answer
    start = time.perf_counter()
    render_export(draft, fmt, mark_draft=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    _seconds("warm-up", "pdf", "answer")
    _seconds("warm-up", "docx", "answer")
    ok = True
    print(
        f"{'format':6} {'where':6} {'characters':>10} {'giant word':>11} {'words':>9} {'ratio':>6}"
    )
    for fmt in ("pdf", "docx"):
        for where in ("answer", "cell"):
            for size in sizes:
                giant = _seconds("x" * size, fmt, where)
                words = (_WORDS * (size // len(_WORDS) + 1))[:size]
                baseline = _seconds(words, fmt, where)
                ratio = giant / baseline
                ok &= ratio <= RATIO_BUDGET
                print(
                    f"{fmt:6} {where:6} {size:>10,} {giant:>10.2f}s {baseline:>8.2f}s"
                    f" {ratio:>5.2f}x"
                )
    print(f"ratio budget {RATIO_BUDGET:.1f}x: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
