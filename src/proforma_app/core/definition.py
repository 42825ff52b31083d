"""The meta-model: what a form definition file in ``forms/`` may say.

Forms are data so that adding a form or a field never means editing GUI or exporter code.
The model is strict (unknown keys rejected, frozen) and checks the references inside a
form (conditions and rules must name fields that exist), so a typo in a form file fails
when the form loads, not when an officer is half-way through it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
OneLine = Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[^\n]*$")]
Severity = Literal["error", "warning"]
Scalar = str | bool | int


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Condition(Strict):
    """A test on another answer: ``equals`` a value, is ``one_of`` values, ``contains`` one,
    contains at least one of ``contains_any`` or none of ``contains_none`` (a multiple
    choice or any list)."""

    field: Identifier
    equals: Scalar | None = None
    one_of: tuple[Scalar, ...] | None = None
    contains: Scalar | None = None
    contains_any: tuple[Scalar, ...] | None = None
    contains_none: tuple[Scalar, ...] | None = None

    @model_validator(mode="after")
    def _exactly_one_test(self) -> Condition:
        tests = [
            t
            for t in (
                self.equals,
                self.one_of,
                self.contains,
                self.contains_any,
                self.contains_none,
            )
            if t is not None
        ]
        if len(tests) != 1:
            raise ValueError(
                "a condition needs exactly one of equals, one_of, contains, contains_any, "
                "contains_none"
            )
        return self

    def holds(self, value: Any) -> bool:
        """Whether the condition is met by ``value`` (the answer to ``field``)."""
        if self.equals is not None:
            return bool(value == self.equals)
        if self.one_of is not None:
            return value in self.one_of
        chosen = value if isinstance(value, list | tuple) else ()
        if self.contains_any is not None:
            return any(v in chosen for v in self.contains_any)
        if self.contains_none is not None:
            return not any(v in chosen for v in self.contains_none)
        return self.contains in chosen


GUIDANCE_TITLE = "Next steps"
"""How citations name *Next steps towards primary care co-commissioning* (November 2014)."""

ELISION = "…"
"""Stands in a quote for words left out: each part is verbatim, in order, within the lines."""

Strength = Literal["requirement", "condition", "advice", "possibility", "statement"]
"""How strongly a line of the guidance speaks, from the words it uses."""

GUIDANCE_VERBS: dict[str, Strength] = {
    # requirement: the guidance requires it; an error may rest on these
    "legal requirement": "requirement",
    "duty": "requirement",
    "must": "requirement",
    "will be required": "requirement",
    "could not": "requirement",
    "obligatory": "requirement",
    "will have the right": "requirement",
    # condition: NHS England's support depends on it; an error may rest on it
    "unless": "condition",
    # advice: the guidance asks or recommends; only ever a warning
    "should": "advice",
    "have regard to": "advice",
    "encouraged": "advice",
    "recommended": "advice",
    "recommendation": "advice",
    "asked to": "advice",
    "important": "advice",
    "want to": "advice",
    "preferential": "advice",
    # possibility: the guidance allows or expects something may happen
    "may": "possibility",
    "can": "possibility",
    "could": "possibility",
    "would": "possibility",
}
"""The words that give a line of the guidance its force. A quote with none of them is a
"statement" (a description or a definition). Longer phrases are found first, so "will be
required to have regard to" is advice and "could not" a requirement."""

_ORDER: dict[Strength, int] = {
    "possibility": 0,
    "advice": 1,
    "condition": 2,
    "requirement": 3,
    "statement": 4,
}
ERROR_STRENGTHS: frozenset[Strength] = frozenset({"requirement", "condition"})
"""Only lines that say "must", "will be required", "legal requirement", "duty" (or make
NHS England's support conditional) can make a problem an error."""


def _folded(text: str) -> str:
    return " ".join(text.replace(ELISION, " ").split()).casefold()


def _phrase(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words (not "duties" for "duty", nor "cannot" for "can")."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")


_VERB_PATTERNS = tuple(
    (phrase, _phrase(phrase)) for phrase in sorted(GUIDANCE_VERBS, key=len, reverse=True)
)


@functools.cache
def verbs_in(text: str) -> tuple[str, ...]:
    """The :data:`GUIDANCE_VERBS` phrases ``text`` uses, longest first, each span once."""
    rest = _folded(text)
    found: list[str] = []
    for phrase, pattern in _VERB_PATTERNS:
        if pattern.search(rest):
            found.append(phrase)
            rest = pattern.sub(" | ", rest)
    return tuple(found)


def weakest_strength(text: str) -> Strength:
    """The force of a quote: that of its weakest verb ("will be required to have regard to"
    is advice), or "statement" when it has none."""
    strengths = [GUIDANCE_VERBS[v] for v in verbs_in(text)]
    return min(strengths, key=_ORDER.__getitem__) if strengths else "statement"


class Source(Strict):
    """Where the guidance says what a question asks or a rule checks.

    ``lines`` are those of ``resources/guidance/next-steps-2014.txt``; ``quote`` is verbatim
    from those lines (whitespace aside; "…" marks words left out), short enough to show
    beside a problem. ``verb`` is the guidance's own word that gives the line its force
    ("must", "should", "have regard to" …): it must be in the quote and be its weakest
    (:func:`weakest_strength`), so a quote cannot claim more force than its words have.
    """

    section: Annotated[str, Field(pattern=r"^[1-9][0-9]*(\.[0-9]+)*$", max_length=12)]
    lines: tuple[int, int]
    quote: Annotated[str, Field(min_length=10, max_length=200)]
    verb: Annotated[str, Field(min_length=2, max_length=40, pattern=r"^[a-z][a-z ]*[a-z]$")]

    @model_validator(mode="after")
    def _lines_in_order(self) -> Source:
        first, last = self.lines
        if not 1 <= first <= last:
            raise ValueError(f"source lines {self.lines} must be a range of line numbers")
        return self

    @model_validator(mode="after")
    def _verb_is_the_quotes_own(self) -> Source:
        if not _phrase(self.verb).search(_folded(self.quote)):
            raise ValueError(f"source verb {self.verb!r} is not in the quote {self.quote!r}")
        found = verbs_in(self.quote)
        declared = GUIDANCE_VERBS.get(self.verb, "statement")
        if declared != self.strength:
            raise ValueError(
                f"source verb {self.verb!r} ({declared}) is not the quote's weakest: it says "
                f"{', '.join(repr(v) for v in found)} ({self.strength}); give that verb, or "
                "cut the quote to the words the check rests on"
            )
        return self

    @property
    def strength(self) -> Strength:
        """How strongly the quoted line speaks (see :data:`GUIDANCE_VERBS`)."""
        return weakest_strength(self.quote)

    @property
    def can_ground_an_error(self) -> bool:
        return self.strength in ERROR_STRENGTHS

    @property
    def citation(self) -> str:
        """'Next steps, 7.1.4': how a problem or a question names its source."""
        return f"{GUIDANCE_TITLE}, {self.section}"

    @property
    def line_range(self) -> str:
        first, last = self.lines
        return f"line {first}" if first == last else f"lines {first}-{last}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "lines": list(self.lines),
            "quote": self.quote,
            "verb": self.verb,
            "citation": self.citation,
        }


class Choice(Strict):
    value: Identifier
    label: OneLine


class _FieldBase(Strict):
    id: Identifier
    label: OneLine
    help: str = Field(default="", max_length=500, pattern=r"^[^\n]*$")
    required: bool | Literal["conditional"] = False
    required_when: Condition | None = None
    relevant_when: Condition | None = None
    error_message: OneLine | None = None
    source: Source | None = None
    """The guidance this question or its help text leans on ("Why we ask this")."""

    @model_validator(mode="after")
    def _conditional_needs_condition(self) -> _FieldBase:
        if (self.required == "conditional") != (self.required_when is not None):
            raise ValueError(
                f"field {self.id!r}: required 'conditional' goes with required_when, and only it"
            )
        return self

    @property
    def required_message(self) -> str:
        """GOV.UK style: say what to do, naming the question."""
        if self.error_message:
            return self.error_message
        return f"Enter {_lower_first(self.label)}"


class _TextLike(_FieldBase):
    max_length: int | None = Field(default=None, gt=0)
    min_length: int | None = Field(default=None, gt=0)
    placeholder: str | None = None


class TextField(_TextLike):
    type: Literal["text"]


class LongTextField(_TextLike):
    type: Literal["long_text"]
    rows: int = Field(default=4, ge=2, le=30)


class EmailField(_TextLike):
    type: Literal["email"]


class PhoneField(_TextLike):
    type: Literal["phone"]


class UrlField(_TextLike):
    type: Literal["url"]


class DateField(_FieldBase):
    type: Literal["date"]
    min_date: dt.date | None = None
    max_date: dt.date | None = None
    not_in_future: bool = False


class YesNoField(_FieldBase):
    type: Literal["yes_no"]


class _WithChoices(_FieldBase):
    choices: tuple[Choice, ...] = Field(min_length=1)

    def label_for(self, value: str) -> str:
        """The words shown for a stored value (the value itself if the form lacks it)."""
        return next((c.label for c in self.choices if c.value == value), value)


class ChoiceField(_WithChoices):
    type: Literal["choice"]


class MultiChoiceField(_WithChoices):
    type: Literal["multi_choice"]
    min_selected: int = Field(default=0, ge=0)


class CcgField(_FieldBase):
    type: Literal["ccg"]


class AreaTeamField(_FieldBase):
    type: Literal["area_team"]


class MoneyField(_FieldBase):
    type: Literal["money"]
    positive: bool = False
    max_amount: Decimal | None = None


class SignatureField(_FieldBase):
    type: Literal["signature"]
    signatory: OneLine
    """Who must sign, e.g. 'Accountable Officer of the lead CCG'."""


ColumnDefinition = Annotated[
    TextField
    | LongTextField
    | EmailField
    | PhoneField
    | UrlField
    | DateField
    | YesNoField
    | ChoiceField
    | CcgField
    | AreaTeamField
    | MoneyField,
    Field(discriminator="type"),
]


class ListedApart(Strict):
    """Rows of a table that a submission lists apart, under ``label`` (e.g. the Healthwatch
    and Health and Wellbeing Board representatives, who attend without a vote)."""

    label: OneLine
    where: dict[Identifier, Scalar | tuple[Scalar, ...]] = Field(min_length=1)

    def holds(self, row: Any) -> bool:
        """Whether a (parsed) row is one of them."""
        if not isinstance(row, dict):
            return False
        for column, wanted in self.where.items():
            value = row.get(column)
            if isinstance(wanted, tuple) and value not in wanted:
                return False
            if not isinstance(wanted, tuple) and value != wanted:
                return False
        return True


class TableField(_FieldBase):
    type: Literal["table"]
    columns: tuple[ColumnDefinition, ...] = Field(min_length=1)
    min_rows: int = Field(default=0, ge=0)
    max_rows: int = Field(default=200, ge=1)
    row_noun: OneLine = "row"
    """What one row is called in messages and buttons ('member', 'partner CCG')."""
    listed_apart: ListedApart | None = None
    """Rows a submission lists under a heading of their own (non-voting attendees)."""

    def column(self, column_id: str) -> ColumnDefinition:
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(column_id)

    @model_validator(mode="after")
    def _columns_unique(self) -> TableField:
        ids = [c.id for c in self.columns]
        if len(ids) != len(set(ids)):
            raise ValueError(f"table {self.id!r} repeats a column id")
        if self.listed_apart is not None:
            unknown = set(self.listed_apart.where) - set(ids)
            if unknown:
                raise ValueError(
                    f"table {self.id!r}: listed_apart names no column {sorted(unknown)}"
                )
        for col in self.columns:
            if col.relevant_when or col.required_when:
                raise ValueError(f"table {self.id!r}: columns cannot have conditions")
        return self


FieldDefinition = Annotated[
    TextField
    | LongTextField
    | EmailField
    | PhoneField
    | UrlField
    | DateField
    | YesNoField
    | ChoiceField
    | MultiChoiceField
    | CcgField
    | AreaTeamField
    | MoneyField
    | TableField
    | SignatureField,
    Field(discriminator="type"),
]

FIELD_TYPES: tuple[str, ...] = tuple(
    get_args(cls.model_fields["type"].annotation)[0]
    for cls in get_args(get_args(FieldDefinition)[0])
)
"""Every question type a form file may use, read from the union above."""


# ---------------------------------------------------------------- cross-field rules
# Each rule names its kind; the checks behind the kinds live in ``proforma_app.core.rules``.
# ``field`` is where the problem is shown. A reference ``a.b`` reads part ``b`` of a
# signature answer ``a``.

FieldRef = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")]
RowFilter = dict[Identifier, Scalar | tuple[Scalar, ...]]


GOOD_PRACTICE_PREFIX = "Good practice:"
CONSISTENCY_PREFIX = "Consistency check:"

Basis = Literal["guidance", "consistency", "good_practice"]


class _RuleBase(Strict):
    """What every rule says: where it shows, how serious it is and what it rests on.

    ``basis`` "guidance" (the default): the rule enforces the guidance and names its
    ``source``; it is an error only when the quoted line says "must", "will be required",
    "legal requirement" or "duty" (:attr:`Source.can_ground_an_error`): a "should" or
    "have regard to" line gives a warning. "consistency": the answers contradict each other
    or the reference data (a chair who is not a member, a date before another); the message
    starts "Consistency check:" and nothing is cited. "good_practice": a warning the
    guidance does not state; the message starts "Good practice:". Neither of the last two
    says what the guidance or NHS England expects. The rule runs only when every condition
    of ``applies_when`` holds.
    """

    id: Identifier
    field: Identifier
    severity: Severity = "error"
    message: OneLine
    description: str = ""
    basis: Basis = "guidance"
    source: Source | None = None
    applies_when: tuple[Condition, ...] = ()

    @model_validator(mode="after")
    def _grounded(self) -> _RuleBase:
        if self.basis == "guidance":
            if self.source is None:
                what = "an error rule" if self.severity == "error" else "a guidance rule"
                raise ValueError(
                    f"rule {self.id!r}: {what} needs a source in the guidance "
                    '(one without is "basis": "consistency" or "good_practice")'
                )
            if self.severity == "error" and not self.source.can_ground_an_error:
                raise ValueError(
                    f"rule {self.id!r}: an error rests on a line that says must, will be "
                    f"required, legal requirement or duty; this one says {self.source.verb!r} "
                    f"({self.source.strength}): make it a warning"
                )
            return self
        if self.source is not None:
            raise ValueError(
                f"rule {self.id!r}: a {self.basis} rule cites no source: it is not the guidance's"
            )
        prefix = GOOD_PRACTICE_PREFIX if self.basis == "good_practice" else CONSISTENCY_PREFIX
        if self.basis == "good_practice" and self.severity == "error":
            raise ValueError(f"rule {self.id!r}: a good-practice rule can only be a warning")
        for message in self.messages:
            if not message.startswith(prefix):
                raise ValueError(f"rule {self.id!r}: a {self.basis} message starts {prefix!r}")
            if "NHS England expects" in message or "guidance" in message.casefold():
                raise ValueError(
                    f"rule {self.id!r}: a {self.basis} message never says what NHS England "
                    "expects or what the guidance says"
                )
        return self

    @property
    def messages(self) -> tuple[str, ...]:
        """Every message the rule may give."""
        return (self.message,)

    @property
    def verb(self) -> str | None:
        """The guidance's word the rule rests on ("must", "should" …), if it cites one."""
        return self.source.verb if self.source is not None else None


class NameInTableRule(_RuleBase):
    """A name answer must match a row of a table (optionally only rows that pass ``where``)."""

    kind: Literal["name_in_table"]
    name: FieldRef
    table: Identifier
    column: Identifier
    where: RowFilter = Field(default_factory=dict)


class MatchedRowRule(_RuleBase):
    """The table row matched by a name answer must have ``column`` in ``allowed``."""

    kind: Literal["matched_row"]
    name: FieldRef
    table: Identifier
    column: Identifier
    match_column: Identifier
    allowed: tuple[Scalar, ...]


class DifferentRule(_RuleBase):
    """Two answers must not be the same (names compared ignoring case and spacing)."""

    kind: Literal["different"]
    first: FieldRef
    second: FieldRef


class RowCountRule(_RuleBase):
    """The number of table rows that pass ``where`` must be within ``min``..``max``."""

    kind: Literal["row_count"]
    table: Identifier
    where: RowFilter = Field(default_factory=dict)
    min: int | None = None
    max: int | None = None


class MajorityRule(_RuleBase):
    """Among rows passing ``where``, those with ``column`` in ``values`` must be a strict majority."""

    kind: Literal["majority"]
    table: Identifier
    where: RowFilter = Field(default_factory=dict)
    column: Identifier
    values: tuple[Scalar, ...]


class MentionsRule(_RuleBase):
    """A text answer should mention at least one of some words."""

    kind: Literal["mentions"]
    text: Identifier
    any_of: tuple[str, ...] = Field(min_length=1)


class AnswerIsRule(_RuleBase):
    """Flags an answer equal to ``equals`` (e.g. 'no'), unless ``unless_answered`` is filled in."""

    kind: Literal["answer_is"]
    answer: Identifier
    equals: Scalar
    unless_answered: Identifier | None = None

    @model_validator(mode="after")
    def _explanation_softens_only_advice(self) -> AnswerIsRule:
        if (
            self.unless_answered is not None
            and self.source is not None
            and self.source.can_ground_an_error
        ):
            raise ValueError(
                f"rule {self.id!r}: an explanation never turns a {self.source.verb!r} into a "
                "pass (unless_answered is only for what the guidance leaves to local judgement)"
            )
        return self


class AreaTeamMatchesRule(_RuleBase):
    """The chosen area team should be the CCG's area team in the reference data."""

    kind: Literal["area_team_matches"]
    ccg: Identifier
    area_team: Identifier


class DistinctRowsRule(_RuleBase):
    """Values in a table column must not repeat, nor repeat another answer (``not_equal_to``)."""

    kind: Literal["distinct_rows"]
    table: Identifier
    column: Identifier
    not_equal_to: Identifier | None = None
    message_repeats_other: OneLine | None = None

    @property
    def messages(self) -> tuple[str, ...]:
        return (self.message,) + (
            (self.message_repeats_other,) if self.message_repeats_other else ()
        )


class DateOrderRule(_RuleBase):
    """Date ``later`` must come after (or on, when not ``strict``) date ``earlier``."""

    kind: Literal["date_order"]
    earlier: FieldRef
    later: FieldRef
    strict: bool = False


class SameRule(_RuleBase):
    """Two answers must be the same (names compared ignoring case and spacing)."""

    kind: Literal["same"]
    first: FieldRef
    second: FieldRef


class LacksChoiceRule(_RuleBase):
    """Flags a multiple-choice answer that does not include ``value`` (e.g. a document)."""

    kind: Literal["lacks_choice"]
    answer: Identifier
    value: Identifier


class DeadlineRule(_RuleBase):
    """Flags a submission dated after its deadline (a warning: a late start may be agreed).

    The latest of ``dates`` is the submission date. With ``start`` the rule applies only
    when that answer is ``start_on`` (the deadline is for a 1 April 2015 start); which
    amendment requests a deadline is for is said with ``applies_when``.
    """

    kind: Literal["deadline"]
    dates: tuple[FieldRef, ...] = Field(min_length=1)
    due: dt.date
    start: Identifier | None = None
    start_on: dt.date | None = None

    @model_validator(mode="after")
    def _start_pairs(self) -> DeadlineRule:
        if (self.start is None) != (self.start_on is None):
            raise ValueError(f"rule {self.id!r}: start and start_on go together")
        return self


class DateAfterRule(_RuleBase):
    """Flags a date later than ``after`` (a start date beyond the year the forms are for)."""

    kind: Literal["date_after"]
    date: FieldRef
    after: dt.date


class CombinationRule(_RuleBase):
    """Flags answers for which every condition of ``when`` holds (e.g. only joint
    commissioning with other CCGs ticked, and not with NHS England)."""

    kind: Literal["combination"]
    when: tuple[Condition, ...] = Field(min_length=1)


RuleDefinition = Annotated[
    NameInTableRule
    | MatchedRowRule
    | DifferentRule
    | RowCountRule
    | MajorityRule
    | MentionsRule
    | AnswerIsRule
    | AreaTeamMatchesRule
    | DistinctRowsRule
    | DateOrderRule
    | SameRule
    | LacksChoiceRule
    | DeadlineRule
    | DateAfterRule
    | CombinationRule,
    Field(discriminator="kind"),
]


class Section(Strict):
    id: Identifier
    title: OneLine
    intro: str = ""
    statement: str = Field(default="", max_length=500)
    """Words the signatories put their names to, printed above the section's signatures;
    ``{ccg}`` stands for the CCG's name."""
    statement_source: Source | None = None

    def statement_for(self, ccg_name: str) -> str:
        """The statement as signed: '{ccg}' replaced by the CCG's name."""
        return self.statement.replace("{ccg}", ccg_name)

    fields: tuple[FieldDefinition, ...] = Field(min_length=1)


class RelatedFormCheck(Strict):
    """Answers that should agree with a draft of another form for the same CCG (a warning).

    The other draft is for the same CCG when this form's CCG is among the CCGs it names as
    taking part (its :attr:`FormDefinition.arrangement_ccgs`: an amendment is compared with
    an Annex A that names its CCG as lead or as a partner). The check runs only when every
    condition of ``applies_when`` holds for this form's answers (a request solely for joint
    commissioning is not compared with an Annex B).
    """

    form_ids: tuple[Identifier, ...] = Field(min_length=1)
    applies_when: tuple[Condition, ...] = ()
    compare: tuple[tuple[Identifier, Identifier], ...] = ()
    """Pairs of (this form's field, the other form's field) that should hold the same answer."""
    same_ccgs: Identifier | None = None
    """Where to say that the CCGs taking part differ (both forms' ``arrangement_ccgs``)."""


class FormDefinition(Strict):
    """One form: its identity, its sections of fields, and its cross-field rules."""

    schema_: str | None = Field(default=None, alias="$schema")
    form_id: Identifier
    form_version: int = Field(ge=1)
    title: OneLine
    short_title: OneLine
    annex: OneLine
    """How the form is known, e.g. 'Annex B'."""
    deadline: OneLine
    ccg_field: Identifier
    """The answer that says which CCG is submitting (used in lists, reports and exports)."""
    arrangement_ccgs: tuple[FieldRef, ...] = ()
    """The answers naming every CCG taking part (``table.column`` for a table of CCGs);
    the CCG answer alone when not given."""
    introduction: str = ""
    sections: tuple[Section, ...] = Field(min_length=1)
    rules: tuple[RuleDefinition, ...] = ()
    related_forms: tuple[RelatedFormCheck, ...] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @property
    def derived(self) -> dict[str, Any]:
        """What is built once from this definition (its answers model, its validator), kept
        with it rather than in a table keyed by the definition; never compared or saved.
        A copy (``model_copy``) starts its own: what was built for the original may not
        fit it."""
        owner, memo = self.__dict__.get("_derived", (None, {}))
        if owner is not self:
            memo = {}
            self.__dict__["_derived"] = (self, memo)
        return memo  # type: ignore[no-any-return]

    @property
    def fields(self) -> tuple[FieldDefinition, ...]:
        """All top-level fields in display order."""
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, field_id: str) -> FieldDefinition:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def section_of(self, field_id: str) -> Section:
        for s in self.sections:
            if any(f.id == field_id for f in s.fields):
                return s
        raise KeyError(field_id)

    @model_validator(mode="after")
    def _references_resolve(self) -> FormDefinition:
        by_id: dict[str, Any] = {}
        for section in self.sections:
            for f in section.fields:
                if f.id in by_id:
                    raise ValueError(f"field id {f.id!r} is used twice")
                by_id[f.id] = f
        if len({s.id for s in self.sections}) != len(self.sections):
            raise ValueError("section ids must be unique")
        if self.ccg_field not in by_id:
            raise ValueError(f"ccg_field {self.ccg_field!r} is not a field")
        for f in by_id.values():
            for cond in (f.required_when, f.relevant_when):
                if cond is not None and cond.field not in by_id:
                    raise ValueError(
                        f"field {f.id!r}: condition names unknown field {cond.field!r}"
                    )
        rule_ids = [r.id for r in self.rules]
        if len(rule_ids) != len(set(rule_ids)):
            raise ValueError("rule ids must be unique")
        for rule in self.rules:
            _check_rule_refs(rule, by_id)
            for ref in _extra_refs(rule):
                if ref.partition(".")[0] not in by_id:
                    raise ValueError(f"rule {rule.id!r}: names unknown field {ref!r}")
        for ref in self.arrangement_ccgs:
            _check_ccg_ref(ref, by_id)
        for check in self.related_forms:
            for cond in check.applies_when:
                if cond.field not in by_id:
                    raise ValueError(f"related form check: condition names unknown {cond.field!r}")
            for mine, _ in check.compare:
                if mine not in by_id:
                    raise ValueError(f"related form check: compares unknown field {mine!r}")
            if check.same_ccgs is not None and check.same_ccgs not in by_id:
                raise ValueError(f"related form check: same_ccgs names unknown {check.same_ccgs!r}")
        return self

    @property
    def ccg_refs(self) -> tuple[str, ...]:
        """The answers naming the CCGs taking part (the CCG answer at least)."""
        return self.arrangement_ccgs or (self.ccg_field,)


_REF_KEYS = (
    "field",
    "name",
    "table",
    "first",
    "second",
    "text",
    "answer",
    "ccg",
    "area_team",
    "not_equal_to",
    "unless_answered",
    "earlier",
    "later",
    "date",
    "start",
)


def _extra_refs(rule: Any) -> list[str]:
    """References a rule holds in lists or nested parts (checked like the plain ones)."""
    own = rule.__dict__
    refs = list(own.get("dates") or ())
    refs.extend(c.field for c in rule.applies_when)
    refs.extend(c.field for c in own.get("when") or ())
    return refs


def _check_ccg_ref(ref: str, by_id: dict[str, Any]) -> None:
    """``ccg`` (a CCG answer) or ``table.column`` (a column of CCGs)."""
    base, _, column = ref.partition(".")
    f = by_id.get(base)
    if f is None:
        raise ValueError(f"arrangement_ccgs names unknown field {base!r}")
    if column:
        if f.type != "table" or not any(c.id == column and c.type == "ccg" for c in f.columns):
            raise ValueError(f"arrangement_ccgs: {ref!r} is not a table column of CCGs")
    elif f.type != "ccg":
        raise ValueError(f"arrangement_ccgs: {ref!r} is not a CCG answer")


def _check_rule_refs(rule: Any, by_id: dict[str, Any]) -> None:
    own = rule.__dict__  # the rule's own fields (getattr on a field it lacks is slow in pydantic)
    for key in _REF_KEYS:
        ref = own.get(key)
        if ref is None:
            continue
        base, _, part = ref.partition(".")
        if base not in by_id:
            raise ValueError(f"rule {rule.id!r}: {key} names unknown field {base!r}")
        if part and by_id[base].type != "signature":
            raise ValueError(f"rule {rule.id!r}: only signature answers have parts ({ref!r})")
        if part and part not in ("name", "role", "date"):
            raise ValueError(f"rule {rule.id!r}: a signature has no part {part!r}")
    table_id = own.get("table")
    if table_id is not None:
        table = by_id[table_id]
        if table.type != "table":
            raise ValueError(f"rule {rule.id!r}: {table_id!r} is not a table")
        columns = {c.id for c in table.columns}
        used = set(own.get("where") or {})
        used.update(own[key] for key in ("column", "match_column") if own.get(key))
        unknown = used - columns
        if unknown:
            raise ValueError(
                f"rule {rule.id!r}: table {table_id!r} has no column {sorted(unknown)}"
            )


def _lower_first(text: str) -> str:
    """'Contact email' -> 'contact email', but keep acronyms like 'CCG' intact."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def lower_first(text: str) -> str:
    """Label as it reads inside a sentence."""
    return _lower_first(text)


def is_blank(value: Any) -> bool:
    """An answer that says nothing: missing, empty text, empty list or empty signature."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        if isinstance(value, dict):
            return all(is_blank(v) for v in value.values())
        return len(value) == 0
    return False


_WORD = re.compile(r"\s+")


def normalise_name(value: str) -> str:
    """Names compare equal whatever their case and spacing."""
    return _WORD.sub(" ", value).strip().casefold()
