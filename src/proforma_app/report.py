"""Reviewer batch mode: one row per submission found in folders of drafts and exports.

Area teams receive dozens of submissions as draft files, PDFs and Word documents. This
module finds them, reads each one (an export carries its draft embedded), validates it
against its form and the other submissions of the same CCG, and writes a table a reviewer
can sort and filter: CSV for Excel, HTML for a browser. A file that cannot be read is a
row that says why; nothing in a folder of third-party files may stop the batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from proforma_app.core.definition import FormDefinition
from proforma_app.core.draft import Draft
from proforma_app.core.reference import CcgDirectory, ccg_directory
from proforma_app.core.validation import ValidationReport, check_draft
from proforma_app.files.draft_format import DraftError
from proforma_app.files.storage import DraftFileError, read_draft, write_atomic

DRAFT_SUFFIXES = frozenset({".json"})
EXPORT_SUFFIXES = frozenset({".pdf", ".docx"})
"""Files a folder is searched for; exports are read through the draft they embed."""

COLUMNS = (
    "File",
    "Form",
    "CCG",
    "ODS code",
    "Area team",
    "Region",
    "Valid",
    "Errors",
    "Warnings",
    "First problem",
)

Status = Literal["yes", "no", "unreadable"]


@dataclass(frozen=True, slots=True)
class SubmissionRow:
    """What a reviewer needs to know about one file, in the order of :data:`COLUMNS`."""

    file: str
    status: Status
    first_problem: str = ""
    form: str = ""
    ccg_name: str = ""
    ccg_code: str = ""
    area_team: str = ""
    region: str = ""
    errors: int | None = None
    warnings: int | None = None

    def cells(self) -> tuple[str, ...]:
        counts = ("" if n is None else str(n) for n in (self.errors, self.warnings))
        return (
            self.file,
            self.form,
            self.ccg_name,
            self.ccg_code,
            self.area_team,
            self.region,
            self.status,
            *counts,
            self.first_problem,
        )


@dataclass(frozen=True, slots=True)
class ReportSummary:
    total: int
    valid: int
    invalid: int
    unreadable: int

    def sentence(self) -> str:
        return (
            f"{self.total} submission(s): {self.valid} valid, {self.invalid} with errors, "
            f"{self.unreadable} unreadable"
        )


def summarise(rows: Sequence[SubmissionRow]) -> ReportSummary:
    count = {s: sum(1 for r in rows if r.status == s) for s in ("yes", "no", "unreadable")}
    return ReportSummary(len(rows), count["yes"], count["no"], count["unreadable"])


# ------------------------------------------------------------------ finding files
def find_submission_files(inputs: Iterable[Path]) -> list[Path]:
    """Files named on the command line, and drafts and exports anywhere inside folders.

    Hidden files and folders (names starting with a dot: version control, editors'
    temporary files, half-written saves) are left out of folder searches. A path that
    does not exist is kept, so the report says so rather than forgetting it.
    """
    found: dict[str, Path] = {}
    for given in inputs:
        path = Path(given)
        candidates = _files_under(path) if path.is_dir() else [path]
        for candidate in candidates:
            found.setdefault(_identity(candidate), candidate)
    return sorted(found.values(), key=lambda p: (str(p).casefold(), str(p)))


def _files_under(folder: Path) -> list[Path]:
    wanted = DRAFT_SUFFIXES | EXPORT_SUFFIXES
    files: list[Path] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(
            Path(root) / name
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in wanted
        )
    return files


def _identity(path: Path) -> str:
    """The same file named twice (in a folder and on its own) is reported once."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


# ------------------------------------------------------------------ reading
def read_submission(path: Path) -> Draft:
    """The draft in a file: a draft file itself, or the draft embedded in an export.

    Raises :class:`DraftError` with a plain reason for anything that is not a readable
    submission.
    """
    if path.suffix.lower() in EXPORT_SUFFIXES:
        return _read_export(path)
    try:
        return read_draft(path)
    except DraftFileError as exc:
        raise DraftError(exc.reason) from None


def _read_export(path: Path) -> Draft:
    from proforma_app.export import read_embedded_draft  # only batches with exports pay for it

    try:
        return read_embedded_draft(path)
    except DraftError:
        raise
    except Exception as exc:
        # The last line of defence of a batch: a damaged PDF or Word file can fail anywhere
        # inside the third-party readers, and one bad file must not stop the report.
        kind = "PDF" if path.suffix.lower() == ".pdf" else "Word document"
        raise DraftError(
            f"the file is damaged or is not a {kind} exported by Proforma ({type(exc).__name__})"
        ) from None


# ------------------------------------------------------------------ the report
def build_report(
    inputs: Iterable[Path], today: dt.date | None = None, directory: CcgDirectory | None = None
) -> list[SubmissionRow]:
    """One row per file found, sorted by file name; never raises for a bad file."""
    directory = directory or ccg_directory()
    files = find_submission_files(inputs)
    rows: list[SubmissionRow | None] = [None] * len(files)
    loaded: list[tuple[int, Path, Draft]] = []
    for index, path in enumerate(files):
        try:
            loaded.append((index, path, read_submission(path)))
        except DraftError as exc:
            rows[index] = SubmissionRow(str(path), "unreadable", first_problem=str(exc))
    drafts = [draft for *_, draft in loaded]
    for index, path, draft in loaded:
        rows[index] = _row_for(path, draft, drafts, today, directory)
    return [row for row in rows if row is not None]


def _row_for(
    path: Path,
    draft: Draft,
    related: Sequence[Draft],
    today: dt.date | None,
    directory: CcgDirectory,
) -> SubmissionRow:
    form = draft.form
    ccg_code = draft.ccg_code() or ""
    ccg = directory.ccg(ccg_code) if ccg_code else None
    team_code = _answered_area_team(form, draft) or (ccg.area_team_code if ccg else "")
    team = directory.area_team(team_code) if team_code else None
    report = check_draft(draft, related=related, today=today)
    return SubmissionRow(
        file=str(path),
        status="yes" if report.is_valid else "no",
        first_problem=_first_problem(report),
        form=f"{form.annex} – {form.short_title}",
        ccg_name=ccg.name if ccg else "",
        ccg_code=ccg.ods_code if ccg else ccg_code,
        area_team=team.name if team else team_code,
        region=team.region if team else "",
        errors=len(report.errors),
        warnings=len(report.warnings),
    )


def _answered_area_team(form: FormDefinition, draft: Draft) -> str | None:
    """The area team the submission names; forms without the question fall back to the CCG's."""
    for f in form.fields:
        if f.type == "area_team":
            value = draft.answers.get(f.id)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _first_problem(report: ValidationReport) -> str:
    from proforma_app.core.wording import first_problem  # the words people read, not ids

    return first_problem(report)


# ------------------------------------------------------------------ writing
def render_csv(rows: Sequence[SubmissionRow]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows shows £ and Welsh letters."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_inert_in_spreadsheet(cell) for cell in row.cells()])
    return buffer.getvalue().encode("utf-8-sig")


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert_in_spreadsheet(cell: str) -> str:
    """Text that Excel would run as a formula (a file named '=HYPERLINK(…).json') is quoted."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Proforma submissions report</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; margin: 2em; color: #0b0c0c; }}
h1 {{ font-size: 1.6em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; }}
th, td {{ border: 1px solid #b1b4b6; padding: 0.4em 0.6em; text-align: left; vertical-align: top; }}
th {{ background: #f3f2f1; position: sticky; top: 0; }}
td.num {{ text-align: right; }}
td.file {{ overflow-wrap: anywhere; min-width: 12em; }}
td.problem {{ min-width: 22em; }}
td.num, td.code, td.status {{ white-space: nowrap; }}
tr.valid-yes td.status {{ background: #cce2d8; }}
tr.valid-no td.status {{ background: #f6d7d2; }}
tr.valid-unreadable td.status {{ background: #fff7bf; }}
</style>
</head>
<body>
<h1>Proforma submissions report</h1>
<p>{summary}. Made on {made}.</p>
<table>
<thead><tr>{header}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def render_html(rows: Sequence[SubmissionRow], made: dt.datetime | None = None) -> bytes:
    """A self-contained page (no scripts, nothing fetched); every value is escaped."""
    made = made or dt.datetime.now().astimezone()
    header = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in COLUMNS)
    body = "\n".join(_html_row(row) for row in rows)
    page = _PAGE.format(
        summary=html.escape(summarise(rows).sentence()),
        made=html.escape(made.strftime("%d %B %Y at %H:%M")),
        header=header,
        body=body,
    )
    return page.encode("utf-8")


_CELL_CLASSES = {
    "File": "file",
    "ODS code": "code",
    "Valid": "status",
    "Errors": "num",
    "Warnings": "num",
    "First problem": "problem",
}


def _html_row(row: SubmissionRow) -> str:
    classes = dict.fromkeys(range(len(COLUMNS)), "")
    for column, css_class in _CELL_CLASSES.items():
        classes[COLUMNS.index(column)] = f' class="{css_class}"'
    cells = "".join(
        f"<td{classes[i]}>{html.escape(value, quote=True)}</td>"
        for i, value in enumerate(row.cells())
    )
    return f'<tr class="valid-{row.status}">{cells}</tr>'


def write_report(rows: Sequence[SubmissionRow], target: Path, as_html: bool = False) -> None:
    """Write the whole report or nothing (an open spreadsheet never sees half a file)."""
    payload = render_html(rows) if as_html else render_csv(rows)
    write_atomic(Path(target), payload, keep_backup=False)
