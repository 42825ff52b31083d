"""Windows sized from the screen's available area, never a fixed size taller than it.

A 1366 x 768 laptop at 125 % Windows scaling leaves about 1093 x 614 logical pixels, less
the taskbar: a window asks for its preferred size and gets what fits.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ALLOWANCE = QSize(16, 40)
"""Room left for the title bar and borders before the window is shown and they are known
(Windows 10 at 125 %: about 31 px of title bar and 8 px of border, in logical pixels)."""


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_available(widget: QWidget, preferred: QSize) -> QSize:
    """Size ``widget`` to ``preferred`` or what the screen has, centred; returns the size."""
    available = available_area(widget)
    width = min(preferred.width(), available.width() - FRAME_ALLOWANCE.width())
    height = min(preferred.height(), available.height() - FRAME_ALLOWANCE.height())
    widget.resize(width, height)
    widget.move(
        available.left() + (available.width() - width - FRAME_ALLOWANCE.width()) // 2,
        available.top() + (available.height() - height - FRAME_ALLOWANCE.height()) // 2,
    )
    return QSize(width, height)


def frame_estimate(widget: QWidget) -> QRect:
    """The window's frame: known once shown, estimated before."""
    frame = widget.frameGeometry()
    if frame.size() != widget.size():
        return frame
    return QRect(frame.topLeft(), widget.size() + FRAME_ALLOWANCE)


def shrink_into_screen(widget: QWidget) -> None:
    """Once the real frame is known: pull the window inside the available area."""
    available = available_area(widget)
    frame = widget.frameGeometry()
    if available.contains(frame):
        return
    extra = frame.size() - widget.size()
    width = min(widget.width(), available.width() - extra.width())
    height = min(widget.height(), available.height() - extra.height())
    widget.resize(width, height)
    left = min(max(frame.left(), available.left()), available.right() + 1 - width - extra.width())
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - height - extra.height())
    widget.move(left, top)


def popup_position(field: QWidget, size: QSize, available: QRect) -> QPoint:
    """Below the field, or above it when the screen ends first; always inside the screen."""
    below = field.mapToGlobal(QPoint(0, field.height()))
    above = field.mapToGlobal(QPoint(0, -size.height()))
    fits_below = below.y() + size.height() <= available.bottom() + 1
    y = below.y() if fits_below or above.y() < available.top() else above.y()
    y = max(available.top(), min(y, available.bottom() + 1 - size.height()))
    x = max(available.left(), min(below.x(), available.right() + 1 - size.width()))
    return QPoint(x, y)
