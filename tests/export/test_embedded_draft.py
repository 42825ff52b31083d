"""Reading the draft back out of an export, and refusing files that do not hold one."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from proforma_app.export import read_embedded_draft, render_export
from proforma_app.files.draft_format import DraftError
from tests.export.conftest import FIXED_NOW, load_sample


def _export(fmt: str) -> bytes:
    data, _ = render_export(load_sample("annex_b_valid"), fmt, now=FIXED_NOW)
    return data


def _refused(tmp_path, data: bytes, name: str = "file.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DraftError) as error:
        read_embedded_draft(path)
    return str(error.value)


def test_the_format_is_recognised_by_content_not_name(tmp_path) -> None:
    path = tmp_path / "renamed.pdf"
    path.write_bytes(_export("docx"))
    assert read_embedded_draft(path).form_id == "annex_b"


def _plain_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, "Not an export")
    canvas.save()
    return buffer.getvalue()


def test_a_pdf_without_a_draft_is_refused_plainly(tmp_path) -> None:
    assert "no draft attached" in _refused(tmp_path, _plain_pdf())


def test_a_pdf_whose_attachment_is_not_a_draft_is_refused(tmp_path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_plain_pdf())))
    writer.add_attachment("draft.json", b'{"format": "something else"}')
    out = io.BytesIO()
    writer.write(out)
    message = _refused(tmp_path, out.getvalue())
    assert "cannot be used" in message and "not a Proforma draft" in message


def test_a_damaged_pdf_is_refused(tmp_path) -> None:
    data = _export("pdf")
    message = _refused(tmp_path, data[: len(data) // 3])
    assert message  # a plain reason, never a traceback


def test_a_word_document_without_a_draft_is_refused_plainly(tmp_path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert "holds no Proforma draft" in _refused(tmp_path, buffer.getvalue(), "plain.docx")


def _rewrite_draft_part(data: bytes, new_item: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            payload = source.read(info)
            if b'urn:proforma-app:draft"' in payload and info.filename.startswith("customXml/item"):
                payload = new_item
            target.writestr(info, payload)
    return out.getvalue()


def test_xml_entities_in_the_word_draft_part_are_refused(tmp_path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<draft xmlns="urn:proforma-app:draft">&b;</draft>'
    )
    data = _rewrite_draft_part(_export("docx"), bomb)
    assert "document type declaration" in _refused(tmp_path, data, "bomb.docx")


def test_a_word_draft_part_with_bad_json_is_refused(tmp_path) -> None:
    item = b'<draft xmlns="urn:proforma-app:draft">{"format": "proforma-draft", </draft>'
    data = _rewrite_draft_part(_export("docx"), item)
    assert "cannot be used" in _refused(tmp_path, data, "bad.docx")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"just some text", "not a PDF or a Word"),
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b"%PDF-1.4\n garbage", "PDF"),
    ],
)
def test_files_that_are_not_exports_are_refused(tmp_path, data: bytes, reason: str) -> None:
    assert reason in _refused(tmp_path, data)


def test_missing_files_and_folders_are_refused(tmp_path) -> None:
    with pytest.raises(DraftError, match="does not exist"):
        read_embedded_draft(tmp_path / "absent.pdf")
    with pytest.raises(DraftError, match="folder"):
        read_embedded_draft(tmp_path)
