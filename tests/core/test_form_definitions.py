"""Every shipped form loads through the strict meta-model, and the meta-model is strict."""

from __future__ import annotations

import copy
import json

import pytest
from pydantic import ValidationError

from proforma_app.cli.rules_table import rules_table_text
from proforma_app.cli.schema_file import schema_text
from proforma_app.core.catalogue import builtin_forms, get_form
from proforma_app.core.definition import FIELD_TYPES, FormDefinition
from proforma_app.locations import paths
from tests.conftest import ROOT

SPEC_FIELDS = {
    "annex_a": [
        "lead_ccg",
        "partner_ccgs",
        "area_team",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "start_date",
        "governance_model",
        "committee_name",
        "functions",
        "ccg_functions_jointly",
        "ccg_functions_detail",
        "members",
        "chair_name",
        "vice_chair_name",
        "quorum",
        "healthwatch_right_to_attend",
        "hwb_right_to_attend",
        "non_voting_attendees",
        "pooled_fund",
        "pooled_fund_contributions",
        "pooled_fund_host",
        "risk_share",
        "conflicts_approach",
        "patient_public_engagement",
        "information_governance",
        "eligibility_confirmed",
        "constitution_status",
        "constitution_date",
        "documents_attached",
        "sign_ccg",
        "sign_area_team",
    ],
    "annex_b": [
        "ccg",
        "area_team",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "start_date",
        "governing_body_date",
        "member_approval_method",
        "member_approval_date",
        "constitution_status",
        "constitution_date",
        "committee_name",
        "members",
        "chair_name",
        "quorum",
        "healthwatch_right_to_attend",
        "hwb_right_to_attend",
        "meetings_in_public",
        "patient_public_engagement",
        "information_governance",
        "eligibility_confirmed",
        "documents_attached",
        "registers_of_interests_kept",
        "register_of_interests_published",
        "register_published_online",
        "register_of_interests_url",
        "prompt_declarations",
        "conflicts_arrangements",
        "conflicted_members_procedure",
        "register_of_procurement_decisions",
        "procurement_register_url",
        "policy_updated_for_statutory_guidance",
        "lay_member_training",
        "register_shows_nature_and_parties",
        "register_in_annual_accounts",
        "conflicts_explanation",
        "audit_chair_name",
        "sign_audit_chair",
        "sign_accountable_officer",
        "sign_area_team",
    ],
    "constitution_amendment": [
        "ccg",
        "constitution_version_current",
        "constitution_version_new",
        "amendment_type",
        "committee_name",
        "partner_ccgs",
        "clause_location",
        "reasons",
        "member_approval_method",
        "member_approval_date",
        "local_authority_consulted",
        "proposed_effective_date",
        "additional_changes",
        "changes_beyond_co_commissioning",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "sign_accountable_officer",
    ],
}


def test_all_three_forms_ship() -> None:
    assert list(builtin_forms()) == ["annex_a", "annex_b", "constitution_amendment"]


@pytest.mark.parametrize("form_id", list(SPEC_FIELDS))
def test_form_has_every_spec_field_in_order(form_id: str) -> None:
    assert [f.id for f in get_form(form_id).fields] == SPEC_FIELDS[form_id]


def test_spec_sections() -> None:
    assert [s.id for s in get_form("annex_a").sections] == [
        "applicants",
        "arrangement",
        "membership",
        "finance",
        "governance",
        "sign_off",
    ]
    assert [s.id for s in get_form("annex_b").sections] == [
        "applicant",
        "approvals",
        "committee",
        "conflicts",
        "attestation",
        "area_team_sign_off",
    ]


def test_member_table_columns_and_choices() -> None:
    members = get_form("annex_b").field("members")
    assert [c.id for c in members.columns] == ["name", "role", "organisation", "category", "voting"]
    assert [c.value for c in members.column("organisation").choices] == [
        "ccg",
        "nhs_england",
        "local_authority",
        "healthwatch",
        "other",
    ]
    assert [c.value for c in members.column("category").choices] == [
        "lay",
        "executive",
        "clinical",
        "other",
    ]


def test_field_types_cover_the_spec() -> None:
    used = {f.type for form in builtin_forms().values() for f in form.fields}
    assert used <= set(FIELD_TYPES)
    assert {
        "ccg",
        "area_team",
        "table",
        "signature",
        "multi_choice",
        "money",
        "url",
        "date",
    } <= used | {
        c.type
        for form in builtin_forms().values()
        for f in form.fields
        if f.type == "table"
        for c in f.columns
    }


def _raw(form_id: str) -> dict:
    return json.loads((paths.forms_dir() / f"{form_id}.json").read_text(encoding="utf-8"))


def test_unknown_key_is_rejected() -> None:
    data = _raw("annex_a")
    data["sections"][0]["fields"][0]["colour"] = "red"
    with pytest.raises(ValidationError, match="colour"):
        FormDefinition.model_validate(data)


def test_condition_naming_unknown_field_is_rejected() -> None:
    data = _raw("annex_a")
    field = next(
        f for s in data["sections"] for f in s["fields"] if f["id"] == "ccg_functions_detail"
    )
    field["relevant_when"]["field"] = "no_such_field"
    with pytest.raises(ValidationError, match="no_such_field"):
        FormDefinition.model_validate(data)


def test_rule_naming_unknown_column_is_rejected() -> None:
    data = copy.deepcopy(_raw("annex_b"))
    rule = next(r for r in data["rules"] if r["id"] == "lay_executive_majority")
    rule["column"] = "grade"
    with pytest.raises(ValidationError, match="grade"):
        FormDefinition.model_validate(data)


def test_duplicate_field_id_is_rejected() -> None:
    data = _raw("annex_a")
    data["sections"][1]["fields"].append(dict(data["sections"][0]["fields"][0]))
    with pytest.raises(ValidationError, match="used twice"):
        FormDefinition.model_validate(data)


def test_definitions_are_frozen() -> None:
    form = get_form("annex_a")
    with pytest.raises(ValidationError):
        form.title = "changed"  # type: ignore[misc]


def test_committed_schema_is_current() -> None:
    committed = (paths.forms_dir() / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "forms/schema.json is stale: run python -m proforma_app.cli.schema_file"
    )


def test_committed_rules_table_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_table_text(), (
        "docs/rules.md is stale: run python -m proforma_app.cli.rules_table"
    )


def test_the_rules_table_lists_every_rule_with_its_basis_verb_and_lines() -> None:
    parts = rules_table_text().split("\n## ")[1:]
    forms = list(builtin_forms().values())
    assert len(parts) == len(forms)
    for form, part in zip(forms, parts, strict=True):
        assert part.startswith(form.annex)
        for rule in form.rules:
            cells = f"| `{rule.id}` | `{rule.field}` | {rule.severity} | "
            (row,) = [line for line in part.splitlines() if line.startswith(cells)]
            if rule.source is None:
                assert row.endswith("| — | — | — |"), row
            else:
                first, last = rule.source.lines
                assert f"| “{rule.source.verb}” | {rule.source.section} | {first}–{last} |" in row
