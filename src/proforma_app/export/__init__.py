"""Word and PDF exports of a draft, reading the draft back out of one, and printing.

The GUI, the command line and the reviewer report call only this module. One rendering
plan (``proforma_app.render``) feeds every backend; backends are registered by format id
and imported on first use, so opening the app or reading an export never loads both
the PDF and the Word libraries. The rendering plan, reading a draft back out of an export
and printing are loaded on first use too (ADR 0001): the window imports this module at
start-up and needs none of them until the officer exports.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from proforma_app.core.draft import Draft
from proforma_app.core.validation import ValidationReport, check_draft
from proforma_app.files.storage import write_atomic

if TYPE_CHECKING:
    from proforma_app.export.embedded import read_embedded_draft
    from proforma_app.export.printing import print_pdf
    from proforma_app.render import Document

__all__ = [
    "FORMATS",
    "ExportRefused",
    "ExportResult",
    "export_draft",
    "export_with_warnings",
    "print_pdf",
    "read_embedded_draft",
    "render_export",
]

FORMATS: tuple[str, ...] = ("pdf", "docx")

Backend = Callable[["Document", BinaryIO], list[str]]
"""Lays a document out into a binary stream; returns warnings for the officer."""

_BACKENDS: dict[str, tuple[str, str]] = {
    "pdf": ("proforma_app.export.pdf_backend", "render_pdf"),
    "docx": ("proforma_app.export.docx_backend", "render_docx"),
}

_log = logging.getLogger(__name__)

_ON_FIRST_USE: dict[str, str] = {
    "read_embedded_draft": "proforma_app.export.embedded",
    "print_pdf": "proforma_app.export.printing",
}


def __getattr__(name: str) -> Any:
    """``read_embedded_draft`` and ``print_pdf``, imported when first asked for."""
    try:
        module_name = _ON_FIRST_USE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


class ExportRefused(Exception):
    """A final export of a draft that has errors; ``report`` holds them."""

    def __init__(self, report: ValidationReport) -> None:
        count = len(report.errors)
        super().__init__(
            f"the draft has {count} error{'s' if count != 1 else ''}; fix "
            f"{'them' if count != 1 else 'it'} first, or export a marked draft"
        )
        self.report = report


@dataclass(frozen=True)
class ExportResult:
    """What an export used and what the officer should know about it."""

    report: ValidationReport
    warnings: tuple[str, ...]
    """E.g. characters the PDF fonts cannot draw (printed as U+FFFD)."""


def backend(fmt: str) -> Backend:
    """The backend registered for format id ``fmt`` ('pdf' or 'docx')."""
    try:
        module_name, function_name = _BACKENDS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {FORMATS}") from None
    function: Backend = getattr(importlib.import_module(module_name), function_name)
    return function


def render_export(
    draft: Draft,
    fmt: str,
    *,
    mark_draft: bool = False,
    now: dt.datetime | None = None,
    report: ValidationReport | None = None,
) -> tuple[bytes, ExportResult]:
    """The export's bytes, without writing anything (used by ``export_draft`` and tests)."""
    render = backend(fmt)
    report = report if report is not None else check_draft(draft)
    if not mark_draft and not report.is_valid:
        raise ExportRefused(report)
    exported_at = now or dt.datetime.now().astimezone()
    from proforma_app.render import build_document  # the plan loads on first export

    document = build_document(draft, report, mark_draft=mark_draft, exported_at=exported_at)
    buffer = io.BytesIO()
    warnings = tuple(render(document, buffer))
    return buffer.getvalue(), ExportResult(report, warnings)


def export_with_warnings(
    draft: Draft,
    target: Path,
    fmt: str,
    *,
    mark_draft: bool = False,
    now: dt.datetime | None = None,
    report: ValidationReport | None = None,
) -> ExportResult:
    """Like :func:`export_draft`, also returning warnings about the output itself;
    ``report``, when given, is the draft's validation report (saves checking it again)."""
    payload, result = render_export(draft, fmt, mark_draft=mark_draft, now=now, report=report)
    write_atomic(Path(target), payload, keep_backup=False)
    for warning in result.warnings:
        _log.warning("%s: %s", target, warning)
    return result


def export_draft(
    draft: Draft,
    target: Path,
    fmt: str,
    *,
    mark_draft: bool = False,
    now: dt.datetime | None = None,
) -> ValidationReport:
    """Write the export atomically; raises :class:`ExportRefused` when not ``mark_draft``
    and the draft has errors; returns the validation report used.

    Warnings (problems that never block, and characters the PDF fonts lack) do not stop
    an export; the latter are logged, and :func:`export_with_warnings` returns them.
    """
    return export_with_warnings(draft, target, fmt, mark_draft=mark_draft, now=now).report
