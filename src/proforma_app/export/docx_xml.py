"""WordprocessingML that python-docx has no API for: fields, shading, the watermark, and
the custom XML part that carries the draft.

Kept apart from the layout so the raw XML (which Word is strict about) is in one place.
Only trusted strings (our own wording) are written into the XML built here; user text
reaches the document through python-docx runs after ``export.text.clean_text``.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from proforma_app.export.embedded import DRAFT_NAMESPACE

DRAFT_ITEM_ID = "{6F3C2D1A-5B8E-4C7D-9A1F-2E4B6D8C0A13}"
"""The datastore id of that part; fixed, so a reader can also find it by id."""

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_VML = (
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
)

# Word's own "text watermark" shape type (WordArt, plain text), as Word writes it.
_TEXT_SHAPETYPE = """
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
    path="m@7,l@8,m@5,21600l@6,21600e">
  <v:formulas>
    <v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
    <v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
    <v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
    <v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>
    <v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/>
  </v:formulas>
  <v:path textpathok="t" o:connecttype="custom"
      o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
  <v:textpath on="t" fitshape="t"/>
  <v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
  <o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>"""


def add_field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice fill in when laying out.

    ``placeholder`` is what a reader that does not update fields shows.
    """
    runs = [paragraph.add_run() for _ in range(5)]
    begin, code, separate, shown, end = runs
    begin._r.append(_fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    code._r.append(instr)
    separate._r.append(_fld_char("separate"))
    shown.text = placeholder
    end._r.append(_fld_char("end"))
    for run in runs:
        run.bold = True


def _fld_char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


# Word refuses a file whose property elements are out of schema order, so each element
# added here goes before the first sibling the schema puts after it.
_AFTER_TC_SHD = (
    "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers",
    "cellIns", "cellDel", "cellMerge", "tcPrChange",
)  # fmt: skip
_AFTER_TBL_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
                      "tblDescription", "tblPrChange")  # fmt: skip
_AFTER_TBL_CELL_MAR = ("tblLook", "tblCaption", "tblDescription", "tblPrChange")
_AFTER_P_BDR = (
    "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip


def _insert(parent: Any, child: Any, later: tuple[str, ...]) -> None:
    """Add ``child`` to ``parent`` before the first existing element named in ``later``."""
    names = {qn(f"w:{name}") for name in later}
    for existing in parent:
        if existing.tag in names:
            existing.addprevious(child)
            return
    parent.append(child)


def shade_cell(cell: Any, fill: str) -> None:
    """Background colour of a table cell (hex, no ``#``)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    _insert(cell._tc.get_or_add_tcPr(), shading, _AFTER_TC_SHD)


def repeat_as_header(row: Any) -> None:
    """Repeat this table row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def keep_tr_together(tr: Any) -> None:
    """Do not split this row (``w:tr``) across pages; short rows only: a long answer must be
    able to."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def allow_split(tr: Any) -> bool:
    """Undo :func:`keep_tr_together` on ``tr``; whether it had been kept together."""
    tr_pr = tr.trPr
    kept = [] if tr_pr is None else tr_pr.findall(qn("w:cantSplit"))
    for element in kept:
        tr_pr.remove(element)
    return bool(kept)


def row_prototype(widths: tuple[int, ...], cell_style: str, first_fill: str | None) -> Any:
    """An empty table row: one cell per width (EMU), each holding an empty paragraph in
    ``cell_style``; the first cell shaded ``first_fill`` when given."""
    cells = []
    for index, width in enumerate(widths):
        fill = (
            f'<w:shd w:val="clear" w:color="auto" w:fill="{first_fill}"/>'
            if first_fill and index == 0
            else ""
        )
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width // 635}" w:type="dxa"/>{fill}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{cell_style}"/></w:pPr></w:p></w:tc>'
        )
    return parse_xml(f"<w:tr {_W}>{''.join(cells)}</w:tr>")


def set_table_borders(table: Any, colour: str, size_eighths: int = 4) -> None:
    """Single-line borders on every edge and between every cell."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size_eighths))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), colour)
        borders.append(line)
    _insert(tbl_pr, borders, _AFTER_TBL_BORDERS)


def set_cell_margins(table: Any, top: int, side: int, bottom: int) -> None:
    """Default cell padding of a table, in twentieths of a point."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", side), ("bottom", bottom), ("right", side)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _insert(tbl_pr, margins, _AFTER_TBL_CELL_MAR)


def bottom_border(paragraph: Any, colour: str, size_eighths: int = 6) -> None:
    """A rule under a paragraph: the line a wet signature goes on."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), colour)
    borders.append(line)
    _insert(p_pr, borders, _AFTER_P_BDR)


def add_watermark(header: Any, text: str, colour: str) -> None:
    """Word's diagonal text watermark, anchored in the header so it is on every page.

    Like Word's own watermarks it lies behind the text (header content always does), so
    shaded table cells would hide parts of it: marked drafts leave label cells unshaded.
    """
    shape = f"""<w:r {_VML}><w:pict>
{_TEXT_SHAPETYPE}
<v:shape id="ProformaDraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136"
    style="position:absolute;margin-left:0;margin-top:0;width:480pt;height:60pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
    o:allowincell="f" fillcolor={quoteattr("#" + colour)} stroked="f">
  <v:fill opacity=".3"/>
  <v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt;font-weight:bold" string={quoteattr(text)}/>
  <w10:wrap anchorx="margin" anchory="margin"/>
</v:shape></w:pict></w:r>"""
    header.paragraphs[0]._p.append(parse_xml(shape))


def set_language(document: Any, language: str) -> None:
    """The language of all text (``w:lang`` of the document defaults), which screen
    readers speak it in and spelling is checked in; the template says en-US."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def table_caption(table: Any, text: str) -> None:
    """The table's title for assistive technology (``w:tblCaption``, Word's table alt text)."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text)
    _insert(table._tbl.tblPr, caption, ("tblDescription", "tblPrChange"))


def drop_thumbnail(document: Any) -> None:
    """Remove the template's preview picture, which shows a page that is not this one."""
    rels = document.part.package.rels
    for key, rel in list(rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del rels[key]


def attach_draft(document: Any, machine_copy: bytes) -> None:
    """Store the draft (ASCII JSON) as a custom XML part, where Word keeps it untouched.

    The JSON is element text, so XML escaping is all it needs; being ASCII with every
    other character as a ``\\u`` escape, it holds nothing XML forbids.
    """
    package = document.part.package
    item = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<draft xmlns="{DRAFT_NAMESPACE}" format="proforma-draft">'
    ).encode("ascii")
    body = machine_copy.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    item_name = package.next_partname("/customXml/item%d.xml")
    number = item_name.idx
    item_part = Part(item_name, "application/xml", item + body + b"</draft>", package)
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{DRAFT_ITEM_ID}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{DRAFT_NAMESPACE}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode("ascii")
    props_part = Part(
        PackURI(f"/customXml/itemProps{number}.xml"),
        CONTENT_TYPE.OFC_CUSTOM_XML_PROPERTIES,
        props,
        package,
    )
    item_part.relate_to(props_part, RELATIONSHIP_TYPE.CUSTOM_XML_PROPS)
    document.part.relate_to(item_part, RELATIONSHIP_TYPE.CUSTOM_XML)
