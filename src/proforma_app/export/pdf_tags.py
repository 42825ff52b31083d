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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable


@dataclass(eq=False)
class StructNode:
    """One structure element: its standard role (``H1``, ``P``, ``Table``, ``TH``...),
    its children in reading order and the marked content that draws it."""

    role: str
    children: list[StructNode] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)
    """(page number from 1, marked-content id) of each piece drawn."""
    alt: str | None = None

    def add(self, role: str, alt: str | None = None) -> StructNode:
        child = StructNode(role, alt=alt)
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
