"""``proforma-app``: the desktop application's entry point.

    proforma-app                         start page (and any recovery copies to restore)
    proforma-app FILE                    open a draft
    proforma-app --smoke FILE [--screenshot OUT.png]
                                         open FILE offscreen, validate, print one line, exit

The exporters' libraries (reportlab, python-docx) load when first used, so the window
appears quickly; :mod:`proforma_app.entry` sets the process up before this loads.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QApplication

from proforma_app import __version__
from proforma_app.files.storage import DraftFileError, read_draft
from proforma_app.gui import crash, dialogs
from proforma_app.gui.controller import AppController
from proforma_app.gui.style import APP_STYLE_SHEET
from proforma_app.locations import paths

TYPE_INTO_ENV = "PROFORMA_TEST_TYPE_INTO"
"""Test-only: ``form_id:field_id=text`` opens a new form and types ``text`` into the field
with real key events, then prints ``recovery: PATH`` each time a recovery copy is written.
The crash-recovery test uses it to kill a running app that has unsaved typing."""


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="proforma-app", description="Fill in NHS co-commissioning submission forms."
    )
    parser.add_argument("file", nargs="?", type=Path, help="a draft file to open")
    parser.add_argument(
        "--smoke",
        metavar="FILE",
        type=Path,
        help="open FILE offscreen, validate it, print a summary line and exit",
    )
    parser.add_argument(
        "--screenshot", metavar="OUT.png", type=Path, help="with --smoke: save the window as PNG"
    )
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the exit code (``--smoke``: 0, or 2 when FILE cannot be read)."""
    gc.disable()  # until the first window is up: see _start_up_done
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.smoke is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "proforma-app"])
    assert isinstance(app, QApplication)
    configure(app)
    warn_if_home_unusable(to_console=args.smoke is not None)
    controller = AppController()

    def show_crash(text: str, detail: str) -> None:
        dialogs.inform(None, "error", "Proforma: unexpected problem", text, detail)

    crash.install(controller.flush_recovery, show_crash)
    if args.smoke is not None:
        return _smoke(controller, args.smoke, args.screenshot)
    try:
        start(controller, args.file)
    finally:
        _start_up_done()
    return app.exec()


def warn_if_home_unusable(to_console: bool = False) -> str | None:
    """When ``PROFORMA_HOME`` cannot be used, use the usual folders and say so (a dialog, or
    one line on stderr for ``--smoke``); returns what was said."""
    problem = paths.home_problem()
    if problem is None:
        return None
    paths.ignore_home()
    text = (
        f"{problem}. Proforma is using its usual folders instead, so recent drafts, settings "
        "and recovery copies are kept there this time."
    )
    if to_console:
        print(f"proforma-app: {text}", file=sys.stderr)
    else:
        dialogs.inform(None, "warning", "Proforma: folder not used", text)
    return text


def _start_up_done() -> None:
    """Turn the cycle collector back on, leaving out what start-up built.

    Start-up creates some 60,000 objects that live as long as the app (modules, Qt
    wrappers, the form's pydantic models) and little garbage (a few hundred objects); collecting while they
    are made re-scans them over and over (about 15 ms of a cold start). Freezing them
    moves them out of the collector's sight for good, so later collections while the
    officer types stay short, and quitting does not walk them again either (about 45 ms).
    """
    gc.freeze()
    gc.enable()


def start(controller: AppController, file: Path | None) -> None:
    """The first windows: recovery offers, then ``file`` or the start page."""
    restored = controller.offer_recovery()
    if file is not None:
        controller.open_path(file)
    hook = os.environ.get(TYPE_INTO_ENV)
    if hook:
        _type_into(controller, hook)
    if not controller.windows and not restored:
        controller.show_start_page()


def configure(app: QApplication) -> None:
    """Names, icon and the small style sheet shared by every window."""
    app.setOrganizationName("Proforma")
    app.setApplicationName("Proforma")
    app.setApplicationVersion(__version__)
    icon = paths.resources_dir() / "icons" / "proforma.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    app.setStyleSheet(APP_STYLE_SHEET)


def _smoke(controller: AppController, path: Path, screenshot: Path | None) -> int:
    try:
        draft = read_draft(path)
    except DraftFileError as exc:
        _start_up_done()
        print(f"smoke: cannot read {exc.path}: {exc.reason}", file=sys.stderr)
        return 2
    window = controller._open_window(draft, path, None, revealed=True)
    QApplication.processEvents()
    _start_up_done()
    report = window.report
    if screenshot is not None:
        window.grab().save(str(screenshot))
    print(
        f"smoke: form={draft.form_id} errors={len(report.errors)} warnings={len(report.warnings)}",
        flush=True,  # the start-up benchmark times the window as shown at this line
    )
    window.close()
    return 0


def _type_into(controller: AppController, spec: str) -> None:
    target, _, text = spec.partition("=")
    form_id, _, field_id = target.partition(":")
    window = controller.new_form(form_id)
    window.autosaver.saved.connect(lambda path: print(f"recovery: {path}", flush=True))
    widget = window.go_to_field(field_id)
    assert widget is not None, field_id
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


if __name__ == "__main__":
    sys.exit(main())
