"""Word exports are accessible documents: real heading styles in order, tables whose
header row repeats on every page and says what the table is, signatures with
alternative text, the language and the title; read back with python-docx and the XML.
And the pagination rules hold in a form LibreOffice honours as well as Word."""

from __future__ import annotations

from typing import Any

import pytest
from docx.oxml.ns import qn

from proforma_app.export import render_export
from proforma_app.render import build_document
from proforma_app.render.model import AnswerTable, SignatureBlock, Table
from tests.export.conftest import ALL_SAMPLES, FIXED_NOW, VALID_SAMPLES, load_sample, signature_png
from tests.export.expected import signature_runs
from tests.export.readback import docx_document


def _export(name: str, *, marked: bool = False) -> tuple[Any, Any]:
    draft = load_sample(name)
    data, result = render_export(draft, "docx", mark_draft=marked, now=FIXED_NOW)
    document = build_document(draft, result.report, mark_draft=marked, exported_at=FIXED_NOW)
    return docx_document(data), document


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_headings_are_word_heading_styles_in_order(name: str) -> None:
    word, document = _export(name)
    by_style: dict[str, list[str]] = {}
    for paragraph in word.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == [document.title]
    sections = [f"{n}. {s.title}" for n, s in enumerate(document.sections, start=1)]
    assert by_style["Heading 1"] == sections
    captions = [b.caption for s in document.sections for b in s.blocks
                if isinstance(b, Table | SignatureBlock)]  # fmt: skip
    assert captions and set(captions) <= set(by_style["Heading 2"])
    # Built-in styles, so the navigation pane and screen readers know their levels.
    levels = {}
    for style in ("Heading 1", "Heading 2"):
        outline = word.styles[style].element.pPr.find(qn("w:outlineLvl"))
        levels[style] = int(outline.get(qn("w:val")))
    assert levels == {"Heading 1": 0, "Heading 2": 1}


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_table_answers_repeat_their_header_row_and_say_what_they_are(name: str) -> None:
    word, document = _export(name)
    tables = [b for s in document.sections for b in s.blocks if isinstance(b, Table) and b.rows]
    assert tables
    by_caption = {}
    for table in word.tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        if caption is not None:
            by_caption[caption.get(qn("w:val"))] = table
    for block in tables:
        table = by_caption[block.caption]
        first, *rest = table.rows
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert [cell.text for cell in first.cells] == list(block.headers)
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None
                   for r in rest)  # fmt: skip


def test_signature_pictures_have_alternative_text() -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["sign_audit_chair"]["image"] = signature_png()
    draft.answers["sign_accountable_officer"]["image"] = signature_png()
    draft.answers["sign_accountable_officer"]["name"] = ""
    data, _ = render_export(draft, "docx", mark_draft=True, now=FIXED_NOW)
    word = docx_document(data)
    described = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert described == ["Signature of Robert Lamb", "Signature of the signatory"]


@pytest.mark.parametrize("name", ["annex_b_valid", "constitution_amendment_mistakes"])
def test_the_language_and_title_are_the_documents(name: str) -> None:
    word, document = _export(name, marked=True)
    assert word.core_properties.title == f"{document.annex}: {document.title}"
    assert word.core_properties.language == "en-GB"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    (lang,) = defaults.iter(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB" and lang.get(qn("w:eastAsia")) == "en-GB"
    assert not [e for e in word.element.iter(qn("w:lang")) if e.get(qn("w:val")) != "en-GB"]


def _keeps_with_next(row: Any) -> bool:
    return all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_a_table_kept_with_what_follows_ends_in_a_row_libreoffice_can_keep(name: str) -> None:
    """Issue 20, trial item 13: LibreOffice left "3. Primary care commissioning committee"
    and its one-row table at the foot of page 1, the members table on page 2. It keeps
    a table with the next paragraph when the last row's paragraphs are kept with the
    next, unless that row may not split; so such a row keeps its lines together instead
    (checked by converting with ``libreoffice --headless --convert-to pdf``)."""
    word, _ = _export(name, marked=True)
    kept = 0
    for table in word.tables:
        last = table.rows[-1]
        if not _keeps_with_next(last):
            continue
        following = table._tbl.getnext()
        assert following is not None and following.tag == qn("w:p")
        assert following.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
        trpr = last._tr.trPr
        assert trpr is None or trpr.find(qn("w:cantSplit")) is None, _text(last._tr)
        assert all(p.paragraph_format.keep_together for c in last.cells for p in c.paragraphs)
        kept += 1
    if name.startswith("annex_b"):
        assert kept >= 1  # the committee name, kept with the members table


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_signatures_are_kept_with_what_they_sign(name: str) -> None:
    """As in the PDF (trial item 14 of issue 20): from the short block before a run of
    signature blocks (or the section heading) to the last signature's last row, every
    paragraph is kept with the next, so no signature stands alone on a page."""
    word, document = _export(name, marked=True)
    paragraphs = list(word.element.body.iter(qn("w:p")))
    texts = [_text(p) for p in paragraphs]

    def keeps(paragraph: Any) -> bool:
        properties = paragraph.find(qn("w:pPr"))
        return properties is not None and properties.find(qn("w:keepNext")) is not None

    runs = signature_runs(document)
    assert runs
    for heading, before, signatures in runs:
        if before is None or isinstance(before, Table):
            start_text = heading
        elif isinstance(before, AnswerTable):
            start_text = before.rows[0].question
        else:
            start_text = before.text
        start = texts.index(start_text)
        last_caption = texts.index(signatures[-1].caption, start)
        end = texts.index("Signature", last_caption)  # the last row's label
        assert all(keeps(p) for p in paragraphs[start:end]), heading
