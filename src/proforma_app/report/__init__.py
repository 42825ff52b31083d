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
import hashlib
import html
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from proforma_app.core.definition import FormDefinition
from proforma_app.core.draft import Draft
from proforma_app.core.reference import CcgDirectory, ccg_directory
from proforma_app.core.validation import (
    Problem,
    ValidationReport,
    arrangement_ccgs,
    check_draft,
    comparable_answer,
    related_fields,
    related_form_problems,
    submitting_ccg,
)
from proforma_app.files.draft_format import DraftError
from proforma_app.files.storage import DraftFileError, read_draft, write_atomic
from proforma_app.files.untrusted.budget import TimeBudgetExceeded, time_budget

DRAFT_SUFFIXES = frozenset({".json"})
EXPORT_SUFFIXES = frozenset({".pdf", ".docx"})
"""Files a folder is searched for; exports are read through the draft they embed."""
SECONDS_PER_FILE = 30.0
"""A file that takes longer is a row saying so (a real one takes well under a second)."""
MAX_RELATED_PER_FORM = 5
"""Distinct submissions of a related form compared with each submission of the same CCG."""

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
    "Same submission as",
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
    copies: tuple[str, ...] = ()
    """Other files given that hold the same submission (same form, CCG and answers)."""

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
            "; ".join(self.copies),
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


def display_path(path: Path | str) -> str:
    """A path as text that any output can hold: bytes that are not UTF-8 shown escaped."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


# ------------------------------------------------------------------ finding files
@dataclass(slots=True)
class Search:
    """Files to read, and folders that could not be searched (each becomes a row)."""

    files: list[Path] = field(default_factory=list)
    unreadable_folders: list[tuple[Path, str]] = field(default_factory=list)


def search(inputs: Iterable[Path]) -> Search:
    """Files named on the command line, and drafts and exports anywhere inside folders.

    Hidden files and folders (names starting with a dot: version control, editors'
    temporary files, half-written saves) are left out of folder searches. A path that
    does not exist is kept, so the report says so rather than forgetting it; so is a
    folder that cannot be opened.
    """
    found: dict[str, Path] = {}
    result = Search()
    for given in inputs:
        path = Path(given)
        candidates = _files_under(path, result) if path.is_dir() else [path]
        for candidate in candidates:
            found.setdefault(_identity(candidate), candidate)
    result.files = sorted(found.values(), key=lambda p: (display_path(p).casefold(), str(p)))
    return result


def find_submission_files(inputs: Iterable[Path]) -> list[Path]:
    """The files :func:`search` finds."""
    return search(inputs).files


def _files_under(folder: Path, result: Search) -> Iterator[Path]:
    wanted = DRAFT_SUFFIXES | EXPORT_SUFFIXES

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        result.unreadable_folders.append(
            (where, f"this folder cannot be searched ({error.strerror or error})")
        )

    try:
        for root, dirs, names in os.walk(folder, onerror=unreadable, followlinks=False):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if not name.startswith(".") and Path(name).suffix.lower() in wanted:
                    yield Path(root) / name
    except RecursionError:  # os.walk recurses: folders nested a thousand deep
        result.unreadable_folders.append(
            (folder, "this folder's sub-folders nest too deeply to search them all")
        )


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
    return _read(path, with_text=False)[0]


def _read(path: Path, with_text: bool) -> tuple[Draft, str | None]:
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        try:
            return read_draft(path), None
        except DraftFileError as exc:
            raise DraftError(exc.reason) from None
    from proforma_app.export.embedded import read_export  # only batches with exports pay

    try:
        contents = read_export(path, with_text=with_text)
    except DraftError:
        raise
    except Exception as exc:
        # The last line of defence of a batch: a damaged PDF or Word file can fail anywhere
        # inside the third-party readers, and one bad file must not stop the report.
        kind = "PDF" if path.suffix.lower() == ".pdf" else "Word document"
        raise DraftError(
            f"the file is damaged or is not a {kind} exported by Proforma ({type(exc).__name__})"
        ) from None
    return contents.draft, contents.visible_text


# ------------------------------------------------------------------ the report
@dataclass(slots=True)
class _Assessed:
    """What is kept of one readable file once it has been read: never the draft itself."""

    shown: str
    form: FormDefinition
    submission: tuple[str, str, str]
    """(form id, CCG code, digest of the answers): copies of one submission share it."""
    compared: dict[str, Any]
    """Only the answers related-form checks look at, large ones as digests."""
    errors: int
    warnings: int
    first_error: Problem | None
    first_warning: Problem | None
    facts: tuple[str, str, str, str, str, str]
    """(form, CCG name, ODS code, area team, region) cells, and the file's suffix."""


def build_report(
    inputs: Iterable[Path] | Search,
    today: dt.date | None = None,
    directory: CcgDirectory | None = None,
    seconds_per_file: float | None = SECONDS_PER_FILE,
) -> list[SubmissionRow]:
    """One row per file found (and per folder that cannot be searched); never raises.

    ``inputs`` are folders and files, or what :func:`search` found in them.

    Files are read one at a time and only a row's worth of each is kept, so memory does
    not grow with the drafts' size; related-form checks then run once per distinct
    submission against the submissions of the same CCG only, so the cost is linear.
    """
    directory = directory or ccg_directory()
    found = inputs if isinstance(inputs, Search) else search(inputs)
    rows: list[SubmissionRow] = [
        SubmissionRow(display_path(folder), "unreadable", first_problem=reason)
        for folder, reason in found.unreadable_folders
    ]
    assessed: list[_Assessed] = []
    for path in found.files:
        try:
            with time_budget(seconds_per_file):
                assessed.append(_assess(path, today, directory))
        except DraftError as exc:
            rows.append(SubmissionRow(display_path(path), "unreadable", first_problem=str(exc)))
        except TimeBudgetExceeded as exc:
            rows.append(SubmissionRow(display_path(path), "unreadable", first_problem=str(exc)))
        except (MemoryError, RecursionError) as exc:
            reason = f"the file is too large or too deeply nested to check ({type(exc).__name__})"
            rows.append(SubmissionRow(display_path(path), "unreadable", first_problem=reason))
    rows.extend(_cross_checked(assessed))
    return sorted(rows, key=lambda r: (r.file.casefold(), r.file))


def _assess(path: Path, today: dt.date | None, directory: CcgDirectory) -> _Assessed:
    is_export = path.suffix.lower() in EXPORT_SUFFIXES
    draft, text = _read(path, with_text=is_export)
    form = draft.form
    report = check_draft(draft, today=today)
    problems = list(report.problems)
    if text is not None and draft.upgraded_from is None:
        # (an export made by an older version shows its answers as that version did)
        from proforma_app.report.consistency import visible_mismatch

        mismatch = visible_mismatch(draft, report, text, directory)
        if mismatch is not None:
            problems.append(mismatch)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    ccg_code = draft.ccg_code() or ""
    ccg = directory.ccg(ccg_code) if ccg_code else None
    team_code = _answered_area_team(form, draft) or (ccg.area_team_code if ccg else "")
    team = directory.area_team(team_code) if team_code else None
    return _Assessed(
        shown=display_path(path),
        form=form,
        submission=(form.form_id, ccg_code, _digest(draft.answers)),
        compared=_compared_answers(form, draft.answers),
        errors=len(errors),
        warnings=len(warnings),
        first_error=errors[0] if errors else None,
        first_warning=warnings[0] if warnings else None,
        facts=(
            f"{form.annex} – {form.short_title}",
            ccg.name if ccg else "",
            ccg.ods_code if ccg else ccg_code,
            team.name if team else team_code,
            team.region if team else "",
            path.suffix.lower(),
        ),
    )


def _cross_checked(assessed: Sequence[_Assessed]) -> Iterator[SubmissionRow]:
    """Rows for the readable files, each distinct submission cross-checked once."""
    copies: dict[tuple[str, str, str], list[_Assessed]] = defaultdict(list)
    for item in assessed:
        copies[item.submission].append(item)
    index = _RelatedIndex([group[0] for group in copies.values()])
    for group in copies.values():
        related = index.problems_of(group[0])
        names = [item.shown for item in group]
        for item in group:
            yield _row(item, related, tuple(n for n in names if n != item.shown))


class _RelatedIndex:
    """Distinct submissions by (form, CCG taking part), built once per form asked for, so
    each related-form check looks only at the submissions that name the same CCG (an
    Annex A names its lead and partner CCGs)."""

    def __init__(self, submissions: Sequence[_Assessed]) -> None:
        self._by_form: dict[str, list[_Assessed]] = defaultdict(list)
        for item in submissions:
            self._by_form[item.form.form_id].append(item)
        self._built: dict[str, dict[str, list[_Assessed]]] = {}

    def problems_of(self, item: _Assessed) -> list[Problem]:
        mine = submitting_ccg(item.form, item.compared)
        if mine is None:
            return []
        others: list[tuple[FormDefinition, Mapping[str, Any], str]] = []
        form_ids = dict.fromkeys(f for check in item.form.related_forms for f in check.form_ids)
        for form_id in form_ids:
            matching = self._naming(form_id).get(mine, ())
            others.extend((o.form, o.compared, o.shown) for o in matching[:MAX_RELATED_PER_FORM])
        if not others:
            return []
        return related_form_problems(item.form, item.compared, others)

    def _naming(self, form_id: str) -> dict[str, list[_Assessed]]:
        built = self._built.get(form_id)
        if built is None:
            built = defaultdict(list)
            for other in self._by_form.get(form_id, ()):
                for code in arrangement_ccgs(other.form, other.compared):
                    built[code].append(other)
            self._built[form_id] = built
        return built


def _row(item: _Assessed, related: Sequence[Problem], copies: tuple[str, ...]) -> SubmissionRow:
    first_warning = item.first_warning or (related[0] if related else None)
    kept = tuple(p for p in (item.first_error, first_warning) if p is not None)
    form_label, ccg_name, ccg_code, area_team, region, _ = item.facts
    return SubmissionRow(
        file=item.shown,
        status="no" if item.errors else "yes",
        first_problem=_first_problem(ValidationReport(item.form.form_id, kept)),
        form=form_label,
        ccg_name=ccg_name,
        ccg_code=ccg_code,
        area_team=area_team,
        region=region,
        errors=item.errors,
        warnings=item.warnings + len(related),
        copies=copies,
    )


def _digest(answers: Mapping[str, Any]) -> str:
    """Copies of one submission (its .json, .pdf and .docx) have equal answers."""
    text = json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_SMALL_ANSWER = 256
"""Answers compared across forms longer than this (as JSON) are kept as a digest."""


@dataclass(frozen=True, slots=True)
class _Compared:
    """An answer too large to keep, standing for its comparable form (equal iff equal)."""

    digest: str


def _compared_answers(form: FormDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    ccg_columns = dict(ref.partition(".")[::2] for ref in form.ccg_refs if "." in ref)
    for field_id in _fields_compared(form):
        value = answers.get(field_id)
        if value is None:
            continue
        column = ccg_columns.get(field_id)
        if column and isinstance(value, list):  # a table of CCGs: only its codes are read
            kept[field_id] = [{column: row.get(column)} for row in value if isinstance(row, dict)]
        elif len(json.dumps(value, default=str)) <= _SMALL_ANSWER:
            kept[field_id] = value
        else:
            canonical = _canonical(comparable_answer(value))
            kept[field_id] = _Compared(
                hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
            )
    return kept


def _canonical(value: Any) -> str:
    if isinstance(value, frozenset | set):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, tuple | list):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{_canonical(v)}" for k, v in sorted(value.items())) + "}"
    return repr(value)


_COMPARED_FIELDS: dict[str, frozenset[str]] = {}


def _fields_compared(form: FormDefinition) -> frozenset[str]:
    """The answers of ``form`` that any related-form check reads, on either side."""
    cached = _COMPARED_FIELDS.get(form.form_id)
    if cached is not None:
        return cached
    from proforma_app.core.catalogue import builtin_forms

    _COMPARED_FIELDS[form.form_id] = related_fields(form, builtin_forms().values())
    return _COMPARED_FIELDS[form.form_id]


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
EXCEL_CELL_LIMIT = 32_767
"""Excel's most characters in one cell; longer text is cut, saying so."""
_CUT_MARK = "… [cut: {count:,} more characters]"


def render_csv(rows: Sequence[SubmissionRow]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows shows £ and Welsh letters."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_inert_in_spreadsheet(cell) for cell in row.cells()])
    return buffer.getvalue().encode("utf-8-sig")


_FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66\u2212")
"""What Excel or LibreOffice may read as the start of a formula, full-width forms included."""


def _inert_in_spreadsheet(cell: str) -> str:
    """A cell a spreadsheet would run ('=HYPERLINK(…)', ' =1+1', '＝1') becomes plain text,
    and a cell over Excel's limit is cut with a mark saying how much was left out."""
    stripped = cell.lstrip()
    if cell and (cell[0] in _FORMULA_STARTS or (stripped and stripped[0] in _FORMULA_STARTS)):
        cell = "'" + cell
    if len(cell) > EXCEL_CELL_LIMIT:
        mark = _CUT_MARK.format(count=len(cell))
        keep = EXCEL_CELL_LIMIT - len(mark)
        mark = _CUT_MARK.format(count=len(cell) - keep)
        cell = cell[:keep] + mark
    return cell


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
