"""Lays a :class:`~proforma_app.render.model.Document` out as a Word document (python-docx).

The same plan as the PDF: title and annex, the key facts, each section's questions and
answers as two-column tables, table answers as real tables with a repeating header row,
signature blocks, generated clauses and, for a marked draft, the outstanding problems.
Every string goes through ``export.text.clean_text`` before python-docx sees it (it
raises on characters XML cannot hold and can leave a half-written paragraph behind).
Word draws characters its font lacks from a fallback font of its own, so no glyph
warnings are needed here; "Page X of Y" and the watermark are Word fields and shapes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, BinaryIO

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from proforma_app.core.kinds import NOT_ANSWERED
from proforma_app.export import docx_xml
from proforma_app.export.images import alt_text, signature_picture
from proforma_app.export.line_breaks import content_widths, estimated_char_width
from proforma_app.export.row_height import keep_row_whole
from proforma_app.export.text import clean_text
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

FONT = "Arial"
"""On every Windows PC, with Latin Extended (ŵ ŷ ł ż); Word substitutes for anything else."""

LANGUAGE = "en-GB"
"""Of the text (screen readers' voice, spelling) and of the document's properties."""

_PAGE_WIDTH, _PAGE_HEIGHT = Mm(210), Mm(297)
_MARGIN = Mm(20)
_CONTENT = Mm(170)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CELL_STYLE = "Table Text"
"""Paragraph style of text in table cells: Normal without the space after."""
_PARAGRAPH_STYLES = ("Title", "Heading 1", "Heading 2", CELL_STYLE)

_BLUE = "005EB8"
_DARK = "212B32"
_GREY = "4C6272"
_PALE = "F0F4F5"
_RULE = "AEB7BD"
_ERROR = "D5281B"
_WARNING = "8A4B00"


def render_docx(document: Document, target: BinaryIO) -> list[str]:
    """Write ``document`` as .docx to ``target``; returns warnings for the officer (none)."""
    word = docx.Document()
    _page_setup(word)
    _styles(word)
    _core_properties(word, document)
    _header_and_footer(word, document)
    _Layout(word, shade_labels=not document.is_draft).document(document)
    docx_xml.drop_thumbnail(word)
    docx_xml.attach_draft(word, document.machine_copy)
    word.save(target)
    return []


def _page_setup(word: Any) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = _PAGE_WIDTH, _PAGE_HEIGHT
    section.left_margin = section.right_margin = _MARGIN
    section.top_margin = Mm(24)
    section.bottom_margin = Mm(22)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _styles(word: Any) -> None:
    """Arial throughout (the template's theme fonts removed), NHS blue headings."""
    styles = word.styles
    normal = styles["Normal"]
    _set_font(normal, FONT, 10, _DARK)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, colour, before, after in (
        ("Title", 18, _DARK, 0, 8),
        ("Heading 1", 13, _BLUE, 12, 5),
        ("Heading 2", 10.5, _DARK, 8, 3),
        ("Header", 8, _GREY, 0, 0),
        ("Footer", 8, _GREY, 0, 0),
    ):
        style = styles[name]
        _set_font(style, FONT, size, colour)
        style.font.bold = name.startswith(("Title", "Heading"))
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    cell = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.paragraph_format.space_after = Pt(0)
    docx_xml.set_language(word, LANGUAGE)
    title_ppr = styles["Title"].element.pPr
    if title_ppr is not None:  # the template draws a rule under titles; forms have none
        for border in title_ppr.findall(qn("w:pBdr")):
            title_ppr.remove(border)


def _set_font(style: Any, name: str, size: float, colour: str) -> None:
    font = style.font
    font.name = name
    font.size = Pt(size)
    font.color.rgb = RGBColor.from_string(colour)
    r_fonts = style.element.rPr.find(qn("w:rFonts"))
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(theme), None)
    r_fonts.set(qn("w:cs"), name)
    r_fonts.set(qn("w:eastAsia"), name)


def _core_properties(word: Any, document: Document) -> None:
    props = word.core_properties
    props.title = clean_text(f"{document.annex}: {document.title}")
    props.subject = clean_text(document.ccg_line)[:255]
    props.author = "Proforma"
    props.last_modified_by = "Proforma"
    props.comments = "Exported by Proforma" + (
        " (draft, not for submission)" if document.is_draft else ""
    )
    props.keywords = document.form_id
    props.language = LANGUAGE
    props.revision = 1
    # python-docx writes the time as UTC without converting it (a naive time is local).
    created = document.exported_at.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = created
    props.modified = created


def _header_and_footer(word: Any, document: Document) -> None:
    section = word.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    line = header.paragraphs[0]
    line.style = word.styles["Header"]
    _only_right_tab(line)
    line.add_run(clean_text(document.header_text))
    line.add_run("\t" + clean_text(document.ccg_line).replace("\n", " "))
    docx_xml.bottom_border(line, _BLUE, 10)
    if document.is_draft:
        docx_xml.add_watermark(header, WATERMARK, _ERROR)
    footer = section.footer
    footer.is_linked_to_previous = False
    line = footer.paragraphs[0]
    line.style = word.styles["Footer"]
    _only_right_tab(line)
    line.add_run(clean_text(document.footer_text) + "\t")
    page = line.add_run("Page ")
    page.bold = True
    docx_xml.add_field(line, "PAGE", "1")
    of = line.add_run(" of ")
    of.bold = True
    docx_xml.add_field(line, "NUMPAGES", "1")


def _only_right_tab(paragraph: Any) -> None:
    """A single right-aligned tab stop at the right margin (the template's centre one
    would put the right-hand text in the middle)."""
    stops = paragraph.paragraph_format.tab_stops
    for position in (Mm(82.55), Mm(165.1)):  # the template's Letter-size stops
        stops.add_tab_stop(position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(_CONTENT, WD_TAB_ALIGNMENT.RIGHT)


@dataclass(frozen=True)
class _Grid:
    """A table, its column widths, and the empty row each new row is copied from."""

    table: Any
    widths: tuple[int, ...]
    prototype: Any


class _Layout:
    """Adds the document's blocks to the body, in reading order."""

    def __init__(self, word: Any, *, shade_labels: bool) -> None:
        self.word = word
        # Style ids looked up once: python-docx scans every style for each lookup by name.
        self.style_ids = {name: word.styles[name].style_id for name in _PARAGRAPH_STYLES}
        # Word draws header shapes (the watermark) behind the body, where shaded cells
        # would hide them; a marked draft leaves its label column unshaded.
        self.shade_labels = shade_labels

    # ------------------------------------------------------------ text helpers
    def paragraph(
        self,
        text: str,
        style: str | None = None,
        *,
        bold: bool = False,
        size: float | None = None,
        colour: str | None = None,
    ) -> Any:
        paragraph = self.word.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        _add_text(paragraph, text, bold=bold, size=size, colour=colour)
        return paragraph

    # ------------------------------------------------------------ document
    def document(self, document: Document) -> None:
        self.paragraph(
            document.annex, bold=True, size=11, colour=_BLUE
        ).paragraph_format.space_after = Pt(2)
        self.paragraph(document.title, "Title")
        facts = self._grid((Mm(35), _CONTENT - Mm(35)), labels=True)
        for label, value in document.facts:
            self._pair(facts, label, value, answered=True)
        self._spacer()
        if document.introduction:
            self.paragraph(document.introduction)
        for number, section in enumerate(document.sections, start=1):
            heading = self.paragraph(f"{number}. {section.title}", "Heading 1")
            heading.paragraph_format.keep_with_next = True
            if section.intro:
                note = self.paragraph(section.intro, size=8.5, colour=_GREY)
                note.paragraph_format.keep_with_next = True
            blocks = section.blocks
            for block, after in zip(blocks, (*blocks[1:], None), strict=True):
                self.block(block, before_signature=isinstance(after, SignatureBlock))

    def block(self, block: Block, *, before_signature: bool = False) -> None:
        """Add ``block``; ``before_signature``: a signature block follows, which it stays
        with on one page when short (as in the PDF: no signature alone on a page)."""
        if isinstance(block, Paragraph):
            if block.style == "lead":
                lead = self.paragraph(block.text, "Heading 2")
                lead.paragraph_format.keep_with_next = True
            elif block.style == "note":
                note = self.paragraph(block.text, size=8.5, colour=_GREY)
                note.paragraph_format.keep_with_next = before_signature
            else:
                text = self.paragraph(block.text)
                text.paragraph_format.keep_with_next = before_signature
        elif isinstance(block, AnswerTable):
            width = int(_CONTENT * 0.38)
            grid = self._grid((width, _CONTENT - width), labels=True)
            for row in block.rows:
                self._pair(grid, row.question, row.answer, answered=row.answered)
            # A table shorter than the lead stays with what follows too, so a heading is
            # never left at a page foot with one row (Annex B's committee name); so does
            # a short table before a signature.
            whole = len(block.rows) < _LEAD_ROWS or (
                before_signature and len(block.rows) <= _SHORT_BEFORE_SIGNATURE
            )
            _keep_lead_rows(grid.table, with_following=whole)
            self._spacer(keep_with_next=whole)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, SignatureBlock):
            self._signature(block, with_following=before_signature)
        elif isinstance(block, ClauseList):
            self._clauses(block)
        elif isinstance(block, ProblemList):
            self._problems(block)
        else:  # pragma: no cover - a new block type without a Word layout
            raise TypeError(f"no Word layout for {type(block).__name__}")

    # ------------------------------------------------------------ tables
    def _grid(
        self, widths: tuple[int, ...], *, labels: bool = False, caption: str = ""
    ) -> _Grid:
        """An empty table; ``labels``: its first column holds labels (shaded, in finals);
        ``caption``: the heading above it, also the table's title for screen readers."""
        table = self.word.add_table(rows=0, cols=len(widths))
        if caption:
            docx_xml.table_caption(table, clean_text(caption))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        # Fixed layout: columns keep their widths however long a word (a 10,000-character
        # one would otherwise push the table off the page).
        table.autofit = False
        docx_xml.set_table_borders(table, _RULE)
        docx_xml.set_cell_margins(table, 60, 100, 80)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        shaded = _PALE if labels and self.shade_labels else None
        prototype = docx_xml.row_prototype(widths, self.style_ids[CELL_STYLE], shaded)
        return _Grid(table, widths, prototype)

    def _row(self, grid: _Grid, texts: tuple[str, ...] | None = None) -> list[Any]:
        """A new row; given its texts, a short row is kept on one page (as in the PDF).

        Rows are copied from a prototype: python-docx's cell API re-searches the XML for
        every property it sets, which made rows the slowest part of a Word export.
        """
        tr = copy.deepcopy(grid.prototype)
        if texts is not None and keep_row_whole(texts, [w / 12700 for w in grid.widths]):
            docx_xml.keep_tr_together(tr)
        grid.table._tbl.append(tr)
        return [_Cell(tc, grid.table) for tc in tr.tc_lst]

    def _pair(self, table: _Grid, label: str, value: str, *, answered: bool) -> None:
        label_cell, value_cell = self._row(table, (label, value))
        _add_text(label_cell.paragraphs[0], label, bold=True)
        _add_text(
            value_cell.paragraphs[0],
            value,
            colour=None if answered else _GREY,
        )

    def _spacer(self, *, keep_with_next: bool = False) -> None:
        spacer = self.word.add_paragraph()
        spacer.paragraph_format.space_after = Pt(2)
        if keep_with_next:
            spacer.paragraph_format.keep_with_next = True

    def _caption(self, text: str) -> None:
        caption = self.paragraph(text, "Heading 2")
        caption.paragraph_format.keep_with_next = True

    def _table(self, block: Table) -> None:
        self._caption(block.caption)
        if not block.rows:
            self.paragraph(block.empty_text, colour=_GREY)
            return
        columns = [[h, *(row[i] for row in block.rows)] for i, h in enumerate(block.headers)]
        points = content_widths(columns, _CONTENT / _EMU_PER_POINT, _CHAR_WIDTH, _CELL_PADDING + 1)
        widths = tuple(int(p * _EMU_PER_POINT) for p in points)
        table = self._grid(widths, caption=block.caption)
        header = self._row(table)
        docx_xml.repeat_as_header(table.table.rows[0])
        for cell, text in zip(header, block.headers, strict=True):
            docx_xml.shade_cell(cell, _BLUE)
            _add_text(cell.paragraphs[0], text, bold=True, colour="FFFFFF")
        for values in block.rows:
            cells = self._row(table, values)
            for cell, text in zip(cells, values, strict=True):
                _add_text(cell.paragraphs[0], text)
        _keep_lead_rows(table.table)
        self._spacer()

    def _signature(self, block: SignatureBlock, *, with_following: bool = False) -> None:
        """A signature block, on one page; ``with_following``: with the next one too."""
        self._caption(block.caption)
        grid = self._grid((Mm(35), _CONTENT - Mm(35)), labels=True, caption=block.caption)
        self._pair(grid, "Signatory", block.signatory, answered=True)
        for label, value in (("Name", block.name), ("Role", block.role), ("Date", block.date)):
            self._pair(grid, label, value or NOT_ANSWERED, answered=bool(value))
        label_cell, mark_cell = self._row(grid, ("Signature", ""))
        _add_text(label_cell.paragraphs[0], "Signature", bold=True)
        self._signature_mark(mark_cell, block)
        _keep_lead_rows(grid.table, with_following=with_following, rows=len(grid.table.rows))
        self._spacer(keep_with_next=with_following)

    def _signature_mark(self, cell: Any, block: SignatureBlock) -> None:
        """The scanned signature, or a line to sign on paper."""
        paragraph = cell.paragraphs[0]
        if block.image is not None:
            picture = signature_picture(block.image)
            if picture is not None:
                scale = min(Mm(60) / picture.width, Mm(17) / picture.height)
                shape = paragraph.add_run().add_picture(
                    io.BytesIO(picture.png),
                    width=int(picture.width * scale),
                    height=int(picture.height * scale),
                )
                shape._inline.docPr.set("descr", alt_text(clean_text(block.name)))
                return
            _add_text(paragraph, "[The signature image could not be read]", colour=_GREY)
            return
        paragraph.paragraph_format.space_before = Pt(30)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.right_indent = _CONTENT - Mm(35) - Mm(75)
        docx_xml.bottom_border(paragraph, _DARK)
        hint = cell.add_paragraph()
        _add_text(hint, "Sign here on paper", size=7.5, colour=_GREY)

    def _clauses(self, block: ClauseList) -> None:
        for clause in block.clauses:
            if clause.is_heading:
                self._caption(clause.text)
                continue
            paragraph = self.word.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.left_indent = Mm(16)
            fmt.first_line_indent = -Mm(16)
            fmt.tab_stops.add_tab_stop(Mm(16))
            _add_text(paragraph, clause.number, bold=True)
            _add_text(paragraph, "\t" + clause.text)

    def _problems(self, block: ProblemList) -> None:
        grid = self._grid((Mm(24), Mm(55), _CONTENT - Mm(79)))  # "Warning" in bold fits
        for item in block.items:
            severity, where, message = self._row(grid, ("Warning", item.where, item.message))
            error = item.severity == "error"
            _add_text(
                severity.paragraphs[0],
                "Error" if error else "Warning",
                bold=True,
                colour=_ERROR if error else _WARNING,
            )
            _add_text(where.paragraphs[0], item.where, bold=True)
            _add_text(message.paragraphs[0], item.message)
        self._spacer()


_EMU_PER_POINT = 12700
_CELL_PADDING = 11.0
"""Points of a cell's width its text cannot use: 100 twips of margin each side, and a point."""
_CHAR_WIDTH = estimated_char_width(10.5)  # Arial 10 pt, bold headers, with room to spare
_LEAD_ROWS = 3
"""A table's header and first rows stay on the page of the heading above them."""
_SHORT_BEFORE_SIGNATURE = 6
"""Answers of at most this many rows move to a new page with the signature after them."""


def _keep_lead_rows(
    table: Any, *, with_following: bool = False, rows: int = _LEAD_ROWS
) -> None:
    """Keep-with-next on the first ``rows`` rows' paragraphs: the heading or caption
    above the table, itself kept with its next paragraph, then moves with them to a new
    page. ``with_following``: the whole table is kept with what follows.

    LibreOffice keeps a table with the paragraph after it when its last row's
    paragraphs are kept with the next, but not when that row also may not split
    (``cantSplit``): a heading was left at a page foot with a one-row table (Annex B,
    section 3). So that row keeps each paragraph's lines together instead."""
    every = table.rows
    lead = every if with_following else every[:rows] if len(every) > rows else every[:-1]
    for row in lead:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    if with_following:
        last = every[-1]
        if docx_xml.allow_split(last._tr):
            for cell in last.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_together = True


def _add_text(
    paragraph: Any,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    colour: str | None = None,
) -> None:
    """One run of untrusted text, cleaned first; newlines become line breaks, tabs tabs."""
    run = OxmlElement("w:r")
    if bold or size is not None or colour is not None:
        properties = _child(run, "w:rPr")  # children in schema order: b, color, sz
        if bold:
            _child(properties, "w:b")
        if colour is not None:
            _child(properties, "w:color").set(qn("w:val"), colour)
        if size is not None:
            _child(properties, "w:sz").set(qn("w:val"), str(round(size * 2)))
    for index, line in enumerate(clean_text(text).split("\n")):
        if index:
            _child(run, "w:br")
        for part, piece in enumerate(line.split("\t")):
            if part:
                _child(run, "w:tab")
            if piece:
                element = _child(run, "w:t")
                element.set(_XML_SPACE, "preserve")
                element.text = piece
    paragraph._p.append(run)


def _child(parent: Any, tag: str) -> Any:
    element = OxmlElement(tag)
    parent.append(element)
    return element
