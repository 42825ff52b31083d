"""The constitution amendment written from the answers: the statutes it cites, clause
numbering from the location given, the corrections versions 2 and 3 made (NHS England's
own accountability, s.13V, a committee the CCG *will* establish, the functions NHS England
keeps, no ODS codes, one joint committee with partner CCGs, the CCG's own accountability
under delegation, a CCG's pooled fund contribution limited to its own functions, no claim
to reproduce Annex C), each clause's key phrases at the guidance lines it is drafted from,
the letter and the summary."""

from __future__ import annotations

import re

import pytest

from proforma_app.core import amendment_clauses
from proforma_app.core.catalogue import get_form
from proforma_app.core.reference import ccg_directory
from proforma_app.core.validation import check_draft
from proforma_app.export import render_export
from proforma_app.locations import paths
from tests.export.conftest import FIXED_NOW, load_sample
from tests.export.readback import docx_body_text, docx_document, missing_in_order, pdf_body_text

ALL_TYPES = ["joint_with_nhs_england", "joint_with_ccgs", "delegated"]


def _values(**changes):
    draft = load_sample("constitution_amendment_valid")
    draft.answers.update(changes)
    return check_draft(draft).values


def _clauses(**changes):
    return amendment_clauses.generate_clauses(_values(**changes), ccg_directory())


def test_clauses_are_numbered_from_the_location_given() -> None:
    clauses = _clauses(amendment_type=ALL_TYPES, partner_ccgs=[{"ccg": "00K"}])
    numbered = [c.number for c in clauses if not c.is_heading]
    assert numbered == [f"6.4.{n}" for n in range(1, len(numbered) + 1)]
    assert [c.text for c in clauses if c.is_heading] == [
        "Joint commissioning arrangements with NHS England and other CCGs",
        "Delegated commissioning of primary medical services",
    ]
    moved = _clauses(clause_location="Section 7.2.")
    assert next(c.number for c in moved if not c.is_heading) == "7.2.1"


@pytest.mark.parametrize(
    ("kind", "citations"),
    [
        (
            "joint_with_nhs_england",
            [
                "section 13Z",
                "section 14Z9",
                "Legislative Reform (Clinical Commissioning Groups) Order 2014",
            ],
        ),
        ("joint_with_ccgs", ["section 14Z3 ", "section 14Z3(2A)", "Legislative Reform"]),
        ("delegated", ["section 13Z", "section 83"]),
        (
            "joint_with_nhs_england joint_with_ccgs",
            ["section 13Z", "sections 14Z3 and 14Z9", "section 14Z3(2A)", "section 13V"],
        ),
    ],
)
def test_each_arrangement_cites_its_statutes(kind: str, citations: list[str]) -> None:
    kinds = kind.split()
    text = " ".join(c.text for c in _clauses(amendment_type=kinds, partner_ccgs=[{"ccg": "00K"}]))
    for citation in citations:
        assert citation in text
    assert text.count("National Health Service Act 2006 (the 2006 Act)") == 1


def test_the_clauses_name_the_committee_and_the_partner_ccgs() -> None:
    clauses = _clauses(
        amendment_type=["joint_with_ccgs"], partner_ccgs=[{"ccg": "00K"}, {"ccg": "00M"}]
    )
    text = " ".join(c.text for c in clauses)
    assert "NHS Hartlepool and Stockton-on-Tees CCG and NHS South Tees CCG" in text
    assert "joint committee, Darlington Primary Care Commissioning Committee," in text
    assert "Next steps" not in text  # statutes are cited as the law, never with the guidance


def test_cross_references_point_at_the_enabling_clause() -> None:
    clauses = _clauses(amendment_type=ALL_TYPES, partner_ccgs=[{"ccg": "00K"}])
    by_number = {c.number: c.text for c in clauses}
    for clause in clauses:
        for target in re.findall(r"paragraph (\d+(?:\.\d+)+)", clause.text):
            assert (
                "may make arrangements" in by_number[target] or "may delegate" in by_number[target]
            )


def test_the_summary_of_changes_lists_the_clauses_and_the_officers_changes() -> None:
    values = _values()
    clauses = amendment_clauses.generate_clauses(values, ccg_directory())
    rows = amendment_clauses.summary_of_changes(values, clauses)
    assert rows[0][0:2] == ("12", "6.4")  # the officer already listed the clause location
    assert rows[1] == (
        "31",
        "Appendix D",
        "Current: Schedule of delegated functions (none).\n"
        "Proposed: Add the primary care commissioning committee's terms of reference.",
        "Terms of reference",
    )
    unlisted = _values(additional_changes=[])
    rows = amendment_clauses.summary_of_changes(
        unlisted, amendment_clauses.generate_clauses(unlisted, ccg_directory())
    )
    assert rows == [
        (
            "To be confirmed",
            "6.4",
            "Insert clauses 6.4.1 to 6.4.7 (generated amendment clauses)",
            "",
        )
    ]


def test_missing_answers_show_as_gaps_in_a_marked_draft() -> None:
    clauses = _clauses(committee_name="", amendment_type=["delegated"])
    assert "The CCG will establish [not answered] (the Committee)" in " ".join(
        c.text for c in clauses
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_export_has_letter_clauses_and_summary_before_the_answers(fmt: str) -> None:
    data, _ = render_export(load_sample("constitution_amendment_valid"), fmt, now=FIXED_NOW)
    text = pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)
    assert (
        missing_in_order(
            text,
            [
                "Letter of application",
                "To: the national support centre team, NHS England",
                "england.co-commissioning@nhs.net",
                "and the regional team, NHS England (North of England)",
                "NHS Darlington CCG applies to NHS England to vary its constitution",
                "Reasons for the amendment",
                "Proposed variations",
                "The summary of changes lists the 2 proposed changes by page and section",
                "within two weeks of receipt",
                "within 8 weeks",
                "Contact about this request: Rachel Osei, Head of Corporate Affairs",
                "Signed for the CCG by the Accountable Officer, Dr Anjali Mehta",
                "Amendment clauses",
                "drafted from sections 4.3 (joint) and 4.4 (delegated) of the guidance",
                "Delegated commissioning of primary medical services",
                "6.4.1",
                "NHS England may delegate to the CCG, under section 13Z",
                "6.4.7",
                "Summary of changes",
                "Page",
                "Section",
                "Proposed change",
                "Comment",
                "Appendix D",
                "Current constitution version",
            ],
        )
        == []
    )


def test_the_word_summary_of_changes_is_a_real_table() -> None:
    data, _ = render_export(load_sample("constitution_amendment_valid"), "docx", now=FIXED_NOW)
    tables = docx_document(data).tables
    summary = next(t for t in tables if t.rows[0].cells[0].text == "Page")
    assert [c.text for c in summary.rows[0].cells] == [
        "Page",
        "Section",
        "Proposed change",
        "Comment",
    ]
    assert [c.text for c in summary.rows[2].cells][:2] == ["31", "Appendix D"]


@pytest.mark.parametrize(
    ("method", "sentence"),
    [
        ("vote", "The member practices approved this application by a vote on 20 November 2014."),
        (
            "written_endorsement",
            "The member practices approved this application by written endorsement on 20 November 2014.",
        ),
        (
            "other",
            "The member practices approved this application on 20 November 2014 (method: other).",
        ),
        (
            None,
            "The member practices approved this application on 20 November 2014 (method: [not answered]).",
        ),
    ],
)
def test_letter_says_how_members_approved(method: str | None, sentence: str) -> None:
    letter = amendment_clauses.introduction(
        get_form("constitution_amendment"), _values(member_approval_method=method), ccg_directory()
    )
    assert sentence in letter


def test_the_joint_clauses_keep_nhs_englands_accountability_and_cite_13v() -> None:
    text = " ".join(c.text for c in _clauses(amendment_type=["joint_with_nhs_england"]))
    assert "The CCG and NHS England each remain accountable for meeting their own statutory" in text
    assert "pooled fund made up of contributions from the parties under section 13V" in text


def test_the_delegated_clauses_say_will_establish_lay_chair_and_what_nhs_england_keeps() -> None:
    text = " ".join(c.text for c in _clauses(amendment_type=["delegated"]))
    assert "The CCG will establish Darlington Primary Care Commissioning Committee" in text
    assert "has established" not in text
    assert "chaired by a lay member and will have a lay and executive majority" in text
    assert (
        "Individual GP performance management (the medical performers list, appraisal and "
        "revalidation) and the administration of payments and list management remain with "
        "NHS England"
    ) in text


def test_no_ods_code_appears_inside_clause_text() -> None:
    clauses = _clauses(amendment_type=ALL_TYPES, partner_ccgs=[{"ccg": "00K"}, {"ccg": "00M"}])
    for clause in clauses:
        assert not re.search(r"\(0[0-9A-Z]{2}\)", clause.text), clause.text


@pytest.mark.parametrize(
    ("kinds", "says", "never"),
    [
        (["delegated"], ["individual CCG basis"], ["Annex C"]),
        (["joint_with_nhs_england"], ["does not reproduce Annex C"], ["individual CCG basis"]),
        (["joint_with_ccgs", "delegated"], ["does not reproduce Annex C", "individual CCG"], []),
    ],
)
def test_the_clauses_never_claim_to_reproduce_annex_c(
    kinds: list[str], says: list[str], never: list[str]
) -> None:
    note = amendment_clauses.clauses_note(
        _values(amendment_type=kinds, partner_ccgs=[{"ccg": "00K"}])
    )
    assert note.startswith("Wording to insert in the constitution")
    assert "drafted from sections 4.3 (joint) and 4.4 (delegated) of the guidance" in note
    assert all(s in note for s in says)
    assert not any(n in note for n in never)
    assert "follow" not in note and "model wording" not in note
    form = get_form("constitution_amendment")
    words = " ".join([form.introduction, *(f.help for f in form.fields)])
    assert "Annex C model wording" not in words and "follow the model wording" not in words


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_each_change_is_listed_once_and_no_heading_is_printed_twice(fmt: str) -> None:
    data, _ = render_export(load_sample("constitution_amendment_valid"), fmt, now=FIXED_NOW)
    text = pdf_body_text(data) if fmt == "pdf" else docx_body_text(data)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for heading in ("Summary of changes", "Letter of application", "Amendment clauses"):
        assert sum(1 for line in lines if line.endswith(heading)) == 1, heading
    flat = " ".join(text.split())
    # once, in the summary of changes: not again under "Additional changes", nor in the letter
    assert flat.count("Add the primary care commissioning committee's terms of reference") == 1
    assert "Additional changes: listed in the summary of changes above." in flat
    letter = flat[flat.index("Letter of application") : flat.index("Amendment clauses")]
    assert "Appendix D" not in letter


# ------------------------------------------------------------------ against the guidance
def _guidance(first: int, last: int) -> str:
    """Lines of the shipped guidance as one string: spaces normalised, hyphenated words joined."""
    lines = paths.guidance_text().read_text(encoding="utf-8").split("\n")
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*", "-", "\n".join(lines[first - 1 : last]))
    return " ".join(text.replace("’", "'").split())


KEY_PHRASES = {
    # (arrangement, clause index): phrases that must be in the clause and at its lines
    ("joint_with_nhs_england", 0): ["jointly commissioning primary medical services",
                                    "for the benefit of patients and local populations"],
    ("joint_with_nhs_england", 2): ["a single committee to which", "makes a single decision"],
    ("joint_with_nhs_england", 3): ["section 13V", "NHS England can create a pooled fund which "
                                    "a CCG can contribute to", "contribution must relate to its "
                                    "own functions", "core primary medical services",
                                    "is an NHS England statutory function"],
    ("joint_with_nhs_england", 4): ["sign a legally binding agreement to confirm how"],
    ("joint_with_nhs_england", 5): ["appraisal and revalidation",
                                    "administration of payments and list management"],
    ("joint_with_nhs_england", 6): ["remain accountable for meeting their own statutory duties"],
    ("joint_with_nhs_england_and_ccgs", 0): ["jointly commissioning primary medical services"],
    ("joint_with_nhs_england_and_ccgs", 2): ["can now form a joint committee with one or more "
                                             "CCGs and NHS England", "a single committee to which",
                                             "makes a single decision"],
    ("joint_with_nhs_england_and_ccgs", 3): ["NHS England can create a pooled fund which a CCG "
                                             "can contribute to", "contribution must relate to "
                                             "its own functions"],
    ("joint_with_nhs_england_and_ccgs", 4): ["sign a legally binding agreement to confirm how"],
    ("joint_with_nhs_england_and_ccgs", 5): ["administration of payments and list management"],
    ("joint_with_nhs_england_and_ccgs", 6): ["remain accountable for meeting their own "
                                             "statutory duties"],
    ("joint_with_ccgs", 2): ["a single committee to which", "makes a single decision"],
    ("joint_with_ccgs", 3): ["remain accountable for meeting their own statutory duties"],
    ("delegated", 1): ["formal delegation agreement", "once the approvals process is completed"],
    ("delegated", 2): ["primary care commissioning committee to oversee the exercise of the "
                       "delegated functions"],
    ("delegated", 3): ["chaired by a lay member", "lay and executive majority", "local "
                       "HealthWatch representative and a local authority representative from "
                       "the local Health and Wellbeing Board", "non-voting attendees"],
    ("delegated", 4): ["appraisal and revalidation", "administration of payments and list "
                       "management"],
    ("delegated", 5): ["in relation to quality, financial resources and public participation",
                       "meaningfully engage patients and the public in decision making"],
    ("delegated", 6): ["retains the residual liability for the performance of primary medical "
                       "care commissioning"],
}  # fmt: skip


@pytest.mark.parametrize(("where", "phrases"), list(KEY_PHRASES.items()), ids=str)
def test_each_clause_says_what_the_guidance_lines_it_cites_say(
    where: tuple[str, int], phrases: list[str]
) -> None:
    kind, index = where
    template = amendment_clauses.ARRANGEMENTS[kind].clauses[index]
    assert template.lines is not None
    guidance = _guidance(*template.lines)
    for phrase in phrases:
        assert phrase in template.text.replace("’", "'"), phrase
        assert phrase in guidance, (phrase, template.lines)


def test_every_clause_drafted_from_the_guidance_has_its_key_phrases_checked() -> None:
    cited = {
        (kind, index)
        for kind, arrangement in amendment_clauses.ARRANGEMENTS.items()
        for index, clause in enumerate(arrangement.clauses)
        if clause.lines is not None
    }
    assert cited == set(KEY_PHRASES)


def test_joint_with_partners_is_one_joint_committee_of_the_ccgs_and_nhs_england() -> None:
    clauses = _clauses(
        amendment_type=["joint_with_nhs_england", "joint_with_ccgs"],
        partner_ccgs=[{"ccg": "00K"}],
        committee_name="Tees Primary Care Joint Committee",
    )
    text = " ".join(c.text for c in clauses)
    assert text.count("Tees Primary Care Joint Committee") == 1  # never two committees
    assert (
        "one joint committee of the CCGs and NHS England, Tees Primary Care Joint Committee" in text
    )
    assert [c.text for c in clauses if c.is_heading] == [
        "Joint commissioning arrangements with NHS England and other CCGs"
    ]
    assert "pooled fund with those CCGs" not in text  # no CCG-to-CCG pooled fund


def test_the_letter_names_the_local_authority() -> None:
    letter = amendment_clauses.introduction(
        get_form("constitution_amendment"), _values(), ccg_directory()
    )
    assert "The local authority has been consulted on the change." in letter
    assert "Health and Wellbeing Board" not in " ".join(letter)
