"""Files dropped on a window: the start page and every form window open them alike."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from PySide6 import QtCore

from proforma_app.locations import path_names

if TYPE_CHECKING:  # PySide6 builds these classes on first use, not at start-up
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent


def dropped_files(urls: list[QUrl], flavour: type[PurePath] = path_names.NATIVE) -> list[PurePath]:
    """The local files among dropped URLs (drive letters and shares too, see path_names)."""
    encoded = QtCore.QUrl.ComponentFormattingOption.FullyEncoded
    found = (path_names.dropped_path(url.toString(encoded), flavour) for url in urls)
    return [path for path in found if path is not None]


def accept_if_files(event: QDragEnterEvent) -> None:
    """A drag is welcome when it carries at least one local file."""
    if dropped_files(event.mimeData().urls()):
        event.acceptProposedAction()
    else:
        event.ignore()


def take_dropped_files(event: QDropEvent) -> list[Path]:
    """The local files of a drop, which is accepted when there are any."""
    files = dropped_files(event.mimeData().urls())
    if files:
        event.acceptProposedAction()
    else:
        event.ignore()
    return [Path(path) for path in files]
