"""The forms as officers and reviewers meet them: on the command line, by exit code.

Each rule case of ``test_governance_rules`` is written to a draft file and given to
``proforma validate``: an error exits 1 and a warning 0, each with the rule's message and
citation (and ``--json`` its source, verb and basis). Drafts version 1 wrongly blocked now
pass, late submissions only warn, version 1 and 2 drafts open with every answer, and the
meta-model refuses rules the guidance does not back. (Version 3's own cases, one per point
of the specification, are in ``test_forms_v3``.)
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from proforma_app.cli import main
from proforma_app.core.catalogue import get_form
from proforma_app.core.definition import FormDefinition
from proforma_app.core.validation import is_relevant
from proforma_app.files.migrations import FORM_CHANGES, upgrade_notice
from proforma_app.files.storage import read_draft
from tests.conftest import EXAMPLES
from tests.core.test_governance_rules import CASES
from tests.upgrades import OLDER_DRAFTS, older_drafts, upgraded_answers

V1_EXAMPLES = OLDER_DRAFTS
Answers = dict[str, Any]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def draft_file(folder: Path, form_id: str, change: Callable[[Answers], None]) -> Path:
    data = json.loads((EXAMPLES / f"{form_id}_valid.json").read_text(encoding="utf-8"))
    change(data["answers"])
    path = folder / f"{form_id}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("form_id", "rule_id", "change", "field", "severity"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)],
)
def test_validate_exits_by_severity_with_the_rules_message_and_source(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    form_id: str,
    rule_id: str,
    change: Callable[[Answers], None],
    field: str,
    severity: str,
) -> None:
    path = draft_file(tmp_path, form_id, change)
    rule = next(r for r in get_form(form_id).rules if r.id == rule_id)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == (1 if severity == "error" else 0)
    cited = f" ({rule.source.citation})" if rule.source else ""
    messages = [rule.message, getattr(rule, "message_repeats_other", None) or rule.message]
    lines = [line for line in out.splitlines() if any(m.split("{")[0] in line for m in messages)]
    assert lines and all(f": {severity}: " in line for line in lines)
    assert all(line.endswith(cited) for line in lines)
    code, out, _ = run(capsys, "validate", "--json", str(path))
    (result,) = json.loads(out)
    (problem, *_) = [p for p in result["problems"] if p["rule"] == rule_id]
    assert problem["basis"] == rule.basis
    if rule.source is None:
        assert problem["source"] is None
    else:
        assert problem["source"] == {
            "section": rule.source.section,
            "lines": list(rule.source.lines),
            "quote": rule.source.quote,
            "verb": rule.source.verb,
            "citation": f"Next steps, {rule.source.section}",
        }


def _chair_chairs_audit(a: Answers) -> None:
    a["audit_chair_name"] = a["chair_name"]
    a["sign_audit_chair"]["name"] = a["chair_name"]


def _single_lay_member(a: Answers) -> None:
    lay = [m for m in a["members"] if m["category"] == "lay"]
    for member in lay:
        if member["name"] != a["chair_name"]:
            member["category"] = "executive"


def test_a_chair_who_also_chairs_the_audit_committee_is_no_longer_blocked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "validate", str(draft_file(tmp_path, "annex_b", _chair_chairs_audit))
    )
    assert code == 0
    assert "chair_name: warning: Good practice: the committee chair is also the audit" in out
    assert ": error: " not in out


def test_a_single_lay_member_with_a_lay_and_executive_majority_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = draft_file(tmp_path, "annex_b", _single_lay_member)
    members = json.loads(path.read_text("utf-8"))["answers"]["members"]
    assert sum(m["category"] == "lay" for m in members) == 1
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert out.splitlines() == ["1 file: 1 valid, 0 with errors, 0 unreadable; no problems"]


LATE = [
    (
        "annex_a",
        ("sign_ccg", "sign_area_team"),
        "2015-01-30",
        "2015-01-31",
        "30 January 2015",
        False,
    ),
    (
        "annex_b",
        ("sign_audit_chair", "sign_accountable_officer", "sign_area_team"),
        "2015-01-09",
        "2015-01-10",
        "12 noon on 9 January 2015",
        True,
    ),
    (
        "constitution_amendment",  # the sample asks for delegated commissioning
        ("sign_accountable_officer",),
        "2015-01-09",
        "2015-01-10",
        "9 January 2015",
        True,
    ),
]


@pytest.mark.parametrize(("form_id", "signatures", "on_time", "late", "due", "in_year"), LATE)
def test_late_signatures_exit_0_with_the_deadline_warning(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    form_id: str,
    signatures: tuple[str, ...],
    on_time: str,
    late: str,
    due: str,
    in_year: bool,
) -> None:
    """A signature on the deadline day is on time; the day after is late. Only delegated
    arrangements are told that an in-year start may still be agreed."""

    def dated(day: str) -> Callable[[Answers], None]:
        def change(a: Answers) -> None:
            for name in signatures:
                a[name]["date"] = day

        return change

    code, out, _ = run(capsys, "validate", str(draft_file(tmp_path, form_id, dated(on_time))))
    assert code == 0 and "was due by" not in out
    code, out, _ = run(capsys, "validate", str(draft_file(tmp_path, form_id, dated(late))))
    assert code == 0
    (line,) = [line for line in out.splitlines() if "was due by" in line]
    assert ": warning: " in line and due in line
    assert ("NHS England may still agree an in-year start" in line) is in_year


def test_a_later_start_needs_no_deadline_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def later_start(a: Answers) -> None:
        a["start_date"] = "2015-07-01"
        a["sign_accountable_officer"]["date"] = "2015-03-01"
        a["sign_audit_chair"]["date"] = "2015-03-01"

    code, out, _ = run(capsys, "validate", str(draft_file(tmp_path, "annex_b", later_start)))
    assert code == 0 and "was due by" not in out


@pytest.mark.parametrize(
    ("types", "signed", "warned"),
    [
        (["joint_with_nhs_england"], "2015-01-30", None),
        (["joint_with_nhs_england", "joint_with_ccgs"], "2015-01-31", "30 January 2015"),
        (["joint_with_nhs_england", "delegated"], "2015-01-20", "9 January 2015"),
        (["delegated"], "2015-01-09", None),
    ],
)
def test_the_amendment_deadline_is_30_january_only_when_solely_joint(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    types: list[str],
    signed: str,
    warned: str | None,
) -> None:
    def change(a: Answers) -> None:
        a["amendment_type"] = types
        a["sign_accountable_officer"]["date"] = signed
        if "joint_with_ccgs" in types:
            a["partner_ccgs"] = [{"ccg": "00D"}]

    code, out, _ = run(
        capsys, "validate", str(draft_file(tmp_path, "constitution_amendment", change))
    )
    assert code == 0
    due = [line for line in out.splitlines() if "was due by" in line]
    assert (len(due), warned is None or warned in due[0]) == (0 if warned is None else 1, True)


# ------------------------------------------------------------------ older drafts
OLDER_FILES = older_drafts("v[12]_*.json")


@pytest.mark.parametrize("path", OLDER_FILES, ids=lambda p: p.name)
def test_an_older_draft_opens_with_every_answer_moved_ones_included(path: Path) -> None:
    raw = json.loads(path.read_text("utf-8"))
    assert raw["form_version"] in (1, 2)
    draft = read_draft(path)
    assert draft.form_version == 3 and draft.upgraded_from == (1, raw["form_version"])
    assert draft.answers == upgraded_answers(raw["form_id"], raw["form_version"], raw["answers"])
    assert draft.unknown_answer_ids() == []


def test_annex_b_version_1_answers_move_to_their_new_questions() -> None:
    raw = json.loads((V1_EXAMPLES / "v1_annex_b_valid.json").read_text("utf-8"))["answers"]
    draft = read_draft(V1_EXAMPLES / "v1_annex_b_valid.json")
    for old, new in [
        ("healthwatch_invited", "healthwatch_right_to_attend"),
        ("hwb_invited", "hwb_right_to_attend"),
        ("declarations_within_28_days", "prompt_declarations"),
        ("training_planned", "lay_member_training"),
    ]:
        assert old not in draft.answers and draft.answers[new] == raw[old]


def test_an_answer_whose_question_is_gone_is_kept_as_an_unknown_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((V1_EXAMPLES / "v1_annex_b_valid.json").read_text("utf-8"))
    data["answers"]["pilot_notes"] = "a question an earlier version asked"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    draft = read_draft(path)
    assert draft.unknown_answer_ids() == ["pilot_notes"]
    _, out, _ = run(capsys, "validate", str(path))
    assert "pilot_notes: warning: The draft has an answer 'pilot_notes'" in out


@pytest.mark.parametrize("path", OLDER_FILES, ids=lambda p: p.name)
def test_validate_says_what_changed_and_which_new_questions_to_answer(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(path.read_text("utf-8"))
    form = get_form(raw["form_id"])
    changes = [FORM_CHANGES[(form.form_id, v)] for v in range(raw["form_version"], 3)]
    summary = [line for change in changes for line in change.summary]
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1  # the new required questions are unanswered
    assert f"{path}: This draft was made for version {raw['form_version']} of" in err
    assert all(f"{path}: - {line}" in err for line in summary)
    assert FORM_CHANGES[(form.form_id, 2)].summary[0] in err  # the version 3 changes too
    answered = upgraded_answers(form.form_id, raw["form_version"], raw["answers"])
    unanswered = [
        f
        for change in changes
        for f in change.added
        if f not in answered and is_relevant(form.field(f), answered)
    ]
    labels = [form.field(f).label for f in unanswered if form.field(f).required]
    assert labels and all(label in err for label in labels)
    code, out, _ = run(capsys, "validate", "--json", str(path))
    (result,) = json.loads(out)
    assert result["upgraded"]["from_version"] == raw["form_version"]
    assert result["upgraded"]["to_version"] == 3
    assert result["upgraded"]["changes"] == summary
    assert result["upgraded"]["new_questions"] == list(dict.fromkeys(unanswered))


def test_the_notice_lists_only_new_questions_still_unanswered() -> None:
    form = get_form("annex_b")
    notice = upgrade_notice(form, 1, {"eligibility_confirmed": True})
    assert notice is not None
    assert "eligibility_confirmed" not in dict(notice.new_questions)
    assert "register_in_annual_accounts" in dict(notice.new_questions)
    assert "register_published_online" not in dict(notice.new_questions)  # not asked: no register
    assert upgrade_notice(form, 3, {}) is None


def test_the_examples_are_version_3_and_valid_or_not_as_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        assert json.loads(path.read_text("utf-8"))["form_version"] == 3
        code, out, err = run(capsys, "validate", str(path))
        assert code == (0 if path.stem.endswith("_valid") else 1), path.name
        assert "was made for version" not in err
        if path.stem.endswith("_valid"):
            assert out.splitlines() == ["1 file: 1 valid, 0 with errors, 0 unreadable; no problems"]


# ------------------------------------------------------------------ meta-model
def _form_with_rule(**rule: Any) -> dict[str, Any]:
    data = get_form("annex_b").model_dump(by_alias=True, exclude_none=True)
    data = copy.deepcopy(data)
    data["rules"] = [
        {
            "id": "made_up",
            "kind": "answer_is",
            "field": "meetings_in_public",
            "answer": "meetings_in_public",
            "equals": False,
            "message": "A made-up message",
            **rule,
        }
    ]
    return data


def test_the_meta_model_refuses_an_error_rule_without_a_source() -> None:
    with pytest.raises(ValidationError, match="an error rule needs a source in the guidance"):
        FormDefinition.model_validate(_form_with_rule())


def test_a_warning_without_a_source_must_be_good_practice() -> None:
    with pytest.raises(ValidationError, match="good_practice"):
        FormDefinition.model_validate(_form_with_rule(severity="warning"))
    FormDefinition.model_validate(
        _form_with_rule(
            severity="warning", basis="good_practice", message="Good practice: meet in public"
        )
    )


@pytest.mark.parametrize(
    ("rule", "refusal"),
    [
        ({"basis": "good_practice", "message": "Good practice: x"}, "can only be a warning"),
        ({"severity": "warning", "basis": "good_practice"}, "starts 'Good practice:'"),
        (
            {
                "severity": "warning",
                "basis": "good_practice",
                "message": "Good practice: NHS England expects it",
            },
            "never says what NHS England expects",
        ),
    ],
)
def test_good_practice_rules_are_warnings_that_say_so(rule: Answers, refusal: str) -> None:
    with pytest.raises(ValidationError, match=refusal):
        FormDefinition.model_validate(_form_with_rule(**rule))


def test_a_quote_longer_than_200_characters_is_refused() -> None:
    source = {"section": "7.1.3", "lines": [1701, 1709], "quote": "x" * 201}
    with pytest.raises(ValidationError, match="200"):
        FormDefinition.model_validate(_form_with_rule(source=source))
