"""Validation speed of a full form, against a baseline measured in the same run.

The baseline is a JSON round trip of the same answers (what any code that touches a draft
pays at least). Run: ``python benchmarks/validation.py``. Not part of the test suite.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timing import median_us

from proforma_app.core.catalogue import get_form
from proforma_app.core.validation import validate_answers

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BUDGET_US = 1000.0


def _median_us(action: Callable[[], Any]) -> float:
    return median_us(action, repeats=2000, warmup=50)


def measure() -> list[dict[str, Any]]:
    """One row per sample draft: median validation time, baseline, ratio."""
    rows = []
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        form = get_form(data["form_id"])
        answers = data["answers"]
        validate_us = _median_us(lambda f=form, a=answers: validate_answers(f, a))
        baseline_us = _median_us(lambda a=answers: json.loads(json.dumps(a)))
        rows.append(
            {
                "draft": path.name,
                "validate_us": validate_us,
                "baseline_us": baseline_us,
                "ratio": validate_us / baseline_us,
            }
        )
    return rows


def main() -> int:
    rows = measure()
    print(f"{'draft':40} {'validate':>10} {'json baseline':>14} {'ratio':>7}")
    for r in rows:
        print(
            f"{r['draft']:40} {r['validate_us']:8.0f}µs {r['baseline_us']:12.0f}µs {r['ratio']:6.1f}×"
        )
    worst = max(r["validate_us"] for r in rows)
    verdict = "within" if worst < BUDGET_US else "OVER"
    print(f"slowest full-form validation: {worst:.0f} µs ({verdict} the {BUDGET_US:.0f} µs budget)")
    return 0 if worst < BUDGET_US else 1


if __name__ == "__main__":
    sys.exit(main())
