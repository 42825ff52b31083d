"""The list of sections down the side of the form, each with its status tag.

A list widget gives keyboard navigation (arrows, Home, End) and screen-reader support for
free; the delegate only draws the tag. The tag's words carry the status, never its colour.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from proforma_app.gui import style

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
"""How many problems a row has ("2 errors and 1 warning"), or "" for none shown."""
REVIEW_TITLE = "Check your answers"
MINIMUM_WIDTH = 230


class _TaskDelegate(QStyledItemDelegate):
    """Asks the list, not ``option.state``, whether a row is selected or has focus: the
    state's flag type is ``QStyle``'s, which PySide6 builds with all its enums (~4 ms
    of start-up) the first time it is touched."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        status = index.data(STATUS_ROLE)
        count = index.data(COUNT_ROLE)
        colours = style.STATUS_COLOURS.get(status or "Has problems", ("", ""))
        if count and status in (None, "Has problems"):
            # The tag says how many errors (or warnings); the accessible text says all.
            status = str(count).split(" and ")[0]
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        painter.save()
        view = self._view
        selection = view.selectionModel()
        plain = index if isinstance(index, QModelIndex) else view.model().index(index.row(), 0)
        selected = selection is not None and selection.isSelected(plain)
        rect: QRect = option.rect
        if selected:
            painter.fillRect(rect, QColor(style.PANEL))
            painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), QColor(style.LINK))
        if view.hasFocus() and view.currentIndex() == plain:
            painter.setPen(QColor(style.TEXT))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        font = option.font
        font.setBold(selected)
        painter.setFont(font)
        tag_width = 0
        if status:
            tag_font = style.scaled_font(font, 0.85, bold=True)
            tag_metrics = QFontMetrics(tag_font)
            tag_width = tag_metrics.horizontalAdvance(status) + 16
            tag = QRect(
                rect.right() - tag_width - 8,
                rect.center().y() - tag_metrics.height() // 2 - 3,
                tag_width,
                tag_metrics.height() + 6,
            )
            background, text = colours
            painter.fillRect(tag, QColor(background))
            painter.setFont(tag_font)
            painter.setPen(QColor(text))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, status)
            painter.setFont(font)
        painter.setPen(QColor(style.LINK if not selected else style.TEXT))
        text_rect = rect.adjusted(12, 0, -(tag_width + 16), 0)
        # A long title wraps onto the item's second line rather than losing its end.
        flags = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        painter.drawText(text_rect, flags | int(Qt.TextFlag.TextWordWrap), title)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        # As wide as the list shows (a long title wraps): never a sideways scroll bar.
        width = self._view.viewport().width()
        return QSize(max(width, 100), metrics.height() * 2 + 8)


class TaskList(QListWidget):
    """Sections in order, then "Check your answers"; the current row is the page shown."""

    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("task_list")
        self.setAccessibleName("Sections of the form")
        self.setAccessibleDescription(
            "Use the arrow keys to choose a section; each shows its status."
        )
        self.setItemDelegate(_TaskDelegate(self))
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        for number, title in enumerate(titles, start=1):
            item = QListWidgetItem(f"{number}. {title}", self)
            item.setData(STATUS_ROLE, "Not started")
        review = QListWidgetItem(REVIEW_TITLE, self)
        review.setData(STATUS_ROLE, None)
        self._refresh_accessible_text()
        # Long titles wrap onto the item's second line, so a small screen can give the
        # questions most of its width.
        width = max(self.sizeHintForColumn(0), 200) + 2 * self.frameWidth() + 4
        self.setMinimumWidth(min(width, MINIMUM_WIDTH))

    @property
    def review_row(self) -> int:
        return self.count() - 1

    def set_status(self, row: int, status: str | None, count: str = "") -> None:
        """The row's status tag and how many problems it shows ("" for none)."""
        item = self.item(row)
        if item is not None and (item.data(STATUS_ROLE), item.data(COUNT_ROLE) or "") != (
            status,
            count,
        ):
            item.setData(STATUS_ROLE, status)
            item.setData(COUNT_ROLE, count)
            self._refresh_accessible_text()

    def count_text(self, row: int) -> str:
        item = self.item(row)
        return "" if item is None else str(item.data(COUNT_ROLE) or "")

    def status(self, row: int) -> str | None:
        item = self.item(row)
        status = item.data(STATUS_ROLE) if item is not None else None
        return str(status) if status is not None else None

    def _refresh_accessible_text(self) -> None:
        for row in range(self.count()):
            item = self.item(row)
            said = [str(s) for s in (item.data(STATUS_ROLE), item.data(COUNT_ROLE)) if s]
            text = f"{item.text()}: {', '.join(said)}" if said else item.text()
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            item.setToolTip(text)
