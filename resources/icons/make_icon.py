"""Draws the app icon (a form with a tick on NHS blue) as proforma.png and proforma.ico.

QT_QPA_PLATFORM=offscreen python resources/icons/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

SIZE = 256
NHS_BLUE = QColor("#005eb8")
WHITE = QColor("#ffffff")
GREEN = QColor("#00703c")


def draw(size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = size / 256
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(NHS_BLUE)
    painter.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 40 * s, 40 * s)
    page = QPainterPath()
    page.moveTo(64 * s, 40 * s)
    page.lineTo(160 * s, 40 * s)
    page.lineTo(196 * s, 76 * s)
    page.lineTo(196 * s, 216 * s)
    page.lineTo(64 * s, 216 * s)
    page.closeSubpath()
    painter.setBrush(WHITE)
    painter.drawPath(page)
    painter.setPen(QPen(NHS_BLUE, 10 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for y in (92, 122, 152):
        painter.drawLine(QPointF(88 * s, y * s), QPointF(172 * s, y * s))
    painter.setPen(
        QPen(
            GREEN, 18 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        )
    )
    tick = QPainterPath()
    tick.moveTo(140 * s, 184 * s)
    tick.lineTo(162 * s, 204 * s)
    tick.lineTo(214 * s, 148 * s)
    painter.drawPath(tick)
    painter.end()
    return image


def main() -> None:
    app = QGuiApplication([])
    folder = Path(__file__).resolve().parent
    draw(256).save(str(folder / "proforma.png"))
    draw(256).save(str(folder / "proforma.ico"))
    del app


if __name__ == "__main__":
    main()
