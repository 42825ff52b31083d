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


def pdf_structure(data: bytes) -> list[tuple[str, str]]:
    """What a screen reader reads: the structure tree's elements that draw text, in tree
    order, each as (role, text); the text of each piece of marked content it points at,
    one line per line drawn. Content outside the tree (artifacts) is not read."""
    reader = pdf_reader(data)
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    marked: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for index, page in enumerate(reader.pages):
        _collect_marked_text(page, index, marked)

    def lines(key: tuple[int, int]) -> str:
        rows: dict[float, list[str]] = {}
        for y, text in marked.get(key, []):
            rows.setdefault(y, []).append(text)
        return "\n".join("".join(rows[y]).strip() for y in rows)  # drawn top to bottom

    out: list[tuple[str, str]] = []

    def walk(element: Any) -> None:
        element = element.get_object()
        kids = element.get("/K")
        if kids is None:
            out.append((str(element["/S"])[1:], ""))
            return
        if not isinstance(kids, list):
            kids = [kids]
        texts = []
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):
                texts.append(lines((pages[element.raw_get("/Pg").idnum], kid)))
            elif kid.get("/Type") == "/MCR":
                texts.append(lines((pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"]))))
            else:
                walk(kid)
        if texts:
            out.append((str(element["/S"])[1:], "\n".join(texts)))

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    for top in root["/K"]:
        walk(top)
    return out


def _collect_marked_text(
    page: Any, index: int, marked: dict[tuple[int, int], list[tuple[float, str]]]
) -> None:
    """Add each piece of text on ``page`` to ``marked`` under (page, its marked-content
    id), with its height on the page; text in artifacts or unmarked is left out."""
    stack: list[int | None] = []

    def before(op: bytes, args: Any, *_: Any) -> None:
        if op == b"BDC":
            props = args[1]
            stack.append(int(props["/MCID"]) if hasattr(props, "get") else None)
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC" and stack:
            stack.pop()

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], *_: Any) -> None:
        if text and stack and stack[-1] is not None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            marked.setdefault((index, stack[-1]), []).append((round(y, 1), text))

    page.extract_text(visitor_operand_before=before, visitor_text=visit)
