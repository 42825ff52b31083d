"""Property tests: any text an officer could paste exports without error, and reads back.

What may differ is only what cannot be shown: control characters are dropped, characters
XML cannot hold become U+FFFD, and in the PDF a character no shipped font has becomes
U+FFFD (and is reported).
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from proforma_app.export import read_embedded_draft, render_export
from proforma_app.export.docx_backend import render_docx
from proforma_app.export.pdf_backend import render_pdf
from proforma_app.files.draft_format import dumps_draft, loads_draft
from proforma_app.locations import paths
from proforma_app.render.model import AnswerTable, Document, QuestionRow, Section, Table
from tests.export.conftest import FIXED_NOW, load_sample
from tests.export.readback import docx_document, docx_paragraph_texts, pdf_body_text, squash

FRAGMENTS = [
    "<",
    "&",
    "<br/>",
    '<img src="/etc/passwd"/>',
    '<a href="x">',
    "<font size=40>",
    "\r\n",
    "\r",
    "\x0b",
    "\u2028",
    "\x00",
    "\x1b",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "ŵŷ łż",
    "👍🏽",
    "中文",
    "x" * 300,
]
ANY_TEXT = st.lists(
    st.one_of(st.text(max_size=15), st.sampled_from(FRAGMENTS)), min_size=1, max_size=6
).map("".join)
LINE_BREAKS = ("\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def xml_safe(text: str) -> str:
    """What any export must show: line breaks as newlines, controls dropped, characters
    XML cannot hold as U+FFFD (an independent statement of the sanitising rule)."""
    for brk in LINE_BREAKS:
        text = text.replace(brk, "\n")
    out = []
    for char in text:
        code = ord(char)
        if char in "\t\n":
            out.append(char)
        elif unicodedata.category(char) == "Cc":
            continue
        elif 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


@cache
def _font_chars(name: str) -> frozenset[int]:
    return frozenset(TTFont(name, str(paths.resources_dir() / "fonts" / name)).face.charToGlyph)


def pdf_visible(text: str) -> str:
    """What the PDF can show: characters in neither shipped font are U+FFFD, invisible
    format characters and soft hyphens (a hyphenation hint) print nothing."""
    fonts = _font_chars("DejaVuSans.ttf") | _font_chars("Symbola.ttf")
    out = []
    for char in xml_safe(text):
        if char.isspace():
            continue
        if char == "\u00ad" or (ord(char) not in fonts and unicodedata.category(char) == "Cf"):
            continue
        out.append(char if ord(char) in fonts or char == "\ufffd" else "\ufffd")
    return "".join(out)


def _is_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def one_answer(text: str) -> Document:
    """The smallest document holding ``text`` as an answer and as a table cell."""
    return Document(
        form_id="annex_b",
        title="Property test",
        annex="Annex B",
        deadline="Never",
        ccg_line="Test CCG",
        form_version=1,
        exported_at=FIXED_NOW,
        is_draft=False,
        introduction="",
        sections=(
            Section(
                "Answers",
                (
                    AnswerTable((QuestionRow("answer", "The answer", text),)),
                    Table("Cells", ("Before", "Cell", "After"), (("[", text, "]"),), (1, 2, 1)),
                ),
            ),
        ),
        machine_copy=b"{}",
    )


@PROPERTY_SETTINGS
@given(ANY_TEXT)
@example("x" * 1720)  # one word cut into table-row pieces: "]" must come after all of it
def test_pdf_prints_any_text(text: str) -> None:
    buffer = io.BytesIO()
    render_pdf(one_answer(text), buffer)
    # After the title block, which ends with the export time:
    shown = squash(pdf_body_text(buffer.getvalue())).split("10:30UTC", 1)[1]
    visible = pdf_visible(text)
    expected = f"1.AnswersTheanswer{visible}CellsBeforeCellAfter[{visible}]"
    if "\u00ad" in text:  # a soft hyphen shows as '-' where a line breaks at it
        shown, expected = shown.replace("-", ""), expected.replace("-", "")
    if _is_right_to_left(text):  # right-to-left runs come out in visual order
        assert Counter(shown) == Counter(expected)
    else:
        assert shown == expected


@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_word_holds_any_text_exactly(text: str) -> None:
    buffer = io.BytesIO()
    render_docx(one_answer(text), buffer)
    paragraphs = docx_paragraph_texts(docx_document(buffer.getvalue()).element.body)
    expected = xml_safe(text)
    assert paragraphs.count(expected) >= 2  # the answer and the table cell
    assert paragraphs[paragraphs.index("The answer") + 1] == expected


@PROPERTY_SETTINGS
@given(ANY_TEXT, st.sampled_from(["pdf", "docx"]))
def test_the_embedded_draft_keeps_any_answer_exactly(text: str, fmt: str) -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["quorum"] = text
    draft.answers["members"][0]["role"] = text
    data, _ = render_export(draft, fmt, mark_draft=True, now=dt.datetime(2015, 1, 20))
    path = _scratch_file(fmt)
    path.write_bytes(data)
    back = read_embedded_draft(path)
    # Exactly what saving the draft keeps (JSON reads two escaped halves of a surrogate
    # pair as the one character they make, in a draft file as in an export).
    saved = loads_draft(dumps_draft(draft))
    assert back.answers == saved.answers
    if not any("\ud800" <= c <= "\udfff" for c in text):
        assert back.answers["quorum"] == text
        assert back.answers["members"][0]["role"] == text


def _scratch_file(fmt: str) -> Path:
    """One file per format, rewritten by each example (hypothesis reuses the test's
    fixtures across examples, so ``tmp_path`` would be shared anyway)."""
    folder = paths.user_data_dir() / "property-tests"
    folder.mkdir(exist_ok=True)
    return folder / f"export.{fmt}"
