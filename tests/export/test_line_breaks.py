"""Words break only where they cannot fit, columns are as wide as their content asks,
and giant answers are cut into bounded pieces (both backends)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from docx.shared import Emu
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from proforma_app.export import pdf_backend, render_export
from proforma_app.export.fonts import TEXT_FONT, TEXT_FONT_BOLD, register_text_fonts
from proforma_app.export.line_breaks import (
    break_long_words,
    chunk_text,
    content_widths,
    estimated_char_width,
)
from tests.export.conftest import ALL_SAMPLES, FIXED_NOW, load_sample
from tests.export.readback import (
    docx_body_text,
    docx_document,
    pdf_body_text,
    pdf_reader,
    pdf_structure,
    squash,
)
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


def test_when_long_words_cannot_all_fit_the_short_columns_keep_theirs() -> None:
    columns = [["x" * 140], ["Organisation"], ["y" * 200], ["Yes"]]
    widths = content_widths(columns, 300, _mono, 10)
    assert sum(widths) == pytest.approx(300)
    assert widths[1] == pytest.approx(22) and widths[3] == pytest.approx(13)
    assert widths[0] == pytest.approx(widths[2]) == pytest.approx((300 - 35) / 2)


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


LONG_NAMES = "long_names"
"""Annex B with members whose names are long single words (as some Welsh and German
surnames are): wider than a fifth of the table, so equal columns would break them."""


@pytest.mark.parametrize("name", [*ALL_SAMPLES, LONG_NAMES])
def test_no_table_cell_of_an_example_pdf_breaks_a_word(name: str) -> None:
    if name == LONG_NAMES:
        draft = load_sample("annex_b_valid")
        draft.answers["members"][0]["name"] = "Margaret Wolfeschlegelsteinhausenberger"
        draft.answers["members"][1]["name"] = "Dafydd Prydderchllewellynpenrhyndeudraeth"
    else:
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


def test_a_giant_answer_is_laid_out_in_bounded_tables() -> None:
    """Reportlab lays a table out again on every page it spans: bounded tables of bounded
    rows keep a giant answer's export linear (timed in benchmarks/giant_word.py)."""
    widths = [150.0, 330.0]
    groups = pdf_backend._row_groups([("Quorum", "x" * 200_000), ("Chair", "Ann")], widths)
    assert len(groups) > 40
    for group in groups:
        assert sum(len("".join(texts)) for _, texts, _, _ in group) <= 2 * pdf_backend._GROUP_CHARS
        for whole, texts, _, _ in group:
            assert whole and max(len(text) for text in texts) < 1000
    pieces = [texts for group in groups for _, texts, _, _ in group]
    assert "".join(texts[1] for texts in pieces[:-1]) == "x" * 200_000
    assert [first for group in groups for _, _, _, first in group].count(True) == 2


def test_a_giant_word_reads_back_whole_from_both_formats() -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["quorum"] = "q" * 30_000
    draft.answers["members"][0]["role"] = "r" * 30_000
    pdf, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    text = squash(pdf_body_text(pdf))
    assert "q" * 30_000 in text
    # The member's role runs over several tables, each with the header row again.
    assert sum(len(run) for run in re.findall("r{20,}", text)) == 30_000
    word, _ = render_export(draft, "docx", mark_draft=True, now=FIXED_NOW)
    assert "q" * 30_000 in docx_body_text(word).split("\n")


def _page_owners(data: bytes) -> list[list[Any]]:
    """For each page, the structure element of each marked-content id, in drawing order."""
    reader = pdf_reader(data)
    numbers = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    owners = dict(zip(numbers[::2], numbers[1::2], strict=True))
    return [[e.get_object() for e in owners.get(i, [])] for i in range(len(reader.pages))]


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_no_heading_is_left_at_a_page_foot_without_its_first_rows(name: str) -> None:
    data, _ = render_export(load_sample(name), "pdf", mark_draft=True, now=FIXED_NOW)
    pages = _page_owners(data)
    assert len(pages) > 1
    for number, owners in enumerate(pages[:-1], start=1):
        roles = [str(e["/S"]) for e in owners]
        assert roles[-1] not in ("/H1", "/H2", "/H3"), f"page {number} ends with a heading"
        last_heading = max(i for i, role in enumerate(roles) if role in ("/H2", "/H3"))
        rows = {
            e.raw_get("/P").idnum for e in owners[last_heading:] if str(e["/S"]) in ("/TD", "/TH")
        }
        next_rows = {e.raw_get("/P").idnum for e in pages[number] if str(e["/S"]) in ("/TD", "/TH")}
        tables = {_table_of(row, data) for row in rows}
        continued = tables & {_table_of(row, data) for row in next_rows}
        assert not continued or len(rows) >= 3, f"page {number}: a heading and {len(rows)} row(s)"


def _table_of(row_id: int, data: bytes) -> int:
    reader = _readers.setdefault(data, pdf_reader(data))
    return int(reader.get_object(row_id).raw_get("/P").idnum)


_readers: dict[bytes, Any] = {}
