"""Export and print a session's draft, asking where and saying why when it cannot.

A final export is refused while errors remain (the menu says why); a draft export carries
the DRAFT mark and is always allowed. Every export uses the session's report, checked
against the other open drafts as the window's is, so a marked draft lists exactly the
problems the window listed. The exporters' own libraries load on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from proforma_app import export as exporter
from proforma_app.core.session import DraftSession
from proforma_app.core.wording import counted
from proforma_app.gui import dialogs
from proforma_app.gui.draft_files import DraftFile
from proforma_app.locations import path_names, paths

_FILTERS = {"pdf": dialogs.PDF_FILTER, "docx": dialogs.WORD_FILTER}
_NAMES = {"pdf": "PDF", "docx": "Word"}


@dataclass(frozen=True)
class Done:
    """A file written, and what to tell the officer about it."""

    path: Path
    said: str
    """For the window's banner."""
    status: str
    """For the status bar."""


def export_session(
    parent: QWidget, session: DraftSession, file: DraftFile, fmt: str, mark_draft: bool
) -> Done | None:
    """Ask where, export with the session's report, and say why when it cannot."""
    report = session.report
    if not mark_draft and not report.is_valid:
        count = len(report.errors)
        answer = dialogs.ask(
            parent,
            dialogs.Question(
                "warning",
                "Final export not available",
                f"The submission still has {counted(count, 'error')}; "
                "fix them before exporting the final version.",
                ("Export a draft instead", "Cancel"),
                "A draft export is marked DRAFT on every page.",
                cancel="Cancel",
            ),
        )
        if answer != "Export a draft instead":
            return None
        mark_draft = True
    suffix = f".{fmt}"
    tail = "-DRAFT" if mark_draft else ""
    target = dialogs.choose_save_path(
        parent,
        f"Export {'a draft ' if mark_draft else ''}{_NAMES[fmt]} document",
        file.suggested_path(suffix, tail),
        _FILTERS[fmt],
    )
    if target is None:
        return None
    target = path_names.with_format_suffix(target, fmt)
    try:
        exporter.export_with_warnings(
            session.draft, target, fmt, mark_draft=mark_draft, report=report
        )
    except exporter.ExportRefused as refused:
        count = len(refused.report.errors)
        dialogs.inform(
            parent,
            "warning",
            "Final export not available",
            f"The submission has {counted(count, 'error')}; fix {'it' if count == 1 else 'them'} first, "
            "or export a draft.",
        )
        return None
    except OSError as exc:
        dialogs.inform(
            parent,
            "error",
            "Export failed",
            f"Proforma could not write {target.name}: {exc.strerror or exc}.",
            "Your answers are unchanged. Try another folder.",
        )
        return None
    kind = "A draft marked DRAFT" if mark_draft else "The submission"
    return Done(
        target, f"{kind} was exported as {_NAMES[fmt]}: {target.name}", f"Exported {target}"
    )


def print_session(parent: QWidget, session: DraftSession, file: DraftFile) -> Done | None:
    """Print the submission (marked DRAFT while errors remain) through the system's PDF
    printing, with the session's report."""
    report = session.report
    mark = not report.is_valid
    folder = paths.user_data_dir() / "print"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file.suggested_path(".pdf", "-DRAFT" if mark else "").name
    try:
        exporter.export_with_warnings(session.draft, target, "pdf", mark_draft=mark, report=report)
        exporter.print_pdf(target)
    except OSError as exc:
        dialogs.inform(
            parent,
            "error",
            "Printing failed",
            f"Proforma could not print the submission: {exc.strerror or exc}.",
            f"You can export a PDF and print it from your PDF reader. The print file is {target}.",
        )
        return None
    said = "Sent to the printer" + (" (marked DRAFT: errors remain)" if mark else "")
    return Done(target, f"{said}. The printed copy is kept as {target.name}.", said)
