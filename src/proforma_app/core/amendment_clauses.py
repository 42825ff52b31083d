"""The constitution amendment a CCG asks NHS England to approve, written from its answers.

Officers may not edit the generated wording (the spec's rule): the clauses are numbered
from the clause location they give (6.4 -> 6.4.1, 6.4.2 ...) and cite the powers in the
NHS Act 2006: s.13Z (NHS England's functions exercised jointly or by a CCG), s.13V (pooled
funds), s.14Z3 including (2A) (CCGs acting jointly, through a joint committee), s.14Z9 as
amended by the Legislative Reform (Clinical Commissioning Groups) Order 2014 (a CCG's
functions exercised jointly with NHS England) and s.83 (primary medical services).

Annex C of the guidance is model wording for joint commissioning only (Next steps, 7.1.3);
delegated changes "will be considered on an individual CCG basis", so the delegated
clauses are never called Annex C wording. Clauses name the CCG as its constitution does
(its name, never its ODS code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from proforma_app.core.answer_checks import format_date
from proforma_app.core.definition import ChoiceField, FormDefinition, is_blank
from proforma_app.core.reference import CcgDirectory

GAP = "[not answered]"
"""Stands in a sentence for an answer a marked draft does not have yet."""

_APPROVAL_PHRASES = {"vote": "by a vote", "written_endorsement": "by written endorsement"}
"""How the letter says the member practices approved; other methods are named in brackets."""

_ACT_IN_FULL = "the National Health Service Act 2006 (the 2006 Act)"
_LRO = "the Legislative Reform (Clinical Commissioning Groups) Order 2014"


@dataclass(frozen=True, slots=True)
class GeneratedClause:
    """A numbered clause, or an unnumbered heading for a group of clauses."""

    number: str
    text: str
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class _Arrangement:
    heading: str
    purpose: str
    """How the application letter says what the CCG wants to do."""
    clauses: tuple[str, ...]
    """Templates; ``{ref[i]}`` is the number of this arrangement's clause i (0-based)."""


_ARRANGEMENTS: dict[str, _Arrangement] = {
    "joint_with_nhs_england": _Arrangement(
        heading="Joint commissioning arrangements with NHS England",
        purpose="commission primary medical care services jointly with NHS England",
        clauses=(
            "The CCG may wish to work together with NHS England in the exercise of its "
            "commissioning functions and of NHS England's functions relating to primary "
            "medical care services.",
            "The CCG and NHS England may make arrangements to exercise jointly NHS England's "
            "functions relating to primary medical care services under section 13Z of the "
            "2006 Act, and to exercise jointly the "
            "CCG's commissioning functions under section 14Z9 of the 2006 Act, as amended by "
            f"{_LRO}.",
            "Where arrangements are made under paragraph {ref[1]}, the CCG and NHS England "
            "may establish a joint committee, {committee}, to exercise the functions in "
            "question.",
            "Arrangements made under paragraph {ref[1]} may be on such terms and conditions "
            "(including terms as to payment) as may be agreed between NHS England and the CCG, "
            "and may include a pooled fund made up of contributions from the parties under "
            "section 13V of the 2006 Act.",
            "The CCG shall develop and agree with NHS England a framework setting out the "
            "arrangements for joint working, including how the parties will work together, "
            "their duties and responsibilities, how risk will be managed and shared, and "
            "the financial arrangements.",
            "The CCG and NHS England each remain accountable for meeting their own statutory "
            "duties, and the liability of each to carry out its functions will not be "
            "affected by arrangements under paragraph {ref[1]}.",
        ),
    ),
    "joint_with_ccgs": _Arrangement(
        heading="Joint commissioning arrangements with other CCGs",
        purpose="exercise its commissioning functions jointly with {partners}",
        clauses=(
            "The CCG may wish to work together with other CCGs in the exercise of its "
            "commissioning functions.",
            "The CCG may make arrangements with {partners} under section 14Z3 of the 2006 Act "
            "to exercise jointly the commissioning functions of the CCG and of those CCGs.",
            "Where the CCG and those CCGs exercise functions jointly, they may do so through a "
            "joint committee, {committee}, under section 14Z3(2A) of the 2006 Act, as inserted "
            f"by {_LRO}.",
            "For the purposes of the arrangements in paragraph {ref[1]}, the CCG may make and "
            "receive payments, make available or receive the services of employees and other "
            "resources, and establish and maintain a pooled fund with those CCGs.",
            "The CCG shall develop and agree with those CCGs an agreement setting out the "
            "arrangements for joint working, including the duties and responsibilities of the "
            "parties, how risk will be managed and shared, and the financial arrangements.",
            "The liability of the CCG to carry out its functions will not be affected where "
            "it enters into arrangements under paragraph {ref[1]}.",
        ),
    ),
    "delegated": _Arrangement(
        heading="Delegated commissioning of primary medical services",
        purpose="take on delegated responsibility for commissioning primary medical care services",
        clauses=(
            "NHS England may delegate to the CCG, under section 13Z of the 2006 Act, authority "
            "to exercise its functions relating to primary medical services under section 83 "
            "of the 2006 Act (the delegated functions).",
            "Arrangements made under paragraph {ref[0]} may be on such terms and conditions "
            "(including terms as to payment) as may be agreed between NHS England and the CCG.",
            "The CCG will establish {committee} (the Committee), which will act as a "
            "corporate decision-making body for the management of the delegated functions and "
            "the exercise of the delegated powers.",
            "The Committee will be chaired by a lay member and will have a lay and executive "
            "majority. Its membership, quorum and procedures are set out in its terms of "
            "reference, appended to this constitution.",
            "Individual GP performance management (the medical performers list, appraisal and "
            "revalidation) and the administration of payments and list management remain "
            "with NHS England and are not delegated.",
            "The liability of NHS England to carry out its functions will not be affected by "
            "the arrangements in paragraph {ref[0]}.",
        ),
    ),
}


def arrangement_types(values: Mapping[str, Any]) -> list[str]:
    """The selected amendment types, in the form's order (the answers model sorts them)."""
    selected = values.get("amendment_type") or []
    return [kind for kind in _ARRANGEMENTS if kind in selected]


def clause_base(values: Mapping[str, Any]) -> str:
    """'6.4' from the clause location answer ('Section 6.4.' reads the same)."""
    location = str(values.get("clause_location") or "").strip().rstrip(".")
    if location.lower().startswith("section "):
        location = location[len("section ") :].strip()
    return location or "X"


def generate_clauses(values: Mapping[str, Any], directory: CcgDirectory) -> list[GeneratedClause]:
    """The amendment clauses for the selected arrangements, numbered from the location."""
    base = clause_base(values)
    words = _wording(values, directory)
    clauses: list[GeneratedClause] = []
    number = 0
    for kind in arrangement_types(values):
        arrangement = _ARRANGEMENTS[kind]
        clauses.append(GeneratedClause("", arrangement.heading, is_heading=True))
        refs = [f"{base}.{number + i + 1}" for i in range(len(arrangement.clauses))]
        for template in arrangement.clauses:
            number += 1
            clauses.append(GeneratedClause(f"{base}.{number}", template.format(ref=refs, **words)))
    return _define_act_once(clauses)


def _define_act_once(clauses: list[GeneratedClause]) -> list[GeneratedClause]:
    """Name the Act in full where it is first cited, whichever arrangements come first."""
    for index, clause in enumerate(clauses):
        if "the 2006 Act" in clause.text:
            text = clause.text.replace("the 2006 Act", _ACT_IN_FULL, 1)
            clauses[index] = GeneratedClause(clause.number, text, clause.is_heading)
            break
    return clauses


SUPPORT_CENTRE_EMAIL = "england.co-commissioning@nhs.net"


def addressees(values: Mapping[str, Any], directory: CcgDirectory) -> list[str]:
    """Who the letter goes to: the national support centre team and the regional team."""
    ccg = directory.ccg(values["ccg"]) if isinstance(values.get("ccg"), str) else None
    region = f"NHS England ({ccg.region})" if ccg is not None else "NHS England"
    return [
        f"To: the national support centre team, NHS England ({SUPPORT_CENTRE_EMAIL})",
        f"and the regional team, {region}",
    ]


def timings() -> str:
    """What happens next, as the guidance says (Next steps, 7.1.3)."""
    return (
        "NHS England acknowledges applications for constitutional variations within two "
        "weeks of receipt and notifies the CCG in writing of its decision within 8 weeks."
    )


def introduction(
    form: FormDefinition, values: Mapping[str, Any], directory: CcgDirectory
) -> list[str]:
    """The application letter's opening paragraphs: who asks for what, approved how and when."""
    words = _wording(values, directory)
    purposes = [_ARRANGEMENTS[k].purpose.format(**words) for k in arrangement_types(values)]
    method_field = form.field("member_approval_method")
    method = values.get("member_approval_method")
    approved_date = _date(values, "member_approval_date")
    if method in _APPROVAL_PHRASES:
        approval = f"{_APPROVAL_PHRASES[method]} on {approved_date}"
    elif isinstance(method_field, ChoiceField) and isinstance(method, str):
        approval = f"on {approved_date} (method: {method_field.label_for(method).lower()})"
    else:
        approval = f"on {approved_date} (method: {GAP})"
    consulted = values.get("local_authority_consulted")
    consulted_text = (
        "has been consulted on the change."
        if consulted is True
        else "has not been consulted on the change."
        if consulted is False
        else f"consulted: {GAP}."
    )
    return [
        f"{words['ccg_name']} applies to NHS England to vary its constitution so that it can "
        f"{_join(purposes) if purposes else GAP}.",
        f"The constitution in force is {_text(values, 'constitution_version_current')}. The "
        f"amended constitution will be {_text(values, 'constitution_version_new')} and is "
        f"proposed to take effect on {_date(values, 'proposed_effective_date')}.",
        f"The member practices approved this application {approval}.",
        "The local authority (Health and Wellbeing Board) " + consulted_text,
    ]


def variations_summary(values: Mapping[str, Any], clauses: Sequence[GeneratedClause]) -> str:
    """One sentence for the letter; the summary of changes lists each change once."""
    count = len(summary_of_changes(values, clauses))
    numbered = [c.number for c in clauses if not c.is_heading]
    if count == 0:
        return "No changes are listed yet."
    what = "change" if count == 1 else "changes"
    text = f"The summary of changes lists the {count} proposed {what} by page and section"
    if numbered:
        text += (
            f", including new clauses {numbered[0]} to {numbered[-1]} at section "
            f"{clause_base(values)}, set out under 'Amendment clauses'"
        )
    return text + "."


def closing(values: Mapping[str, Any]) -> list[str]:
    """The letter ends with who to contact and who signs for the CCG."""
    sign = values.get("sign_accountable_officer")
    sign = sign if isinstance(sign, dict) else {}
    contact = ", ".join(
        _text(values, key)
        for key in ("contact_name", "contact_role", "contact_email", "contact_phone")
    )
    signed_on = sign.get("date")
    signed = format_date(signed_on) if isinstance(signed_on, dt.date) else GAP
    return [
        f"Contact about this request: {contact}.",
        f"Signed for the CCG by the Accountable Officer, {_part(sign, 'name')} "
        f"({_part(sign, 'role')}), on {signed}.",
    ]


def is_solely_joint(values: Mapping[str, Any]) -> bool:
    kinds = arrangement_types(values)
    return bool(kinds) and "delegated" not in kinds


def clauses_note(values: Mapping[str, Any]) -> str:
    """Where the wording comes from: Annex C is model wording for joint commissioning only."""
    kinds = arrangement_types(values)
    joint = [k for k in kinds if k != "delegated"]
    parts = ["Wording to insert in the constitution, written from the answers to this request."]
    if joint:
        parts.append(
            "The joint commissioning clauses follow the Annex C model wording for joint "
            "commissioning."
        )
    if "delegated" in kinds:
        parts.append(
            "The delegated commissioning clauses are not Annex C wording: NHS England "
            "considers delegated changes on an individual CCG basis."
        )
    return " ".join(parts)


def summary_of_changes(
    values: Mapping[str, Any], clauses: Sequence[GeneratedClause]
) -> list[tuple[str, str, str, str]]:
    """Rows of (Page, Section, Proposed change, Comment).

    The generated clauses get a row of their own unless the officer already listed a
    change at the clause location (the sample drafts do), so nothing is said twice.
    """
    base = clause_base(values)
    changes = _changes(values)
    rows: list[tuple[str, str, str, str]] = []
    numbered = [c.number for c in clauses if not c.is_heading]
    listed = any(str(r.get("section") or "").strip() == base for r in changes)
    if numbered and not listed:
        rows.append(
            (
                "To be confirmed",
                base,
                f"Insert clauses {numbered[0]} to {numbered[-1]} (generated amendment clauses)",
                "",
            )
        )
    for row in changes:
        current = row.get("current_text") or ""
        proposed = row.get("proposed_text") or GAP
        change = f"Current: {current}\nProposed: {proposed}" if current else proposed
        rows.append(
            (row.get("page") or GAP, row.get("section") or GAP, change, row.get("comment") or "")
        )
    return rows


def _changes(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = values.get("additional_changes") or []
    return [r for r in rows if isinstance(r, dict) and not is_blank(r)]


def _wording(values: Mapping[str, Any], directory: CcgDirectory) -> dict[str, str]:
    ccg = values.get("ccg")
    ccg_name = _name(ccg, directory) if isinstance(ccg, str) and ccg else GAP
    partners = [
        _name(row["ccg"], directory)
        for row in values.get("partner_ccgs") or []
        if isinstance(row, dict) and isinstance(row.get("ccg"), str) and row["ccg"]
    ]
    return {
        "ccg_name": ccg_name,
        "committee": _text(values, "committee_name"),
        "partners": _join(partners) if partners else "[partner CCGs not answered]",
    }


def _name(code: str, directory: CcgDirectory) -> str:
    """The CCG's name as in its constitution: no ODS code inside legal text."""
    ccg = directory.ccg(code)
    return ccg.name if ccg is not None else directory.describe_ccg(code)


def _part(sign: Mapping[str, Any], key: str) -> str:
    value = sign.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else GAP


def _text(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else GAP


def _date(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    return format_date(value) if value is not None and hasattr(value, "day") else GAP


def _join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
