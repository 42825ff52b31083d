"""``proforma export`` and ``proforma import``: Word and PDF submissions, and the draft back
out of one so a reviewer can check what was received."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from proforma_app.cli.core_commands import output_is_free
from proforma_app.files.draft_format import DraftError, dumps_draft
from proforma_app.files.storage import DraftFileError, read_draft, write_atomic
from proforma_app.locations import path_names

EXIT_OK, EXIT_REFUSED, EXIT_UNREADABLE = 0, 1, 2


def register(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export",
        help="write a draft as PDF and/or Word; a draft with errors only with --draft",
        description=(
            "Export a draft as a PDF and/or a Word document, each carrying the draft so it "
            "can be imported again. With neither --pdf nor --docx, both are written next to "
            "FILE. A final export of a draft with errors is refused (exit 1, errors listed); "
            "--draft exports anyway, marked 'DRAFT – NOT FOR SUBMISSION' on every page with "
            "the outstanding problems listed at the end. Warnings never block. "
            "Exit 2 when FILE cannot be read or an output cannot be written."
        ),
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the draft (.json)")
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="write a PDF here")
    export.add_argument("--docx", type=Path, metavar="OUT.docx", help="write a Word document here")
    export.add_argument(
        "--draft",
        action="store_true",
        help="export even with errors, marked DRAFT on every page with the problems listed",
    )
    export.set_defaults(func=_export)

    read_back = subparsers.add_parser(
        "import",
        help="read the draft embedded in a PDF or Word export back into a draft file",
        description=(
            "Read the draft a Proforma PDF or Word export carries and write it as a draft "
            "file, so it can be validated or opened again. Exit 2 when the export holds no "
            "draft or OUT cannot be written."
        ),
    )
    read_back.add_argument("file", type=Path, metavar="FILE", help="a .pdf or .docx export")
    read_back.add_argument(
        "-o", "--output", required=True, type=Path, metavar="OUT.json", help="draft to write"
    )
    read_back.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    read_back.set_defaults(func=_import)


def _targets(args: argparse.Namespace) -> list[tuple[str, Path]]:
    if args.pdf is None and args.docx is None:
        return [(fmt, path_names.export_path(args.file, fmt)) for fmt in ("pdf", "docx")]
    targets = []
    if args.pdf is not None:
        targets.append(("pdf", args.pdf))
    if args.docx is not None:
        targets.append(("docx", args.docx))
    return targets


def _export(args: argparse.Namespace) -> int:
    # Imported here so the other commands never pay for the export modules.
    from proforma_app.core.validation import check_draft
    from proforma_app.export import ExportRefused, export_with_warnings

    try:
        draft = read_draft(args.file)
    except DraftFileError as exc:
        print(f"{exc.path}: cannot read: {exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    source = args.file.resolve()
    targets = _targets(args)
    for _, target in targets:
        if target.resolve() == source:
            print(f"proforma: {target} is the draft itself; choose another name", file=sys.stderr)
            return EXIT_UNREADABLE
    listed = False
    report = check_draft(draft)  # once for every format
    for fmt, target in targets:
        try:
            result = export_with_warnings(draft, target, fmt, mark_draft=args.draft, report=report)
        except ExportRefused as refused:
            for problem in refused.report.problems:
                print(f"{args.file}: {problem.location}: {problem.severity}: {problem.message}")
            count = len(refused.report.errors)
            print(
                f"proforma: final export refused: {args.file} has {count} "
                f"error{'s' if count != 1 else ''}; fix {'them' if count != 1 else 'it'} or "
                "export a marked draft with --draft",
                file=sys.stderr,
            )
            return EXIT_REFUSED
        except OSError as exc:
            print(f"proforma: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        if not listed:
            for problem in result.report.problems:
                print(f"{args.file}: {problem.location}: {problem.severity}: {problem.message}")
            listed = True
        for warning in result.warnings:
            print(f"proforma: warning: {target}: {warning}", file=sys.stderr)
        kind = "a marked draft " if args.draft else ""
        print(f"Wrote {kind}{fmt.upper()} export to {target}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from proforma_app.export import read_embedded_draft

    try:
        draft = read_embedded_draft(args.file)
    except DraftError as exc:
        print(f"{args.file}: cannot import: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not output_is_free(args.output, args.force):
        return EXIT_UNREADABLE
    try:
        # saved_at is kept: it says when the officer last saved what they submitted.
        write_atomic(args.output, dumps_draft(draft).encode("utf-8"), keep_backup=False)
    except OSError as exc:
        print(f"proforma: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Wrote the {draft.form.annex} draft from {args.file} to {args.output}")
    return EXIT_OK
