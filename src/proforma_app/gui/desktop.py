"""Opening a file or folder with the operating system's own program (one seam).

"Open folder" and "Open file" in the notification banner, and the Help menu's guidance,
hand a path to the desktop (Explorer, the PDF reader …). Tests install an opener that
only records, so no test ever launches a program.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Opener = Callable[[Path], bool]


def _open_with_desktop(path: Path) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


_opener: Opener = _open_with_desktop


def use_opener(opener: Opener) -> Opener:
    """Install ``opener``; returns the previous one (tests put it back)."""
    global _opener
    previous, _opener = _opener, opener
    return previous


def open_path(path: Path) -> bool:
    """Open ``path`` (a file or a folder) as the desktop would; False when nothing could."""
    return _opener(Path(path))
