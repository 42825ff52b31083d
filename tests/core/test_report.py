"""Reviewer batch mode: every file is one row, bad files say why, outputs read back."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proforma_app.cli import main
from proforma_app.export import export_draft
from proforma_app.report import (
    COLUMNS,
    SubmissionRow,
    build_report,
    find_submission_files,
    read_submission,
    render_csv,
    render_html,
    summarise,
)

ROOT = Path(__file__).resolve().parents[2]


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


class _TableReader(HTMLParser):
    """Collects the text of each table row of the HTML report."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html_table(payload: bytes) -> _TableReader:
    reader = _TableReader()
    reader.feed(payload.decode("utf-8"))
    return reader


@pytest.fixture
def submissions(tmp_path: Path, examples_dir: Path) -> Path:
    folder = tmp_path / "submissions"
    (folder / "north").mkdir(parents=True)
    for name in ("annex_a_valid", "annex_b_mistakes", "constitution_amendment_valid"):
        shutil.copy(examples_dir / f"{name}.json", folder / "north" / f"{name}.json")
    shutil.copy(examples_dir / "annex_b_valid.json", folder / "annex_b_valid.json")
    return folder


# ------------------------------------------------------------------ rows
def test_one_row_per_draft_with_ccg_area_team_region_and_counts(submissions: Path) -> None:
    rows = {Path(r.file).name: r for r in build_report([submissions])}
    assert sorted(rows) == [
        "annex_a_valid.json",
        "annex_b_mistakes.json",
        "annex_b_valid.json",
        "constitution_amendment_valid.json",
    ]
    valid_b = rows["annex_b_valid.json"]
    assert (valid_b.status, valid_b.errors, valid_b.warnings, valid_b.first_problem) == (
        "yes",
        0,
        0,
        "",
    )
    assert valid_b.form == "Annex B – Delegated commissioning proforma"
    assert (valid_b.ccg_name, valid_b.ccg_code) == ("NHS Darlington CCG", "00C")
    assert (valid_b.area_team, valid_b.region) == (
        "Durham, Darlington and Tees",
        "North of England",
    )
    annex_a = rows["annex_a_valid.json"]
    assert (annex_a.ccg_name, annex_a.ccg_code) == (
        "NHS Hartlepool and Stockton-on-Tees CCG",
        "00K",
    )
    mistakes = rows["annex_b_mistakes.json"]
    assert mistakes.status == "no"
    assert mistakes.errors == 10 and mistakes.warnings == 4
    assert mistakes.first_problem == (
        "Enter the contact email address in the correct format, like name@nhs.net"
    )  # the message names its question: no label before it, and no id


def test_a_form_without_an_area_team_question_reports_the_ccgs_area_team(
    submissions: Path,
) -> None:
    row = next(
        r
        for r in build_report([submissions])
        if r.file.endswith("constitution_amendment_valid.json")
    )
    assert (row.ccg_code, row.area_team, row.region) == (
        "00C",
        "Durham, Darlington and Tees",
        "North of England",
    )


def test_related_submissions_of_the_same_ccg_are_checked_together(
    tmp_path: Path, examples_dir: Path
) -> None:
    shutil.copy(examples_dir / "constitution_amendment_valid.json", tmp_path / "amendment.json")
    alone = build_report([tmp_path])
    assert alone[0].warnings == 0
    annex_b = json.loads((examples_dir / "annex_b_valid.json").read_text(encoding="utf-8"))
    annex_b["answers"]["committee_name"] = "A different committee"
    (tmp_path / "annex_b.json").write_text(json.dumps(annex_b), encoding="utf-8")
    amendment = next(r for r in build_report([tmp_path]) if r.file.endswith("amendment.json"))
    assert amendment.warnings == 1
    assert "Annex B" in amendment.first_problem
    assert amendment.first_problem.startswith("Consistency check: Committee name is not the same")
    assert "annex_b.json" in amendment.first_problem  # names the other file
    assert "committee_name" not in amendment.first_problem  # ids only in --json


def test_unreadable_files_are_rows_that_say_why(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"format": "proforma-draft", ', encoding="utf-8")
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "latin1.json").write_bytes("{'£'}".encode("latin-1"))
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04 not a zip")
    rows = {Path(r.file).name: r for r in build_report([tmp_path, tmp_path / "gone.json"])}
    assert {r.status for r in rows.values()} == {"unreadable"}
    assert all(r.errors is None and r.form == "" for r in rows.values())
    assert "not a Proforma draft" in rows["settings.json"].first_problem
    assert "line 1" in rows["broken.json"].first_problem
    assert "empty" in rows["empty.json"].first_problem
    assert "UTF-8" in rows["latin1.json"].first_problem
    assert "does not exist" in rows["gone.json"].first_problem
    for name in ("scan.pdf", "letter.docx"):
        assert rows[name].first_problem, name


def test_a_draft_for_an_unknown_ccg_keeps_the_code_it_gives(
    tmp_path: Path, examples_dir: Path
) -> None:
    data = json.loads((examples_dir / "annex_b_valid.json").read_text(encoding="utf-8"))
    data["answers"]["ccg"] = "ZZZ"
    data["answers"]["area_team"] = "Q99"
    (tmp_path / "odd.json").write_text(json.dumps(data), encoding="utf-8")
    (row,) = build_report([tmp_path])
    assert (row.status, row.ccg_name, row.ccg_code, row.area_team, row.region) == (
        "no",
        "",
        "ZZZ",
        "Q99",
        "",
    )


# ------------------------------------------------------------------ exports
@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real PDF and Word exports of the samples, and look-alikes Proforma did not make."""
    from docx import Document
    from reportlab.pdfgen.canvas import Canvas

    folder = tmp_path_factory.mktemp("exports")
    examples = ROOT / "examples"
    valid = read_submission(examples / "annex_b_valid.json")
    mistakes = read_submission(examples / "annex_a_mistakes.json")
    export_draft(valid, folder / "annex_b.pdf", "pdf")
    export_draft(valid, folder / "annex_b.docx", "docx")
    export_draft(mistakes, folder / "annex_a-DRAFT.pdf", "pdf", mark_draft=True)
    canvas = Canvas(str(folder / "minutes.pdf"))
    canvas.drawString(72, 720, "Governing body minutes")
    canvas.save()
    letter = Document()
    letter.add_paragraph("Covering letter")
    letter.save(str(folder / "letter.docx"))
    return folder


def test_pdf_and_word_exports_are_read_through_the_draft_they_carry(exports: Path) -> None:
    rows = {Path(r.file).name: r for r in build_report([exports])}
    for name in ("annex_b.pdf", "annex_b.docx"):
        row = rows[name]
        assert (row.status, row.errors, row.ccg_code, row.form) == (
            "yes",
            0,
            "00C",
            "Annex B – Delegated commissioning proforma",
        ), name
    draft_export = rows["annex_a-DRAFT.pdf"]
    assert (draft_export.status, draft_export.errors, draft_export.ccg_code) == ("no", 9, "00K")
    assert draft_export.first_problem.startswith(
        "Row 2: Consistency check: Partner CCGs includes the lead CCG"
    )
    assert "partner_ccgs" not in draft_export.first_problem


def test_pdf_and_word_files_not_made_by_proforma_are_rows_that_say_why(exports: Path) -> None:
    rows = {Path(r.file).name: r for r in build_report([exports])}
    assert rows["minutes.pdf"].status == "unreadable"
    assert "no draft attached" in rows["minutes.pdf"].first_problem
    assert rows["letter.docx"].status == "unreadable"
    assert "holds no Proforma draft" in rows["letter.docx"].first_problem


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["annex_b.pdf", "annex_b.docx"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    noise=st.binary(min_size=1, max_size=64),
)
def test_damaged_exports_give_one_row(exports: Path, name: str, cut: float, noise: bytes) -> None:
    """A truncated export with junk spliced in: one row, whatever the readers make of it."""
    data = (exports / name).read_bytes()
    at = int(len(data) * cut)
    row = _one_row(name, data[:at] + noise + data[at + len(noise) :])
    assert row.status in ("yes", "no", "unreadable")
    assert row.status != "unreadable" or row.first_problem


# ------------------------------------------------------------------ finding files
def test_folders_are_searched_recursively_skipping_hidden_and_other_files(
    submissions: Path,
) -> None:
    (submissions / ".git").mkdir()
    (submissions / ".git" / "config.json").write_text("{}", encoding="utf-8")
    (submissions / ".annex_b_valid.json.abc.tmp").write_text("{}", encoding="utf-8")
    (submissions / ".hidden.json").write_text("{}", encoding="utf-8")
    (submissions / "notes.txt").write_text("hello", encoding="utf-8")
    (submissions / "annex_b_valid.json.bak").write_text("{}", encoding="utf-8")
    (submissions / "SCAN.PDF").write_bytes(b"%PDF")
    found = [p.relative_to(submissions).as_posix() for p in find_submission_files([submissions])]
    assert found == [
        "annex_b_valid.json",
        "north/annex_a_valid.json",
        "north/annex_b_mistakes.json",
        "north/constitution_amendment_valid.json",
        "SCAN.PDF",
    ]


def test_files_are_sorted_by_path_and_a_file_named_twice_is_one_row(submissions: Path) -> None:
    files = find_submission_files(
        [submissions / "annex_b_valid.json", submissions, submissions / "north"]
    )
    assert len(files) == 4
    assert [str(p).casefold() for p in files] == sorted(str(p).casefold() for p in files)


# ------------------------------------------------------------------ outputs
def _row(**overrides: Any) -> SubmissionRow:
    values: dict[str, Any] = {
        "file": "a.json",
        "status": "no",
        "first_problem": "Enter the chair's name (chair_name)",
        "form": "Annex B – Delegated commissioning proforma",
        "ccg_name": "NHS Ynys Môn CCG",
        "ccg_code": "00C",
        "area_team": "Durham, Darlington and Tees",
        "region": "North of England",
        "errors": 1,
        "warnings": 0,
    }
    values.update(overrides)
    return SubmissionRow(**values)


def test_csv_has_the_columns_and_keeps_pound_signs_and_welsh_letters(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    out.write_bytes(render_csv([_row(first_problem="Amount must be more than £0 (ŵ ŷ)")]))
    (record,) = _read_csv(out)
    assert list(record) == list(COLUMNS)
    assert record["CCG"] == "NHS Ynys Môn CCG"
    assert record["First problem"] == "Amount must be more than £0 (ŵ ŷ)"
    assert (record["Valid"], record["Errors"], record["Warnings"]) == ("no", "1", "0")


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_made_inert(
    tmp_path: Path,
) -> None:
    out = tmp_path / "report.csv"
    out.write_bytes(render_csv([_row(file='=HYPERLINK("http://x","y").json', ccg_name="@SUM(A1)")]))
    (record,) = _read_csv(out)
    assert record["File"] == '\'=HYPERLINK("http://x","y").json'
    assert record["CCG"] == "'@SUM(A1)"


def test_html_escapes_every_value_and_has_one_table_row_per_submission() -> None:
    hostile = '<script>alert("x")</script>&<img src=x onerror=y>.json'
    payload = render_html([_row(file=hostile), _row(status="yes", errors=0)])
    table = _html_table(payload)
    assert "script" not in table.tags and "img" not in table.tags
    assert table.rows[0] == list(COLUMNS)
    assert table.rows[1][0] == hostile
    assert table.rows[1][2] == "NHS Ynys Môn CCG"
    assert len(table.rows) == 3
    assert "2 submission(s): 1 valid, 1 with errors, 0 unreadable" in payload.decode()


def test_summary_counts_each_status() -> None:
    rows = [_row(status="yes"), _row(status="no"), _row(status="unreadable"), _row(status="no")]
    summary = summarise(rows)
    assert (summary.total, summary.valid, summary.invalid, summary.unreadable) == (4, 1, 2, 1)


# ------------------------------------------------------------------ command line
def test_cli_writes_the_csv_and_prints_a_summary(
    submissions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    assert main(["report", str(submissions), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.strip() == (
        f"4 submission(s): 3 valid, 1 with errors, 0 unreadable; report written to {out}"
    )
    records = _read_csv(out)
    assert [Path(r["File"]).name for r in records] == [
        "annex_b_valid.json",
        "annex_a_valid.json",
        "annex_b_mistakes.json",
        "constitution_amendment_valid.json",
    ]
    assert [r["Valid"] for r in records] == ["yes", "yes", "no", "yes"]


@pytest.mark.parametrize("args", [["--html"], []])
def test_cli_writes_html_when_asked_or_when_the_file_ends_in_html(
    submissions: Path, tmp_path: Path, args: list[str]
) -> None:
    out = tmp_path / ("report.html" if not args else "report.out")
    assert main(["report", str(submissions), "--out", str(out), *args]) == 0
    table = _html_table(out.read_bytes())
    assert len(table.rows) == 5
    assert {row[6] for row in table.rows[1:]} == {"yes", "no"}


def test_cli_exits_2_when_nothing_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "report.csv"
    assert main(["report", str(tmp_path), str(tmp_path / "missing"), "--out", str(out)]) == 2
    assert "no drafts (.json) or exports (.pdf, .docx) found" in capsys.readouterr().err
    assert not out.exists()


def test_cli_exits_2_when_the_report_cannot_be_written(
    submissions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "report.csv"
    assert main(["report", str(submissions), "--out", str(out)]) == 2
    assert f"cannot write {out}" in capsys.readouterr().err


def test_cli_lists_a_missing_input_as_a_row_and_on_stderr(
    submissions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    missing = tmp_path / "typo"
    assert main(["report", str(submissions), str(missing), "--out", str(out)]) == 0
    assert f"{missing} does not exist" in capsys.readouterr().err
    records = {r["File"]: r for r in _read_csv(out)}
    assert records[str(missing)]["Valid"] == "unreadable"


def test_report_over_a_draft_for_every_ccg(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate_drafts.py"), str(folder)],
        check=True,
        capture_output=True,
    )
    rows = build_report([folder])
    assert len(rows) == 211
    assert len({r.ccg_code for r in rows}) == 211
    assert {r.form.split(" – ")[0] for r in rows} == {"Annex A", "Annex B", "Amendment"}
    assert [r for r in rows if r.status != "yes"] == []


# ------------------------------------------------------------------ never a crash
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _one_row(name: str, payload: bytes) -> SubmissionRow:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(payload)
        rows = build_report([Path(folder)])
    assert len(rows) == 1
    return rows[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["x.json", "x.pdf", "x.docx"]), payload=st.binary(max_size=300))
def test_any_bytes_in_any_file_give_one_row(name: str, payload: bytes) -> None:
    row = _one_row(name, payload)
    assert row.status == "unreadable" and row.first_problem


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    form_id=st.sampled_from(["annex_a", "annex_b", "constitution_amendment"]),
    answers=st.dictionaries(
        st.sampled_from(
            ["ccg", "lead_ccg", "area_team", "members", "partner_ccgs", "chair_name", "x"]
        )
        | st.text(max_size=10),
        _json_values,
        max_size=6,
    ),
)
def test_any_answers_in_a_draft_give_one_checked_row(form_id: str, answers: dict[str, Any]) -> None:
    draft = {"format": "proforma-draft", "format_version": 1, "form_id": form_id}
    draft |= {"form_version": 1, "answers": answers}
    row = _one_row("draft.json", json.dumps(draft).encode())
    assert row.status in ("yes", "no")
    assert row.errors is not None and row.warnings is not None
    assert (row.status == "yes") == (row.errors == 0)
    assert render_csv([row]) and render_html([row])
