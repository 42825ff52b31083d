"""Every field kind reads the same on the review page, in the PDF and in the Word export.

One written form per kind lives in the core registry (``kinds``); the review page and both
backends print it. The drafts below hold an answer of every kind (the columns of tables
included), among them a negative amount and a yes/no stored as the word "yes".
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from proforma_app.core.definition import FormDefinition, SignatureField, TableField
from proforma_app.core.draft import Draft
from proforma_app.core.kinds import KINDS, NOT_ANSWERED, answer_text, signature_parts, table_cells
from proforma_app.core.reference import ccg_directory
from proforma_app.core.validation import check_draft, is_relevant
from proforma_app.export import render_export
from proforma_app.files.storage import read_draft, write_draft
from proforma_app.gui.controller import AppController
from tests.conftest import EXAMPLES
from tests.export.conftest import FIXED_NOW
from tests.export.readback import docx_body_text, pdf_body_text, squash


def _draft(name: str, changes: dict[str, Any]) -> Draft:
    draft = read_draft(EXAMPLES / f"{name}.json")
    draft.answers = copy.deepcopy(draft.answers)
    for path, value in changes.items():
        field_id, _, rest = path.partition(".")
        if not rest:
            draft.answers[field_id] = value
            continue
        row, _, column = rest.partition(".")
        draft.answers[field_id][int(row)][column] = value
    return draft


CASES = {
    "annex_a": (
        "annex_a_valid",
        {
            "ccg_functions_jointly": "yes",  # a yes/no written as a word in the file
            "pooled_fund_contributions.0.amount": "-5",  # a negative amount
            "pooled_fund_contributions.1.amount": "1250000.5",
            "constitution_date": "09/01/2015",
        },
    ),
    "annex_b": ("annex_b_valid", {}),
}


def _expected(form: FormDefinition, draft: Draft) -> dict[str, tuple[str, list[str]]]:
    """Per answered question: its kind and the texts every view must print for it."""
    report = check_draft(draft)
    directory = ccg_directory()
    expected: dict[str, tuple[str, list[str]]] = {}
    for f in form.fields:
        if not is_relevant(f, report.values):
            continue
        parsed, raw = report.values.get(f.id), draft.answers.get(f.id)
        if isinstance(f, TableField):
            cells = [
                cell
                for row in table_cells(f, parsed, raw, directory)
                for cell in ((row,) if isinstance(row, str) else row)
                if cell
            ]
            expected[f.id] = (f.type, cells)
            for col in f.columns:
                expected[f"{f.id}.{col.id}"] = (col.type, [])
        elif isinstance(f, SignatureField):
            parts = signature_parts(parsed, raw, directory)
            expected[f.id] = (f.type, [text for text in parts.values() if text])
        else:
            text = answer_text(f, parsed, raw, directory)
            expected[f.id] = (f.type, [text if text is not None else NOT_ANSWERED])
    return expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_review_page_and_both_exports_print_the_same_answer_text(
    case: str, qtbot, controller: AppController, tmp_path: Path
) -> None:
    name, changes = CASES[case]
    draft = _draft(name, changes)
    path = tmp_path / f"{name}.json"
    write_draft(path, draft)
    window = controller.open_path(path)
    assert window is not None
    window.show_page(window.review_index)
    expected = _expected(draft.form, draft)
    pdf = squash(pdf_body_text(render_export(draft, "pdf", mark_draft=True, now=FIXED_NOW)[0]))
    word = squash(docx_body_text(render_export(draft, "docx", mark_draft=True, now=FIXED_NOW)[0]))
    for field_id, (kind, texts) in expected.items():
        if "." in field_id:  # a table column: checked in its table's cells
            continue
        label = window.review.findChild(QLabel, f"review:{field_id}")
        assert label is not None, field_id
        shown = label.text()
        for text in texts:
            assert text in shown, (field_id, text, shown)
            assert squash(text) in pdf, (field_id, text)
            assert squash(text) in word, (field_id, text)
        if kind not in ("table", "signature"):
            assert [shown] == texts, field_id  # one answer reads exactly the same
    window.close()


def test_the_cases_hold_every_kind_a_negative_amount_and_a_yes_written_as_a_word() -> None:
    kinds: set[str] = set()
    all_texts: list[str] = []
    for name, changes in CASES.values():
        draft = _draft(name, changes)
        for kind, texts in _expected(draft.form, draft).values():
            kinds.add(kind)
            all_texts.extend(texts)
    assert kinds == set(KINDS)
    assert "-£5.00" in all_texts  # never "£-5.00"
    assert "£1,250,000.50" in all_texts
    annex_a = _draft(*CASES["annex_a"])
    assert json.loads(json.dumps(annex_a.answers))["ccg_functions_jointly"] == "yes"
    assert _expected(annex_a.form, annex_a)["ccg_functions_jointly"] == ("yes_no", ["Yes"])
