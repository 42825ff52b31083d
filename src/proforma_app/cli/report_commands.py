"""``proforma report``: a reviewer's table of every submission in folders of drafts and exports."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import Any

from proforma_app.report import (
    SECONDS_PER_FILE,
    build_report,
    display_path,
    search,
    summarise,
    write_report,
)

EXIT_OK, EXIT_NO_INPUT_OR_OUTPUT = 0, 2
_HTML_SUFFIXES = (".html", ".htm")


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="validate every draft, PDF and Word export in folders; write one row per submission",
        description=(
            "Reads every draft (.json) and Proforma export (.pdf, .docx) in the folders and "
            "files given, validates each, and writes a table: file, form, CCG, ODS code, area "
            "team, region, valid, errors, warnings, first problem, other copies of the same "
            "submission. A file that cannot be read is a row saying why. The format follows "
            "FILE's extension (.csv, or .html/.htm). Exit 0 when the report is written (even "
            "if submissions have errors), 2 when nothing was found or the report cannot be "
            "written."
        ),
    )
    report.add_argument("inputs", nargs="+", type=Path, metavar="DIR_OR_FILE")
    report.add_argument(
        "--out",
        "-o",
        required=True,
        type=Path,
        metavar="FILE",
        help="where to write the report: a new file, or a regular file to replace",
    )
    report.add_argument(
        "--html", action="store_true", help="write HTML (FILE must not end in .csv)"
    )
    report.add_argument(
        "--seconds-per-file",
        type=_positive_seconds,
        default=SECONDS_PER_FILE,
        metavar="S",
        help=f"stop reading a file after S seconds; it is a row saying so (default {SECONDS_PER_FILE:g})",
    )
    report.set_defaults(func=_report)


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return seconds


def _report(args: argparse.Namespace) -> int:
    out: Path = args.out
    as_html = _wants_html(out, args.html)
    if as_html is None:
        return EXIT_NO_INPUT_OR_OUTPUT
    refusal = _output_refusal(out)
    if refusal:
        print(f"proforma: cannot write {display_path(out)}: {refusal}", file=sys.stderr)
        return EXIT_NO_INPUT_OR_OUTPUT
    for path in args.inputs:
        if not os.path.lexists(path):
            print(f"proforma: {display_path(path)} does not exist", file=sys.stderr)
    found = search(args.inputs)
    if _is_one_of(out, found.files + list(args.inputs)):
        print(
            f"proforma: cannot write {display_path(out)}: it is one of the submissions to "
            "read; choose another name",
            file=sys.stderr,
        )
        return EXIT_NO_INPUT_OR_OUTPUT
    if not any(os.path.lexists(f) for f in found.files) and not found.unreadable_folders:
        print(
            "proforma: no drafts (.json) or exports (.pdf, .docx) found in "
            + ", ".join(display_path(p) for p in args.inputs),
            file=sys.stderr,
        )
        return EXIT_NO_INPUT_OR_OUTPUT
    rows = build_report(found, seconds_per_file=args.seconds_per_file)
    try:
        write_report(rows, out, as_html=as_html)
    except OSError as exc:
        print(f"proforma: cannot write {display_path(out)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_NO_INPUT_OR_OUTPUT
    print(f"{summarise(rows).sentence()}; report written to {display_path(out)}")
    return EXIT_OK


def _wants_html(out: Path, html_flag: bool) -> bool | None:
    """HTML or CSV from the extension; None (said why) when --html contradicts it."""
    suffix = out.suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return True
    if suffix == ".csv":
        if html_flag:
            print(
                f"proforma: --html asks for HTML but {display_path(out)} ends in .csv; "
                "name the report .html, or leave out --html for CSV",
                file=sys.stderr,
            )
            return None
        return False
    return html_flag


def _output_refusal(out: Path) -> str | None:
    """Why ``out`` must not be replaced: only a regular file or a new name is written."""
    try:
        info = os.stat(out)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISDIR(info.st_mode):
        return "it is a folder"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file (a device, pipe or socket)"
    return None


def _is_one_of(out: Path, inputs: list[Path]) -> bool:
    try:
        target = os.stat(out)
    except OSError:
        return False
    for path in inputs:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False
