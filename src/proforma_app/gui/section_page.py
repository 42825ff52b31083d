"""A page of the form: one section's heading, introduction and questions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from proforma_app.core.definition import FormDefinition, Section
from proforma_app.gui import style
from proforma_app.gui.error_summary import ErrorSummary
from proforma_app.gui.question import QuestionBlock


class SectionPage(QWidget):
    """Built from the section's definition; the window fills the editors and shows problems."""

    go_to = Signal(int)
    """Ask the window for another page (a section index, or the review page)."""

    def __init__(self, form: FormDefinition, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        section: Section = form.sections[index]
        self.section = section
        self.index = index
        self.setObjectName(f"page:{section.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.summary = ErrorSummary(form, self)
        """This section's own problems (the whole form's are on "Check your answers")."""
        layout.addWidget(self.summary)
        caption = style.paragraph(
            f"{form.annex} · Section {index + 1} of {len(form.sections)}", self, secondary=True
        )
        layout.addWidget(caption)
        self.title = style.heading(section.title, 1, self)
        layout.addWidget(self.title)
        if section.intro:
            layout.addWidget(style.paragraph(section.intro, self))
        self.blocks: dict[str, QuestionBlock] = {}
        self.statement: QLabel | None = None
        for field in section.fields:
            if section.statement and self.statement is None and field.type == "signature":
                self.statement = style.paragraph(section.statement_for("the CCG"), self)
                self.statement.setObjectName(f"statement:{section.id}")
                self.statement.setFont(style.scaled_font(self.statement.font(), 1.1, bold=True))
                layout.addWidget(self.statement)
            block = QuestionBlock(field, self)
            self.blocks[field.id] = block
            layout.addWidget(block)
        navigation = QHBoxLayout()
        self.previous_button: QPushButton | None = None
        if index > 0:
            previous = form.sections[index - 1]
            self.previous_button = QPushButton(f"Previous: {previous.title}", self)
            self.previous_button.setObjectName("page.previous")
            self.previous_button.clicked.connect(lambda: self.go_to.emit(index - 1))
            navigation.addWidget(self.previous_button)
        navigation.addStretch(1)
        is_last = index == len(form.sections) - 1
        next_title = "Check your answers" if is_last else form.sections[index + 1].title
        self.next_button = QPushButton(f"Continue: {next_title}", self)
        self.next_button.setObjectName("page.next")
        self.next_button.setDefault(False)
        self.next_button.clicked.connect(lambda: self.go_to.emit(index + 1))
        navigation.addWidget(self.next_button)
        layout.addLayout(navigation)
        layout.addStretch(1)

    def show_statement(self, ccg_name: str) -> None:
        """The attestation as it will be signed, naming the CCG chosen."""
        if self.statement is not None:
            self.statement.setText(self.section.statement_for(ccg_name))

    def focusables(self, include_disabled: bool = False) -> list[QWidget]:
        """Summary links, inputs and buttons in the order they appear (the tab order).

        Disabled ones (a first row's Move up) are skipped by Tab, but they keep their place
        in the chain so that enabling them later needs no reordering.
        """
        widgets: list[QWidget] = list(self.summary.links) if self.summary.isVisibleTo(self) else []
        for block in self.blocks.values():
            if block.isVisibleTo(self):
                widgets.extend(block.editor.inputs())
                if block.why_button is not None:
                    widgets.append(block.why_button)
        if self.previous_button is not None:
            widgets.append(self.previous_button)
        widgets.append(self.next_button)
        return widgets if include_disabled else [w for w in widgets if w.isEnabled()]
