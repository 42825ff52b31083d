"""Export and print from a window; the exporter is imported only when first used.

A final export is refused while errors remain (the menu says why); a draft export carries
the DRAFT mark and is always allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from proforma_app.core.wording import counted
from proforma_app.gui import dialogs
from proforma_app.locations import path_names, paths

if TYPE_CHECKING:
    from proforma_app.gui.form_window import FormWindow

_FILTERS = {"pdf": dialogs.PDF_FILTER, "docx": dialogs.WORD_FILTER}
_NAMES = {"pdf": "PDF", "docx": "Word"}


def export_from_window(window: FormWindow, fmt: str, mark_draft: bool) -> Path | None:
    """Ask where, export, and say what happened; returns the file written."""
    from proforma_app import export as exporter

    window.revalidate()
    if not mark_draft and not window.report.is_valid:
        count = len(window.report.errors)
        answer = dialogs.ask(
            window,
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
        window,
        f"Export {'a draft ' if mark_draft else ''}{_NAMES[fmt]} document",
        window.suggested_path(suffix, tail),
        _FILTERS[fmt],
    )
    if target is None:
        return None
    target = path_names.with_format_suffix(target, fmt)
    try:
        exporter.export_draft(window.draft, target, fmt, mark_draft=mark_draft)  # type: ignore[arg-type]
    except exporter.ExportRefused as refused:
        count = len(refused.report.errors)
        dialogs.inform(
            window,
            "warning",
            "Final export not available",
            f"The submission has {counted(count, 'error')}; fix {'it' if count == 1 else 'them'} first, "
            "or export a draft.",
        )
        return None
    except OSError as exc:
        dialogs.inform(
            window,
            "error",
            "Export failed",
            f"Proforma could not write {target.name}: {exc.strerror or exc}.",
            "Your answers are unchanged. Try another folder.",
        )
        return None
    kind = "A draft marked DRAFT" if mark_draft else "The submission"
    window.confirm(f"{kind} was exported as {_NAMES[fmt]}: {target.name}", target)
    window.statusBar().showMessage(f"Exported {target}", 10000)
    return target


def print_from_window(window: FormWindow) -> Path | None:
    """Print the submission (marked DRAFT while errors remain) through the system's PDF printing."""
    from proforma_app import export as exporter

    window.revalidate()
    mark = not window.report.is_valid
    folder = paths.user_data_dir() / "print"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / window.suggested_path(".pdf", "-DRAFT" if mark else "").name
    try:
        exporter.export_draft(window.draft, target, "pdf", mark_draft=mark)
        exporter.print_pdf(target)
    except OSError as exc:
        dialogs.inform(
            window,
            "error",
            "Printing failed",
            f"Proforma could not print the submission: {exc.strerror or exc}.",
            f"You can export a PDF and print it from your PDF reader. The print file is {target}.",
        )
        return None
    said = "Sent to the printer" + (" (marked DRAFT: errors remain)" if mark else "")
    window.confirm(f"{said}. The printed copy is kept as {target.name}.", target)
    window.statusBar().showMessage(said, 10000)
    return target
