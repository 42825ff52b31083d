"""One question on a page: its label, hint, problems and editor, in the GOV.UK layout.

A question with an error gets a thick red bar down its left side *and* its message starts
with "Error:", so the error is never signalled by colour alone; warnings say "Warning:".
A question whose help leans on the guidance has a "Why we ask this" disclosure that shows
the guidance's words and where they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from proforma_app.core.definition import FieldDefinition, SignatureField, Source
from proforma_app.core.validation import Problem
from proforma_app.gui import style
from proforma_app.gui.editors.base import FieldEditor
from proforma_app.gui.editors.registry import create_editor

BAR_WIDTH = 5


def problem_text(problem: Problem) -> str:
    """The words shown and read out for a problem; the prefix carries the severity."""
    prefix = "Error" if problem.severity == "error" else "Warning"
    return f"{prefix}: {problem.message}"


def cited_text(problem: Problem) -> str:
    """The problem's words with the guidance it rests on: '… (Next steps, 7.1.4)'."""
    citation = problem.citation
    return f"{problem_text(problem)} ({citation})" if citation else problem_text(problem)


def source_text(source: Source) -> str:
    """The guidance's own words and where to find them."""
    return f"“{source.quote}” — {source.citation}, {source.line_range}."


class QuestionBlock(QFrame):
    """Label, hint and inline problems above the editor of one top-level field."""

    def __init__(self, field: FieldDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"question:{field.id}")
        self.setProperty("proforma_field", field.id)
        self._severity: str | None = None
        self._problems: tuple[Problem, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(BAR_WIDTH + 10, 6, 4, 10)
        layout.setSpacing(4)
        text = field.label if field.required else f"{field.label} (optional)"
        self.label = QLabel(text, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setFont(style.scaled_font(self.label.font(), 1.1, bold=True))
        layout.addWidget(self.label)
        hint = field.help
        if isinstance(field, SignatureField):
            hint = f"To be signed by the {field.signatory}. {hint}".strip()
        self.hint = style.paragraph(hint, self, secondary=True) if hint else None
        if self.hint is not None:
            layout.addWidget(self.hint)
        self.problem_host = QWidget(self)
        self.problem_layout = QVBoxLayout(self.problem_host)
        self.problem_layout.setContentsMargins(0, 0, 0, 0)
        self.problem_layout.setSpacing(2)
        self.problem_host.hide()
        layout.addWidget(self.problem_host)
        self.editor: FieldEditor = create_editor(field, field.id, self)
        layout.addWidget(self.editor)
        self.why_button: QToolButton | None = None
        self.why_text: QLabel | None = None
        if field.source is not None:  # after the answer, so Tab reaches the answer first
            self._add_why(field.source, layout)
        inputs = self.editor.inputs()
        if inputs:
            self.label.setBuddy(inputs[0])
        self._description = hint
        self.editor.describe(field.label, hint)

    def _add_why(self, source: Source, layout: QVBoxLayout) -> None:
        """A closed disclosure: the button opens the guidance's words beneath it."""
        button = QToolButton(self)
        button.setObjectName(f"why:{self.field.id}")
        button.setText("Why we ask this")
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setArrowType(Qt.ArrowType.RightArrow)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAccessibleName(f"Why we ask this: {self.field.label}")
        button.setAccessibleDescription("Shows what the 2014 guidance says")
        text = style.paragraph(source_text(source), self, secondary=True)
        text.setObjectName(f"why_text:{self.field.id}")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.hide()

        def toggle(open_: bool) -> None:
            button.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
            text.setVisible(open_)

        button.toggled.connect(toggle)
        layout.addWidget(button)
        layout.addWidget(text)
        self.why_button, self.why_text = button, text

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Show these problems under the label (an empty list clears them)."""
        problems = tuple(
            sorted(problems, key=lambda p: p.severity != "error")  # errors first, order kept
        )
        if problems == self._problems:
            return
        self._problems = problems
        while self.problem_layout.count():
            item = self.problem_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for problem in problems:
            label = style.paragraph(problem_text(problem), self.problem_host)
            label.setObjectName(f"problem:{problem.location}")
            colour = style.ERROR if problem.severity == "error" else style.WARNING
            style.coloured(label, colour, bold=True)
            self.problem_layout.addWidget(label)
        self.problem_host.setVisible(bool(problems))
        if any(p.severity == "error" for p in problems):
            self._severity = "error"
        elif problems:
            self._severity = "warning"
        else:
            self._severity = None
        spoken = " ".join(problem_text(p) + "." for p in problems)
        self.editor.describe(self.field.label, f"{spoken} {self._description}".strip())
        self.update()

    @property
    def severity(self) -> str | None:
        """'error', 'warning' or None: what the bar down the left side says."""
        return self._severity

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._severity is None:
            return
        painter = QPainter(self)
        colour = style.ERROR if self._severity == "error" else style.WARNING
        painter.fillRect(QRect(0, 0, BAR_WIDTH, self.height()), QColor(colour))
        painter.end()
