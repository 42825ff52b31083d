"""The constitution amendment a CCG asks NHS England to approve, written from its answers.

Officers may not edit the generated wording (the spec's rule): the clauses are numbered
from the clause location they give (6.4 -> 6.4.1, 6.4.2 ...). They are drafted from
sections 4.3 (joint) and 4.4 (delegated) of the guidance; each clause records the lines it
is drafted from, and a test finds its key phrases there. The guidance names Annex C (a
suggested form of words for joint commissioning, Next steps 7.1.3) but does not contain
it, so nothing here claims to reproduce it. Statutory sections the guidance does not cite
(s.13Z, s.14Z3 including (2A), s.14Z9 as amended by the Legislative Reform (Clinical
Commissioning Groups) Order 2014, s.83) appear as the law they are, never with a guidance
citation. Clauses name the CCG as its constitution does (its name, never its ODS code).

Joint commissioning with NHS England and with other CCGs is one joint committee of the
CCGs and NHS England (Next steps 4.3.2), never two committees under one name; a pooled fund
is NHS England's, which a CCG's contribution to relates to its own functions only (4.3.3).
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
class ClauseTemplate:
    """One clause: its wording (``{ref[i]}`` is the number of this arrangement's clause i,
    ``{committee}`` and ``{partners}`` the answers) and the guidance lines it is drafted
    from (None for a clause that states a statutory power, the law it is)."""

    text: str
    lines: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Arrangement:
    heading: str
    purpose: str
    """How the application letter says what the CCG wants to do."""
    clauses: tuple[ClauseTemplate, ...]


_EXCLUSIONS = (
    "Individual GP performance management (the medical performers list, appraisal and "
    "revalidation) and the administration of payments and list management remain with "
    "NHS England and are not {what}."
)
_SINGLE_COMMITTEE = (
    "a single committee to which {who} delegate decision-making on the functions in "
    "question and which makes a single decision"
)
_POOLED_FUND = (
    "Arrangements made under paragraph {{ref[1]}} may be on such terms and conditions "
    "(including terms as to payment) as may be agreed between NHS England and {ccgs}, and "
    "may include a pooled fund made up of contributions from the parties under section 13V "
    "of the 2006 Act: NHS England can create a pooled fund which a CCG can contribute to. "
    "{whose} contribution must relate to its own functions and so cannot relate to core "
    "primary medical services, the funding of which is an NHS England statutory function."
)

ARRANGEMENTS: dict[str, Arrangement] = {
    "joint_with_nhs_england": Arrangement(
        heading="Joint commissioning arrangements with NHS England",
        purpose="commission primary medical care services jointly with NHS England",
        clauses=(
            ClauseTemplate(
                "The CCG may wish to assume responsibility, with NHS England, for jointly "
                "commissioning primary medical services, to plan and improve the provision of "
                "out-of-hospital services for the benefit of patients and local populations.",
                (928, 932),
            ),
            ClauseTemplate(
                "The CCG and NHS England may make arrangements to exercise jointly NHS "
                "England's functions relating to primary medical care services under section "
                "13Z of the 2006 Act, and to exercise jointly the CCG's commissioning functions "
                f"under section 14Z9 of the 2006 Act, as amended by {_LRO}."
            ),
            ClauseTemplate(
                "Where arrangements are made under paragraph {ref[1]}, the CCG and NHS England "
                "may establish a joint committee, {committee}, to exercise the functions in "
                "question: " + _SINGLE_COMMITTEE.format(who="they") + ".",
                (1041, 1045),
            ),
            ClauseTemplate(
                _POOLED_FUND.format(ccgs="the CCG", whose="The CCG's"),
                (1076, 1087),
            ),
            ClauseTemplate(
                "The CCG and NHS England will sign a legally binding agreement to confirm how "
                "they will operate under the joint arrangements.",
                (1943, 1948),
            ),
            ClauseTemplate(_EXCLUSIONS.format(what="commissioned jointly"), (973, 992)),
            ClauseTemplate(
                "The CCG and NHS England each remain accountable for meeting their own "
                "statutory duties, and the liability of each to carry out its functions will "
                "not be affected by arrangements under paragraph {ref[1]}.",
                (1023, 1027),
            ),
        ),
    ),
    "joint_with_nhs_england_and_ccgs": Arrangement(
        heading="Joint commissioning arrangements with NHS England and other CCGs",
        purpose="commission primary medical care services jointly with NHS England and {partners}",
        clauses=(
            ClauseTemplate(
                "The CCG may wish to assume responsibility, with {partners} and NHS England, "
                "for jointly commissioning primary medical services, to plan and improve the "
                "provision of out-of-hospital services for the benefit of patients and local "
                "populations.",
                (928, 932),
            ),
            ClauseTemplate(
                "The CCG, {partners} and NHS England may make arrangements to exercise jointly "
                "NHS England's functions relating to primary medical care services under "
                "section 13Z of the 2006 Act and the commissioning functions of the CCGs under "
                f"sections 14Z3 and 14Z9 of the 2006 Act, as amended by {_LRO}."
            ),
            ClauseTemplate(
                "Where arrangements are made under paragraph {ref[1]}, the CCG, {partners} and "
                "NHS England may form one joint committee of the CCGs and NHS England, "
                "{committee}, under section 14Z3(2A) of the 2006 Act: "
                + _SINGLE_COMMITTEE.format(who="each of them")
                + ". A CCG can now form a joint committee with one or more CCGs and NHS "
                "England.",
                (1003, 1045),
            ),
            ClauseTemplate(
                _POOLED_FUND.format(ccgs="the CCGs", whose="Each CCG's"),
                (1076, 1087),
            ),
            ClauseTemplate(
                "The CCG, {partners} and NHS England will sign a legally binding agreement to "
                "confirm how they will operate under the joint arrangements.",
                (1943, 1948),
            ),
            ClauseTemplate(_EXCLUSIONS.format(what="commissioned jointly"), (973, 992)),
            ClauseTemplate(
                "The CCG, {partners} and NHS England each remain accountable for meeting their "
                "own statutory duties, and the liability of each to carry out its functions "
                "will not be affected by arrangements under paragraph {ref[1]}.",
                (1023, 1027),
            ),
        ),
    ),
    "joint_with_ccgs": Arrangement(
        heading="Joint commissioning arrangements with other CCGs",
        purpose="exercise its commissioning functions jointly with {partners}",
        clauses=(
            ClauseTemplate(
                "The CCG may wish to work together with {partners} in the exercise of its "
                "commissioning functions."
            ),
            ClauseTemplate(
                "The CCG may make arrangements with {partners} under section 14Z3 of the 2006 "
                "Act to exercise jointly the commissioning functions of the CCG and of those "
                "CCGs."
            ),
            ClauseTemplate(
                "Where arrangements are made under paragraph {ref[1]}, the CCG and those CCGs "
                "may form a joint committee, {committee}, under section 14Z3(2A) of the 2006 "
                f"Act, as inserted by {_LRO}: "
                + _SINGLE_COMMITTEE.format(who="each of them")
                + ".",
                (1041, 1045),
            ),
            ClauseTemplate(
                "The CCG and those CCGs each remain accountable for meeting their own "
                "statutory duties, and the liability of the CCG to carry out its functions "
                "will not be affected by arrangements under paragraph {ref[1]}.",
                (1023, 1027),
            ),
        ),
    ),
    "delegated": Arrangement(
        heading="Delegated commissioning of primary medical services",
        purpose="take on delegated responsibility for commissioning primary medical care services",
        clauses=(
            ClauseTemplate(
                "NHS England may delegate to the CCG, under section 13Z of the 2006 Act, "
                "authority to exercise its functions relating to primary medical services under "
                "section 83 of the 2006 Act (the delegated functions)."
            ),
            ClauseTemplate(
                "Arrangements made under paragraph {ref[0]} may be on such terms and conditions "
                "(including terms as to payment) as may be agreed between NHS England and the "
                "CCG, and are recorded in the formal delegation agreement that NHS England "
                "issues once the approvals process is completed.",
                (1196, 1198),
            ),
            ClauseTemplate(
                "The CCG will establish {committee} (the Committee), a primary care "
                "commissioning committee to oversee the exercise of the delegated functions, "
                "which will act as a corporate decision-making body for the management of the "
                "delegated functions and the exercise of the delegated powers.",
                (1186, 1187),
            ),
            ClauseTemplate(
                "The Committee will be chaired by a lay member and will have a lay and "
                "executive majority. A local HealthWatch representative and a local authority "
                "representative from the local Health and Wellbeing Board have the right to "
                "join it as non-voting attendees. Its membership, quorum and procedures are set "
                "out in its terms of reference, appended to this constitution.",
                (1211, 1216),
            ),
            ClauseTemplate(_EXCLUSIONS.format(what="delegated"), (1169, 1172)),
            ClauseTemplate(
                "The CCG remains accountable for meeting its own statutory functions, for "
                "instance in relation to quality, financial resources and public participation; "
                "its governance arrangements will not compromise its ability to fulfil its "
                "duties and will ensure it is able to meaningfully engage patients and the "
                "public in decision making.",
                (1201, 1206),
            ),
            ClauseTemplate(
                "NHS England retains the residual liability for the performance of primary "
                "medical care commissioning: its liability to carry out its functions will not "
                "be affected by the arrangements in paragraph {ref[0]}.",
                (1119, 1122),
            ),
        ),
    ),
}
"""Every arrangement the clauses can describe, by the amendment types that select it."""

_JOINT_TYPES = ("joint_with_nhs_england", "joint_with_ccgs")


def arrangement_types(values: Mapping[str, Any]) -> list[str]:
    """The arrangements the selected amendment types ask for, in the form's order: joint
    commissioning with NHS England and with other CCGs together is one arrangement."""
    selected = values.get("amendment_type") or []
    kinds = [
        kind
        for kind in ("joint_with_nhs_england", "joint_with_ccgs", "delegated")
        if kind in selected
    ]
    if all(kind in kinds for kind in _JOINT_TYPES):
        kinds = ["joint_with_nhs_england_and_ccgs"] + [k for k in kinds if k not in _JOINT_TYPES]
    return kinds


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
        arrangement = ARRANGEMENTS[kind]
        clauses.append(GeneratedClause("", arrangement.heading, is_heading=True))
        refs = [f"{base}.{number + i + 1}" for i in range(len(arrangement.clauses))]
        for template in arrangement.clauses:
            number += 1
            text = template.text.format(ref=refs, **words)
            clauses.append(GeneratedClause(f"{base}.{number}", text))
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
    purposes = [ARRANGEMENTS[k].purpose.format(**words) for k in arrangement_types(values)]
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
        "The local authority " + consulted_text,
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


def clauses_note(values: Mapping[str, Any]) -> str:
    """Where the wording comes from: sections 4.3 and 4.4 of the guidance, not Annex C."""
    kinds = arrangement_types(values)
    parts = [
        "Wording to insert in the constitution, written from the answers to this request and "
        "drafted from sections 4.3 (joint) and 4.4 (delegated) of the guidance; statutory "
        "sections are cited as the law they are."
    ]
    if any(k != "delegated" for k in kinds):
        parts.append(
            "It does not reproduce Annex C, the guidance's suggested form of words for joint "
            "commissioning, which the guidance names but does not contain."
        )
    if "delegated" in kinds:
        parts.append(
            "NHS England considers delegated changes to a constitution on an individual CCG basis."
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
