"""``proforma report``: a reviewer's table of every submission in folders of drafts and exports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from proforma_app.report import build_report, find_submission_files, summarise, write_report

EXIT_OK, EXIT_NO_INPUT_OR_OUTPUT = 0, 2


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="validate every draft, PDF and Word export in folders; write one row per submission",
        description=(
            "Reads every draft (.json) and Proforma export (.pdf, .docx) in the folders and "
            "files given, validates each, and writes a table: file, form, CCG, ODS code, area "
            "team, region, valid, errors, warnings, first problem. A file that cannot be read "
            "is a row saying why. Exit 0 when the report is written (even if submissions have "
            "errors), 2 when nothing was found or the report cannot be written."
        ),
    )
    report.add_argument("inputs", nargs="+", type=Path, metavar="DIR_OR_FILE")
    report.add_argument(
        "--out",
        "-o",
        required=True,
        type=Path,
        metavar="FILE",
        help="where to write the report (CSV, or HTML when FILE ends in .html)",
    )
    report.add_argument("--html", action="store_true", help="write HTML instead of CSV")
    report.set_defaults(func=_report)


def _report(args: argparse.Namespace) -> int:
    missing = [p for p in args.inputs if not p.exists()]
    for path in missing:
        print(f"proforma: {path} does not exist", file=sys.stderr)
    existing = [p for p in args.inputs if p.exists()]
    if not find_submission_files(existing):
        print(
            "proforma: no drafts (.json) or exports (.pdf, .docx) found in "
            + ", ".join(str(p) for p in args.inputs),
            file=sys.stderr,
        )
        return EXIT_NO_INPUT_OR_OUTPUT
    rows = build_report(args.inputs)
    as_html = args.html or args.out.suffix.lower() in (".html", ".htm")
    try:
        write_report(rows, args.out, as_html=as_html)
    except OSError as exc:
        print(f"proforma: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_NO_INPUT_OR_OUTPUT
    print(f"{summarise(rows).sentence()}; report written to {args.out}")
    return EXIT_OK
