"""What every page carries: header, "Page X of Y", export time, the DRAFT watermark; and
the structures officers expect: real tables, signature blocks, the problem list."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from typing import Any

import pytest
from docx.oxml.ns import qn
from PIL import Image

from proforma_app.export import render_export
from proforma_app.render import build_document
from proforma_app.render.model import WATERMARK, AnswerTable, Paragraph
from tests.export.conftest import ALL_SAMPLES, FIXED_NOW, load_sample, signature_png
from tests.export.expected import signature_runs
from tests.export.readback import (
    docx_body_text,
    docx_document,
    docx_paragraph_texts,
    missing_in_order,
    pdf_body_text,
    pdf_page_texts,
    pdf_reader,
    squash,
)

VML = "urn:schemas-microsoft-com:vml"


def _pdf(name: str, mark_draft: bool = False) -> bytes:
    return render_export(load_sample(name), "pdf", mark_draft=mark_draft, now=FIXED_NOW)[0]


def _docx(name: str, mark_draft: bool = False) -> bytes:
    return render_export(load_sample(name), "docx", mark_draft=mark_draft, now=FIXED_NOW)[0]


def test_every_pdf_page_has_header_footer_and_page_x_of_y() -> None:
    pages = pdf_page_texts(_pdf("annex_b_mistakes", mark_draft=True))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Annex B · Delegated commissioning proforma" in text
        assert "NHS Darlington CCG (00C)" in text
        assert "Form version 3 · Exported 20 January 2015, 10:30 UTC" in text


def test_a_marked_pdf_has_the_watermark_on_every_page_and_a_final_one_none() -> None:
    marked = pdf_page_texts(_pdf("annex_b_mistakes", mark_draft=True))
    assert all(WATERMARK in page for page in marked)
    assert WATERMARK == "DRAFT – NOT FOR SUBMISSION"
    final = pdf_page_texts(_pdf("annex_b_valid"))
    assert not any("DRAFT" in page for page in final)


def _red_pixels(pdf: bytes, tmp_path) -> int:
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
        check=True,
    )
    raw = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB").tobytes()
    pixels = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    return sum(1 for r, g, b in pixels if r > 200 and r - g > 20 and r - b > 20)


def test_the_watermark_is_visible_on_the_rendered_page(tmp_path) -> None:
    assert shutil.which("pdftoppm"), "poppler-utils is installed by scripts/install.sh"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _red_pixels(_pdf("annex_b_mistakes", mark_draft=True), tmp_path / "a") > 300
    assert _red_pixels(_pdf("annex_b_valid"), tmp_path / "b") == 0


def test_word_footer_has_page_and_numpages_fields() -> None:
    footer = docx_document(_docx("annex_b_valid")).sections[0].footer
    codes = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    text = footer.paragraphs[0].text
    assert text.startswith("Form version 3 · Exported 20 January 2015, 10:30 UTC")
    assert "Page 1 of 1" in text  # what a reader that does not update fields shows


def test_word_header_names_the_form_and_the_ccg() -> None:
    header = docx_document(_docx("annex_b_valid")).sections[0].header
    assert header.paragraphs[0].text == (
        "Annex B · Delegated commissioning proforma\tNHS Darlington CCG (00C)"
    )


def test_a_marked_word_document_has_the_watermark_shape_in_its_header() -> None:
    header = docx_document(_docx("annex_b_mistakes", mark_draft=True)).sections[0].header
    paths = list(header._element.iter(f"{{{VML}}}textpath"))
    assert [p.get("string") for p in paths if p.get("string")] == [WATERMARK]
    shape = next(header._element.iter(f"{{{VML}}}shape"))
    assert "rotation:315" in shape.get("style")
    final = docx_document(_docx("annex_b_valid")).sections[0].header
    assert not list(final._element.iter(f"{{{VML}}}shape"))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_marked_draft_ends_with_its_outstanding_problems(fmt: str) -> None:
    draft = load_sample("annex_b_mistakes")
    data, result = render_export(draft, fmt, mark_draft=True, now=FIXED_NOW)
    text = pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)
    tail = text[text.rindex("Outstanding problems") :]
    assert "10 errors and 4 warnings" in tail
    messages = [p.message for p in result.report.problems]
    assert missing_in_order(tail, messages) == []
    assert missing_in_order(tail, ["Error", "Applicant › Contact email address"]) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_final_export_has_no_problem_list(fmt: str) -> None:
    data, _ = render_export(load_sample("annex_b_valid"), fmt, now=FIXED_NOW)
    text = pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)
    assert "Outstanding problems" not in text


def test_word_tables_are_real_tables_with_a_repeating_header() -> None:
    draft = load_sample("annex_b_valid")
    word = docx_document(_docx("annex_b_valid"))
    members = next(t for t in word.tables if t.rows[0].cells[0].text == "Name")
    assert [c.text for c in members.rows[0].cells] == [
        "Name",
        "Role",
        "Organisation",
        "Category",
        "Voting",
    ]
    assert members.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    voting_or_members = [
        m
        for m in draft.answers["members"]
        if m["voting"] or m["organisation"] not in ("healthwatch", "local_authority")
    ]
    assert len(members.rows) == 1 + len(voting_or_members) == 1 + 6
    assert [c.text for c in members.rows[1].cells] == [
        "Margaret Ó Briain",
        "Lay member for patient and public involvement (chair)",
        "CCG",
        "Lay",
        "Yes",
    ]


def test_pdf_tables_show_their_headers_before_the_rows() -> None:
    text = pdf_body_text(_pdf("annex_a_valid"))
    assert (
        missing_in_order(
            text, ["Organisation", "Amount", "NHS England", "£1,250,000.50", "Pooled fund host"]
        )
        == []
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_signature_blocks_show_name_role_date_and_a_line_to_sign(fmt: str) -> None:
    data, _ = render_export(load_sample("annex_b_valid"), fmt, now=FIXED_NOW)
    text = pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)
    expected = [
        "Signatory",
        "Name",
        "Robert Lamb",
        "Role",
        "Lay member and chair of the audit committee",
        "Date",
        "5 December 2014",
        "Signature",
        "Sign here on paper",
    ]
    assert missing_in_order(text, expected) == []
    assert text.count("Sign here on paper") == 3  # audit chair, Accountable Officer, area team


def test_a_signature_image_is_placed_instead_of_the_line() -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["sign_audit_chair"]["image"] = signature_png()
    pdf, result = render_export(draft, "pdf", now=FIXED_NOW)
    assert result.report.is_valid
    images = [
        name
        for page in pdf_reader(pdf).pages
        for name, obj in (page["/Resources"].get("/XObject") or {}).items()
        if obj.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1
    assert pdf_body_text(pdf).count("Sign here on paper") == 2
    word, _ = render_export(draft, "docx", now=FIXED_NOW)
    document = docx_document(word)
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0].width <= 60 * 36000  # fits the block: 60 mm at most
    assert "\n".join(docx_paragraph_texts(document.element.body)).count("Sign here") == 2


def _encoded(image: Image.Image, fmt: str) -> str:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_scanner_jpegs_and_transparent_pngs_are_placed(fmt: str) -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["sign_audit_chair"]["image"] = _encoded(
        Image.new("CMYK", (200, 60), (0, 0, 0, 40)), "JPEG"
    )  # python-docx cannot read CMYK JPEGs itself
    draft.answers["sign_accountable_officer"]["image"] = _encoded(
        Image.new("RGBA", (300, 80), (0, 0, 80, 0)), "PNG"
    )
    data, result = render_export(draft, fmt, now=FIXED_NOW)
    assert result.report.is_valid
    if fmt == "docx":
        assert len(docx_document(data).inline_shapes) == 2
    else:
        text = pdf_body_text(data)
        assert text.count("Sign here on paper") == 1  # the area team's, with no image
        assert "could not be read" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_an_image_too_large_to_decode_is_not_decoded(fmt: str) -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["sign_audit_chair"]["image"] = _encoded(Image.new("1", (2500, 2500)), "PNG")
    data, result = render_export(draft, fmt, now=FIXED_NOW)
    assert result.report.is_valid  # a small file: validation cannot know the pixel count
    text = pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)
    assert "[The signature image could not be read]" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_problem_list_names_table_rows_as_people_do_and_never_ids(fmt: str) -> None:
    draft = load_sample("annex_a_mistakes")
    data, _result = render_export(draft, fmt, mark_draft=True, now=FIXED_NOW)
    text = pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)
    tail = " ".join(text[text.rindex("Outstanding problems") :].split())
    assert "Partner CCGs, row 2" in tail and "Partner CCGs, row 3" in tail
    for location in ("partner_ccgs[", "pooled_fund_contributions[", "contact_phone"):
        assert location not in tail


def _last_text(block: Any) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, AnswerTable):
        return block.rows[-1].question
    return str(block.caption)  # a table


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_signatures_share_a_page_with_what_they_sign(name: str) -> None:
    """Issue 20, trial item 14: a last signature block stood alone on an almost empty
    page. Signatures in a row stay together, with the block before them when it is short
    (the statement they attest, the last answers), or else with their section heading."""
    draft = load_sample(name)
    data, result = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    document = build_document(draft, result.report, mark_draft=True, exported_at=FIXED_NOW)
    pages = [squash(text) for text in pdf_page_texts(data)]

    def page_of(text: str) -> int:
        return next(n for n, page in enumerate(pages) if squash(text) in page)

    runs = signature_runs(document)
    assert runs
    for heading, before, signatures in runs:
        wanted = {page_of(_last_text(before) if before else heading)}
        assert {page_of(block.caption) for block in signatures} == wanted, heading
