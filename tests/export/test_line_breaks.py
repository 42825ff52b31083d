"""Words break only where they cannot fit, columns are as wide as their content asks,
and giant answers are cut into bounded pieces (both backends)."""

from __future__ import annotations

import re

import pytest
from docx.shared import Emu
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from proforma_app.export import render_export
from proforma_app.export.fonts import TEXT_FONT, TEXT_FONT_BOLD, register_text_fonts
from proforma_app.export.line_breaks import (
    break_long_words,
    chunk_text,
    content_widths,
    estimated_char_width,
)
from tests.export.conftest import ALL_SAMPLES, FIXED_NOW, load_sample
from tests.export.readback import docx_body_text, docx_document, pdf_structure
from tests.export.test_text_properties import PROPERTY_SETTINGS

_WORD_BREAKS = re.compile(r"(?<=[/-])")


def _mono(char: str) -> float:
    return 1.0


def test_a_web_address_breaks_only_after_a_slash_dot_or_hyphen() -> None:
    url = "https://www.darlingtonccg.nhs.uk/about-us/register-of-interests"
    lines = break_long_words(url, 20, _mono).split("\n")
    assert "".join(lines) == url
    assert all(len(line) <= 20 for line in lines)
    assert all(line[-1] in "/.-" for line in lines[:-1])


def test_words_that_fit_are_left_alone() -> None:
    text = "Margaret Ó Briain, Lay member for patient and public involvement"
    assert break_long_words(text, 12, _mono) == text


def test_a_run_with_no_break_point_is_cut_where_the_line_is_full() -> None:
    assert break_long_words("x" * 25, 10, _mono) == "x" * 10 + "\n" + "x" * 10 + "\n" + "x" * 5


@PROPERTY_SETTINGS
@given(st.text(alphabet=st.sampled_from("ab/.- \n"), max_size=200), st.integers(1, 30))
def test_breaking_only_adds_separators_and_no_line_is_too_wide(text: str, width: int) -> None:
    broken = break_long_words(text, width, _mono, separator="|")
    assert broken.replace("|", "") == text
    for word in broken.replace("|", " ").split():
        assert len(word) <= width


@PROPERTY_SETTINGS
@given(st.text(max_size=500), st.integers(4, 60))
def test_chunks_are_bounded_and_give_back_the_text(text: str, size: int) -> None:
    pieces = chunk_text(text, size)
    assert "".join(pieces) == text
    assert all(len(piece) <= size for piece in pieces)


def test_short_columns_are_narrow_and_name_columns_wide() -> None:
    columns = [
        ["Name", "Margaret Ó Briain", "Dr Anjali Mehta"],
        ["Role", "Lay member for patient and public involvement (chair)", "Chief Officer"],
        ["Organisation", "CCG", "NHS England"],
        ["Category", "Lay", "Executive"],
        ["Voting", "Yes", "No"],
    ]
    width = estimated_char_width(10)
    widths = content_widths(columns, 480, width, 11)
    assert sum(widths) == pytest.approx(480)
    name, role, _organisation, category, voting = widths
    assert voting < name and category < name < role
    for texts, column in zip(columns, widths, strict=True):
        longest = max(sum(width(c) for c in w) for t in texts for w in t.split())
        assert column >= longest + 11


def test_columns_share_the_room_when_even_their_longest_words_do_not_fit() -> None:
    widths = content_widths([["x" * 400], ["y" * 400]], 300, _mono, 10)
    assert widths == pytest.approx([150, 150])


def _words_intact(cell_text: str, words: set[str]) -> list[str]:
    """Pieces of ``cell_text`` (a cell as drawn, lines joined by newlines) that are not
    whole words: a word broken across lines, except after ``/``, ``.`` or ``-``."""
    broken = []
    tokens = cell_text.split()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        while token not in words and token[-1] in "/.-" and index + 1 < len(tokens):
            index += 1
            token += tokens[index]
        if token not in words:
            broken.append(token)
        index += 1
    return broken


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_no_table_cell_of_an_example_pdf_breaks_a_word(name: str) -> None:
    draft = load_sample(name)
    pdf, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    word, _ = render_export(draft, "docx", mark_draft=True, now=FIXED_NOW)
    words = set(docx_body_text(word).split())  # Word keeps every answer's text exactly
    cells = [text for role, text in pdf_structure(pdf) if role in ("TD", "TH")]
    assert sum("\n" in text for text in cells) > 5  # cells do wrap onto several lines
    assert [_words_intact(text, words) for text in cells] == [[] for _ in cells]


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_every_word_of_an_example_word_table_fits_its_column(name: str) -> None:
    """Word breaks a word only when it is wider than the cell; measured in DejaVu Sans
    9.5 pt, which is wider than the Arial 10 pt the export uses."""
    register_text_fonts()
    data, _ = render_export(load_sample(name), "docx", mark_draft=True, now=FIXED_NOW)
    checked = 0
    for table in docx_document(data).tables:
        for row in table.rows:
            for cell in row.cells:
                room = Emu(cell.width).pt - 10  # 100 twips of margin each side
                for paragraph in cell.paragraphs:
                    font = TEXT_FONT_BOLD if any(r.bold for r in paragraph.runs) else TEXT_FONT
                    for word in paragraph.text.split():
                        for piece in _WORD_BREAKS.split(word):  # Word breaks after / and -
                            assert stringWidth(piece, font, 9.5) <= room, (piece, room)
                            checked += 1
    assert checked > 100
