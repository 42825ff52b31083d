"""The GOV.UK notification banner: says in the window itself that something happened.

Saving, exporting and printing confirm here, not only in the status bar (which a small
screen may not show). The banner is announced to screen readers as an alert, and offers
"Open file" and "Open folder" through :mod:`proforma_app.gui.desktop`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QRect, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from proforma_app.gui import desktop, style
from proforma_app.gui.links import LinkLabel

SUCCESS = "#00703c"
BORDER = 5


class NotificationBanner(QFrame):
    """A titled panel with a message and links; hidden until :meth:`notify`."""

    announced = Signal(str)
    """The words sent to screen readers, each time the banner speaks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notification")
        self.setAccessibleName("Notification")
        self._success = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(BORDER + 10, BORDER + 4, BORDER + 10, BORDER + 6)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.title = QLabel("Success", self)
        self.title.setObjectName("notification.title")
        top.addWidget(self.title, 1)
        self.dismiss = LinkLabel("Dismiss", "Dismiss the notification", self)
        self.dismiss.setObjectName("notification.dismiss")
        self.dismiss.activated.connect(self.hide)
        top.addWidget(self.dismiss)
        layout.addLayout(top)
        self.heading = style.heading("", 3, self)
        self.heading.setObjectName("notification.heading")
        layout.addWidget(self.heading)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(24)
        self.open_file = LinkLabel("Open file", "Open file", self)
        self.open_file.setObjectName("notification.open_file")
        self.open_file.activated.connect(lambda: self._open(self._file))
        self.open_folder = LinkLabel("Open folder", "Open folder", self)
        self.open_folder.setObjectName("notification.open_folder")
        self.open_folder.activated.connect(lambda: self._open(self._folder))
        self.action_row.addWidget(self.open_file)
        self.action_row.addWidget(self.open_folder)
        self.action_row.addStretch(1)
        layout.addLayout(self.action_row)
        self._file: Path | None = None
        self._folder: Path | None = None
        self.hide()

    @property
    def text(self) -> str:
        return self.heading.text()

    def notify(
        self, message: str, file: Path | None = None, success: bool = True, title: str = ""
    ) -> None:
        """Show ``message`` (with links to ``file`` and its folder) and announce it."""
        self._success = success
        self._file = file
        self._folder = file.parent if file is not None else None
        title = title or ("Success" if success else "Important")
        self.title.setText(title)
        colour = SUCCESS if success else style.LINK
        style.coloured(self.title, colour, bold=True)
        self.heading.setText(message)
        for link, target in ((self.open_file, file), (self.open_folder, self._folder)):
            link.setVisible(target is not None)
            if target is not None:
                link.setAccessibleName(f"{link.plain_text}: {target}")
                link.setToolTip(str(target))
        spoken = f"{title}: {message}"
        self.setAccessibleName(spoken)
        self.setAccessibleDescription(str(file) if file is not None else "")
        self.show()
        self.update()
        self._announce(spoken)

    def _announce(self, spoken: str) -> None:
        """An alert event: screen readers read the banner out without moving the focus."""
        # QtGui.QAccessible is looked up here: PySide6 builds the class (about 2 ms) on first
        # use, and the banner is imported at start-up.
        accessible = QtGui.QAccessible
        if accessible.isActive():
            for event in (accessible.Event.Alert, accessible.Event.NameChanged):
                accessible.updateAccessibility(QtGui.QAccessibleEvent(self, event))
        self.announced.emit(spoken)

    def _open(self, target: Path | None) -> None:
        if target is not None:
            desktop.open_path(target)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        colour = QColor(SUCCESS if self._success else style.LINK)
        painter.fillRect(QRect(0, 0, self.width(), BORDER), colour)
        painter.setPen(colour)
        painter.drawRect(QRect(0, 0, self.width() - 1, self.height() - 1))
        painter.end()
