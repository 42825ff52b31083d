"""The "Check your answers" page: every answer, a Change link for each, and the exports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from proforma_app.core.definition import FormDefinition
from proforma_app.core.kinds import NOT_ANSWERED, answer_text
from proforma_app.core.reference import ccg_directory
from proforma_app.core.validation import ValidationReport, is_relevant
from proforma_app.core.wording import counted
from proforma_app.gui import style
from proforma_app.gui.error_summary import ErrorSummary
from proforma_app.gui.links import LinkLabel
from proforma_app.gui.question import cited_text


class ReviewPage(QWidget):
    """Rebuilt from the draft each time it is shown, so it always says what will be exported."""

    change_requested = Signal(str)
    """A field id whose Change link was chosen."""
    export_requested = Signal(str, bool)
    """(format "pdf" or "docx", draft mark) chosen with the buttons at the bottom."""
    print_requested = Signal()

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName("page:review")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.summary = ErrorSummary(form, self)
        """Every problem of the form, each a link to its question."""
        layout.addWidget(self.summary)
        layout.addWidget(style.paragraph(form.annex, self, secondary=True))
        layout.addWidget(style.heading("Check your answers", 1, self))
        layout.addWidget(
            style.paragraph(
                "Check every answer before you export the submission. "
                "Use a Change link to go back to a question.",
                self,
            )
        )
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body)
        layout.addWidget(style.heading("Export the submission", 2, self))
        self.export_status = style.paragraph("", self)
        self.export_status.setObjectName("review.export_status")
        layout.addWidget(self.export_status)
        buttons = QHBoxLayout()
        self.export_buttons: dict[tuple[str, bool], QPushButton] = {}
        for fmt, mark, text in (
            ("pdf", False, "Export PDF…"),
            ("docx", False, "Export Word…"),
            ("pdf", True, "Export draft PDF…"),
            ("docx", True, "Export draft Word…"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"review.export_{fmt}{'_draft' if mark else ''}")
            button.clicked.connect(lambda _=False, f=fmt, m=mark: self.export_requested.emit(f, m))
            buttons.addWidget(button)
            self.export_buttons[(fmt, mark)] = button
        self.print_button = QPushButton("Print…", self)
        self.print_button.setObjectName("review.print")
        self.print_button.clicked.connect(self.print_requested.emit)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.change_links: dict[str, LinkLabel] = {}

    def refresh(
        self, answers: Mapping[str, Any], report: ValidationReport, ccg_name: str = "the CCG"
    ) -> None:
        """Show the current answers and what may be exported."""
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.change_links = {}
        directory = ccg_directory()
        for section in self.form.sections:
            self.body_layout.addWidget(style.heading(section.title, 2, self.body))
            frame = QFrame(self.body)
            frame.setFrameShape(QFrame.Shape.NoFrame)
            grid = QGridLayout(frame)
            grid.setContentsMargins(0, 0, 0, 8)
            grid.setHorizontalSpacing(16)
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 3)
            row = 0
            statement = section.statement_for(ccg_name) if section.statement else ""
            for field in section.fields:
                if not is_relevant(field, report.values):
                    continue
                if statement and field.type == "signature":
                    said = style.paragraph(statement, frame)
                    said.setObjectName(f"review_statement:{section.id}")
                    said.setFont(style.scaled_font(said.font(), 1.0, bold=True))
                    grid.addWidget(said, row, 0, 1, 3)
                    row += 1
                    statement = ""
                key = style.paragraph(field.label, frame)
                key.setFont(style.scaled_font(key.font(), 1.0, bold=True))
                key.setAlignment(Qt.AlignmentFlag.AlignTop)
                written = answer_text(
                    field, report.values.get(field.id), answers.get(field.id), directory
                )
                text = NOT_ANSWERED if written is None else written
                value = style.paragraph(text, frame, secondary=text == NOT_ANSWERED)
                value.setObjectName(f"review:{field.id}")
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setAlignment(Qt.AlignmentFlag.AlignTop)
                problems = sorted(report.for_field(field.id), key=lambda p: p.severity != "error")
                if problems:
                    notes = QWidget(frame)
                    notes_layout = QVBoxLayout(notes)
                    notes_layout.setContentsMargins(0, 0, 0, 4)
                    notes_layout.setSpacing(2)
                    for problem in problems:
                        note = style.paragraph(cited_text(problem), notes)
                        colour = style.ERROR if problem.severity == "error" else style.WARNING
                        style.coloured(note, colour, bold=True)
                        notes_layout.addWidget(note)
                    grid.addWidget(notes, row + 1, 1)
                link = LinkLabel("Change", f"Change {field.label}", frame)
                link.setObjectName(f"change:{field.id}")
                link.setAccessibleDescription(f"Go back to the question {field.label}")
                link.activated.connect(lambda f=field.id: self.change_requested.emit(f))
                link.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
                grid.addWidget(key, row, 0)
                grid.addWidget(value, row, 1)
                grid.addWidget(link, row, 2)
                self.change_links[field.id] = link
                row += 2
            line = QFrame(frame)
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Plain)
            grid.addWidget(line, row, 0, 1, 3)
            self.body_layout.addWidget(frame)
        errors = len(report.errors)
        for (_fmt, mark), button in self.export_buttons.items():
            button.setEnabled(mark or errors == 0)
        if errors:
            self.export_status.setText(
                f"You cannot export the final submission yet: {counted(errors, 'error')} "
                f"{'remains' if errors == 1 else 'remain'}. Fix {'it' if errors == 1 else 'them'}, "
                "or export a draft copy marked DRAFT to share."
            )
        else:
            warnings = len(report.warnings)
            extra = f" Check the {counted(warnings, 'warning')} first." if warnings else ""
            self.export_status.setText(
                f"There are no errors: you can export the final submission.{extra}"
            )

    def focusables(self) -> list[QWidget]:
        widgets: list[QWidget] = list(self.summary.links) if self.summary.isVisibleTo(self) else []
        widgets.extend(self.change_links.values())
        widgets.extend(b for b in self.export_buttons.values() if b.isEnabled())
        widgets.append(self.print_button)
        return widgets
