"""What tagging costs a PDF export: time and size, against the same export untagged.

Every example draft is exported as PDF (marked draft) as shipped, with its structure
tree and marked content, and then, in the same run, with tagging switched off (no
``BDC``/``EMC`` operators, no structure tree): the baseline. Prints the median time of
N exports of each and the file sizes, and the ratios. Run:
``python benchmarks/tagged_pdf.py [N]``. Not part of the test suite.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from timing import median_us

from proforma_app.export import pdf_backend, pdf_tags, render_export
from proforma_app.files.storage import read_draft

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


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


def main() -> int:
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
