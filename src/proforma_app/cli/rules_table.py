"""Writes ``docs/rules.md``: every rule of the shipped forms, with what it rests on.

The table is generated from the form files, so it cannot disagree with them: run
``python -m proforma_app.cli.rules_table`` (in a source checkout) after changing a form; a
test fails while the committed table is stale. For each rule it gives the id, the question
it shows on, its severity, its basis (the guidance, a consistency check of the answers, or
good practice) and, for the guidance, the verb of the quoted line and the lines themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from proforma_app.core.answer_checks import format_date
from proforma_app.core.catalogue import builtin_forms
from proforma_app.core.definition import DateField, FormDefinition, Source
from proforma_app.locations import paths

BASIS_WORDS = {
    "guidance": "guidance",
    "consistency": "consistency",
    "good_practice": "good practice",
}

_HEADER = """# Rules of the forms

Generated from `forms/*.json` by `python -m proforma_app.cli.rules_table`; do not edit by
hand (a test fails while this file is stale).

A rule resting on the **guidance** cites *Next steps towards primary care co-commissioning*
(November 2014) by section and line of `resources/guidance/next-steps-2014.txt`. Its
severity follows the quoted line's own verb, which the meta-model reads from the quote: an
**error** only where the line says "must", "will be required", "legal requirement" or
"duty" (or makes NHS England's support conditional, "unless"); a "should", "have regard
to", "encouraged" or "recommended" line gives a **warning**. A **consistency** check compares
answers with each other or with the reference data and cites nothing; a **good practice**
warning is not in the guidance at all. Warnings never block a final export.
"""


def _cell(source: Source | None) -> tuple[str, str, str]:
    if source is None:
        return "—", "—", "—"
    first, last = source.lines
    lines = str(first) if first == last else f"{first}–{last}"
    return f"“{source.verb}”", source.section, lines


def _rule_rows(form: FormDefinition) -> Iterable[str]:
    for rule in form.rules:
        verb, section, lines = _cell(rule.source)
        yield (
            f"| `{rule.id}` | `{rule.field}` | {rule.severity} | {BASIS_WORDS[rule.basis]} "
            f"| {verb} | {section} | {lines} |"
        )


def _limit_rows(form: FormDefinition) -> Iterable[str]:
    for f in form.fields:
        if isinstance(f, DateField) and (f.min_date or f.max_date):
            limits = [f"on or after {format_date(f.min_date)}" if f.min_date else ""]
            limits.append(f"on or before {format_date(f.max_date)}" if f.max_date else "")
            _, section, lines = _cell(f.source)
            said = " and ".join(x for x in limits if x)
            yield f"| `{f.id}` | {said} | error | answer | {section} | {lines} |"


def rules_table_text() -> str:
    parts = [_HEADER]
    for form in builtin_forms().values():
        parts.append(f"\n## {form.annex}: {form.title} (version {form.form_version})\n")
        parts.append(
            "| Rule | Shown on | Severity | Basis | Verb | Section | Lines |\n"
            "|---|---|---|---|---|---|---|"
        )
        parts.extend(_rule_rows(form))
        limits = list(_limit_rows(form))
        if limits:
            parts.append(
                "\nLimits on one answer: what the form accepts, not a verdict of the guidance "
                "(the question's source says why it is asked):\n\n"
                "| Question | Accepts | Severity | Basis | Asked for: section | Lines |\n"
                "|---|---|---|---|---|---|"
            )
            parts.extend(limits)
        for check in form.related_forms:
            others = ", ".join(f"`{f}`" for f in check.form_ids)
            compared = [f"`{mine}`" for mine, _ in check.compare]
            if check.same_ccgs:
                compared.append("the CCGs taking part")
            parts.append(
                f"\nCompared with {others} for the same CCG (a warning, consistency): "
                f"{', '.join(compared)}."
            )
    return "\n".join(parts) + "\n"


def main() -> None:
    target = paths.forms_dir().parent / "docs" / "rules.md"
    target.write_text(rules_table_text(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
