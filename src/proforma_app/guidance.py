"""The guidance every form is built from, shipped with the app, and where to open it.

NHS England's *Next steps towards primary care co-commissioning* (November 2014) is kept
as text in ``resources/guidance``; form files cite it by line ("L1678-1680") in a field's
``source``. The Help menu opens the text at the lines of the question being answered, or
at the start when the question cites none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proforma_app import paths

GUIDANCE_FILE = Path("guidance") / "next-steps-2014.txt"
GUIDANCE_TITLE = "Next steps towards primary care co-commissioning (NHS England, November 2014)"

_LINES = re.compile(r"\bL?(\d{1,6})(?:\s*[-–]\s*L?(\d{1,6}))?\b")


@dataclass(frozen=True)
class Lines:
    """A range of lines of the guidance, 1-based and inclusive."""

    first: int
    last: int


def guidance_path() -> Path:
    """The shipped guidance text (in a checkout, a wheel and the Windows bundle alike)."""
    return paths.resources_dir() / GUIDANCE_FILE


def guidance_text() -> str:
    return guidance_path().read_text(encoding="utf-8")


def cited_lines(field: object) -> Lines | None:
    """The first line range a field's ``source`` cites, or None when it cites none.

    Accepts the shapes a citation may take in a form file: ``"L1678-1680"``, a list of
    those, or a mapping/object whose values hold them (``{"lines": "L1678-1680"}``).
    """
    for text in _texts(getattr(field, "source", None)):
        match = _LINES.search(text)
        if match:
            first = int(match.group(1))
            last = int(match.group(2)) if match.group(2) else first
            return Lines(min(first, last), max(first, last))
    return None


def _texts(value: Any) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, int) and not isinstance(value, bool):
        yield str(value)
    elif isinstance(value, dict):
        for key in ("lines", "line", "range"):
            if key in value:
                yield from _texts(value[key])
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        if len(value) == 2 and all(isinstance(v, int) for v in value):
            yield f"{value[0]}-{value[1]}"
            return
        for item in value:
            yield from _texts(item)
    else:
        fields = getattr(value, "model_fields", None) or getattr(value, "__dict__", {})
        for name in ("lines", "line", "range", *fields):
            if hasattr(value, name):
                yield from _texts(getattr(value, name))
