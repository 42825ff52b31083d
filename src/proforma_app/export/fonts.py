"""The fonts PDF exports embed, and what happens to characters they cannot draw.

Reportlab's built-in Helvetica has no ŵ ŷ ł ż, and a TrueType font draws an empty box for
a character it lacks without saying so. So exports embed DejaVu Sans (Latin Extended,
Greek, Cyrillic) with Symbola as a fallback for symbols and emoji, and a character
neither has is printed as U+FFFD and reported, never dropped silently. Invisible format
characters (zero-width joiners, direction marks) that no font draws are left out, as they
print nothing anyway; so are spaces no font has (they print as ordinary spaces).

PDF/UA-1 (ISO 14289-1, 7.21.7) forbids a font's ToUnicode map to give U+0000, U+FEFF or
U+FFFE for a code: a reader cannot tell them from "no text" or a byte-order mark. Those
three are never drawn (a font's glyph for them is ignored: U+FEFF, a byte-order mark
pasted into an answer, prints nothing and is left out), and the map lists only the codes
a subset uses, not reportlab's unused slots, which it maps to U+0000.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from proforma_app.core.wording import counted
from proforma_app.export.text import REPLACEMENT
from proforma_app.locations import paths

TEXT_FONT = "ProformaSans"
TEXT_FONT_BOLD = "ProformaSans-Bold"
FALLBACK_FONT = "ProformaSymbols"

_FILES = {
    TEXT_FONT: "DejaVuSans.ttf",
    TEXT_FONT_BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK_FONT: "Symbola.ttf",
}


def font_path(name: str) -> str:
    return str(paths.resources_dir() / "fonts" / _FILES[name])


NEVER_DRAWN = frozenset((0x0000, 0xFEFF, 0xFFFE))
"""Code points a PDF/UA ToUnicode map may not hold, so no text is drawn with them."""

_BFCHAR_LIMIT = 100
"""Entries a ``beginbfchar`` block may hold (PDF 1.7, section 9.10.3)."""


@cache
def _registered(name: str) -> frozenset[int]:
    """Register one shipped font with reportlab (once per process); the code points it
    draws (all it has but :data:`NEVER_DRAWN`)."""
    font = TTFont(name, font_path(name))
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph) - NEVER_DRAWN


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """Reportlab's ToUnicode map, with characters beyond U+FFFF written as UTF-16 pairs,
    and only the codes that stand for a character.

    Reportlab writes an emoji as ``<1F44D>``, which PDF readers reject, so the emoji drew
    but could not be copied, searched or read back by a reviewer's tools. It also maps
    code 0 (the font's "missing glyph", never drawn here) and every slot not yet given
    out to U+0000, which PDF/UA forbids; those are left out.
    """
    entries = [f"<{code:02X}> <{chr(value).encode('utf-16-be').hex().upper()}>"
               for code, value in enumerate(subset) if value not in NEVER_DRAWN]  # fmt: skip
    blocks = [entries[i : i + _BFCHAR_LIMIT] for i in range(0, len(entries), _BFCHAR_LIMIT)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *(
                line
                for block in blocks
                for line in (f"{len(block)} beginbfchar", *block, "endbfchar")
            ),
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def register_text_fonts() -> None:
    """Make the text family available, bold included, so ``<b>`` works in paragraphs."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    _registered(TEXT_FONT)
    _registered(TEXT_FONT_BOLD)
    addMapping(TEXT_FONT, 0, 0, TEXT_FONT)
    addMapping(TEXT_FONT, 1, 0, TEXT_FONT_BOLD)
    addMapping(TEXT_FONT, 0, 1, TEXT_FONT)
    addMapping(TEXT_FONT, 1, 1, TEXT_FONT_BOLD)


@dataclass
class GlyphPlan:
    """Decides, per character, which font draws it; remembers what no font could draw.

    One plan serves one export, so its :attr:`missing` set is that export's warning.
    """

    missing: set[str] = field(default_factory=set)
    _choice: dict[str, str | None] = field(default_factory=dict)

    def prepare(self, text: str) -> str:
        """``text`` with characters no shipped font has replaced (or dropped if invisible)."""
        text_glyphs = _registered(TEXT_FONT)
        if all(ord(c) in text_glyphs or c in "\n\t " for c in text):
            return text
        return "".join(self._printable(c) for c in text)

    def _printable(self, char: str) -> str:
        code = ord(char)
        if char in "\n\t" or code in _registered(TEXT_FONT):
            return char
        if code in _registered(FALLBACK_FONT):
            return char
        if char.isspace():
            return " "
        if unicodedata.category(char) in ("Cf", "Cc"):
            return ""
        self.missing.add(char)
        return REPLACEMENT

    def in_text_font(self, text: str) -> str:
        """``text`` for a line drawn in the text font alone (page headers): characters it
        lacks become U+FFFD, recorded like any other missing character if no font has them."""
        prepared = self.prepare(text)
        glyphs = _registered(TEXT_FONT)
        return "".join(c if ord(c) in glyphs or c in "\n\t" else REPLACEMENT for c in prepared)

    def font_of(self, char: str) -> str | None:
        """None for the paragraph's own font, else the fallback font's name."""
        choice = self._choice.get(char, "")
        if choice != "":
            return choice
        code = ord(char)
        result = None
        if code not in _registered(TEXT_FONT) and code in _registered(FALLBACK_FONT):
            result = FALLBACK_FONT
        self._choice[char] = result
        return result

    def warning(self) -> str | None:
        """What the officer should know, or None when every character could be drawn."""
        if not self.missing:
            return None
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(self.missing)[:8])
        more = f" and {len(self.missing) - 8} more" if len(self.missing) > 8 else ""
        return (
            f"The PDF cannot show {counted(len(self.missing), 'character')} that the embedded fonts "
            f"lack, printed as {REPLACEMENT} instead: {shown}{more}"
        )
