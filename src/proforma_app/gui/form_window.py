"""The form window: task list, pages of questions, error summary and review, built from data.

Nothing here knows any particular form. The window shows a
:class:`~proforma_app.core.session.DraftSession` and forwards each edit to it; the session says
which problems are shown (under the questions the officer has left, or all once asked),
the summaries and the section statuses. Saving goes through
:class:`~proforma_app.gui.draft_files.DraftFile`; the window asks the controller for
other windows by signals.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from proforma_app.core.catalogue import builtin_forms
from proforma_app.core.definition import FieldDefinition
from proforma_app.core.guidance import cited_lines
from proforma_app.core.session import DraftSession
from proforma_app.core.validation import Problem, ValidationReport
from proforma_app.core.wording import counted
from proforma_app.files.locks import DraftLock
from proforma_app.files.migrations import UpgradeNotice, upgrade_notice
from proforma_app.files.recovery import RecoveryStore, new_session_id
from proforma_app.gui import style
from proforma_app.gui.autosave import Autosaver
from proforma_app.gui.draft_files import DraftFile
from proforma_app.gui.drops import accept_if_files, take_dropped_files
from proforma_app.gui.editors.base import FieldEditor
from proforma_app.gui.error_summary import ErrorSummary
from proforma_app.gui.exporting import Done, export_session, print_session
from proforma_app.gui.help import GuidanceWindow, show_about, show_shortcuts
from proforma_app.gui.links import LinkLabel
from proforma_app.gui.notification import NotificationBanner
from proforma_app.gui.question import QuestionBlock
from proforma_app.gui.review_page import ReviewPage
from proforma_app.gui.screen_fit import fit_to_available, frame_estimate, shrink_into_screen
from proforma_app.gui.section_page import SectionPage
from proforma_app.gui.settings import AppSettings
from proforma_app.gui.task_list import MINIMUM_WIDTH as TASK_LIST_MINIMUM
from proforma_app.gui.task_list import TaskList

if TYPE_CHECKING:  # event types PySide6 builds on first use, not at start-up
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QScreen, QShowEvent

PREFERRED_SIZE = QSize(1100, 780)
"""The window's size on a screen with room for it; smaller screens get what they have."""


class FormWindow(QMainWindow):
    """One draft in one window: shows a session and forwards the officer's edits to it."""

    new_form_requested = Signal(str)
    """File > New: a window on an empty draft of this form id."""
    open_requested = Signal()
    """File > Open: choose a draft file."""
    open_path_requested = Signal(object)
    """A file dropped on the window (its path)."""
    start_page_requested = Signal()
    draft_saved = Signal(object)
    """The draft was saved to this path (the recent drafts list remembers it)."""
    closed = Signal()

    def __init__(
        self,
        session: DraftSession,
        path: Path | None,
        lock: DraftLock | None,
        settings: AppSettings,
        recovery_store: RecoveryStore,
        modified: bool = False,
    ) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self.draft = session.draft
        self.form = session.form
        self.settings = settings
        self.files = DraftFile(session, path, lock, settings, self)
        self.files.saved.connect(self._saved)
        self.files.not_saved.connect(self._not_saved)
        self.session_id = new_session_id()
        self.autosaver = Autosaver(recovery_store, self.session_id, self)
        self.autosaver.failed.connect(self._autosave_failed)
        self._autosave_warned = False
        self.pages: dict[int, SectionPage] = {}
        self.editors: dict[str, FieldEditor] = {}
        self.current_page = -1
        self.setObjectName(f"form_window:{self.form.form_id}")
        self.setAcceptDrops(True)
        self._build()
        self._build_actions()
        self.setWindowModified(modified)
        if modified:  # restored answers not yet in any file: keep them safe from the start
            self.autosaver.schedule(self.draft, path)
        self._update_title()
        self._fitted = False
        self.fit_to_screen()
        self.show_page(0, focus=False)
        self._apply_report()
        if self.draft.upgraded_from is not None:
            self._show_upgrade_note(self.draft.upgraded_from)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    @property
    def report(self) -> ValidationReport:
        """What the window shows: the session's last check."""
        return self.session.report

    @property
    def path(self) -> Path | None:
        return self.files.path

    @property
    def lock(self) -> DraftLock | None:
        return self.files.lock

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.task_list = TaskList([s.title for s in self.form.sections], splitter)
        self.task_list.currentRowChanged.connect(self._task_chosen)
        self.page_scroll = QScrollArea(splitter)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.content = QWidget(self.page_scroll)
        self.content.setObjectName("content")
        self.content_layout = QVBoxLayout(self.content)
        margin = self.fontMetrics().height()
        self.content_layout.setContentsMargins(margin * 2, margin, margin * 2, margin * 2)
        self.content_layout.setSpacing(margin)
        self.top_pad = QWidget(self.content)
        """Room kept above the page while problems above the cursor go away (see
        :meth:`_keep_focus_in_place`); none when a page is first shown."""
        self.top_pad.setObjectName("content.top_pad")
        self.top_pad.setFixedHeight(0)
        self.content_layout.addWidget(self.top_pad)
        self.bottom_room = QWidget(self.content)
        """Room below the page, as tall as the view, so that the view can always scroll by
        as much as problems above the cursor have grown."""
        self.bottom_room.setObjectName("content.bottom_room")
        self.content_layout.addWidget(self.bottom_room)
        self.page_scroll.viewport().installEventFilter(self)
        self._review: ReviewPage | None = None
        self._guidance: GuidanceWindow | None = None
        self.page_scroll.setWidget(self.content)
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        self._right_layout = right_layout
        self._banner: NotificationBanner | None = None
        right_layout.addWidget(self.page_scroll, 1)
        splitter.addWidget(self.task_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 820])
        self.setCentralWidget(splitter)
        self.problem_count = QLabel(self)
        self.problem_count.setObjectName("status.problems")
        self.statusBar().addPermanentWidget(self.problem_count)
        self.upgrade_note: QLabel | None = None
        self.upgrade_notice: QWidget | None = None
        """What changed since the older version of the form the draft was made for."""

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.new_menu = file_menu.addMenu("&New")
        self.new_menu.aboutToShow.connect(self._fill_new_menu)
        self.open_action = self._action(
            file_menu, "&Open…", QKeySequence.StandardKey.Open, self.open_requested.emit
        )
        file_menu.addSeparator()
        self.save_action = self._action(
            file_menu, "&Save", QKeySequence.StandardKey.Save, self.save
        )
        self.save_as_action = self._action(
            file_menu, "Save &As…", QKeySequence("Ctrl+Shift+S"), self.save_as
        )
        file_menu.addSeparator()
        self.export_actions: dict[tuple[str, bool], QAction] = {}
        for fmt, mark, text in (
            ("pdf", False, "Export &PDF…"),
            ("docx", False, "Export &Word…"),
            ("pdf", True, "Export draft PDF (marked DRAFT)…"),
            ("docx", True, "Export draft Word (marked DRAFT)…"),
        ):
            action = self._action(file_menu, text, None, lambda f=fmt, m=mark: self.export(f, m))
            self.export_actions[(fmt, mark)] = action
        self.print_action = self._action(
            file_menu, "&Print…", QKeySequence.StandardKey.Print, self.print_submission
        )
        file_menu.addSeparator()
        self._action(file_menu, "Start &page", None, self.start_page_requested.emit)
        self._action(file_menu, "&Close", QKeySequence.StandardKey.Close, self.close)

        go = menu.addMenu("&Go")
        self._action(go, "&Next section", QKeySequence("Ctrl+PgDown"), lambda: self.step_page(1))
        self._action(go, "&Previous section", QKeySequence("Ctrl+PgUp"), lambda: self.step_page(-1))
        self._action(go, "&Sections list", QKeySequence("F6"), self._focus_task_list)
        go.addSeparator()
        self.check_action = self._action(
            go, "Check for &problems", QKeySequence("F7"), self.check_all
        )
        self._action(
            go,
            "Check your &answers",
            QKeySequence("Ctrl+R"),
            lambda: self.show_page(len(self.form.sections)),
        )

        help_menu = menu.addMenu("&Help")
        self.guidance_action = self._action(
            help_menu,
            "&Guidance for this question",
            QKeySequence.StandardKey.HelpContents,
            self.open_guidance,
        )
        self._action(help_menu, "&Keyboard shortcuts", None, self.show_shortcuts)
        help_menu.addSeparator()
        self._action(help_menu, "&About Proforma", None, self.show_about)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        for action in (
            self.save_action,
            self.check_action,
            self.export_actions[("pdf", False)],
            self.export_actions[("docx", False)],
            self.print_action,
        ):
            toolbar.addAction(action)

    def _fill_new_menu(self) -> None:
        """One item per built-in form, added when the menu first opens: naming them loads
        every form file, which opening this draft does not otherwise need."""
        if self.new_menu.actions():
            return
        for form in builtin_forms().values():
            action = self.new_menu.addAction(f"{form.annex}: {form.short_title}")
            action.triggered.connect(
                lambda _=False, f=form.form_id: self.new_form_requested.emit(f)
            )

    def _action(self, menu: Any, text: str, shortcut: Any, handler: Any) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _=False: handler())
        menu.addAction(action)
        return action

    # ------------------------------------------------------------------ pages
    @property
    def review_index(self) -> int:
        return len(self.form.sections)

    @property
    def review(self) -> ReviewPage:
        """The "Check your answers" page, built the first time it is needed."""
        if self._review is None:
            review = ReviewPage(self.form, self.content)
            review.hide()
            review.change_requested.connect(self.go_to_field)
            review.export_requested.connect(self.export)
            review.print_requested.connect(self.print_submission)
            review.summary.problem_chosen.connect(self.go_to_problem)
            self.content_layout.insertWidget(self.content_layout.count() - 1, review)
            self._review = review
        return self._review

    def page(self, index: int) -> SectionPage:
        """The page of section ``index``, built the first time it is needed."""
        page = self.pages.get(index)
        if page is None:
            page = SectionPage(self.form, index, self.content)
            page.hide()
            page.go_to.connect(self.show_page)
            page.summary.problem_chosen.connect(self.go_to_problem)
            self.content_layout.insertWidget(self.content_layout.count() - 1, page)
            self.pages[index] = page
            page.show_statement(self.session.ccg_name())
            for field_id, block in page.blocks.items():
                editor = block.editor
                editor.set_value(self.draft.answers.get(field_id))
                editor.edited.connect(lambda f=field_id: self._edited(f))
                self.editors[field_id] = editor
                self._apply_to_block(block)
            page.summary.show_problems(self.session.section_problems(page.section))
        return page

    def show_page(self, index: int, focus: bool = True) -> None:
        """Show a section (or, past the last, the review page)."""
        index = max(0, min(index, self.review_index))
        if index == self.review_index:
            _ = self.review  # built first, so that the check fills its summary
            self.check_all(focus_summary=False)
            self.review.refresh(self.draft.answers, self.report, self.session.ccg_name())
        target: QWidget = self.review if index == self.review_index else self.page(index)
        for other in [*self.pages.values(), self._review]:
            if other is not None and other is not target:
                other.hide()
        target.show()
        self.current_page = index
        if self.task_list.currentRow() != index:
            self.task_list.blockSignals(True)
            self.task_list.setCurrentRow(index)
            self.task_list.blockSignals(False)
        self._fix_tab_order()
        self.top_pad.setFixedHeight(0)
        self.page_scroll.verticalScrollBar().setValue(0)
        if focus:  # the first question (its summary is one Shift+Tab away)
            links = set(self.summary.links)
            first = [w for w in self._page_focusables() if w not in links]
            if first:
                first[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def step_page(self, step: int) -> None:
        self.show_page(self.current_page + step)

    def _task_chosen(self, row: int) -> None:
        if row >= 0 and row != self.current_page:
            self.show_page(row, focus=False)

    def _focus_task_list(self) -> None:
        self.task_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _page_focusables(self, include_disabled: bool = False) -> list[QWidget]:
        if self.current_page == self.review_index:
            return self.review.focusables()
        page = self.pages.get(self.current_page)
        return page.focusables(include_disabled) if page is not None else []

    @property
    def summary(self) -> ErrorSummary:
        """The summary on the page shown: the section's own problems, or on "Check your
        answers" the whole form's."""
        if self.current_page == self.review_index:
            return self.review.summary
        return self.page(max(self.current_page, 0)).summary

    def _fix_tab_order(self) -> None:
        """Task list, the page's summary links, then its inputs in the order they are shown."""
        chain: list[QWidget] = [self.task_list]
        chain.extend(self._page_focusables(include_disabled=True))
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ editing
    def _edited(self, field_id: str) -> None:
        filled = self.session.edit(field_id, self.editors[field_id].value())
        for filled_id, value in filled.items():  # the CCG's area team
            editor = self.editors.get(filled_id)
            if editor is not None:
                editor.set_value(value)
        self.setWindowModified(True)
        self.autosaver.schedule(self.draft, self.path)
        self._apply_report()

    def revalidate(self) -> None:
        """Ask the core again (through the session) and show the result."""
        self.session.check()
        self._apply_report()

    def _apply_to_block(self, block: QuestionBlock) -> bool:
        """Visibility and problems of one question; True when either changed."""
        visible = self.session.is_asked(block.field)
        parent = block.parentWidget()
        changed = block.isVisibleTo(parent) != visible if parent is not None else True
        block.setVisible(visible)
        problems = self.session.question_problems(block.field)
        before = block.problems
        block.show_problems(problems)
        return changed or block.problems != before

    def _apply_report(self) -> None:
        anchor = self._focus_anchor()
        session = self.session
        moved = False  # did anything appear, go or change size on the pages?
        for page in self.pages.values():
            for block in page.blocks.values():
                moved = self._apply_to_block(block) or moved
            moved = page.summary.show_problems(session.section_problems(page.section)) or moved
        if self._review is not None:
            moved = self._review.summary.show_problems(session.shown_problems()) or moved
        for row, section in enumerate(self.form.sections):
            self.task_list.set_status(
                row, session.section_status(section), session.section_count(section)
            )
        self.task_list.set_status(self.task_list.review_row, None, session.review_count())
        if self.current_page == self.review_index:
            self.review.refresh(self.draft.answers, self.report, session.ccg_name())
        for page in self.pages.values():
            page.show_statement(session.ccg_name())
        if anchor is not None and (moved or self.current_page == self.review_index):
            self._keep_focus_in_place(*anchor)
        self._update_problem_count()
        self._update_export_actions()
        self._fix_tab_order()  # rows added or questions shown: keep Tab in reading order

    def _update_problem_count(self) -> None:
        self.problem_count.setText(self.session.problem_count())

    def _update_export_actions(self) -> None:
        errors = len(self.report.errors)
        for (fmt, mark), action in self.export_actions.items():
            base = "Export PDF…" if fmt == "pdf" else "Export Word…"
            if mark:
                continue
            if errors:
                reason = f"Fix the {counted(errors, 'error')} first, or export a draft marked DRAFT"
                action.setEnabled(False)
                action.setText(f"{base[:-1]} (fix errors first)")
                action.setToolTip(reason)
                action.setStatusTip(reason)
            else:
                action.setEnabled(True)
                action.setText(base)
                action.setToolTip(base[:-1])
                action.setStatusTip("Export the final submission")

    # ------------------------------------------------------------------ keeping the page still
    def _focus_anchor(self) -> tuple[QWidget, int] | None:
        """The focused widget on the page and how far it is from the top of the view."""
        widget = QApplication.focusWidget()
        if widget is None or not self.content.isAncestorOf(widget):
            return None
        return widget, widget.mapTo(self.page_scroll.viewport(), QPoint(0, 0)).y()

    def _keep_focus_in_place(self, widget: QWidget, was_at: int) -> None:
        """Problems shown or cleared above the cursor never move the question being typed in.

        The view scrolls by as much as the page moved; when it cannot scroll back far enough
        (problems above went away at the top of the page), room is kept above the page
        instead, until the officer goes to another page.
        """
        self._settle_layout()
        moved = widget.mapTo(self.page_scroll.viewport(), QPoint(0, 0)).y() - was_at
        if moved == 0:
            return
        bar = self.page_scroll.verticalScrollBar()
        wanted = bar.value() + moved
        if wanted < 0:
            self.top_pad.setFixedHeight(self.top_pad.height() - wanted)
            self._settle_layout()
            wanted = (
                bar.value() + widget.mapTo(self.page_scroll.viewport(), QPoint(0, 0)).y() - was_at
            )
        bar.setValue(wanted)

    def _settle_layout(self) -> None:
        """Lay the page out now (not on the next pass of the event loop) to measure it."""
        self.content_layout.activate()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.content.resize(self.page_scroll.viewport().width(), self.content.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self.bottom_room.setFixedHeight(self.page_scroll.viewport().height())
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ showing problems
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving an answered question is when its problems are first shown.

        Passing through a question without answering it shows nothing: "Enter …" messages
        for empty questions wait until the officer asks (Check for problems, the review).
        """
        left = self._field_of(old)
        if left is not None and left != self._field_of(new) and self.session.leave(left):
            self._apply_report()

    def _field_of(self, widget: QWidget | None) -> str | None:
        while widget is not None:
            if isinstance(widget, QuestionBlock):
                return widget.field.id if widget.window() is self else None
            widget = widget.parentWidget()
        return None

    def check_all(self, focus_summary: bool = True) -> None:
        """The officer asked: show every problem in the form."""
        self.session.reveal_all()
        self._apply_report()
        if focus_summary:
            if not self.summary.links and self.report.problems:
                self.show_page(self.review_index, focus=False)  # the whole form's list
            if self.summary.links:
                self.top_pad.setFixedHeight(0)
                self.page_scroll.verticalScrollBar().setValue(0)
                self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.confirm("No problems found: every answer has been checked.")
                self.statusBar().showMessage("No problems found.", 5000)

    def go_to_problem(self, problem: Problem) -> None:
        """Show the problem's question and put the cursor in it (the cell, for a table row)."""
        if not self.session.asks(problem.field):
            said = f"'{problem.field}' is not a question on this form; it is kept in the file."
            self.confirm(said, success=False, title="Important")
            self.statusBar().showMessage(said, 8000)
            return
        part = problem.location if problem.row is not None else None
        self.go_to_field(problem.field, part)

    def go_to_field(self, field_id: str, part: str | None = None) -> QWidget | None:
        section = self.form.section_of(field_id)
        index = self.form.sections.index(section)
        self.show_page(index, focus=False)
        block = self.pages[index].blocks[field_id]
        self.content_layout.activate()
        target = block.editor.focus_part(part)
        self.page_scroll.ensureWidgetVisible(block, 0, 0)
        if target is not None:
            self.page_scroll.ensureWidgetVisible(target)
        return target

    # ------------------------------------------------------------------ files
    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.files.name}[*] – Proforma")

    def suggested_path(self, suffix: str = ".json", tail: str = "") -> Path:
        return self.files.suggested_path(suffix, tail)

    def save(self) -> bool:
        """Save to the draft's file (asking for one the first time); True when saved."""
        return self.files.save()

    def save_as(self) -> bool:
        return self.files.save_as()

    def _saved(self, path: Path) -> None:
        self.setWindowModified(False)
        self.autosaver.discard()
        if self.upgrade_note is not None:
            self.statusBar().removeWidget(self.upgrade_note)
            self.upgrade_note = None
        if self.upgrade_notice is not None:
            self.upgrade_notice.hide()
            self.upgrade_notice.deleteLater()
            self.upgrade_notice = None
        self.draft_saved.emit(path)
        self._update_title()
        self.confirm(f"Your draft was saved as {path.name}", path)
        self.statusBar().showMessage(f"Saved {path.name}", 8000)

    def _not_saved(self, said: str) -> None:
        self.confirm(said, success=False, title="Important")
        self.statusBar().showMessage(said)

    def _autosave_failed(self, reason: str) -> None:
        if not self._autosave_warned:
            self._autosave_warned = True
            said = f"A recovery copy could not be written ({reason}). Save your work."
            self.confirm(said, success=False, title="Important")
            self.statusBar().showMessage(said, 15000)

    def _show_upgrade_note(self, upgraded_from: tuple[int, int]) -> None:
        _format_version, form_version = upgraded_from
        self.upgrade_note = QLabel(
            f"Opened a draft made for version {form_version} of {self.form.annex}: it is upgraded "
            "here and saved in the new version only when you save.",
            self,
        )
        self.upgrade_note.setObjectName("status.upgraded")
        self.confirm(self.upgrade_note.text(), success=False, title="Important")
        self.upgrade_note.setWordWrap(True)
        self.statusBar().addWidget(self.upgrade_note, 1)
        notice = upgrade_notice(self.form, form_version, self.draft.answers)
        if notice is not None:
            self.upgrade_notice = self._notice_panel(notice)
            self.content_layout.insertWidget(
                self.content_layout.indexOf(self.top_pad) + 1, self.upgrade_notice
            )

    def _notice_panel(self, notice: UpgradeNotice) -> QWidget:
        """What changed, and a link to each new question still to answer."""
        panel = QFrame(self.content)
        panel.setObjectName("upgrade_notice")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(panel)
        layout.setSpacing(2)
        layout.addWidget(style.heading("This form has changed", 2, panel))
        layout.addWidget(style.paragraph(notice.headline, panel))
        for change in notice.changes:
            layout.addWidget(style.paragraph(f"\u2022 {change}", panel))
        if notice.new_questions:
            layout.addWidget(style.paragraph("New questions to answer:", panel))
            for field_id, label in notice.new_questions:
                link = LinkLabel(label, f"Go to the new question {label}", panel)
                link.setObjectName(f"new_question:{field_id}")
                link.activated.connect(lambda f=field_id: self.go_to_field(f))
                layout.addWidget(link)
        return panel

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.may_close(self.isWindowModified()):
            event.ignore()
            return
        self.autosaver.discard()
        self.files.release()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_changed)
        self._remember_geometry()
        self.closed.emit()
        event.accept()

    # ------------------------------------------------------------------ help
    def current_question(self) -> FieldDefinition | None:
        """The question being answered (the one with the cursor), else the first of the
        section shown that cites the guidance."""
        field_id = self._field_of(QApplication.focusWidget())
        if field_id is not None:
            return self.form.field(field_id)
        if 0 <= self.current_page < self.review_index:
            fields = self.form.sections[self.current_page].fields
            return next((f for f in fields if cited_lines(f) is not None), None)
        return None

    def open_guidance(self) -> GuidanceWindow:
        """The guidance, at the passage the current question cites (else at its start)."""
        question = self.current_question()
        if self._guidance is None:
            self._guidance = GuidanceWindow(self)
        lines = cited_lines(question) if question is not None else None
        self._guidance.show_lines(lines, question.label if question is not None else "")
        return self._guidance

    def shortcuts(self) -> list[tuple[str, str]]:
        """Every menu shortcut of this window, then the keys that work everywhere."""
        listed = []
        for action in self.findChildren(QAction):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                what = action.text().replace("&", "").rstrip("…").split(" (")[0]
                listed.append((keys, what))
        listed.extend(
            [
                ("Tab, Shift+Tab", "Next or previous answer, link or button"),
                ("Enter or Space", "Follow the link or press the button with the focus"),
                ("Alt+Down", "Open a list or the date picker"),
            ]
        )
        return listed

    def show_shortcuts(self) -> None:
        show_shortcuts(self, self.shortcuts())

    def show_about(self) -> None:
        show_about(self)

    # ------------------------------------------------------------------ confirming
    @property
    def banner(self) -> NotificationBanner:
        """The notification banner above the page, built the first time something is said."""
        if self._banner is None:
            host = self._right_layout.parentWidget()
            self._banner = NotificationBanner(host)
            self._right_layout.insertWidget(0, self._banner)
        return self._banner

    def confirm(
        self, message: str, file: Path | None = None, success: bool = True, title: str = ""
    ) -> None:
        """Say in the window itself what happened (saved, exported, printed), out loud too."""
        self.banner.notify(message, file, success, title)

    # ------------------------------------------------------------------ size and place
    def _screen_key(self, screen: QScreen) -> str:
        available = screen.availableGeometry()
        return f"{screen.name()}@{available.width()}x{available.height()}"

    def fit_to_screen(self) -> None:
        """Where this window was last on this screen, if that still fits; else a size that
        fits the screen's available area (never taller than the screen), centred on it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        saved = self.settings.window_geometry(self._screen_key(screen))
        if (
            saved is not None
            and self.restoreGeometry(saved)
            and screen.availableGeometry().contains(frame_estimate(self))
        ):
            return
        size = fit_to_available(self, PREFERRED_SIZE)
        sections = max(TASK_LIST_MINIMUM, min(320, size.width() * 28 // 100))
        self.splitter.setSizes([sections, size.width() - sections])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            shrink_into_screen(self)

    def _remember_geometry(self) -> None:
        screen = self.screen()
        if screen is not None:
            self.settings.set_window_geometry(
                self._screen_key(screen), bytes(self.saveGeometry().data())
            )

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_if_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        for path in take_dropped_files(event):
            self.open_path_requested.emit(path)

    # ------------------------------------------------------------------ export
    def export(self, fmt: str, mark_draft: bool = False) -> Path | None:
        """Export the submission with the report the window shows; the file written."""
        self.revalidate()
        return self._done(export_session(self, self.session, self.files, fmt, mark_draft))

    def print_submission(self) -> Path | None:
        self.revalidate()
        return self._done(print_session(self, self.session, self.files))

    def _done(self, done: Done | None) -> Path | None:
        if done is None:
            return None
        self.confirm(done.said, done.path)
        self.statusBar().showMessage(done.status, 10000)
        return done.path
