"""Reading back the draft an export carries, so a reviewer can check what was received.

A PDF carries it as the embedded file ``draft.json``; a Word document as a custom XML
part whose root is ``<draft xmlns="urn:proforma-app:draft">``. Exports arrive from
outside, so the file, the attachment and every archive member are size-limited before
they are read, and XML with a document type (entity tricks) is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from proforma_app.core.draft import Draft
from proforma_app.files.draft_format import DraftError, loads_draft
from proforma_app.files.storage import MAX_DRAFT_BYTES

ATTACHMENT_NAME = "draft.json"
"""Name of the draft attached to a PDF export."""
DRAFT_NAMESPACE = "urn:proforma-app:draft"
"""Namespace of the root element (``<draft>``) of the Word export's custom XML part."""
MAX_EXPORT_BYTES = 200 * 1024 * 1024
"""Larger files are refused unread: no export of a form comes near this."""

_CUSTOM_XML_ITEM = re.compile(r"^customXml/item\d+\.xml$")


def read_embedded_draft(path: Path) -> Draft:
    """The draft embedded in a PDF or Word export; :class:`DraftError` says why not."""
    data = _read_limited(Path(path))
    if b"%PDF-" in data[:1024]:
        return _from_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _from_docx(data)
    raise DraftError("this is not a PDF or a Word (.docx) document")


def _read_limited(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_EXPORT_BYTES + 1)
    except FileNotFoundError:
        raise DraftError("the file does not exist") from None
    except IsADirectoryError:
        raise DraftError("this is a folder, not an export") from None
    except PermissionError:
        raise DraftError("you do not have permission to read this file") from None
    except OSError as exc:
        raise DraftError(f"the file cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_EXPORT_BYTES:
        raise DraftError(
            f"the file is over {MAX_EXPORT_BYTES // 1024 // 1024} MB; no export is that large"
        )
    if not data:
        raise DraftError("the file is empty")
    return data


def _from_pdf(data: bytes) -> Draft:
    from pypdf import PdfReader  # only reviewers reading PDFs pay for pypdf

    try:
        attachments = PdfReader(io.BytesIO(data)).attachments
        payloads = attachments.get(ATTACHMENT_NAME) if ATTACHMENT_NAME in attachments else None
    except Exception as exc:  # a damaged PDF can fail anywhere inside the reader
        raise DraftError(f"the PDF is damaged and cannot be read ({type(exc).__name__})") from None
    if not payloads:
        raise DraftError(
            f"the PDF has no draft attached ({ATTACHMENT_NAME}): it was not exported by "
            "Proforma, or the attachment was removed"
        )
    payload = payloads[0]
    if len(payload) > MAX_DRAFT_BYTES:
        raise DraftError("the draft attached to the PDF is too large to be a real draft")
    return _loads(payload, "PDF")


def _from_docx(data: bytes) -> Draft:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            items = [i for i in archive.infolist() if _CUSTOM_XML_ITEM.match(i.filename)]
            for item in items:
                if item.file_size > MAX_DRAFT_BYTES + 4096:
                    continue
                text = _draft_text(archive.read(item))
                if text is not None:
                    return _loads(text.encode("utf-8"), "Word document")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError) as exc:
        raise DraftError(
            f"the Word document is damaged and cannot be read ({type(exc).__name__})"
        ) from None
    raise DraftError(
        "the Word document holds no Proforma draft: it was not exported by Proforma, or it "
        "was saved by a program that dropped the draft"
    )


def _draft_text(xml: bytes) -> str | None:
    """The JSON inside a custom XML item, when the item is ours."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    if root.tag != f"{{{DRAFT_NAMESPACE}}}draft":
        return None
    return root.text or ""


def _loads(payload: bytes, kind: str) -> Draft:
    try:
        return loads_draft(payload)
    except DraftError as exc:
        raise DraftError(f"the draft inside the {kind} cannot be used: {exc}") from None
