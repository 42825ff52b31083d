"""The start page: create a new form, open a draft, or pick up a recent one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proforma_app.core.catalogue import UnknownFormError, builtin_forms, get_form
from proforma_app.core.reference import ccg_directory
from proforma_app.gui import style
from proforma_app.gui.drops import accept_if_files, take_dropped_files
from proforma_app.gui.screen_fit import fit_to_available
from proforma_app.gui.settings import AppSettings, RecentDraft

RECENT_COLUMNS = ("File", "Form", "CCG", "Last saved", "Status", "Folder")


class _RecentList(QTreeWidget):
    """Enter opens the chosen draft, as a double-click does."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.itemActivated.emit(self.currentItem(), 0)
            return
        super().keyPressEvent(event)


class StartPage(QWidget):
    """The first window when Proforma starts without a file; asks the controller by signals."""

    new_form_requested = Signal(str)
    """A window on an empty draft of this form id."""
    open_requested = Signal()
    """Choose a draft file to open."""
    open_path_requested = Signal(object)
    """Open this draft file (a recent draft, or one dropped on the page)."""
    closed = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("start_page")
        self.setWindowTitle("Proforma")
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height()
        layout.setContentsMargins(margin * 2, margin * 2, margin * 2, margin * 2)
        layout.setSpacing(margin // 2)
        layout.addWidget(style.heading("Proforma", 1, self))
        layout.addWidget(
            style.paragraph(
                "Fill in, check, save and export the NHS England primary care "
                "co-commissioning submission forms.",
                self,
            )
        )
        layout.addSpacing(margin // 2)
        layout.addWidget(style.heading("Start a new form", 2, self))
        grid = QGridLayout()
        grid.setHorizontalSpacing(margin)
        self.new_buttons: dict[str, QPushButton] = {}
        for row, form in enumerate(builtin_forms().values()):
            button = QPushButton(f"New {form.annex}", self)
            button.setObjectName(f"new:{form.form_id}")
            button.setAccessibleName(f"New {form.annex}: {form.short_title}")
            button.setAccessibleDescription(f"{form.title}. Deadline: {form.deadline}.")
            button.setMinimumWidth(self.fontMetrics().horizontalAdvance("New Annex C") + 4 * margin)
            button.clicked.connect(lambda _=False, f=form.form_id: self.new_form_requested.emit(f))
            grid.addWidget(button, row, 0)
            text = style.paragraph(f"{form.short_title}. Deadline: {form.deadline}.", self)
            text.setBuddy(button)
            grid.addWidget(text, row, 1)
            self.new_buttons[form.form_id] = button
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addSpacing(margin // 2)
        layout.addWidget(style.heading("Open a draft", 2, self))
        open_row = QHBoxLayout()
        self.open_button = QPushButton("Open a draft…", self)
        self.open_button.setObjectName("open")
        self.open_button.setAccessibleDescription("Choose a draft file (.json) to open")
        self.open_button.clicked.connect(lambda: self.open_requested.emit())
        open_row.addWidget(self.open_button)
        open_row.addWidget(
            style.paragraph("or drag a draft file onto this window.", self, secondary=True), 1
        )
        layout.addLayout(open_row)
        layout.addSpacing(margin // 2)
        layout.addWidget(style.heading("Recent drafts", 2, self))
        self.recent = _RecentList(self)
        self.recent.setObjectName("recent_drafts")
        self.recent.setAccessibleName("Recent drafts")
        self.recent.setAccessibleDescription("Press Enter to open the chosen draft")
        self.recent.setColumnCount(len(RECENT_COLUMNS))
        self.recent.setHeaderLabels(list(RECENT_COLUMNS))
        self.recent.setRootIsDecorated(False)
        self.recent.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recent.setAlternatingRowColors(True)
        self.recent.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.recent.header().setStretchLastSection(True)
        self.recent.itemActivated.connect(self._open_recent)
        layout.addWidget(self.recent, 1)
        self.empty = style.paragraph("Drafts you open or save appear here.", self, secondary=True)
        layout.addWidget(self.empty)
        fit_to_available(self, QSize(860, 600))

    def refresh(self) -> None:
        """Fill the recent list from the settings."""
        self.recent.clear()
        entries = self.settings.recent_drafts()
        for entry in entries:
            item = QTreeWidgetItem(_recent_columns(entry))
            item.setData(0, Qt.ItemDataRole.UserRole, entry.path)
            item.setToolTip(0, entry.path)
            self.recent.addTopLevelItem(item)
        self.recent.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        first = self.recent.topLevelItem(0)
        if first is not None:
            self.recent.setCurrentItem(first)

    def _open_recent(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        path = Path(str(item.data(0, Qt.ItemDataRole.UserRole)))
        self.open_path_requested.emit(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_if_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        for path in take_dropped_files(event):
            self.open_path_requested.emit(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        event.accept()


def _recent_columns(entry: RecentDraft) -> list[str]:
    try:
        form = get_form(entry.form_id).annex
    except UnknownFormError:
        form = entry.form_id
    ccg = ccg_directory().describe_ccg(entry.ccg_code) if entry.ccg_code else "No CCG yet"
    when = entry.saved_time
    saved = when.astimezone().strftime("%d %b %Y %H:%M") if when else "Not known"
    status = entry.status if Path(entry.path).exists() else "File not found"
    return [Path(entry.path).name, form, ccg, saved, status, str(Path(entry.path).parent)]
