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
    renamed: Mapping[str, str] = field(default_factory=dict)
    added: tuple[str, ...] = ()

    def step(self, data: RawDraft) -> RawDraft:
        """Version N answers as version N + 1: renamed answers move, the rest stay."""
        answers = dict(data.get("answers", {}))
        for old, new in self.renamed.items():
            if old in answers and new not in answers:
                answers[new] = answers.pop(old)
        return {**data, "form_version": self.from_version + 1, "answers": answers}


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
        (fid, known[fid].label) for fid in added if fid in known and is_blank(answers.get(fid))
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
