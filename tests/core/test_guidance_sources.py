"""Every source a form cites is really in the guidance, at the lines it names.

The guidance ships inside the package (``resources/guidance``); when the project's shared
copy is beside the repository (``../shared/guidance``, as in CI) the two must be the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from proforma_app.core.catalogue import builtin_forms
from proforma_app.core.definition import ELISION, FormDefinition, Source
from proforma_app.locations import paths
from tests.conftest import ROOT

SHARED_GUIDANCE = ROOT.parent / "shared" / "guidance" / "next-steps-2014.txt"


def _normalised(text: str) -> str:
    """Whitespace as one space; a word hyphenated across two lines ("co-" / "commissioning")
    joined again, as the guidance printed it."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-[ \t]*\n\s*", "-", text)).strip()


def _lines() -> list[str]:
    return paths.guidance_text().read_text(encoding="utf-8").split("\n")


def _sources(form: FormDefinition) -> Iterator[tuple[str, Source]]:
    for f in form.fields:
        if f.source is not None:
            yield f"question {f.id}", f.source
    for rule in form.rules:
        if rule.source is not None:
            yield f"rule {rule.id}", rule.source
    for section in form.sections:
        if section.statement_source is not None:
            yield f"statement of {section.id}", section.statement_source


CITED = [
    pytest.param(source, id=f"{form.form_id}-{where}")
    for form in builtin_forms().values()
    for where, source in _sources(form)
]


def test_the_shipped_guidance_is_the_shared_copy() -> None:
    shipped = paths.guidance_text().read_bytes()
    assert len(shipped.splitlines()) > 2500
    if SHARED_GUIDANCE.is_file():
        assert shipped == SHARED_GUIDANCE.read_bytes()


@pytest.mark.parametrize("source", CITED)
def test_every_quote_is_verbatim_at_the_lines_it_names(source: Source) -> None:
    """Each part of the quote (parts are cut at "…") is at the lines, in order."""
    first, last = source.lines
    lines = _lines()
    assert last <= len(lines)
    text = _normalised("\n".join(lines[first - 1 : last]))
    position = 0
    for part in source.quote.split(ELISION):
        found = text.find(_normalised(part), position)
        assert found >= 0, part
        position = found + len(_normalised(part))
    assert len(source.quote) <= 200


@pytest.mark.parametrize("source", CITED)
def test_every_section_number_is_the_one_the_lines_sit_under(source: Source) -> None:
    """The nearest numbered heading above the quote is the cited section (or a parent of it)."""
    heading = re.compile(r"\s(\d+(?:\.\d+)+)\s*$")
    lines = _lines()
    found = None
    for line in reversed(lines[: source.lines[0]]):
        match = heading.search(line)
        if match and not line.strip().startswith(("section", "as set out")):
            found = match.group(1)
            break
    assert found is not None
    assert found == source.section or found.startswith(source.section + ".")


def test_every_rule_is_grounded_a_consistency_check_or_good_practice() -> None:
    for form in builtin_forms().values():
        for rule in form.rules:
            if rule.basis == "good_practice":
                assert rule.severity == "warning" and rule.source is None
                assert rule.message.startswith("Good practice:")
            elif rule.basis == "consistency":
                assert rule.source is None, rule.id
                assert rule.message.startswith("Consistency check:"), rule.id
            else:
                assert rule.basis == "guidance" and rule.source is not None, rule.id
            assert "NHS England expects" not in rule.message, rule.id


def test_no_form_sends_officers_to_their_area_team() -> None:
    for form in builtin_forms().values():
        assert "send it to your" not in form.introduction.lower()
        assert "england.co-commissioning@nhs.net" in form.introduction


def test_the_sources_cover_the_spec_line_ranges() -> None:
    """Spot checks against the line numbers the requirement gives."""
    forms = builtin_forms()
    b_rules = {r.id: r for r in forms["annex_b"].rules}
    assert b_rules["eligibility_not_confirmed"].source is not None
    assert b_rules["eligibility_not_confirmed"].source.lines[0] >= 1596
    attestation = next(s for s in forms["annex_b"].sections if s.id == "attestation")
    assert attestation.statement_source is not None
    assert attestation.statement_source.lines == (1559, 1561)
    a_rules = {r.id: r for r in forms["annex_a"].rules}
    assert a_rules["healthwatch_non_voting"].source is not None
    assert a_rules["healthwatch_non_voting"].source.lines == (1057, 1060)
    assert b_rules["local_authority_voting"].source is not None
    assert b_rules["local_authority_voting"].source.lines == (1214, 1216)
    for form, rule_id, lines in (
        ("annex_a", "information_governance_not_met", (1953, 1954)),
        ("annex_b", "information_governance_not_met", (2142, 2143)),
        ("annex_a", "patient_public_engagement_not_assured", (1027, 1030)),
        ("annex_b", "patient_public_engagement_not_assured", (1203, 1206)),
        ("annex_a", "eligibility_not_confirmed", (1596, 1598)),
        ("constitution_amendment", "local_authority_not_consulted", (1716, 1717)),
    ):
        source = next(r for r in forms[form].rules if r.id == rule_id).source
        assert source is not None and source.lines == lines, (form, rule_id)
