"""PDF exports conform to PDF/UA-1 (ISO 14289-1), as ``page-validation``'s ``ua1`` profile
checks it (104 rules; it agrees with veraPDF on veraPDF's own PDF/UA-1 corpus).

Every example passes, final and marked DRAFT, and so does hostile answer text. The six
rules the exports once failed each have a test of their own that reads the fix back, so
undoing a fix fails that test by name: the XMP packet (four rules), the fonts' ToUnicode
maps, and the scope of every header cell. See docs/adr/0013-pdf-ua-1.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import page
import pytest

from proforma_app.core.draft import Draft
from proforma_app.export import render_export
from tests.export.conftest import ALL_SAMPLES, FIXED_NOW, VALID_SAMPLES, load_sample, signature_png
from tests.export.readback import missing_in_order, pdf_body_text, pdf_reader, pdf_structure
from tests.export.test_hostile_text import hostile_draft

PDFUA_ID = "http://www.aiim.org/pdfua/ns/id/"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

EXPORTS = [(name, True) for name in ALL_SAMPLES] + [(name, False) for name in VALID_SAMPLES]


def ua1(data: bytes, folder: Path) -> dict[str, Any]:
    """``page-validation``'s PDF/UA-1 report on ``data``, checked as a file on disk."""
    path = folder / "export.pdf"
    path.write_bytes(data)
    report: dict[str, Any] = page.validate_pdf(str(path), profile="ua1").to_dict()
    return report


def failed_rules(data: bytes, folder: Path) -> list[str]:
    return sorted({failure["rule_id"] for failure in ua1(data, folder)["failures"]})


@pytest.fixture(scope="module")
def annex_b() -> bytes:
    data, _ = render_export(load_sample("annex_b_valid"), "pdf", now=FIXED_NOW)
    return data


@pytest.mark.parametrize(("name", "marked"), EXPORTS, ids=[f"{n}-{'draft' if m else 'final'}"
                                                          for n, m in EXPORTS])  # fmt: skip
def test_every_example_export_passes_pdf_ua_1(name: str, marked: bool, tmp_path: Path) -> None:
    data, _ = render_export(load_sample(name), "pdf", mark_draft=marked, now=FIXED_NOW)
    report = ua1(data, tmp_path)
    assert report["failures"] == []
    assert report["rules"] == {"total": 104, "passed": 104, "failed": 0}
    assert report["is_compliant"]


# ------------------------------------------------------------------ the XMP packet


def _xmp(data: bytes) -> Any:
    metadata = pdf_reader(data).xmp_metadata
    assert metadata is not None, "no XMP metadata stream"
    return metadata


def test_the_metadata_is_an_xmp_stream_of_the_catalog(annex_b: bytes, tmp_path: Path) -> None:
    """PDFUA1-METADATA-STRUCTURE-001."""
    stream = pdf_reader(annex_b).trailer["/Root"]["/Metadata"].get_object()
    assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML"
    assert "/Filter" not in stream  # left readable to tools that scan for the packet
    packet = stream.get_data().decode("utf-8")
    assert packet.startswith('<?xpacket begin="\ufeff"') and packet.endswith('<?xpacket end="r"?>')
    assert "PDFUA1-METADATA-STRUCTURE-001" not in failed_rules(annex_b, tmp_path)


def test_the_xmp_has_the_pdf_ua_identification_schema(annex_b: bytes, tmp_path: Path) -> None:
    """PDFUA1-ID-SCHEMA-001."""
    description = _xmp(annex_b).rdf_root.getElementsByTagNameNS(RDF, "Description")[0]
    assert description.getAttribute("xmlns:pdfuaid") == PDFUA_ID
    assert "PDFUA1-ID-SCHEMA-001" not in failed_rules(annex_b, tmp_path)


def test_the_xmp_says_pdf_ua_part_1(annex_b: bytes, tmp_path: Path) -> None:
    """PDFUA1-ID-PART-001."""
    (part,) = _xmp(annex_b).get_element("", PDFUA_ID, "part")
    assert part.tagName == "pdfuaid:part"  # the prefix the standard names
    assert part.firstChild.data == "1"
    assert "PDFUA1-ID-PART-001" not in failed_rules(annex_b, tmp_path)


def test_the_xmp_title_is_the_documents_title(tmp_path: Path) -> None:
    """PDFUA1-METADATA-TITLE-001; the rest of the packet repeats the information
    dictionary, so no two readers show different titles, authors or dates."""
    draft = load_sample("annex_b_valid")
    draft.answers["ccg"] = ""  # the author line becomes the gap marker
    data, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    xmp = _xmp(data)
    info = pdf_reader(data).metadata
    assert info is not None
    assert xmp.dc_title == {"x-default": info.title}
    assert info.title == "Annex B: Submission proforma for delegated commissioning arrangements"
    assert xmp.dc_creator == [info.author]
    assert xmp.dc_description == {"x-default": info.subject}
    assert xmp.dc_language == ["en-GB"]
    assert xmp.pdf_producer == info.producer
    assert xmp.xmp_creator_tool == info.creator == "Proforma"
    assert "PDFUA1-METADATA-TITLE-001" not in failed_rules(data, tmp_path)


def test_hostile_text_in_the_metadata_is_escaped(tmp_path: Path) -> None:
    """The author is the CCG line, which a draft from elsewhere may fill with markup."""
    draft = load_sample("annex_b_valid")
    draft.answers["ccg"] = '</rdf:li><pdfuaid:part>2</pdfuaid:part> & "x" \x07\ufeff'
    data, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    xmp = _xmp(data)
    assert xmp.dc_creator == [pdf_reader(data).metadata.author]
    assert "</rdf:li>" in xmp.dc_creator[0]  # read back as text, not markup
    (part,) = xmp.get_element("", PDFUA_ID, "part")
    assert part.firstChild.data == "1"
    assert failed_rules(data, tmp_path) == []


# ------------------------------------------------------------------ a pure function of the draft


def test_dates_are_the_export_time_and_the_same_export_is_the_same_bytes() -> None:
    draft = load_sample("annex_b_valid")
    local = dt.datetime(2015, 1, 20, 11, 30, 15, 999, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    first, _ = render_export(draft, "pdf", now=local)
    second, _ = render_export(load_sample("annex_b_valid"), "pdf", now=local)
    assert first == second
    reader = pdf_reader(first)
    info = reader.metadata
    assert info is not None
    assert info["/CreationDate"] == info["/ModDate"] == "D:20150120103015Z"
    xmp = _xmp(first)
    moment = dt.datetime(2015, 1, 20, 10, 30, 15)  # pypdf reads XMP dates as naive UTC
    assert xmp.xmp_create_date == xmp.xmp_modify_date == xmp.xmp_metadata_date == moment
    trailer_ids = [bytes(getattr(i, "original_bytes", i)).hex() for i in reader.trailer["/ID"]]
    xmp_ids = [xmp.xmpmm_document_id, xmp.xmpmm_instance_id]
    assert trailer_ids == [i.removeprefix("uuid:").replace("-", "") for i in xmp_ids]


def test_one_draft_is_one_document_and_each_rendering_an_instance() -> None:
    def ids(draft: Draft, *, marked: bool = False, now: dt.datetime = FIXED_NOW) -> list[str]:
        xmp = _xmp(render_export(draft, "pdf", mark_draft=marked, now=now)[0])
        return [xmp.xmpmm_document_id, xmp.xmpmm_instance_id]

    draft = load_sample("annex_b_valid")
    final = ids(draft)
    marked = ids(draft, marked=True)
    later = ids(draft, now=FIXED_NOW + dt.timedelta(minutes=1))
    assert marked[0] == final[0] == later[0]  # the same saved draft
    assert len({final[1], marked[1], later[1]}) == 3  # three different renderings
    changed = load_sample("annex_b_valid")
    changed.answers["contact_name"] = "Someone Else"
    assert ids(changed)[0] != final[0]
    assert all(re.fullmatch(r"uuid:[0-9a-f-]{36}", i) for i in final + marked + later)


# ------------------------------------------------------------------ fonts


def _to_unicode_maps(data: bytes) -> dict[str, str]:
    maps: dict[str, str] = {}
    for page_object in pdf_reader(data).pages:
        for font in page_object["/Resources"]["/Font"].values():
            font = font.get_object()
            maps[str(font["/BaseFont"])] = font["/ToUnicode"].get_object().get_data().decode()
    return maps


def test_no_to_unicode_value_is_nul_or_a_byte_order_mark(tmp_path: Path) -> None:
    """PDFUA1-FONT-UNICODE-VALUE-001: reportlab mapped each unused code to U+0000; and a
    byte-order mark pasted into an answer, which the text font has, is left out."""
    draft = hostile_draft()
    draft.answers["contact_role"] = "Llan\ufeffelli \ufeffHead of 𝖯𝗋𝗂𝗆𝖺𝗋𝗒 Care ☎"
    data, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    maps = _to_unicode_maps(data)
    assert {name.split("+")[1] for name in maps} == {"DejaVuSans", "DejaVuSans-Bold", "Symbola"}
    for name, cmap in maps.items():
        values = re.findall(r"^<[0-9A-F]{2}> <([0-9A-F]+)>$", cmap, re.MULTILINE)
        assert values, name
        assert not {"0000", "FEFF", "FFFE"} & set(values), name
        for count in re.findall(r"^(\d+) beginbfchar$", cmap, re.MULTILINE):
            assert 0 < int(count) <= 100  # the limit PDF sets on one block
    assert "Llanelli Head of 𝖯𝗋𝗂𝗆𝖺𝗋𝗒 Care ☎" in pdf_body_text(data)
    assert "PDFUA1-FONT-UNICODE-VALUE-001" not in failed_rules(data, tmp_path)


# ------------------------------------------------------------------ table headers


def _cells(data: bytes) -> list[list[tuple[str, str | None]]]:
    """Every table's rows, each cell as (role, scope of a TH)."""
    tables: list[list[tuple[str, str | None]]] = []

    def walk(element: Any) -> None:
        element = element.get_object()
        role = str(element["/S"])
        if role == "/Table":
            rows = []
            for row in element["/K"]:
                cells = []
                for cell in row.get_object()["/K"]:
                    cell = cell.get_object()
                    attributes = cell.get("/A")
                    scope = None
                    if attributes is not None:
                        assert attributes["/O"] == "/Table"
                        scope = str(attributes["/Scope"])
                    cells.append((str(cell["/S"]), scope))
                rows.append(cells)
            tables.append(rows)
            return
        for kid in element.get("/K", []):
            if isinstance(kid.get_object(), dict) and "/S" in kid.get_object():
                walk(kid)

    for top in pdf_reader(data).trailer["/Root"]["/StructTreeRoot"]["/K"]:
        walk(top)
    return tables


@pytest.mark.parametrize("name", ["annex_a_mistakes", "annex_b_mistakes"])
def test_every_header_cell_says_what_it_heads(name: str, tmp_path: Path) -> None:
    """PDFUA1-TABLE-HEADERS-SCOPE-001: a header row's cells head their columns, a
    question or label heads its row; so every data cell has a header a reader can find."""
    data, _ = render_export(load_sample(name), "pdf", mark_draft=True, now=FIXED_NOW)
    tables = _cells(data)
    scopes = {scope for rows in tables for row in rows for role, scope in row if role == "/TH"}
    assert scopes == {"/Row", "/Column"}
    for rows in tables:
        for index, row in enumerate(rows):
            for role, scope in row:
                assert (role == "/TH") == (scope is not None)
                if scope == "/Column":
                    assert index == 0 and all(r == "/TH" for r, _ in row)  # the header row
            column_headed = rows[0][0] == ("/TH", "/Column")
            row_headed = ("/TH", "/Row") in row
            data_cells = [role for role, _ in row if role == "/TD"]
            # the problem list of a marked draft is a table of data cells alone
            assert not data_cells or column_headed or row_headed or len(row) == 3
    assert "PDFUA1-TABLE-HEADERS-SCOPE-001" not in failed_rules(data, tmp_path)


# ------------------------------------------------------------------ hostile answers


def test_hostile_answers_still_pass_pdf_ua_1(tmp_path: Path) -> None:
    """Markup, controls, emoji and CJK (the symbol fallback font and U+FFFD), a
    10,000-character word, a giant word in a table cell (a row cut into pieces), a
    members table running over pages with its header repeated, and scanned signatures."""
    draft = hostile_draft()
    member = dict(draft.answers["members"][0])
    giant = "Lay-member-for-patient-and-public-involvement/" * 120
    draft.answers["members"] = [dict(member, name=f"Member {n} ✅") for n in range(45)]
    draft.answers["members"][20]["role"] = giant
    draft.answers["sign_audit_chair"]["image"] = signature_png()
    draft.answers["sign_accountable_officer"]["image"] = signature_png()
    draft.answers["sign_area_team"]["image"] = signature_png()  # Annex B version 3
    data, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    assert len(pdf_reader(data).pages) >= 6
    assert [role for role, _ in pdf_structure(data)].count("Figure") == 3
    text = pdf_body_text(data)
    assert missing_in_order(text, ["Member 0", "Member 44", "Cadeirydd"]) == []
    assert "Sign here on paper" not in text  # every signature is a picture
    report = ua1(data, tmp_path)
    assert report["failures"] == []
    assert report["is_compliant"]
