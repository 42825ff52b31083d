"""Where long words break, how wide table columns are, and how giant answers are cut up.

Shared by both backends and free of any layout library, so the rules are the same in
Word and PDF:

- A word breaks only when it cannot fit a line on its own, and then, if it has them,
  after ``/``, ``.`` or ``-`` (web addresses, e-mail domains, double-barrelled names);
  only a run with no such point that is still too wide breaks between letters.
- Columns get the width their longest word needs, then a share of the rest in
  proportion to how much more their text would like; so "Voting" stays narrow and
  names get room.
- A giant answer (a pasted document, a hostile file) is cut into bounded pieces before
  layout. Layout engines re-measure the rest of a paragraph at every page they split it
  over, which made a 100,000-character word take 29 s; pieces keep every step bounded,
  so the work is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

BREAK_AFTER = frozenset("/.-")
"""Characters a too-long word may be broken after."""

CharWidth = Callable[[str], float]
"""Points one character takes in the text's font and size."""

_TOKENS = re.compile(r"(\s+)")


def word_width(word: str, char_width: CharWidth) -> float:
    return sum(char_width(c) for c in word)


def break_long_words(
    text: str,
    width: float,
    char_width: CharWidth,
    separator: str = "\n",
    *,
    only_unbreakable: bool = False,
) -> str:
    """``text`` with ``separator`` inside every word wider than ``width`` points, so no line is wider than
    ``width``: after ``/``, ``.`` or ``-`` where possible, else where it fills the line.
    Words that fit are left alone. ``only_unbreakable``: only words with a run between
    break points too wide for a line. Linear in ``len(text)``."""
    if width <= 0:
        return text
    measure = _unbreakable_width if only_unbreakable else word_width
    parts = _TOKENS.split(text)
    for index in range(0, len(parts), 2):  # even entries are words, odd ones whitespace
        word = parts[index]
        if word and measure(word, char_width) > width:
            parts[index] = separator.join(_pieces(word, width, char_width))
    return "".join(parts)


def _pieces(word: str, width: float, char_width: CharWidth) -> list[str]:
    """Greedy lines of ``word``: each ends at the last break point that fits, or is cut
    where the line is full when no break point fits."""
    pieces: list[str] = []
    start = 0
    used = 0.0
    last_break = -1  # index just after the last break character on this line
    used_at_break = 0.0
    for index, char in enumerate(word):
        w = char_width(char)
        if used + w > width and index > start:
            if last_break > start:
                pieces.append(word[start:last_break])
                start = last_break
                used -= used_at_break
            else:
                pieces.append(word[start:index])
                start = index
                used = 0.0
            last_break = -1
        used += w
        if char in BREAK_AFTER:
            last_break = index + 1
            used_at_break = used
    pieces.append(word[start:])
    return pieces


def chunk_text(text: str, max_chars: int) -> list[str]:
    """``text`` in pieces of at most ``max_chars`` characters, each ending at a line
    break or space where there is one in its second half. Joined, they give ``text``."""
    if len(text) <= max_chars:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        end = start + max_chars
        half = start + max_chars // 2
        cut = max(text.rfind("\n", half, end), text.rfind(" ", half, end))
        end = cut + 1 if cut > start else end
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def estimated_char_width(points: float) -> CharWidth:
    """A generous guess at a character's width in a sans-serif font of ``points`` size,
    for layouts (Word) that measure text themselves."""

    def width(char: str) -> float:
        if char in "mwMW@%":
            return points * 0.95
        if char.isupper() or char.isdigit() or not char.isascii():
            return points * 0.72
        if char in "ijlI.,:;'!| ":
            return points * 0.36
        if char in "frt()[]/-":
            return points * 0.5
        return points * 0.62

    return width


def content_widths(
    columns: Sequence[Sequence[str]],
    total: float,
    char_width: CharWidth,
    padding: float,
) -> list[float]:
    """Column widths adding up to ``total`` points, from the texts of each column
    (header first). Each column gets at least its longest word (capped at half the
    table, as a giant word breaks anyway), then the rest in proportion to the room its
    longest line would like beyond that. When the longest words cannot all fit, the
    columns with the widest give way."""
    cap = total / 2
    least: list[float] = []
    wanted: list[float] = []
    for texts in columns:
        longest_word = 0.0
        longest_line = 0.0
        for text in texts:
            for line in text.split("\n"):
                longest_line = max(longest_line, word_width(line, char_width))
                for word in line.split():
                    longest_word = max(longest_word, _unbreakable_width(word, char_width))
        least.append(min(cap, longest_word + padding))
        wanted.append(min(total, longest_line + padding))
    if sum(least) >= total:  # even the longest words do not fit: the widest give way
        return _level(least, total)
    if sum(wanted) <= total:  # every line fits: the room is shared as the text wants it
        return [total * want / sum(wanted) for want in wanted]
    spare = total - sum(least)
    extra = [max(0.0, want - low) for want, low in zip(wanted, least, strict=True)]
    return [low + spare * more / sum(extra) for low, more in zip(least, extra, strict=True)]


def _level(least: list[float], total: float) -> list[float]:
    """``least`` with the widest cut down to one level so that they add up to ``total``:
    narrow columns keep their words whole, and only the words too long to share the
    room are broken."""
    level = total / len(least)
    remaining = total
    narrow = sorted(least)
    for index, width in enumerate(narrow):
        share = remaining / (len(narrow) - index)
        if width > share:
            level = share
            break
        remaining -= width
    return [min(width, level) for width in least]


def _unbreakable_width(word: str, char_width: CharWidth) -> float:
    """Width of the longest piece of ``word`` between allowed break points."""
    longest = 0.0
    run = 0.0
    for char in word:
        run += char_width(char)
        if char in BREAK_AFTER:
            longest = max(longest, run)
            run = 0.0
    return max(longest, run)
