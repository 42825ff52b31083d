"""Making untrusted answer text safe for both backends; one module so neither can forget.

Answers are typed or pasted by people and may come from a hostile file, so:

- XML (the .docx format) cannot hold NUL, other C0 controls, U+FFFE/U+FFFF or lone
  surrogates, and python-docx raises half-way through a call when given one, leaving a
  damaged paragraph. :func:`clean_text` removes the invisible controls and replaces the
  rest with U+FFFD before any backend sees the text.
- reportlab parses paragraph text as markup (``<img src>`` reads local files, ``<a href>``
  and ``<font>`` take effect, ``&`` and ``<`` break parsing). :func:`pdf_markup` escapes
  everything and adds only the markup we mean: line breaks and font switches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.sax.saxutils import escape

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_UNREPRESENTABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """Text any XML writer accepts: newlines normalised to ``\\n``, controls dropped,
    lone surrogates and U+FFFE/U+FFFF shown as U+FFFD. Tabs and newlines are kept."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return _UNREPRESENTABLE.sub(REPLACEMENT, text)


def pdf_markup(text: str, font_of: Callable[[str], str | None] | None = None) -> str:
    """Reportlab paragraph markup that prints ``text`` literally, newlines as line breaks.

    ``font_of`` says, per character, which registered font must draw it (None: the
    paragraph's own font); runs needing another font are wrapped in ``<font name>``.
    """
    text = clean_text(text).replace("\t", " ")
    lines = text.split("\n")
    return "<br/>".join(_line_markup(line, font_of) for line in lines)


def _line_markup(line: str, font_of: Callable[[str], str | None] | None) -> str:
    if font_of is None:
        return escape(line)
    out: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    for char in line:
        font = font_of(char)
        if font != run_font and run:
            out.append(_run(run, run_font))
            run = []
        run_font = font
        run.append(char)
    if run:
        out.append(_run(run, run_font))
    return "".join(out)


def _run(chars: list[str], font: str | None) -> str:
    text = escape("".join(chars))
    return f'<font name="{font}">{text}</font>' if font else text
