"""``proforma forms | new | validate | schema``: the commands that need only the core."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from proforma_app.core.answers import answers_json_schema
from proforma_app.core.catalogue import UnknownFormError, builtin_forms, get_form
from proforma_app.core.draft import Draft, new_draft
from proforma_app.core.validation import (
    ValidationReport,
    arrangement_ccgs,
    check_draft,
    submitting_ccg,
)
from proforma_app.core.wording import counted, problem_count
from proforma_app.files.migrations import UpgradeNotice, upgrade_notice
from proforma_app.files.storage import DraftFileError, read_draft, write_draft

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def register(subparsers: Any) -> None:
    forms = subparsers.add_parser("forms", help="list the forms Proforma knows")
    forms.set_defaults(func=_forms)

    new = subparsers.add_parser("new", help="write an empty draft of a form")
    new.add_argument(
        "form_id", metavar="FORM_ID", help="e.g. annex_a, annex_b, constitution_amendment"
    )
    new.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    new.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    new.set_defaults(func=_new)

    validate = subparsers.add_parser(
        "validate", help="check drafts; exit 1 if any has an error, 2 if one cannot be read"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("--json", action="store_true", help="print one JSON array")
    validate.set_defaults(func=_validate)

    schema = subparsers.add_parser("schema", help="print the JSON Schema of a form's answers")
    schema.add_argument("form_id", metavar="FORM_ID")
    schema.set_defaults(func=_schema)


def _forms(_: argparse.Namespace) -> int:
    for form in builtin_forms().values():
        print(f"{form.form_id}\t{form.annex}: {form.title}")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    try:
        draft = new_draft(args.form_id)
    except UnknownFormError as exc:
        print(f"proforma: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not output_is_free(args.output, args.force):
        return EXIT_UNREADABLE
    try:
        write_draft(args.output, draft, keep_backup=False)
    except OSError as exc:
        print(f"proforma: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Wrote an empty {draft.form.annex} draft to {args.output}")
    return EXIT_OK


def output_is_free(path: Path, force: bool) -> bool:
    """False (and says why) when ``path`` exists and the user did not ask to overwrite it."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True  # a new name (a missing folder is reported when writing)
    except OSError as exc:  # e.g. a folder on the way that cannot be searched
        print(f"proforma: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    if not force:
        print(f"proforma: {path} already exists; use --force to overwrite it", file=sys.stderr)
        return False
    return True


def load_drafts(files: list[Path]) -> tuple[list[tuple[Path, Draft]], list[DraftFileError]]:
    """Read every file, keeping going past the ones that cannot be read."""
    loaded: list[tuple[Path, Draft]] = []
    failed: list[DraftFileError] = []
    for path in files:
        try:
            loaded.append((path, read_draft(path)))
        except DraftFileError as exc:
            failed.append(exc)
    return loaded, failed


def _validate(args: argparse.Namespace) -> int:
    loaded, failed = load_drafts(args.files)
    # Related forms agree only within one CCG: each draft is compared with the drafts that
    # name its CCG as taking part (an Annex A names its lead and partner CCGs), so the
    # work stays linear in files.
    naming: dict[str, list[Draft]] = {}
    for _, draft in loaded:
        for code in arrangement_ccgs(draft.form, draft.answers):
            naming.setdefault(code, []).append(draft)
    reports: list[tuple[Path, Draft, ValidationReport]] = [
        (
            path,
            draft,
            check_draft(
                draft, related=naming.get(submitting_ccg(draft.form, draft.answers) or "", [])
            ),
        )
        for path, draft in loaded
    ]
    if args.json:
        out: list[dict[str, Any]] = [
            {
                "file": str(path),
                "form_id": draft.form_id,
                "valid": report.is_valid,
                "upgraded": _notice_dict(_notice(draft)),
                "problems": [p.as_dict() | {"field": p.location} for p in report.problems],
            }
            for path, draft, report in reports
        ]
        out.extend(
            {
                "file": str(exc.path),
                "form_id": None,
                "valid": False,
                "error": exc.reason,
                "problems": [],
            }
            for exc in failed
        )
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for path, draft, report in reports:
            notice = _notice(draft)
            if notice is not None:
                for line in notice.lines():
                    print(f"{path}: {line}", file=sys.stderr)
            for p in report.problems:
                cited = f" ({p.citation})" if p.citation else ""
                print(f"{path}: {p.location}: {p.severity}: {p.message}{cited}")
        for exc in failed:
            print(f"{exc.path}: cannot read: {exc.reason}", file=sys.stderr)
        invalid = sum(1 for *_, r in reports if not r.is_valid)
        errors = sum(len(r.errors) for *_, r in reports)
        warnings = sum(len(r.warnings) for *_, r in reports)
        print(
            f"{counted(len(args.files), 'file')}: {len(reports) - invalid} valid, "
            f"{invalid} with errors, {len(failed)} unreadable; "
            f"{problem_count(errors, warnings, 'no problems')}"
        )
    if failed:
        return EXIT_UNREADABLE
    return EXIT_INVALID if any(not r.is_valid for *_, r in reports) else EXIT_OK


def _notice(draft: Draft) -> UpgradeNotice | None:
    """What changed, when the draft was made for an older version of its form."""
    if draft.upgraded_from is None:
        return None
    return upgrade_notice(draft.form, draft.upgraded_from[1], draft.answers)


def _notice_dict(notice: UpgradeNotice | None) -> dict[str, Any] | None:
    if notice is None:
        return None
    return {
        "from_version": notice.from_version,
        "to_version": notice.to_version,
        "changes": list(notice.changes),
        "new_questions": [field_id for field_id, _ in notice.new_questions],
    }


def _schema(args: argparse.Namespace) -> int:
    try:
        form = get_form(args.form_id)
    except UnknownFormError as exc:
        print(f"proforma: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(json.dumps(answers_json_schema(form), indent=2, ensure_ascii=False))
    return EXIT_OK
