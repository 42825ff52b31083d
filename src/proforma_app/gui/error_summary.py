"""The "There is a problem" panel: shown problems, each a link to its question.

A section page has one listing its own problems; "Check your answers" has one for the
whole form."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from proforma_app.core.definition import FormDefinition
from proforma_app.core.validation import Problem
from proforma_app.core.wording import summary_line
from proforma_app.gui import style
from proforma_app.gui.links import LinkLabel

BORDER = 5


class ErrorSummary(QFrame):
    """Errors first, then warnings; choosing one asks the window to go to that question."""

    problem_chosen = Signal(object)
    """Emits the :class:`Problem` the officer chose."""

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName("error_summary")
        self.setAccessibleName("There is a problem")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(BORDER + 12, BORDER + 8, BORDER + 12, BORDER + 10)
        layout.setSpacing(4)
        self.title = style.heading("There is a problem", 2, self)
        layout.addWidget(self.title)
        self.list_host = QWidget(self)
        self.list_layout = QVBoxLayout(self.list_host)
        self.list_layout.setContentsMargins(0, 4, 0, 0)
        self.list_layout.setSpacing(2)
        layout.addWidget(self.list_host)
        self.links: list[LinkLabel] = []
        self._problems: tuple[Problem, ...] = ()
        self._has_errors = False
        self.hide()

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def show_problems(self, problems: Sequence[Problem]) -> bool:
        """Show ``problems`` (hidden when none); returns True when the list changed."""
        ordered = tuple(
            [p for p in problems if p.severity == "error"]
            + [p for p in problems if p.severity != "error"]
        )
        if ordered == self._problems:
            return False
        self._problems = ordered
        for link in self.links:
            self.list_layout.removeWidget(link)
            link.hide()
            link.deleteLater()
        self.links = []
        for problem in ordered:
            link = self._link(problem)
            self.list_layout.addWidget(link)
            link.show()  # at once, not on the next event loop pass: it may take focus now
            self.links.append(link)
        self._has_errors = any(p.severity == "error" for p in ordered)
        title = "There is a problem" if self._has_errors else "Check these warnings"
        self.title.setText(title)
        self.title.setAccessibleName(title)
        self.setAccessibleName(title)
        self.setVisible(bool(ordered))
        self.update()
        return True

    def _link(self, problem: Problem) -> LinkLabel:
        is_error = problem.severity == "error"
        prefix = "Error:" if is_error else "Warning:"
        cited = f" ({problem.citation})" if problem.citation else ""
        text = summary_line(self.form, problem) + cited
        link = LinkLabel(
            text,
            f"{prefix} {text}",
            self.list_host,
            prefix=prefix,
            prefix_colour=style.ERROR if is_error else style.WARNING,
            link_colour=style.ERROR if is_error else style.LINK,
        )
        link.setObjectName(f"summary:{problem.location}")
        link.setAccessibleDescription("Go to the question")
        link.activated.connect(lambda p=problem: self.problem_chosen.emit(p))
        return link

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        colour = QColor(style.ERROR if self._has_errors else style.WARNING)
        pen = QPen(colour, BORDER)
        painter.setPen(pen)
        half = BORDER // 2
        painter.drawRect(QRect(half, half, self.width() - BORDER, self.height() - BORDER))
        painter.end()
