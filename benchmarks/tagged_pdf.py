"""What tagging costs a PDF export: time and size, against the same export untagged.

Every example draft is exported as PDF (marked draft) as shipped, with its structure
tree and marked content, and then, in the same run, with tagging switched off (no
``BDC``/``EMC`` operators, no structure tree): the baseline. Prints the median time of
N exports of each and the file sizes, and the ratios. Run:
``python benchmarks/tagged_pdf.py [N]``. Not part of the test suite.

``--against REF`` instead times the same exports of this checkout against another commit
(its ``src``, ``forms`` and ``resources``, run with this interpreter), each side in fresh
processes interleaved round by round, order alternating: what a change to the PDF
backend costs (ADR 0013, PDF/UA-1).
``python benchmarks/tagged_pdf.py --against main [--rounds 5] [N]``
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from startup_against import _unpack
from timing import median_us

from proforma_app.export import pdf_backend, pdf_tags, render_export
from proforma_app.files.storage import read_draft

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    # one warm-up run: fonts registered, form models built, modules imported
    return median_us(action, repeats, warmup=1) / 1000


@contextlib.contextmanager
def _untagged() -> Iterator[None]:
    """Exports inside this block carry no marked content and no structure tree."""

    @contextlib.contextmanager
    def no_artifact(_canvas: Any) -> Iterator[None]:
        yield

    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(pdf_tags.Tagger, "begin", lambda *_: None))
        stack.enter_context(mock.patch.object(pdf_tags.Tagger, "end", lambda *_: None))
        stack.enter_context(mock.patch.object(pdf_tags, "artifact", no_artifact))
        stack.enter_context(mock.patch.object(pdf_backend, "artifact", no_artifact))
        stack.enter_context(mock.patch.object(pdf_backend, "write_structure", lambda *_: None))
        stack.enter_context(
            mock.patch.object(pdf_backend, "mark_page", lambda _canvas: lambda _page: None)
        )
        yield


def _child(repeats: int) -> int:
    """One side of ``--against``: the median time and the size of each example's export."""
    out = {}
    for path in sorted(EXAMPLES.glob("*.json")):
        draft = read_draft(path)

        def export(draft: Any = draft) -> bytes:
            data, _ = render_export(draft, "pdf", mark_draft=True)
            return data

        out[path.stem] = (_median_ms(export, repeats), len(export()))
    print(json.dumps(out))
    return 0


def _against(ref: str, rounds: int, repeats: int) -> int:
    with tempfile.TemporaryDirectory(prefix="proforma-against-") as temp:
        sides = {"this checkout": ROOT / "src", ref: _unpack(ref, Path(temp) / "other")}
        runs: dict[str, list[dict[str, list[float]]]] = {name: [] for name in sides}
        for round_ in range(rounds):
            for name in list(sides) if round_ % 2 == 0 else list(reversed(sides)):
                env = dict(os.environ, PYTHONPATH=str(sides[name]))
                result = subprocess.run(
                    [sys.executable, __file__, "--child", str(repeats)],
                    env=env, capture_output=True, text=True, check=True,
                )  # fmt: skip
                runs[name].append(json.loads(result.stdout))
    print(f"PDF export (marked draft), median of {rounds} interleaved processes x {repeats}:")
    print(f"{'example':34} {'this':>9} {ref:>9} {'ratio':>6} {'size':>9} {ref:>9}")
    ratios = []
    for example in runs["this checkout"][0]:
        ours, theirs = (
            statistics.median(run[example][0] for run in runs[side]) for side in sides
        )
        size, other_size = (runs[side][0][example][1] for side in sides)
        ratios.append(ours / theirs)
        print(
            f"{example:34} {ours:7.1f}ms {theirs:7.1f}ms {ours / theirs:5.2f}x"
            f" {size:>8,}B {other_size:>8,}B"
        )
    print(f"median ratio {statistics.median(ratios):.2f}x")
    return 0


def main() -> int:
    if "--child" in sys.argv:
        return _child(int(sys.argv[-1]))
    if "--against" in sys.argv:
        ref = sys.argv[sys.argv.index("--against") + 1]
        rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
        numbers = [a for a in sys.argv[1:] if a.isdigit() and a != str(rounds)]
        return _against(ref, rounds, int(numbers[-1]) if numbers else 15)
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    print(f"{'example':34} {'tagged':>9} {'untagged':>9} {'ratio':>6} {'size':>9} {'untagged':>9}")
    for path in sorted(EXAMPLES.glob("*.json")):
        draft = read_draft(path)

        def export(draft: Any = draft) -> bytes:
            data, _ = render_export(draft, "pdf", mark_draft=True)
            return data

        tagged_ms = _median_ms(export, repeats)
        tagged_size = len(export())
        with _untagged():
            plain_ms = _median_ms(export, repeats)
            plain_size = len(export())
            assert b"/StructTreeRoot" not in export()
        print(
            f"{path.stem:34} {tagged_ms:7.1f}ms {plain_ms:7.1f}ms {tagged_ms / plain_ms:5.2f}x"
            f" {tagged_size:>8,}B {plain_size:>8,}B ({tagged_size / plain_size:.2f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
