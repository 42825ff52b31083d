"""Untrusted answers print literally and safely in both formats.

The hostile sample carries reportlab markup, control characters, characters XML cannot
hold, a 10,000-character word, emoji, Welsh, Polish and Chinese; every answer must still
appear, in order, and none may act (no image read, no link made, no font changed).
"""

from __future__ import annotations

import pytest

from proforma_app.core.draft import Draft
from proforma_app.export import render_export
from tests.export.conftest import FIXED_NOW, load_sample
from tests.export.readback import (
    docx_document,
    docx_paragraph_texts,
    missing_in_order,
    pdf_body_text,
    pdf_reader,
)

MARKUP = (
    '<b>Siân</b> & <img src="/etc/passwd"/> <a href="https://evil.example/">click</a> '
    '<font size="40" color="red">big</font> x<y &amp; &lt;'
)
LONG_WORD = "ŵ" * 10_000

# (field, answer in the draft, what a reader must see)
HOSTILE: list[tuple[str, object, str]] = [
    ("contact_name", MARKUP, MARKUP),
    ("contact_role", "Pennaeth ŵ ŷ Llŷr — Łódź, żółć", "Pennaeth ŵ ŷ Llŷr — Łódź, żółć"),
    (
        "committee_name",
        "Pwyllgor 👍🏽 ✅ 🏥 Committee",
        "Pwyllgor 👍🏽 ✅ 🏥 Committee",
    ),
    (
        "quorum",
        "Four\x00 voting\x07 members\x1b, the chair\x0bor vice chair\r\nand two lay "
        "members\ufffe\uffff \ud800 end",
        "Four voting members, the chair\nor vice chair\nand two lay members\ufffd\ufffd \ufffd end",
    ),
    ("conflicted_members_procedure", LONG_WORD, LONG_WORD),
    (
        "conflicts_explanation",
        "说明文 한국어 and <br/> tags\n\nblank line",
        "说明文 한국어 and <br/> tags\n\nblank line",
    ),
]
CJK = "说明文한국어"


def hostile_draft() -> Draft:
    draft = load_sample("annex_b_valid")
    for field, value, _ in HOSTILE:
        draft.answers[field] = value
    draft.answers["members"][1]["role"] = "<script>alert(1)</script>\nsecond line & more"
    draft.answers["sign_audit_chair"]["role"] = "Cadeirydd <i>ŵ</i> 🖋"
    return draft


def _shown_in_pdf(text: str) -> str:
    """The embedded fonts have no Chinese or Korean: those characters print as U+FFFD."""
    return "".join("\ufffd" if c in CJK else c for c in text)


def _expected_order() -> list[str]:
    # Form order: contact_name, contact_role, committee_name, members, quorum,
    # conflicted_members_procedure, conflicts_explanation, sign_audit_chair.
    shown = {field: text for field, _, text in HOSTILE}
    return [
        shown["contact_name"],
        shown["contact_role"],
        shown["committee_name"],
        "<script>alert(1)</script>\nsecond line & more",
        shown["quorum"],
        shown["conflicted_members_procedure"],
        shown["conflicts_explanation"],
        "Cadeirydd <i>ŵ</i> 🖋",
    ]


@pytest.fixture(scope="module")
def pdf_export() -> tuple[bytes, tuple[str, ...]]:
    data, result = render_export(hostile_draft(), "pdf", mark_draft=True, now=FIXED_NOW)
    return data, result.warnings


@pytest.fixture(scope="module")
def docx_export() -> bytes:
    data, _ = render_export(hostile_draft(), "docx", mark_draft=True, now=FIXED_NOW)
    return data


def test_pdf_shows_every_hostile_answer_literally_and_in_order(pdf_export) -> None:
    data, _ = pdf_export
    text = pdf_body_text(data)
    assert missing_in_order(text, [_shown_in_pdf(t) for t in _expected_order()]) == []
    assert text.count("ŵ") >= 10_000  # the long word is wrapped, not cut


def test_pdf_markup_in_answers_never_acts(pdf_export) -> None:
    data, _ = pdf_export
    reader = pdf_reader(data)
    for page in reader.pages:
        assert "/Annots" not in page  # no link was made
        resources = page["/Resources"]
        assert "/XObject" not in resources  # no image was read from disk
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold", "Symbola"}, fonts  # <font> changed nothing


def test_pdf_fonts_are_embedded(pdf_export) -> None:
    data, _ = pdf_export
    reader = pdf_reader(data)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # an embedded TrueType subset


def test_pdf_reports_the_characters_it_cannot_draw(pdf_export) -> None:
    _, warnings = pdf_export
    assert len(warnings) == 1
    for char in CJK:
        assert f"U+{ord(char):04X}" in warnings[0]
    assert "说" in warnings[0]


def test_word_shows_every_hostile_answer_exactly(docx_export: bytes) -> None:
    paragraphs = docx_paragraph_texts(docx_document(docx_export).element.body)
    for expected in _expected_order():
        assert expected in paragraphs, expected[:60]
    assert missing_in_order("\n".join(paragraphs), _expected_order()) == []


def test_word_markup_in_answers_never_acts(docx_export: bytes) -> None:
    document = docx_document(docx_export)
    kinds = {rel.reltype.rsplit("/", 1)[-1] for rel in document.part.rels.values()}
    assert "hyperlink" not in kinds
    assert "image" not in kinds
    assert not document.inline_shapes
