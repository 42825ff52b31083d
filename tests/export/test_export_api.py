"""The export API the GUI and the command line call: refusal, atomic writes, warnings."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys

import pytest

from proforma_app.export import (
    FORMATS,
    ExportRefused,
    export_draft,
    export_with_warnings,
    read_embedded_draft,
)
from tests.export.conftest import FIXED_NOW, load_sample
from tests.export.readback import docx_document, pdf_page_texts


def test_the_formats_are_pdf_and_word() -> None:
    assert FORMATS == ("pdf", "docx")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_final_export_of_a_draft_with_errors_is_refused(fmt: str, tmp_path) -> None:
    draft = load_sample("annex_b_mistakes")
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(ExportRefused) as refused:
        export_draft(draft, target, fmt)
    assert refused.value.report.errors
    assert not refused.value.report.is_valid
    assert "10 errors" in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_marked_draft_export_is_written_whatever_the_errors(fmt: str, tmp_path) -> None:
    draft = load_sample("annex_b_mistakes")
    target = tmp_path / f"out.{fmt}"
    report = export_draft(draft, target, fmt, mark_draft=True, now=FIXED_NOW)
    assert len(report.errors) == 10
    assert read_embedded_draft(target).answers == draft.answers


@pytest.mark.parametrize("fmt", FORMATS)
def test_warnings_never_block_a_final_export(fmt: str, tmp_path) -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["meetings_in_public"] = False  # a warning, not an error
    report = export_draft(draft, tmp_path / f"out.{fmt}", fmt, now=FIXED_NOW)
    assert report.is_valid and report.warnings


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_replaces_the_file_atomically_without_a_backup(fmt: str, tmp_path) -> None:
    target = tmp_path / f"out.{fmt}"
    target.write_bytes(b"an older export")
    export_draft(load_sample("annex_a_valid"), target, fmt, now=FIXED_NOW)
    export_draft(load_sample("annex_b_valid"), target, fmt, now=FIXED_NOW)
    assert read_embedded_draft(target).form_id == "annex_b"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{fmt}"]


def test_a_failed_write_raises_oserror_and_leaves_nothing(tmp_path) -> None:
    with pytest.raises(OSError):
        export_draft(load_sample("annex_b_valid"), tmp_path / "missing" / "out.pdf", "pdf")
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_format_is_a_programming_error(tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'odt'"):
        export_draft(load_sample("annex_b_valid"), tmp_path / "out.odt", "odt")


def test_the_export_time_given_is_printed(tmp_path) -> None:
    export_draft(load_sample("annex_b_valid"), tmp_path / "out.pdf", "pdf", now=FIXED_NOW)
    export_draft(load_sample("annex_b_valid"), tmp_path / "out.docx", "docx", now=FIXED_NOW)
    stamp = "Exported 20 January 2015, 10:30 UTC"
    assert all(stamp in page for page in pdf_page_texts((tmp_path / "out.pdf").read_bytes()))
    word = docx_document((tmp_path / "out.docx").read_bytes())
    assert stamp in word.sections[0].footer.paragraphs[0].text
    assert "20 January 2015, 10:30 UTC" in word.tables[0].cell(3, 1).text


def test_characters_no_font_has_are_returned_and_logged(tmp_path, caplog) -> None:
    draft = load_sample("annex_b_valid")
    draft.answers["quorum"] = "Quorum: 四 members"
    with caplog.at_level(logging.WARNING, logger="proforma_app.export"):
        result = export_with_warnings(draft, tmp_path / "out.pdf", "pdf")
    assert len(result.warnings) == 1 and "U+56DB" in result.warnings[0]
    assert "U+56DB" in caplog.text and "out.pdf" in caplog.text
    word = export_with_warnings(draft, tmp_path / "out.docx", "docx")
    assert word.warnings == ()  # Word draws such characters from a font of its own


def test_word_document_properties_name_the_form() -> None:
    from proforma_app.export import render_export

    data, _ = render_export(load_sample("annex_b_valid"), "docx", now=FIXED_NOW)
    props = docx_document(data).core_properties
    assert props.title == "Annex B: Submission proforma for delegated commissioning arrangements"
    assert props.subject == "NHS Darlington CCG (00C)"
    assert props.created == dt.datetime(2015, 1, 20, 10, 30, tzinfo=dt.UTC)


def test_an_export_time_in_another_zone_is_stored_as_utc() -> None:
    from proforma_app.export import render_export

    summer = dt.datetime(2015, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    data, _ = render_export(load_sample("annex_b_valid"), "docx", now=summer)
    document = docx_document(data)
    assert document.core_properties.created == dt.datetime(2015, 6, 1, 8, 0, tzinfo=dt.UTC)
    assert "1 June 2015, 09:00 (UTC+01:00)" in document.sections[0].footer.paragraphs[0].text


def test_importing_the_api_loads_neither_pdf_nor_word_library() -> None:
    code = (
        "import json, sys\n"
        "import proforma_app.export\n"
        "print(json.dumps(sorted(m for m in ('reportlab', 'docx', 'pypdf') if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
