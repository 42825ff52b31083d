"""Lays a :class:`~proforma_app.render.model.Document` out as an A4 PDF with reportlab.

Every piece of user text goes through ``export.text.pdf_markup`` (escaped, newlines as
breaks, font switches for symbols) and ``GlyphPlan`` (characters no font has become
U+FFFD and are reported). Words too long for their line are broken here, after ``/``,
``.`` or ``-`` where they can be (``export.line_breaks``); table columns are as wide as
their content asks; giant answers are cut into bounded pieces before layout so the work
stays linear. Short rows stay whole on a page; a heading moves to the next page with
its first rows rather than stand alone at a page foot. Page furniture ("Page X of Y",
the draft watermark) is drawn once the page count is known, and the draft file is
embedded as ``draft.json`` so the export can be imported again.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from proforma_app.core.kinds import NOT_ANSWERED
from proforma_app.export.embedded import ATTACHMENT_NAME
from proforma_app.export.fonts import TEXT_FONT, TEXT_FONT_BOLD, GlyphPlan, register_text_fonts
from proforma_app.export.images import alt_text, signature_picture
from proforma_app.export.line_breaks import break_long_words, chunk_text, content_widths
from proforma_app.export.pdf_tags import (
    ArtifactFlowable,
    ArtifactTable,
    StructNode,
    TaggedImage,
    TaggedParagraph,
    Tagger,
    artifact,
    mark_page,
    pdf_date,
    write_metadata,
    write_structure,
)
from proforma_app.export.row_height import TEXT_POINTS, keep_row_whole
from proforma_app.export.text import clean_text, pdf_markup
from proforma_app.render.model import (
    WATERMARK,
    AnswerTable,
    Block,
    ClauseList,
    Document,
    Paragraph,
    ProblemList,
    SignatureBlock,
    Table,
)

_PAGE_WIDTH, _PAGE_HEIGHT = A4
_MARGIN = 20 * mm
_CONTENT_WIDTH = _PAGE_WIDTH - 2 * _MARGIN
_CELL_PADDING = 10.0  # left + right padding of every table cell (see _grid_style)
_CHUNK_LINES = 12
"""A giant cell is cut into pieces of about this many lines, each a row of its own."""
_GROUP_CHARS = 4000
"""Rows go into tables of about this much text at most, so each is laid out in bounded time."""
_LEAD_ROWS = 3
"""A heading or caption moves to the next page unless this many of its rows fit under it."""

NHS_BLUE = colors.HexColor("#005EB8")
_DARK = colors.HexColor("#212B32")
_GREY = colors.HexColor("#4C6272")
_PALE = colors.HexColor("#F0F4F5")
_RULE = colors.HexColor("#AEB7BD")
_ERROR = colors.HexColor("#D5281B")
_WARNING = colors.HexColor("#8A4B00")


class _Styles:
    """The few paragraph styles an official form needs."""

    def __init__(self) -> None:
        base = ParagraphStyle(
            "body",
            fontName=TEXT_FONT,
            bulletFontName=TEXT_FONT,
            fontSize=9.5,
            leading=12.5,
            textColor=_DARK,
            alignment=TA_LEFT,
            splitLongWords=1,
            spaceAfter=4,
        )
        self.body = base
        self.cell = ParagraphStyle("cell", parent=base, spaceAfter=0)
        self.question = ParagraphStyle("question", parent=self.cell, fontName=TEXT_FONT_BOLD)
        self.unanswered = ParagraphStyle("unanswered", parent=self.cell, textColor=_GREY)
        self.header_cell = ParagraphStyle(
            "header_cell", parent=self.cell, fontName=TEXT_FONT_BOLD, textColor=colors.white
        )
        self.note = ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, textColor=_GREY)
        self.lead = ParagraphStyle(
            "lead",
            parent=base,
            fontName=TEXT_FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            keepWithNext=1,
        )
        self.annex = ParagraphStyle(
            "annex", parent=base, fontName=TEXT_FONT_BOLD, fontSize=11, textColor=NHS_BLUE
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontName=TEXT_FONT_BOLD, fontSize=18, leading=22, spaceAfter=8
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=TEXT_FONT_BOLD,
            fontSize=13,
            leading=16,
            textColor=NHS_BLUE,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        )
        self.section_note = ParagraphStyle("section_note", parent=self.note, keepWithNext=1)
        self.caption = ParagraphStyle(
            "caption",
            parent=base,
            fontName=TEXT_FONT_BOLD,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.clause = ParagraphStyle(
            "clause", parent=base, leftIndent=16 * mm, bulletIndent=0, spaceAfter=5
        )
        self.clause_heading = ParagraphStyle(
            "clause_heading", parent=self.lead, spaceBefore=8, spaceAfter=4
        )


def render_pdf(document: Document, target: BinaryIO) -> list[str]:
    """Write ``document`` as PDF to ``target``; returns warnings for the officer."""
    register_text_fonts()
    glyphs = GlyphPlan()
    tagger = Tagger()
    builder = _StoryBuilder(_Styles(), glyphs, tagger.root)
    story = builder.story(document)
    template = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN + 6 * mm,
        bottomMargin=_MARGIN + 4 * mm,
        title=f"{document.annex}: {document.title}",
        author=glyphs.prepare(clean_text(document.ccg_line)),
        subject=document.title,
        creator="Proforma",
        lang="en-GB",
        initialFontName=TEXT_FONT,  # else the PDF lists Helvetica, which it never draws
    )
    frame = Frame(
        template.leftMargin,
        template.bottomMargin,
        template.width,
        template.height,
        id="content",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    furniture = _PageFurniture(document, glyphs)
    template.build(story, canvasmaker=_canvas_maker(furniture, tagger))
    warning = glyphs.warning()
    return [warning] if warning else []


_ROLES = {"title": "H1", "heading": "H2", "caption": "H3", "lead": "H3", "clause_heading": "H3"}
"""Structure roles of the heading styles; every other paragraph is a ``P``."""


class _StoryBuilder:
    """Makes the flowables in reading order, adding each one's structure element as it
    goes, so the structure tree reads in document order whatever the page breaks."""

    def __init__(self, styles: _Styles, glyphs: GlyphPlan, root: StructNode) -> None:
        self.s = styles
        self.glyphs = glyphs
        self.parent = root
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    def text(
        self,
        value: str,
        style: ParagraphStyle,
        width: float = _CONTENT_WIDTH,
        role: str | None = None,
    ) -> RLParagraph:
        """A paragraph of untrusted text, printed literally, ``width`` points wide at most;
        a word too long for a line is broken where ``line_breaks`` says."""
        prepared = self.glyphs.prepare(clean_text(value))
        broken = break_long_words(prepared, width - style.leftIndent, self.char_width(style))
        return self.markup(pdf_markup(broken, self.glyphs.font_of), style, role)

    def markup(
        self, markup: str, style: ParagraphStyle, role: str | None = None, **kwargs: Any
    ) -> RLParagraph:
        """A paragraph of our own markup, tagged as ``role`` (else by its style)."""
        paragraph = TaggedParagraph(markup, style, **kwargs)
        paragraph.node = self.parent.add(role or _ROLES.get(style.name, "P"))
        return paragraph

    def char_width(self, style: ParagraphStyle) -> Callable[[str], float]:
        """Width of one character as ``style`` draws it (in its fallback font if need be)."""
        key = (style.fontName, style.fontSize)
        cache = self._widths.setdefault(key, {})
        font_of = self.glyphs.font_of

        def width(char: str) -> float:
            known = cache.get(char)
            if known is None:
                known = stringWidth(char, font_of(char) or style.fontName, style.fontSize)
                cache[char] = known
            return known

        return width

    def cell(
        self, value: str, style: ParagraphStyle, column: float, heads: Heads | None = None
    ) -> RLParagraph:
        """A table cell's paragraph; the cell is its structure element: a ``TD``, or,
        given what it ``heads`` (its ``Row`` or its ``Column``), a ``TH`` scoped to it."""
        if heads is None:
            return self.text(value, style, column - _CELL_PADDING, "TD")
        paragraph = self.text(value, style, column - _CELL_PADDING, "TH")
        paragraph.node.attributes["Table"] = {"Scope": heads}
        return paragraph

    def tables(
        self,
        groups: list[RowGroup],
        widths: list[float],
        make_row: RowMaker,
        *,
        question_column: bool,
        header: Sequence[str] = (),
    ) -> list[Flowable]:
        """A table per group of rows, each a ``Table`` element of ``TR`` rows.

        The pieces of a row cut up by ``_row_groups`` are one ``TR``: each piece is
        marked content of its cell in the row's first piece, so a screen reader reads
        the row's cells whole and in order."""
        out: list[Flowable] = []
        outer = self.parent
        lead: list[StructNode] = []  # the cells of the row now being cut into pieces
        for group in groups:
            table_node = outer.add("Table")
            rows: list[tuple[bool, list[Any]]] = []
            if header:
                self.parent = table_node.add("TR")
                style = self.s.header_cell
                cells = [
                    self.cell(h, style, w, "Column") for h, w in zip(header, widths, strict=True)
                ]
                rows.append((True, cells))
            for whole, texts, index, first in group:
                self.parent = table_node.add("TR") if first else StructNode("TR")
                cells = make_row(texts, index, first)
                if first:
                    lead = [c.node for c in cells]
                else:
                    for cell, node, text in zip(cells, lead, texts, strict=True):
                        cell.node = node if text else None
                rows.append((whole, cells))
            self.parent = outer
            out.append(
                self._grid(rows, widths, question_column=question_column, header=bool(header))
            )
        return out

    def story(self, document: Document) -> list[Flowable]:
        s = self.s
        story: list[Flowable] = [
            self.text(document.annex, s.annex),
            self.text(document.title, s.title),
            self._facts(document),
            Spacer(1, 4 * mm),
        ]
        if document.introduction:
            story.append(self.text(document.introduction, s.body))
        for number, section in enumerate(document.sections, start=1):
            story.append(CondPageBreak(30 * mm))
            story.append(self.text(f"{number}. {section.title}", s.heading))
            if section.intro:
                story.append(self.text(section.intro, s.section_note))
            story.extend(_signatures_kept(section.blocks, [self.block(b) for b in section.blocks]))
        return _keep_starts(story)

    def _facts(self, document: Document) -> RLTable:
        widths = [35 * mm, _CONTENT_WIDTH - 35 * mm]
        rows: RowGroup = [(True, (label, value), 0, True) for label, value in document.facts]

        def row(cells: tuple[str, ...], _index: int, _first: bool) -> list[Any]:
            return [
                self.cell(cells[0], self.s.question, widths[0], "Row"),
                self.cell(cells[1], self.s.cell, widths[1]),
            ]

        table: RLTable = self.tables([rows], widths, row, question_column=True)[0]
        return table

    def block(self, block: Block) -> list[Flowable]:
        if isinstance(block, Paragraph):
            style = {"body": self.s.body, "lead": self.s.lead, "note": self.s.note}[block.style]
            return [self.text(block.text, style)]
        gap = Spacer(1, 3 * mm)  # between a table and what follows, as in the Word layout
        if isinstance(block, AnswerTable):
            return [*self._answers(block), gap]
        if isinstance(block, Table):
            return [*self._table(block), gap]
        if isinstance(block, SignatureBlock):
            return [self._signature(block), gap]
        if isinstance(block, ClauseList):
            return self._clauses(block)
        if isinstance(block, ProblemList):
            return [*self._problems(block), gap]
        raise TypeError(f"no PDF layout for {type(block).__name__}")  # pragma: no cover

    def _answers(self, block: AnswerTable) -> list[Flowable]:
        width = _CONTENT_WIDTH * 0.38
        widths = [width, _CONTENT_WIDTH - width]
        s = self.s

        def row(cells: tuple[str, ...], index: int, _first: bool) -> list[Any]:
            style = s.cell if block.rows[index].answered else s.unanswered
            return [
                self.cell(cells[0], s.question, widths[0], "Row"),
                self.cell(cells[1], style, widths[1]),
            ]

        texts = [(row.question, row.answer) for row in block.rows]
        return self.tables(_row_groups(texts, widths), widths, row, question_column=True)

    def _table(self, block: Table) -> list[Flowable]:
        caption = self.text(block.caption, self.s.caption)
        if not block.rows:
            return [KeepTogether([caption, self.text(block.empty_text, self.s.unanswered)])]
        columns = [
            [block.headers[i], *(row[i] for row in block.rows)] for i in range(len(block.headers))
        ]
        widths = content_widths(
            columns, _CONTENT_WIDTH, self.char_width(self.s.header_cell), _CELL_PADDING + 1
        )

        def row(cells: tuple[str, ...], _index: int, _first: bool) -> list[Any]:
            return [self.cell(c, self.s.cell, w) for c, w in zip(cells, widths, strict=True)]

        groups = _row_groups(block.rows, widths)
        tables = self.tables(groups, widths, row, question_column=False, header=block.headers)
        return [caption, *tables]

    def _grid(
        self,
        rows: Sequence[tuple[bool, list[Any]]],
        widths: list[float],
        *,
        question_column: bool,
        header: bool = False,
    ) -> RLTable:
        """One table of ``rows`` (each: whether it must stay whole, its cells)."""
        whole = all(keep for keep, _ in rows)
        table = ArtifactTable(
            [cells for _, cells in rows],
            colWidths=widths,
            repeatRows=int(header),
            splitInRow=int(not whole),
            hAlign="LEFT",
        )
        style = _grid_style(question_column=question_column)
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE))
        table.setStyle(style)
        return table

    def _signature(self, block: SignatureBlock) -> Flowable:
        s = self.s
        label_width = 35 * mm
        caption = self.text(block.caption, s.caption)
        widths = [label_width, _CONTENT_WIDTH - label_width]
        outer = self.parent
        table_node = outer.add("Table")
        rows: list[list[Any]] = []
        values: list[tuple[str, Callable[[], Flowable]]] = [
            ("Signatory", lambda: self.cell(block.signatory, s.cell, widths[1])),
            ("Name", lambda: self._value(block.name, widths[1])),
            ("Role", lambda: self._value(block.role, widths[1])),
            ("Date", lambda: self._value(block.date, widths[1])),
            ("Signature", lambda: self._signature_mark(block)),
        ]
        for label, value in values:
            self.parent = table_node.add("TR")
            rows.append([self.cell(label, s.question, widths[0], "Row"), value()])
        self.parent = outer
        table = ArtifactTable(
            rows,
            colWidths=[label_width, _CONTENT_WIDTH - label_width],
            rowHeights=[None, None, None, None, 20 * mm],
            hAlign="LEFT",
        )
        style = _grid_style(question_column=True)
        table.setStyle(style)
        return KeepTogether([caption, table])

    def _value(self, text: str, width: float) -> RLParagraph:
        if text:
            return self.cell(text, self.s.cell, width)
        return self.cell(NOT_ANSWERED, self.s.unanswered, width)

    def _signature_mark(self, block: SignatureBlock) -> Flowable:
        """The scanned signature, or a blank line to sign on paper."""
        if block.image is not None:
            picture = signature_picture(block.image)
            if picture is not None:
                scale = min(60 * mm / picture.width, 17 * mm / picture.height)
                image = TaggedImage(
                    io.BytesIO(picture.png),
                    picture.width * scale,
                    picture.height * scale,
                    mask="auto",  # a transparent background stays paper-white
                )
                image.hAlign = "LEFT"
                cell = self.parent.add("TD")
                image.node = cell.add("Figure", alt=alt_text(clean_text(block.name)))
                return image
            return self.cell("[The signature image could not be read]", self.s.unanswered, 0)
        self.parent.add("TD")
        return ArtifactFlowable(_SignatureLine(70 * mm))

    def _clauses(self, block: ClauseList) -> list[Flowable]:
        out: list[Flowable] = []
        for clause in block.clauses:
            if clause.is_heading:
                out.append(self.text(clause.text, self.s.clause_heading))
                continue
            number = pdf_markup(self.glyphs.prepare(clean_text(clause.number)), self.glyphs.font_of)
            body = pdf_markup(self.glyphs.prepare(clean_text(clause.text)), self.glyphs.font_of)
            out.append(self.markup(body, self.s.clause, bulletText=number))
        return out

    def _problems(self, block: ProblemList) -> list[Flowable]:
        s = self.s
        widths = [20 * mm, 55 * mm, _CONTENT_WIDTH - 75 * mm]

        def row(cells: tuple[str, ...], index: int, first: bool) -> list[Any]:
            if first:
                error = block.items[index].severity == "error"
                colour = _ERROR if error else _WARNING
                word = "Error" if error else "Warning"
                markup = f'<font color="{colour.hexval()}"><b>{word}</b></font>'
                severity = self.markup(markup, s.cell, "TD")
            else:  # a later piece of a long message
                severity = self.cell("", s.cell, widths[0])
            return [
                severity,
                self.cell(cells[1], s.question, widths[1]),
                self.cell(cells[2], s.cell, widths[2]),
            ]

        texts = [("Warning", item.where, item.message) for item in block.items]
        return self.tables(_row_groups(texts, widths), widths, row, question_column=False)


Heads = Literal["Row", "Column"]
"""What a header cell heads: its row (a question or label) or its column."""

RowMaker = Callable[[tuple[str, ...], int, bool], list[Any]]
"""Cells of one table row from its texts, the answer's index, and whether the row is the
first piece of that answer."""


RowGroup = list[tuple[bool, tuple[str, ...], int, bool]]
"""Rows of one table: whether each stays whole, its texts, its answer's index, and
whether it is the first piece of that answer."""


def _row_groups(rows: Sequence[tuple[str, ...]], widths: Sequence[float]) -> list[RowGroup]:
    """Rows grouped into tables that read as one, each of bounded size.

    A cell too long for about a dozen lines is cut into pieces, one row each (the other
    cells of those rows left blank), so no row is taller than a page and no table holds
    much more than ``_GROUP_CHARS`` of text: reportlab lays a table out again on every
    page it spans, so bounded tables keep a giant answer linear. Short rows are kept
    whole on a page; a row that may still be tall (many line breaks) may split.
    """
    sizes = [
        max(40, int((w - _CELL_PADDING) / (TEXT_POINTS * 0.62)) * _CHUNK_LINES) for w in widths
    ]
    groups: list[RowGroup] = []
    chars = 0
    for index, texts in enumerate(rows):
        pieces = _aligned_pieces(
            [chunk_text(text, size) for text, size in zip(texts, sizes, strict=True)]
        )
        for number in range(len(pieces[0])):
            cells = tuple(p[number] for p in pieces)
            size = sum(len(c) for c in cells)
            if not groups or (chars and chars + size > _GROUP_CHARS):
                groups.append([])
                chars = 0
            whole = keep_row_whole(cells, widths)
            groups[-1].append((whole, cells, index, number == 0))
            chars += size
    return groups


def _aligned_pieces(pieces: list[list[str]]) -> list[list[str]]:
    """Each cell's pieces padded with blanks to the row's number of pieces, so that the
    cells draw in reading order: a short cell right of the first cut one goes in the last
    piece row (after that cell's text ends), every other cell starts in the first."""
    count = max(len(p) for p in pieces)
    cut = next((column for column, p in enumerate(pieces) if len(p) > 1), len(pieces))
    return [
        ([""] * (count - len(p)) + p) if column > cut and len(p) == 1 else p + [""] * (count - len(p))
        for column, p in enumerate(pieces)
    ]


def _signatures_kept(blocks: Sequence[Block], laid: list[list[Flowable]]) -> list[Flowable]:
    """The flowables of a section's ``blocks`` (``laid`` out), with each run of signature
    blocks kept on one page together with the block before it when that is short (the
    statement they attest, or the last answers): a last signature never stands alone
    on an almost empty page, away from what it signs."""
    out: list[list[Flowable]] = []
    index = 0
    while index < len(blocks):
        if not isinstance(blocks[index], SignatureBlock):
            out.append(laid[index])
            index += 1
            continue
        end = index
        while end < len(blocks) and isinstance(blocks[end], SignatureBlock):
            end += 1
        # one KeepTogether: nested ones measure as infinitely tall and always break
        group = [
            part
            for flowables in laid[index:end]
            for f in flowables
            for part in (f._content if isinstance(f, KeepTogether) else [f])
        ]
        before = index > 0 and not isinstance(blocks[index - 1], SignatureBlock)
        if before and sum(_height(f) for f in out[-1]) <= _SHORT_BEFORE_SIGNATURES:
            group = out.pop() + group
        out.append([KeepTogether(group)])
        index = end
    return [f for flowables in out for f in flowables]


_SHORT_BEFORE_SIGNATURES = 70 * mm
"""A block at most this tall moves to a new page with the signatures after it."""


def _keep_starts(story: list[Flowable]) -> list[Flowable]:
    """``story`` with a conditional page break before each heading or caption that leads
    into a table, asking for room for the heading and the table's first rows.

    Reportlab's keepWithNext keeps a heading with the next flowable, but a table may
    split after its first row, leaving a heading and one row at a page foot.
    """
    out: list[Flowable] = []
    index = 0
    while index < len(story):
        flowable = story[index]
        if not _leads(flowable):
            out.append(flowable)
            index += 1
            continue
        end = index
        while end < len(story) and _leads(story[end]):
            end += 1
        need = sum(_height(f) for f in story[index:end])
        rows = 0
        after = end
        while after < len(story) and rows < _LEAD_ROWS:  # the first rows, over small tables
            following = story[after]
            if isinstance(following, RLTable):
                following.wrap(_CONTENT_WIDTH, _PAGE_HEIGHT)
                taken = min(_LEAD_ROWS - rows, len(following._rowHeights) - following.repeatRows)
                need += sum(following._rowHeights[: taken + following.repeatRows])
                rows += taken
            elif isinstance(following, KeepTogether):  # signature blocks: all of them
                need += _height(following)
                rows = _LEAD_ROWS
            elif isinstance(following, Spacer) or _leads(following):
                need += _height(following)
            else:
                break
            after += 1
        out.append(CondPageBreak(min(need, _PAGE_HEIGHT / 2)))
        out.extend(story[index:end])
        index = end
    return out


def _leads(flowable: Flowable) -> bool:
    """A heading, caption or note that must stay with what follows it."""
    return isinstance(flowable, RLParagraph) and bool(getattr(flowable.style, "keepWithNext", 0))


def _height(flowable: Flowable) -> float:
    if isinstance(flowable, KeepTogether):  # it needs a canvas to measure itself
        return sum(_height(part) for part in flowable._content)
    _, height = flowable.wrap(_CONTENT_WIDTH, _PAGE_HEIGHT)
    return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())


class _SignatureLine(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A rule to sign on, with a caption beneath, for a wet signature."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 14 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(_DARK)
        canvas.setLineWidth(0.6)
        canvas.line(0, 4 * mm, self.width, 4 * mm)
        canvas.setFont(TEXT_FONT, 7.5)
        canvas.setFillColor(_GREY)
        canvas.drawString(0, 0.5 * mm, "Sign here on paper")


def _grid_style(question_column: bool) -> list[tuple[Any, ...]]:
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, _RULE),
        ("FONTNAME", (0, 0), (-1, -1), TEXT_FONT),  # cells are paragraphs; no Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if question_column:
        style.append(("BACKGROUND", (0, 0), (0, -1), _PALE))
    return style


class _PageFurniture:
    """Header, footer, page numbers and watermark, drawn when the page count is known."""

    def __init__(self, document: Document, glyphs: GlyphPlan) -> None:
        self.document = document
        self.header_left = document.header_text
        # One line in the text font: no fallback font here, so what it lacks shows as U+FFFD.
        self.header_right = glyphs.in_text_font(clean_text(document.ccg_line)).replace("\n", " ")
        self.footer_left = document.footer_text

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        with artifact(canvas):
            self._draw(canvas, page, pages)

    def _draw(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        top = _PAGE_HEIGHT - _MARGIN + 2 * mm
        canvas.setStrokeColor(NHS_BLUE)
        canvas.setLineWidth(1.2)
        canvas.line(_MARGIN, top - 2 * mm, _PAGE_WIDTH - _MARGIN, top - 2 * mm)
        canvas.setFont(TEXT_FONT, 8)
        canvas.setFillColor(_GREY)
        # The CCG gets the room the form's name leaves, and at least 40% of the line.
        left_width = stringWidth(self.header_left, TEXT_FONT, 8)
        right_room = max(_CONTENT_WIDTH * 0.4, _CONTENT_WIDTH - left_width - 6 * mm)
        right = _fit(self.header_right, TEXT_FONT, 8, right_room)
        left_room = _CONTENT_WIDTH - stringWidth(right, TEXT_FONT, 8) - 6 * mm
        canvas.drawString(_MARGIN, top, _fit(self.header_left, TEXT_FONT, 8, left_room))
        canvas.drawRightString(_PAGE_WIDTH - _MARGIN, top, right)
        bottom = _MARGIN - 2 * mm
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.5)
        canvas.line(_MARGIN, bottom + 4 * mm, _PAGE_WIDTH - _MARGIN, bottom + 4 * mm)
        canvas.drawString(_MARGIN, bottom, self.footer_left)
        canvas.setFont(TEXT_FONT_BOLD, 8)
        canvas.drawRightString(_PAGE_WIDTH - _MARGIN, bottom, f"Page {page} of {pages}")
        if self.document.is_draft:
            _watermark(canvas)
        canvas.restoreState()


def _watermark(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setFillColor(_ERROR)
    canvas.setFillAlpha(0.2)
    canvas.translate(_PAGE_WIDTH / 2, _PAGE_HEIGHT / 2)
    canvas.rotate(54)
    size = 40.0
    while stringWidth(WATERMARK, TEXT_FONT_BOLD, size) > _PAGE_HEIGHT * 0.85:
        size -= 2
    canvas.setFont(TEXT_FONT_BOLD, size)
    canvas.drawCentredString(0, -size / 3, WATERMARK)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points (for one-line furniture)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _canvas_maker(furniture: _PageFurniture, tagger: Tagger) -> Callable[..., Canvas]:
    def make(*args: Any, **kwargs: Any) -> Canvas:
        return _FurnishedCanvas(furniture, tagger, *args, **kwargs)

    return make


class _FurnishedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Holds pages back until the end so each can say "Page X of Y"."""

    def __init__(
        self, furniture: _PageFurniture, tagger: Tagger, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self.tagger = tagger
        self._pages: list[dict[str, Any]] = []

    def _setAnnotations(self, page: Any) -> None:  # reportlab's name
        super()._setAnnotations(page)
        mark_page(self)(page)

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        drawn = hashlib.sha256()
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture.draw(self, number, total)
            drawn.update("\n".join(self._code).encode("utf-8", "surrogatepass"))
            super().showPage()
        document = self._furniture.document
        write_structure(self, self.tagger)
        write_metadata(self, document.exported_at, document.machine_copy, drawn.digest())
        _embed_file(self, ATTACHMENT_NAME, document)
        super().save()


def _embed_file(canvas: Canvas, name: str, document: Document) -> None:
    """Attach the draft as an embedded file (PDF 1.7, section 7.11.4) named ``name``."""
    pdf = canvas._doc
    data = document.machine_copy
    stamp = pdf_date(document.exported_at)
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": "/EmbeddedFile",
                "Subtype": "/application#2Fjson",
                "Params": PDFDictionary({"Size": len(data), "ModDate": PDFString(stamp)}),
            }
        ),
        data,
        filters=[PDFZCompress],
    )
    filespec = PDFDictionary(
        {
            "Type": "/Filespec",
            "F": PDFString(name),
            "UF": PDFString(name),
            "Desc": PDFString("The Proforma draft these pages were made from"),
            "AFRelationship": "/Source",
            "EF": PDFDictionary({"F": pdf.Reference(stream)}),
        }
    )
    names = PDFDictionary({"Names": PDFArray([PDFString(name), pdf.Reference(filespec)])})
    pdf.Catalog.Names = PDFDictionary({"EmbeddedFiles": names})

