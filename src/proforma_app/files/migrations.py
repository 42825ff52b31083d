"""Explicit upgrades of older draft files, applied in memory when a draft is opened.

An old file is never rewritten by opening it: the upgraded draft is written only when the
user saves (and the save keeps the old file as ``.bak``). Each step is a pure function from
one version's decoded JSON to the next, with a test and a fixture of the old file.

To change the file format: raise ``draft.FORMAT_VERSION`` to N + 1, register
``FORMAT_STEPS[N]`` (a function that returns the N + 1 layout with ``"format_version": N + 1``)
and add a fixture of a version-N file under ``tests/fixtures/drafts/``. To change a form's
questions: raise its ``form_version`` in ``forms/*.json`` and register
``FORM_STEPS[(form_id, N)]`` that moves, renames or converts answers (never drops them:
an answer with nowhere to go stays under its old id and is reported as unknown).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from proforma_app.core.definition import FormDefinition, is_blank
from proforma_app.core.validation import is_relevant

RawDraft = dict[str, Any]
Step = Callable[[RawDraft], RawDraft]

FORMAT_STEPS: dict[int, Step] = {}
"""format_version N -> N + 1. Version 1 is the first published format; none needed yet."""

FORM_STEPS: dict[tuple[str, int], Step] = {}
"""(form_id, form_version N) -> form_version N + 1 of that form's answers."""


@dataclass(frozen=True)
class FormChange:
    """What changed between two versions of a form, as the officer is told it.

    ``renamed`` moves an answer to its new id; ``added`` are the questions the older
    version did not ask (the officer is asked to answer them). Nothing is ever dropped.
    """

    form_id: str
    from_version: int
    summary: tuple[str, ...]
    """One line per change, in the officer's words."""
    renamed: Mapping[str, str] = field(default_factory=dict)
    added: tuple[str, ...] = ()
    converted: Mapping[str, Conversion] = field(default_factory=dict)
    """Answers whose question became another kind of question: old id -> conversion."""
    implied: Mapping[str, Implication] = field(default_factory=dict)
    """New questions an older answer already answers: new id -> what implies it."""

    def step(self, data: RawDraft) -> RawDraft:
        """Version N answers as version N + 1: renamed answers move, converted answers take
        their new form, answers that imply a new question answer it, the rest stay."""
        answers = data.get("answers", {})
        if not isinstance(answers, dict):  # left for reading the draft to refuse, with its words
            return {**data, "form_version": self.from_version + 1}
        answers = dict(answers)
        for old, new in self.renamed.items():
            if old in answers and new not in answers:
                answers[new] = answers.pop(old)
        for old, conversion in self.converted.items():
            if old in answers and conversion.new_id not in answers:
                value = conversion.convert(answers[old])
                if value is not KEEP:  # an answer it cannot read stays, reported as unknown
                    answers[conversion.new_id] = value
                    del answers[old]
        for new, implication in self.implied.items():
            if new not in answers and answers.get(implication.answer) == implication.equals:
                answers[new] = implication.value
        return {**data, "form_version": self.from_version + 1, "answers": answers}


KEEP: Any = object()
"""What a conversion returns for an answer it cannot read: it stays under its old id."""


@dataclass(frozen=True)
class Conversion:
    """An answer moved to a question of another kind, ``convert`` giving its new value."""

    new_id: str
    convert: Callable[[Any], Any]


@dataclass(frozen=True)
class Implication:
    """An older answer that answers a new question: ``answer`` being ``equals`` means the
    new question's answer is ``value`` (the older question asked the narrower thing)."""

    answer: str
    equals: Any
    value: Any


FORM_CHANGES: dict[tuple[str, int], FormChange] = {}
"""(form_id, form_version N) -> what changed on the way to N + 1."""


def _register(change: FormChange) -> None:
    key = (change.form_id, change.from_version)
    FORM_CHANGES[key] = change
    FORM_STEPS[key] = change.step


_ATTEND = (
    "New questions on whether the terms of reference give Healthwatch and the Health and "
    "Wellbeing Board the right to join the committee as non-voting attendees."
)
_SEND = "The form is emailed to the national support centre team, england.co-commissioning@nhs.net."

_register(
    FormChange(
        "annex_a",
        1,
        (
            _SEND,
            _ATTEND,
            "Healthwatch and local authority representatives cannot be voting members.",
            "A warning when no committee member is clinical (clinical leadership).",
            "A warning when the proforma is signed after the 30 January 2015 deadline.",
        ),
        added=("healthwatch_right_to_attend", "hwb_right_to_attend"),
    )
)
_register(
    FormChange(
        "annex_b",
        1,
        (
            _SEND,
            "The committee chair may also chair the audit committee (now a good-practice "
            "warning, not an error); the 'at least 2 lay members' warning is gone.",
            _ATTEND + " Your answers to 'Healthwatch invited' and 'Health and Wellbeing Board "
            "invited' moved to them.",
            "'Declarations within 28 days' is now 'Interests declared promptly' and 'Training "
            "planned' is now 'Lay members take part in the national training'; your answers "
            "moved with them.",
            "New questions: eligibility for delegated commissioning, the supporting documents "
            "sent, and two about the register of interests.",
            "The attestation statement is printed above the signatures, and the audit "
            "committee chair's signature must be in the audit committee chair's name.",
        ),
        renamed={
            "healthwatch_invited": "healthwatch_right_to_attend",
            "hwb_invited": "hwb_right_to_attend",
            "declarations_within_28_days": "prompt_declarations",
            "training_planned": "lay_member_training",
        },
        added=(
            "eligibility_confirmed",
            "documents_attached",
            "register_shows_nature_and_parties",
            "register_in_annual_accounts",
        ),
    )
)
_register(
    FormChange(
        "constitution_amendment",
        1,
        (
            "The request is emailed to england.co-commissioning@nhs.net and the NHS England "
            "regional team; the letter says when NHS England replies.",
            "New contact details and the Accountable Officer's signature, which end the letter.",
            "Clause corrections: NHS England's own accountability, section 13V for pooled "
            "funds, the committee the CCG will establish and the functions NHS England keeps.",
        ),
        added=(
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "sign_accountable_officer",
        ),
    )
)


def _documents_from_yes_no(value: Any) -> Any:
    """Annex A's 'Governance structure attached' (yes or no) as the documents ticked."""
    if value is True:
        return ["governance_structure"]
    if value is False:
        return []
    return KEEP


_V3_STARTS = (
    "A start date after 31 March 2016 now gives a warning: the proformas are for "
    "arrangements starting in 2015/16."
)
_V3_VOTES = (
    "A voting Healthwatch member is still an error; a voting member from a local authority "
    "is now a warning (the Health and Wellbeing Board's representative attends without a "
    "vote). Exports list them under 'Non-voting attendees'."
)
_V3_QUESTIONS = (
    "New questions: patients and the public engaged in decision making, and information "
    "governance standards met ('no' to either is an error)."
)
_V3_CONSISTENCY = (
    "Checks that compare your answers with each other say 'Consistency check:' and no "
    "longer cite the guidance."
)

_register(
    FormChange(
        "annex_a",
        2,
        (
            _V3_QUESTIONS,
            "New question: each CCG is eligible for co-commissioning ('no' is an error).",
            "'Governance structure attached' is now 'Supporting documents sent', with the "
            "constitution amendment request as well; your answer moved to it.",
            "Committees in common no longer need voting members from NHS England and a CCG "
            "in one committee: that check is for a joint committee only.",
            "New warnings: a chair who is not a lay member, and lay and executive members "
            "who are not a majority of the voting members (the guidance's principles, which "
            "all CCGs have regard to).",
            _V3_VOTES,
            _V3_STARTS,
            "The late-submission warning no longer says an in-year start may be agreed "
            "(the guidance says that of delegated arrangements only).",
            _V3_CONSISTENCY,
        ),
        added=(
            "patient_public_engagement",
            "information_governance",
            "eligibility_confirmed",
            "documents_attached",
        ),
        converted={
            "terms_of_reference_attached": Conversion("documents_attached", _documents_from_yes_no)
        },
    )
)
_register(
    FormChange(
        "annex_b",
        2,
        (
            "A 'no' to a legal requirement on conflicts of interest (registers kept, "
            "registers public, prompt declarations, arrangements for managing conflicts, "
            "the register of procurement decisions) is now an error even when explained.",
            "New questions: registers of interests kept, arrangements for managing "
            "conflicts of interest, and whether the registers are published online (the "
            "web address is asked only then; a 'yes' to 'published' gave 'yes' here).",
            "'Register of interests published' now asks whether the registers are "
            "published or the public can access them.",
            "A 'no' to the policy update, the lay member training or the two questions "
            "on the register is now a warning, quiet once explained.",
            "A committee with no voting members has no lay and executive majority.",
            _V3_QUESTIONS,
            "New: the NHS England area team signs the proforma too (Area team sign-off).",
            _V3_VOTES,
            _V3_STARTS,
            _V3_CONSISTENCY,
        ),
        added=(
            "patient_public_engagement",
            "information_governance",
            "registers_of_interests_kept",
            "register_published_online",
            "conflicts_arrangements",
            "sign_area_team",
        ),
        implied={
            "register_published_online": Implication("register_of_interests_published", True, True)
        },
    )
)
_register(
    FormChange(
        "constitution_amendment",
        2,
        (
            "Not consulting the local authority is now an error: CCGs have a duty to "
            "consult it on constitutional changes.",
            "A request for joint commissioning with other CCGs only (not with NHS England) "
            "gives a warning: joint co-commissioning is with NHS England.",
            "New question: whether the request also makes changes that are not about "
            "co-commissioning (such requests were due by 9 January 2015).",
            "The request is compared with an Annex A that names this CCG as lead or as a "
            "partner, and with an Annex B only when it asks for delegated commissioning; "
            "each warning names the other file.",
            "An effective date on the member approval date is accepted.",
            "The clauses are drafted from sections 4.3 and 4.4 of the guidance and no "
            "longer claim to follow Annex C: joint commissioning with NHS England and other "
            "CCGs is one joint committee; the delegated clauses keep the CCG's own "
            "accountability; a CCG's contribution to a pooled fund relates to its own "
            "functions.",
            "The summary of changes is printed once; the letter names the local authority.",
            "Only a request that includes delegated commissioning says that an in-year "
            "start may be agreed.",
            _V3_CONSISTENCY,
        ),
        added=("changes_beyond_co_commissioning",),
    )
)


@dataclass(frozen=True)
class UpgradeNotice:
    """What to tell an officer who opens a draft made for an older version of its form."""

    annex: str
    from_version: int
    to_version: int
    changes: tuple[str, ...]
    new_questions: tuple[tuple[str, str], ...]
    """(field id, label) of questions the older version did not ask, still unanswered."""

    @property
    def headline(self) -> str:
        return (
            f"This draft was made for version {self.from_version} of {self.annex}; it is "
            f"upgraded to version {self.to_version} here and saved in the new version only "
            "when you save. Every answer is kept."
        )

    def lines(self) -> list[str]:
        """The notice as plain lines (the command line prints them)."""
        out = [self.headline, "What changed:"]
        out.extend(f"- {change}" for change in self.changes)
        if self.new_questions:
            out.append(
                "New questions to answer: " + "; ".join(label for _, label in self.new_questions)
            )
        return out


def upgrade_notice(
    form: FormDefinition, from_version: int, answers: Mapping[str, Any]
) -> UpgradeNotice | None:
    """What changed since ``from_version`` of ``form``, or None if nothing did."""
    changes: list[str] = []
    added: list[str] = []
    for version in range(from_version, form.form_version):
        change = FORM_CHANGES.get((form.form_id, version))
        if change is not None:
            changes.extend(change.summary)
            added.extend(change.added)
    if not changes:
        return None
    known = {f.id: f for f in form.fields}
    new = tuple(
        (fid, known[fid].label)
        for fid in dict.fromkeys(added)
        if fid in known and is_blank(answers.get(fid)) and is_relevant(known[fid], answers)
    )
    name = form.annex if form.annex.startswith("Annex") else f"the {form.short_title.lower()}"
    return UpgradeNotice(name, from_version, form.form_version, tuple(changes), new)


class MigrationError(ValueError):
    """An older draft could not be brought up to date; the file itself is untouched.
    (Reading a draft reports it as a ``DraftError`` with the same words.)"""


def upgrade(data: RawDraft, form: FormDefinition, format_version: int) -> RawDraft:
    """``data`` brought to ``format_version`` (the newest file format, which ``draft``
    owns) and to ``form``'s version.

    Works on a copy: ``data`` is never changed, so a failed upgrade loses nothing.
    """
    if data["format_version"] >= format_version and data["form_version"] >= form.form_version:
        return data  # nothing to upgrade: no copy (a 20 MB file may hold millions of values)
    result = _copied(data)
    while result["format_version"] < format_version:
        version = result["format_version"]
        step = FORMAT_STEPS.get(version)
        if step is None:
            raise MigrationError(f"this Proforma cannot upgrade drafts in format version {version}")
        result = _apply(step, result, "format_version", version, f"format version {version}")
    while result["form_version"] < form.form_version:
        version = result["form_version"]
        form_step = FORM_STEPS.get((form.form_id, version))
        if form_step is None:
            raise MigrationError(
                f"this Proforma cannot upgrade answers to version {version} of {form.annex}"
            )
        result = _apply(
            form_step, result, "form_version", version, f"version {version} of {form.annex}"
        )
    return result


def _copied(data: RawDraft) -> RawDraft:
    """A copy of a tree of JSON values; deepcopy's memo of every object cost 300 MB for a
    file of two million empty rows, a JSON round trip none."""
    try:
        copied: RawDraft = json.loads(json.dumps(data, allow_nan=False))
    except (TypeError, ValueError):  # not plain JSON values (built in code, not read)
        copied = copy.deepcopy(data)
    return copied


def _apply(step: Step, data: RawDraft, key: str, version: int, what: str) -> RawDraft:
    try:
        result = step(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise MigrationError(f"the draft could not be upgraded from {what} ({exc!r})") from None
    if not isinstance(result, dict) or result.get(key) != version + 1:
        raise MigrationError(
            f"the upgrade from {what} did not produce version {version + 1} (a bug in Proforma)"
        )
    return result
