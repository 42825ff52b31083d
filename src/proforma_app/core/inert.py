"""Untrusted text made safe to show: nothing in it can act on the reader or hide.

A file another organisation sends can name itself ``Darlington_<RLO>nosj.fdp.json`` (shown
as ``Darlington_json.pdf``), put an ESC sequence in an answer that clears the reviewer's
terminal or writes to their clipboard (OSC 52), or differ from another file's row only by
a zero-width space. :func:`inert` is the one place that turns such text into text that
shows what it holds: every character that would act, vanish or look like another is
written as its code point, ``⟨U+202E⟩``, and everything else is left as it is.

Shown as a code point:

- every character :meth:`str.isprintable` refuses: C0 and C1 controls (tab and newline
  too, so one value stays on one line), format characters (Unicode category Cf: bidi
  controls, zero-width space and joiners, the byte order mark, soft hyphen, tags), lone
  surrogates, line and paragraph separators, spaces other than U+0020, private-use and
  unassigned code points;
- the default-ignorable characters that Python calls printable (Unicode's
  ``Default_Ignorable_Code_Point``: Hangul fillers, variation selectors, the combining
  grapheme joiner …) and the blank Braille pattern: each draws nothing;
- combining marks beyond :data:`MARKS_KEPT` on one character, which would otherwise stack
  over the lines above and below, and a combining mark that starts the text, which would
  change the last character of whatever is printed before it;
- the opening bracket ``⟨`` itself, so that a name containing the literal text
  ``⟨U+202E⟩`` never looks like one holding the control: the result is always decodable
  back to the exact input (the tests decode it), so two different texts never look alike
  through what this function leaves.

The result contains no surrogate, so it always encodes as UTF-8. Machine output that must
keep the exact text (``--json``) escapes it with the JSON encoder instead.
"""

from __future__ import annotations

import unicodedata

OPEN = "\u27e8"
CLOSE = "\u27e9"
MARKS_KEPT = 4
"""Combining marks kept on one character; enough for any language's stacked accents."""

_BLANK_PRINTABLE = frozenset(
    (
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E, 0x180F),
        *(0x2800, 0x3164, 0xFFA0),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    )
)
"""Code points that draw nothing although :meth:`str.isprintable` accepts them."""


def shown(char: str) -> str:
    """One character as the reader sees it in place of the character: ``⟨U+202E⟩``."""
    return f"{OPEN}U+{ord(char):04X}{CLOSE}"


def inert(text: str) -> str:
    """``text`` with every character that would act, vanish or mislead shown as its code point."""
    if text.isascii() and text.isprintable():
        return text
    out: list[str] = []
    marks = MARKS_KEPT  # a mark with no character of this text before it is shown
    for char in text:
        marks = marks + 1 if unicodedata.combining(char) else 0
        if (
            char == OPEN
            or not char.isprintable()
            or ord(char) in _BLANK_PRINTABLE
            or marks > MARKS_KEPT
        ):
            out.append(shown(char))
        else:
            out.append(char)
    return "".join(out)
