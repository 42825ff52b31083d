"""Reading back the draft an export carries, so a reviewer can check what was received.

A PDF carries it as the embedded file ``draft.json``; a Word document as a custom XML
part whose root is ``<draft xmlns="urn:proforma-app:draft">``. Exports arrive from
outside, so everything goes through :mod:`proforma_app.files.untrusted`: regular files only, a
byte budget while inflating, each archive member read once, no DTDs in any encoding,
exactly one attachment. :func:`read_export` can also return the document's visible text,
for the reviewer's check that what is shown matches the draft inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from proforma_app.core.draft import Draft
from proforma_app.files.draft_format import DraftError, loads_draft
from proforma_app.files.storage import MAX_DRAFT_BYTES
from proforma_app.files.untrusted.budget import check_time
from proforma_app.files.untrusted.files import RefusedFile, read_regular_file
from proforma_app.files.untrusted.xml import parse_untrusted_xml
from proforma_app.files.untrusted.zip_archive import UntrustedZip

ATTACHMENT_NAME = "draft.json"
"""Name of the draft attached to a PDF export."""
DRAFT_NAMESPACE = "urn:proforma-app:draft"
"""Namespace of the root element (``<draft>``) of the Word export's custom XML part."""
MAX_EXPORT_BYTES = 64 * 1024 * 1024
"""Larger files are refused unread: an export with a full 20 MB draft stays well under."""
MAX_DOCX_CONTENT_BYTES = 128 * 1024 * 1024
"""Everything inflated from one Word document together (draft part and document text)."""
_XML_PART_BYTES = MAX_DRAFT_BYTES + 64 * 1024
"""The draft's JSON plus the XML around it (escaping can grow it a little)."""
_DOCUMENT_PART = "word/document.xml"
_CUSTOM_XML_ITEM = re.compile(r"^customXml/item\d+\.xml$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True, slots=True)
class ExportContents:
    """The draft an export carries and, when asked for, the text a reader of it sees."""

    draft: Draft
    visible_text: str | None = None


def read_embedded_draft(path: Path) -> Draft:
    """The draft embedded in a PDF or Word export; :class:`DraftError` says why not."""
    return read_export(path).draft


def read_export(path: Path, with_text: bool = False) -> ExportContents:
    """The draft in an export and, with ``with_text``, the document's visible text."""
    try:
        data = read_regular_file(Path(path), MAX_EXPORT_BYTES, "export")
    except RefusedFile as exc:
        raise DraftError(exc.reason) from None
    if not data:
        raise DraftError("the file is empty")
    if b"%PDF-" in data[:1024]:
        return _from_pdf(data, with_text)
    if data.startswith(b"PK\x03\x04"):
        return _from_docx(data, with_text)
    raise DraftError("this is not a PDF or a Word (.docx) document")


def _from_pdf(data: bytes, with_text: bool) -> ExportContents:
    from proforma_app.files.untrusted.pdf import open_pdf, page_text, single_attachment

    try:
        reader = open_pdf(data)
        payload = single_attachment(reader, ATTACHMENT_NAME, MAX_DRAFT_BYTES)
        draft = _loads(payload, "PDF")
        text = page_text(reader) if with_text else None
    except DraftError:
        raise
    except RecursionError:
        raise DraftError("the PDF is damaged: its objects nest too deeply") from None
    except Exception as exc:  # a damaged PDF can fail anywhere inside the reader
        raise DraftError(f"the PDF is damaged and cannot be read ({type(exc).__name__})") from None
    return ExportContents(draft, text)


def _from_docx(data: bytes, with_text: bool) -> ExportContents:
    archive = UntrustedZip(data, "Word document", MAX_DOCX_CONTENT_BYTES)
    draft: Draft | None = None
    for name in archive.names():
        if not _CUSTOM_XML_ITEM.match(name):
            continue
        text = _draft_text(archive.read(name, _XML_PART_BYTES))
        if text is not None:
            draft = _loads(text.encode("utf-8"), "Word document")
            break
    if draft is None:
        raise DraftError(
            "the Word document holds no Proforma draft: it was not exported by Proforma, or it "
            "was saved by a program that dropped the draft"
        )
    if not with_text:
        return ExportContents(draft)
    if _DOCUMENT_PART not in archive.names():
        raise DraftError("the Word document is damaged: it has no document text")
    body = parse_untrusted_xml(
        archive.read(_DOCUMENT_PART, MAX_DOCX_CONTENT_BYTES), "Word document's text"
    )
    return ExportContents(draft, _word_text(body))


def _draft_text(xml: bytes) -> str | None:
    """The JSON inside a custom XML item when the item is ours; a hostile item is refused."""
    root = parse_untrusted_xml(xml, "Word document's draft part")
    if root.tag != f"{{{DRAFT_NAMESPACE}}}draft":
        return None
    return root.text or ""


def _word_text(body: Element) -> str:
    """Text runs in document order; paragraphs and cells end with a line break."""
    parts: list[str] = []
    for count, element in enumerate(body.iter()):
        if count % 10_000 == 0:
            check_time()
        if element.tag == f"{_W}t" and element.text:
            parts.append(element.text)
        elif element.tag in (f"{_W}p", f"{_W}br", f"{_W}tab"):
            parts.append("\n")
    return "".join(parts)


def _loads(payload: bytes, kind: str) -> Draft:
    try:
        return loads_draft(payload)
    except DraftError as exc:
        raise DraftError(f"the draft inside the {kind} cannot be used: {exc}") from None
