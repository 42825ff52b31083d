"""Whether a table row is short enough to keep on one page, for both backends.

A row split across a page break reads badly (half a member's role on one page, half on
the next), so rows are kept whole; but a row taller than a page must be allowed to
split or it could not be laid out at all (reportlab raises ``LayoutError``). The
estimate assumes wide characters, so it errs towards letting a row split.
"""

from __future__ import annotations

from collections.abc import Sequence

TEXT_POINTS = 9.5
LINE_POINTS = 12.5
_CHAR_POINTS = TEXT_POINTS * 0.62
"""Wider than DejaVu Sans's or Arial's average letter: a row is never thought shorter than it is."""
KEEP_WHOLE_BELOW_POINTS = 220.0
"""About a third of an A4 page's text area."""


def estimated_height(text: str, width_points: float) -> float:
    """Points a cell's text needs in a column ``width_points`` wide (padding excluded)."""
    per_line = max(1, int(width_points / _CHAR_POINTS))
    lines = sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))
    return lines * LINE_POINTS


def keep_row_whole(cells: Sequence[str], widths_points: Sequence[float]) -> bool:
    """True when no cell of the row needs more than about a third of a page."""
    return all(
        estimated_height(text, width - 10) < KEEP_WHOLE_BELOW_POINTS
        for text, width in zip(cells, widths_points, strict=True)
    )
