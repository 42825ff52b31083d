"""PDF exports are tagged: a screen reader finds the title, headings, paragraphs and
tables with header cells, in reading order, in English, with page furniture left out."""

from __future__ import annotations

import re

import pytest

from proforma_app.core.validation import check_draft
from proforma_app.export import render_export
from proforma_app.render import build_document
from proforma_app.render.model import Table
from tests.export.conftest import ALL_SAMPLES, FIXED_NOW, VALID_SAMPLES, load_sample
from tests.export.expected import answers_in_order
from tests.export.readback import (
    missing_in_order,
    pdf_page_texts,
    pdf_reader,
    pdf_structure,
    squash,
)


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_every_export_is_marked_tagged_in_english_with_its_title(name: str) -> None:
    data, _ = render_export(load_sample(name), "pdf", mark_draft=True, now=FIXED_NOW)
    reader = pdf_reader(data)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  # what pdfinfo reports as "Tagged: yes"
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata is not None and reader.metadata.title
    tree = root["/StructTreeRoot"]
    parents = tree["/ParentTree"]["/Nums"]
    for index, page in enumerate(reader.pages):
        assert page["/StructParents"] == index
        assert index in parents[::2]  # every page has content in the tree


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_a_screen_reader_meets_title_headings_and_answers_in_document_order(name: str) -> None:
    draft = load_sample(name)
    data, result = render_export(draft, "pdf", now=FIXED_NOW)
    document = build_document(draft, result.report, mark_draft=False, exported_at=FIXED_NOW)
    read = pdf_structure(data)
    roles = [role for role, _ in read]
    texts = [text for _, text in read]
    assert read[roles.index("H1")][1].replace("\n", " ") == document.title
    headings = [squash(text) for role, text in read if role == "H2"]
    sections = [squash(f"{n}. {s.title}") for n, s in enumerate(document.sections, start=1)]
    assert headings == sections
    spoken = "\n".join(texts)
    assert missing_in_order(spoken, answers_in_order(draft)) == []
    # Page furniture and the watermark are artifacts, not read out.
    assert "Page 1 of" not in spoken
    assert document.header_text not in spoken


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_table_headers_are_header_cells_of_their_table(name: str) -> None:
    draft = load_sample(name)
    data, result = render_export(draft, "pdf", now=FIXED_NOW)
    document = build_document(draft, result.report, mark_draft=False, exported_at=FIXED_NOW)
    tables = [b for s in document.sections for b in s.blocks if isinstance(b, Table) and b.rows]
    assert tables
    header_cells = [squash(text) for role, text in pdf_structure(data) if role == "TH"]
    for table in tables:
        wanted = [squash(h) for h in table.headers]
        assert any(header_cells[i : i + len(wanted)] == wanted for i in range(len(header_cells))), (
            table.caption
        )


def test_a_marked_draft_reads_its_problems_in_order() -> None:
    draft = load_sample("annex_b_mistakes")
    data, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    report = check_draft(draft)
    spoken = "\n".join(text for _, text in pdf_structure(data))
    assert missing_in_order(spoken, [p.message for p in report.problems]) == []


def test_a_header_row_repeated_on_a_new_page_is_read_once() -> None:
    draft = load_sample("annex_b_valid")
    member = dict(draft.answers["members"][0])
    member["role"] = "Lay member for patient and public involvement, and for governance"
    draft.answers["members"] = [dict(member, name=f"Member {n}") for n in range(40)]
    data, _ = render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)
    pages_with_header = [text for text in pdf_page_texts(data) if "Organisation" in text]
    assert len(pages_with_header) >= 2  # the table runs over a page, its header repeated
    read = pdf_structure(data)
    assert [text for role, text in read if role == "TH"].count("Organisation") == 1
    assert [squash(text) for _, text in read if re.fullmatch(r"Member\s\d+", text)] == [
        f"Member{n}" for n in range(40)
    ]
