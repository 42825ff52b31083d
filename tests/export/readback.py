"""Reading exports back the way a reviewer's tools would: pypdf for PDF, python-docx for Word.

PDF text is taken from the page body only: the header, the footer and the rotated draft
watermark are drawn on every page and would otherwise interrupt an answer that runs onto
the next page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

import docx
import pypdf
from docx.oxml.ns import qn
from reportlab.lib.units import mm

_BODY_TOP = 842 - 24 * mm  # above this: the page header
_BODY_BOTTOM = 22 * mm  # below this: the page footer
_WHITESPACE = re.compile(r"\s+")


def pdf_reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def pdf_page_texts(data: bytes) -> list[str]:
    """Everything on each page, furniture included."""
    return [page.extract_text() for page in pdf_reader(data).pages]


def pdf_body_text(data: bytes) -> str:
    """The text of every page's body, in reading order, without headers, footers and
    the watermark."""
    pieces: list[str] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], *_: Any) -> None:
        if not text:
            return
        if abs(cm[1]) > 1e-6 or abs(tm[1]) > 1e-6:  # rotated: the watermark
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if _BODY_BOTTOM < y < _BODY_TOP:
            pieces.append(text)

    for page in pdf_reader(data).pages:
        page.extract_text(visitor_text=visit)
    return "".join(pieces)


def docx_document(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def docx_paragraph_texts(element: Any) -> list[str]:
    """Text of every paragraph under ``element`` (tables included), in document order;
    line breaks as newlines, tabs as tabs."""
    texts = []
    for paragraph in element.iter(qn("w:p")):
        parts = []
        for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:br"):
                parts.append("\n")
            elif node.getparent().tag == qn("w:r"):  # a tab character, not a tab stop
                parts.append("\t")
        texts.append("".join(parts))
    return texts


def docx_body_text(data: bytes) -> str:
    return "\n".join(docx_paragraph_texts(docx_document(data).element.body))


def squash(text: str) -> str:
    """Without whitespace: PDF text extraction breaks lines wherever the layout wrapped."""
    return _WHITESPACE.sub("", text)


def missing_in_order(haystack: str, needles: Iterable[str]) -> list[str]:
    """Needles not found, each searched after the previous one found (whitespace ignored)."""
    flat = squash(haystack)
    cursor = 0
    missing = []
    for needle in needles:
        wanted = squash(needle)
        if not wanted:
            continue
        found = flat.find(wanted, cursor)
        if found < 0:
            missing.append(needle)
        else:
            cursor = found + len(wanted)
    return missing
