"""A tagged PDF from reportlab: marked content on the pages and a structure tree.

Screen readers read a PDF through its structure tree (PDF 1.7, section 14.7-14.8):
headings, paragraphs and tables with header cells, in reading order, each pointing at
the marked content that draws it. Reportlab writes none of this, so the PDF backend
builds the tree while it builds its story (document order, whatever the page breaks),
each tagged flowable wraps what it draws in ``BDC``/``EMC`` with a marked-content id,
page furniture and table rules are marked as artifacts, and :func:`write_structure`
adds the tree, the parent tree, ``MarkInfo`` and the page keys at save time. See
docs/adr/0002-tagged-pdf-and-export-line-breaking.md for why this and not another
PDF engine.

:func:`write_metadata` makes the file claim PDF/UA-1 (ISO 14289-1): an XMP packet with
the title, the dates and ``pdfuaid:part`` 1. Everything in it comes from the document:
the dates are its export time and the identifiers digests of what it shows, so the same
draft exported at the same time gives the same bytes (docs/adr/0013-pdf-ua-1.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from proforma_app.export.text import clean_text


@dataclass(eq=False)
class StructNode:
    """One structure element: its standard role (``H1``, ``P``, ``Table``, ``TH``...),
    its children in reading order and the marked content that draws it."""

    role: str
    children: list[StructNode] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)
    """(page number from 1, marked-content id) of each piece drawn."""
    alt: str | None = None
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Standard attributes by owner, each value a PDF name: ``{"Table": {"Scope": "Row"}}``."""

    def add(
        self, role: str, alt: str | None = None, attributes: dict[str, dict[str, str]] | None = None
    ) -> StructNode:
        child = StructNode(role, alt=alt, attributes=attributes or {})
        self.children.append(child)
        return child


class Tagger:
    """Hands out marked-content ids per page and remembers which node each one draws."""

    def __init__(self) -> None:
        self.root = StructNode("Document")
        self.pages: dict[int, list[StructNode]] = {}

    def begin(self, canvas: Canvas, node: StructNode) -> None:
        page = canvas.getPageNumber()
        owners = self.pages.setdefault(page, [])
        mcid = len(owners)
        owners.append(node)
        node.marks.append((page, mcid))
        canvas._code.append(f"/{node.role} <</MCID {mcid}>> BDC")

    @staticmethod
    def end(canvas: Canvas) -> None:
        canvas._code.append("EMC")


@contextmanager
def artifact(canvas: Canvas) -> Iterator[None]:
    """Drawing that is not content (rules, page furniture, the watermark)."""
    canvas._code.append("/Artifact BMC")
    try:
        yield
    finally:
        canvas._code.append("EMC")


def _tagger(canvas: Canvas) -> Tagger | None:
    return getattr(canvas, "tagger", None)


class TaggedParagraph(RLParagraph):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph drawn as marked content of ``node``; its split parts keep the node.

    Drawn a second time, it is a table's header row repeated on a new page: an artifact,
    so a screen reader reads the header once, where the table starts.
    """

    node: StructNode | None = None
    drawn: bool = False

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        tagger = _tagger(canvas)
        if tagger is None or self.node is None:
            super().drawOn(canvas, x, y, _sW)
            return
        if self.drawn:
            with artifact(canvas):
                super().drawOn(canvas, x, y, _sW)
            return
        self.drawn = True
        tagger.begin(canvas, self.node)
        super().drawOn(canvas, x, y, _sW)
        tagger.end(canvas)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, RLParagraph):
                part.__class__ = TaggedParagraph
                part.node = self.node
                part.drawn = False
        return list(parts)


class TaggedImage(Image):  # type: ignore[misc]  # reportlab is untyped
    """A picture drawn as a ``Figure`` with alternative text."""

    node: StructNode | None = None

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        tagger = _tagger(canvas)
        if tagger is None or self.node is None:
            super().drawOn(canvas, x, y, _sW)
            return
        tagger.begin(canvas, self.node)
        super().drawOn(canvas, x, y, _sW)
        tagger.end(canvas)


class ArtifactTable(RLTable):  # type: ignore[misc]  # reportlab is untyped
    """A table whose rules and shading are artifacts; its cells tag themselves."""

    def _drawBkgrnd(self) -> None:  # reportlab's name
        with artifact(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self) -> None:
        with artifact(self.canv):
            super()._drawLines()


class ArtifactFlowable(Flowable):  # type: ignore[misc]
    """Wraps a decorative flowable (the line to sign on) as an artifact."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size: tuple[float, float] = self.inner.wrap(availWidth, availHeight)
        self.width, self.height = size
        return size

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with artifact(canvas):
            self.inner.drawOn(canvas, x, y, _sW)


def mark_page(canvas: Canvas) -> Callable[[PDFPage], None]:
    """What ``Canvas._setAnnotations`` should also do to each page: point it at its
    entry in the parent tree and ask for the structure order when tabbing."""

    def mark(page: PDFPage) -> None:
        page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = canvas.getPageNumber() - 1
        page.Tabs = PDFName("S")

    return mark


def write_structure(canvas: Canvas, tagger: Tagger) -> None:
    """Add the structure tree, parent tree, ``MarkInfo`` and title display to the
    catalog of ``canvas``'s document (call after the last page, before ``save``)."""
    pdf = canvas._doc
    refs: dict[int, PDFObjectReference] = {}
    dicts: list[tuple[StructNode, PDFDictionary, PDFObjectReference | None]] = []

    def register(node: StructNode, parent: PDFObjectReference | None) -> PDFObjectReference:
        element = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(node.role)})
        ref = pdf.Reference(element, f"ProformaStruct{len(dicts)}")
        refs[id(node)] = ref
        dicts.append((node, element, parent))
        for child in node.children:
            register(child, ref)
        return ref

    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = pdf.Reference(tree_root, "ProformaStructTreeRoot")
    document_ref = register(tagger.root, root_ref)
    for node, element, parent in dicts:
        element["P"] = parent
        kids: list[Any] = [refs[id(child)] for child in node.children]
        first_page = node.marks[0][0] if node.marks else 0
        if node.marks:
            element["Pg"] = PDFObjectReference(f"Page{first_page}")
        for page, mcid in node.marks:  # a bare id on the element's page, else a reference
            if page == first_page:
                kids.append(mcid)
            else:
                page_ref = PDFObjectReference(f"Page{page}")
                kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": page_ref, "MCID": mcid}))
        if kids:
            element["K"] = PDFArray(kids)
        if node.alt is not None:
            element["Alt"] = PDFString(node.alt)
        if node.attributes:
            owners = [
                PDFDictionary({"O": PDFName(owner)} | {k: PDFName(v) for k, v in values.items()})
                for owner, values in node.attributes.items()
            ]
            element["A"] = owners[0] if len(owners) == 1 else PDFArray(owners)
    numbers: list[Any] = []
    for page in sorted(tagger.pages):
        owners = tagger.pages[page]
        numbers.extend([page - 1, PDFArray([refs[id(owner)] for owner in owners])])
    tree_root["K"] = PDFArray([document_ref])
    tree_root["ParentTree"] = PDFDictionary({"Nums": PDFArray(numbers)})
    tree_root["ParentTreeNextKey"] = max(tagger.pages, default=0)
    catalog = pdf.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})


_ID_NAMESPACE = uuid.UUID("3c8f5e52-7f0b-4d0e-9a8e-5d1f0b6c2a47")
"""Namespace of the name-based (version 5) UUIDs that identify exports."""

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
"""The XMP packet (ISO 16684-1): the document information dictionary's entries again,
the dates and identifiers, and the PDF/UA identification (ISO 14289-1, 5)."""


def export_ids(source: bytes, drawn: bytes) -> tuple[uuid.UUID, uuid.UUID]:
    """The document's identifiers: the document id names what it is a rendering of (the
    same for every export of one saved draft), the instance id this rendering (what it
    draws, too). Name-based UUIDs of SHA-256 digests: never random, never the clock."""
    document = uuid.uuid5(_ID_NAMESPACE, hashlib.sha256(source).hexdigest())
    instance = uuid.uuid5(_ID_NAMESPACE, hashlib.sha256(source + drawn).hexdigest())
    return document, instance


def write_metadata(canvas: Canvas, created: dt.datetime, source: bytes, drawn: bytes) -> None:
    """Stamp the document of ``canvas`` as PDF/UA-1: PDF 1.7, and an XMP packet that
    repeats its information dictionary; both dated ``created`` (to the second, in UTC),
    and the trailer's ``ID`` from :func:`export_ids` of ``source`` (the draft it shows)
    and ``drawn`` (every page's drawing). Call after the last page, before ``save``."""
    pdf = canvas._doc
    stamp = created.astimezone(dt.UTC).replace(microsecond=0)
    document_id, instance_id = export_ids(source, drawn)
    info = pdf.info
    info._dateFormatter = lambda *_: pdf_date(stamp)  # reportlab's hook; else it says "now"
    pdf._ID = f"[<{document_id.hex.upper()}> <{instance_id.hex.upper()}>]".encode("ascii")
    pdf._pdfVersion = max(pdf._pdfVersion, (1, 7))  # PDF/UA-1 is a profile of PDF 1.7
    values = {
        "title": info.title,
        "author": info.author,
        "subject": info.subject,
        "language": pdf.Catalog.Lang.s,
        "producer": info.producer,
        "creator": info.creator,
        "date": stamp.isoformat(),
        "document_id": document_id,
        "instance_id": instance_id,
    }
    packet = _XMP.format(**{key: escape(clean_text(str(v))) for key, v in values.items()})
    stream = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        packet.encode("utf-8"),
    )
    pdf.Catalog.Metadata = pdf.Reference(stream, "ProformaMetadata")


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date in UTC (PDF 1.7, 7.9.4): ``D:20150120103000Z``."""
    return moment.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S") + "Z"
