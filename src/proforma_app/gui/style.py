"""Colours and fonts in one place, after the GOV.UK design system.

Sizes are always relative to the application font, never fixed pixels, so the window
follows the system font size (a user who needs larger text gets it everywhere).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
ERROR = "#d4351c"
WARNING = "#8a4b00"
"""Dark amber: readable on white (contrast > 7:1) and distinct from the error red."""
LINK = "#1d70b8"
FOCUS = "#ffdd00"
BORDER = "#b1b4b6"
PANEL = "#f3f2f1"

STATUS_COLOURS: dict[str, tuple[str, str]] = {
    # status -> (background, text); the words always say the status too
    "Not started": ("#e8e9ea", "#383f43"),
    "In progress": ("#d2e2f1", "#0c2d4a"),
    "Has problems": ("#f4cdc6", "#2a0b06"),
    "Completed": ("#cce2d8", "#005a30"),
}

APP_STYLE_SHEET = f"""
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus {{
    border: 2px solid {TEXT};
    background: #fffbe0;
}}
QLabel[role="problem-link"] {{ padding: 2px; }}
QLabel[role="problem-link"]:focus {{ background: {FOCUS}; }}
"""
"""Kept tiny on purpose: style sheets slow start-up, and the native style already reads well.
Focus is made unmistakable, as GOV.UK does with its yellow focus state."""


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    """``base`` scaled by ``factor`` (headings), keeping whatever size the system chose."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    font.setBold(bold)
    return font


def heading(text: str, level: int = 1, parent: QWidget | None = None) -> QLabel:
    """A heading label; level 1 is the page title, 2 a section, 3 a sub-heading."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    factor = {1: 1.6, 2: 1.3, 3: 1.1}.get(level, 1.0)
    label.setFont(scaled_font(QApplication.font(), factor, bold=True))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def coloured(label: QLabel, colour: str, bold: bool = False) -> QLabel:
    """Text colour through the palette (cheaper than a style sheet per widget)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def paragraph(text: str, parent: QWidget | None = None, secondary: bool = False) -> QLabel:
    """Wrapped body text; ``secondary`` for hints."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if secondary:
        coloured(label, SECONDARY_TEXT)
    return label
