"""A draft being edited: its answers, which problems the officer has been shown, and how
far each section has got — everything the form window shows, without Qt.

The window forwards each edit here and shows what this says; an export asks the same
session for its report, so a marked draft lists exactly the problems the window listed
(other drafts open beside it included: the amendment is checked against its annex).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from proforma_app.core.definition import FieldDefinition, Section, is_blank
from proforma_app.core.draft import Draft
from proforma_app.core.reference import CcgDirectory, ccg_directory
from proforma_app.core.validation import Problem, ValidationReport, check_draft, is_relevant
from proforma_app.core.wording import count_of
from proforma_app.locations.path_names import default_draft_stem

Status = Literal["Not started", "In progress", "Has problems", "Completed"]
"""A section's status, in the words of the GOV.UK task list pattern."""

NO_PROBLEMS_YET = "No problems found so far"


def _no_other_drafts() -> Sequence[Draft]:
    return ()


class DraftSession:
    """One draft open for editing.

    The answers dict is the draft's own, updated in place and never rebuilt, so answers
    the form does not ask for survive. Problems are *revealed* one question at a time:
    when the officer leaves a question they answered, or all at once when they ask.
    ``other_drafts`` gives the drafts open beside this one, asked again at every check.
    """

    def __init__(
        self,
        draft: Draft,
        *,
        revealed: bool = False,
        other_drafts: Callable[[], Sequence[Draft]] = _no_other_drafts,
        directory: CcgDirectory | None = None,
    ) -> None:
        self.draft = draft
        self.form = draft.form
        self._other_drafts = other_drafts
        self._directory = directory
        self._field_ids = frozenset(f.id for f in self.form.fields)
        self._revealed: set[str] = set(self._field_ids) if revealed else set()
        self._reveal_unknown = revealed
        """Whether problems about answers the form does not ask for are shown."""
        self._touched: set[str] = set()
        self._previous_ccg = draft.answers.get(self.form.ccg_field)
        self.report: ValidationReport = self.check()

    @property
    def directory(self) -> CcgDirectory:
        if self._directory is None:
            self._directory = ccg_directory()
        return self._directory

    @property
    def answers(self) -> dict[str, Any]:
        return self.draft.answers

    # ------------------------------------------------------------------ checking
    def related_drafts(self) -> list[Draft]:
        """The other open drafts this one is checked against (never itself)."""
        return [d for d in self._other_drafts() if d is not self.draft]

    def check(self) -> ValidationReport:
        """Ask the core again, against the other open drafts; the window and every export
        use the report this returns."""
        self.report = check_draft(self.draft, self.related_drafts())
        return self.report

    # ------------------------------------------------------------------ editing
    def edit(self, field_id: str, value: Any) -> dict[str, Any]:
        """The officer changed an answer; returns the answers this filled in as a
        consequence (field id → value) for the window to show. Checks again."""
        self.draft.answers[field_id] = value
        self._touched.add(field_id)
        filled = self._fill_area_team(value) if field_id == self.form.ccg_field else {}
        self.check()
        return filled

    def _fill_area_team(self, ccg_value: Any) -> dict[str, Any]:
        """Choosing the CCG fills its area team, unless the officer chose a different one."""
        new = self.directory.ccg(ccg_value) if isinstance(ccg_value, str) else None
        previous = self._previous_ccg
        old = self.directory.ccg(previous) if isinstance(previous, str) else None
        self._previous_ccg = ccg_value
        if new is None:
            return {}
        filled: dict[str, Any] = {}
        for field in self.form.fields:
            if field.type != "area_team":
                continue
            current = self.draft.answers.get(field.id)
            if is_blank(current) or (old is not None and current == old.area_team_code):
                self.draft.answers[field.id] = new.area_team_code
                filled[field.id] = new.area_team_code
        return filled

    # ------------------------------------------------------------------ revealing
    def leave(self, field_id: str) -> bool:
        """The officer left a question: its problems are shown from now on if they
        answered it (passing through an empty one shows nothing). True when newly shown."""
        if field_id not in self._field_ids or field_id in self._revealed:
            return False
        if field_id not in self._touched and is_blank(self.draft.answers.get(field_id)):
            return False
        self._revealed.add(field_id)
        return True

    def reveal_all(self) -> ValidationReport:
        """The officer asked (Check for problems, the review page): show every problem."""
        self._revealed = set(self._field_ids)
        self._reveal_unknown = True
        return self.check()

    def asks(self, field_id: str) -> bool:
        """Whether ``field_id`` is a question of this form (not an answer it keeps unasked)."""
        return field_id in self._field_ids

    def is_revealed(self, field_id: str) -> bool:
        return field_id in self._revealed

    def is_shown(self, problem: Problem) -> bool:
        if problem.field in self._field_ids:
            return problem.field in self._revealed
        return self._reveal_unknown

    # ------------------------------------------------------------------ showing
    def is_asked(self, field: FieldDefinition) -> bool:
        """Whether the question is asked, given the other answers."""
        return is_relevant(field, self.report.values)

    def shown_problems(self) -> list[Problem]:
        """The whole form's problems the officer has been shown, in the form's order."""
        return [p for p in self.report.problems if self.is_shown(p)]

    def question_problems(self, field: FieldDefinition) -> list[Problem]:
        """The shown problems of one question (none while it is not asked)."""
        if not self.is_asked(field):
            return []
        return [p for p in self.report.for_field(field.id) if self.is_shown(p)]

    def section_problems(self, section: Section) -> list[Problem]:
        """The shown problems of one section's questions, for its summary and its count."""
        own = {f.id for f in section.fields}
        return [p for p in self.report.problems if p.field in own and self.is_shown(p)]

    def section_status(self, section: Section) -> Status:
        """The section's status; problems count only once they are shown to the officer.

        A section nobody has touched is "Not started"; one with a shown error "Has
        problems"; one with every question answered well (warnings allowed) "Completed".
        """
        fields = [f for f in section.fields if is_relevant(f, self.report.values)]
        answered = [f for f in fields if not is_blank(self.draft.answers.get(f.id))]
        ids = {f.id for f in fields}
        errors = [p for p in self.report.errors if p.field in ids]
        if any(p.field in self._revealed for p in errors):
            return "Has problems"
        if not answered:
            return "Not started"
        if errors:
            return "In progress"
        return "Completed"

    def section_count(self, section: Section) -> str:
        """``1 error and 2 warnings`` beside a section in the task list ('' for none)."""
        return count_of(self.section_problems(section), none="")

    def review_count(self) -> str:
        """The same for the whole form, beside "Check your answers"."""
        return count_of(self.shown_problems(), none="")

    def problem_count(self) -> str:
        """The status bar's count of the problems shown so far."""
        return count_of(self.shown_problems(), none=NO_PROBLEMS_YET)

    def ccg_name(self) -> str:
        """The CCG's name for the statements its officers sign."""
        code = self.draft.answers.get(self.form.ccg_field)
        ccg = self.directory.ccg(code) if isinstance(code, str) else None
        return ccg.name if ccg is not None else "the CCG"

    def default_stem(self) -> str:
        """A file name for a draft never saved: the form and its CCG."""
        return default_draft_stem(self.draft.form_id, self.draft.ccg_code())
