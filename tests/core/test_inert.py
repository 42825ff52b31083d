"""Untrusted text shown inert: nothing acts on the reader, hides, or looks like other text."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proforma_app.core.inert import CLOSE, MARKS_KEPT, OPEN, inert

ESCAPE = re.compile(f"{OPEN}U\\+([0-9A-F]{{4,6}}){CLOSE}")

# Every code point, lone surrogates included, weighted towards the ones attackers use.
ATTACK = (
    "\x00\x07\x08\t\n\r\x1b\x7f\x85\x9b\xa0\xad\u034f\u061c\u115f\u180e\u200b\u200c\u200d"
    "\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069"
    "\u2800\u3000\u3164\ufe0f\ufeff\uffa0\ufffe\uffff\ud800\udfff\U000e0041\U000e0100\ue000"
    "\u0301\u0308\u27e8\u27e9U+"
)
any_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()) | st.sampled_from(ATTACK),
    max_size=60,
)
plain_text = st.text(
    alphabet=st.characters(categories=("L", "Nd", "P", "S"), exclude_characters=OPEN + "\u2800")
    | st.just(" "),
    max_size=60,
).filter(lambda s: s.isprintable() and not any(unicodedata.combining(c) for c in s))


def decoded(shown: str) -> str:
    """The text :func:`inert` was given, read back from what it shows."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), shown)


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_what_is_shown_reads_back_as_exactly_what_the_file_held(text: str) -> None:
    assert decoded(inert(text)) == text


@settings(max_examples=500, deadline=None)
@given(any_text, any_text)
def test_two_different_texts_never_look_the_same(a: str, b: str) -> None:
    if a != b:
        assert inert(a) != inert(b)


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_nothing_shown_acts_hides_or_fails_to_encode(text: str) -> None:
    shown = inert(text)
    assert shown.isprintable()  # no control, format character, surrogate, separator
    shown.encode("utf-8")  # a lone surrogate would raise here
    assert "\x1b" not in shown and "\n" not in shown
    for char in shown:
        assert unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn")


@settings(max_examples=300, deadline=None)
@given(plain_text)
def test_ordinary_text_is_left_exactly_as_it_is(text: str) -> None:
    assert inert(text) == text


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_inert_text_is_a_fixed_point_only_of_itself_shown_again(text: str) -> None:
    once = inert(text)
    # Shown again, every escape's bracket is itself shown: the reader can tell.
    assert inert(once) == once.replace(OPEN, f"{OPEN}U+27E8{CLOSE}")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Darlington_\u202enosj.fdp.json", "Darlington_⟨U+202E⟩nosj.fdp.json"),
        ("\x1b[2J\x1b[H", "⟨U+001B⟩[2J⟨U+001B⟩[H"),
        ("\x1b]52;c;cm0gLXJmIH4=\x07", "⟨U+001B⟩]52;c;cm0gLXJmIH4=⟨U+0007⟩"),
        ("\x9b31m", "⟨U+009B⟩31m"),
        ("NHS Darlington\u200b", "NHS Darlington⟨U+200B⟩"),
        ("a\u2066b\u2069", "a⟨U+2066⟩b⟨U+2069⟩"),
        ("lone \ud800 surrogate", "lone ⟨U+D800⟩ surrogate"),
        ("\ufeffname", "⟨U+FEFF⟩name"),
        ("NHS\u00a0Darlington", "NHS⟨U+00A0⟩Darlington"),
        ("row 1\nrow 2\r", "row 1⟨U+000A⟩row 2⟨U+000D⟩"),
        ("\u3164", "⟨U+3164⟩"),
        ("tag\U000e0041", "tag⟨U+E0041⟩"),
        ("⟨U+202E⟩", "⟨U+27E8⟩U+202E⟩"),
        ("\u0301a", "⟨U+0301⟩a"),
        ("Zoë Brontë, Łódź, Ŵyn — 10 % “quoted”", "Zoë Brontë, Łódź, Ŵyn — 10 % “quoted”"),
        ("", ""),
    ],
)
def test_the_attacks_seen_so_far_are_shown(raw: str, shown: str) -> None:
    assert inert(raw) == shown


def test_combining_marks_stack_only_as_far_as_a_language_needs() -> None:
    kept = "e" + "\u0301" * MARKS_KEPT
    assert inert(kept) == kept
    assert inert(kept + "\u0301") == kept + "⟨U+0301⟩"
    assert inert("Zoe\u0308") == "Zoe\u0308"  # decomposed ë: one mark, left alone
