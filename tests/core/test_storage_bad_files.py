"""Opening a bad file: a message naming the file and the reason, and the file untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from proforma_app.core.answer_checks import MAX_TEXT_LENGTH
from proforma_app.core.validation import check_draft
from proforma_app.files.storage import DraftFileError, read_draft, write_draft
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "drafts"

REFUSED = {
    "truncated.json": "the file is damaged or incomplete: it stops part-way through",
    "corrupt.json": "damaged or not a Proforma draft (it is not UTF-8 text)",
    "latin1.json": "not UTF-8 text",
    "binary.json": "not UTF-8 text",
    "empty.json": "the file is empty",
    "not_a_draft.json": 'this is not a Proforma draft (it has no "format": "proforma-draft")',
    "a_list.json": "this is not a Proforma draft (the file holds no draft object)",
    "answers_not_object.json": "answers are not a set of named answers",
    "unknown_form.json": "a form this version does not have (unknown form 'annex_z'",
    "newer_format.json": "saved in format version 2 by a newer Proforma",
    "newer_form.json": "answers version 7 of Annex B, which is newer",
    "no_format_version.json": "format_version is missing",
    "huge_number.json": "a number in it, 1e999, is too large",
    "long_integer.json": "a number in it is 5,000 digits long",
    "nan.json": "it contains NaN",
    "deeply_nested.json": "nested too deeply",
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_every_fixture_is_covered() -> None:
    loaded = {"byte_order_mark.json", "utf16.json", "unknown_answer_keys.json"}
    assert {p.name for p in FIXTURES.glob("*.json")} == set(REFUSED) | loaded


@pytest.mark.parametrize(("name", "reason"), sorted(REFUSED.items()))
def test_a_bad_file_is_refused_with_its_name_and_reason_and_never_changed(
    tmp_path: Path, name: str, reason: str
) -> None:
    path = tmp_path / name
    shutil.copy2(FIXTURES / name, path)
    before = snapshot(tmp_path)
    with pytest.raises(DraftFileError) as caught:
        read_draft(path)
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: ")
    assert snapshot(tmp_path) == before  # unchanged, nothing created beside it


def test_newer_versions_say_how_to_open_them() -> None:
    for name in ("newer_format.json", "newer_form.json"):
        with pytest.raises(DraftFileError, match="Update Proforma to open it"):
            read_draft(FIXTURES / name)


@pytest.mark.parametrize("name", ["byte_order_mark.json", "utf16.json"])
def test_byte_order_marks_and_notepad_unicode_are_read(name: str) -> None:
    expected = read_draft(
        ROOT / "tests" / "fixtures" / "drafts" / "migrations" / "v2_annex_b_valid.json"
    )
    assert read_draft(FIXTURES / name).answers == expected.answers  # the same draft in UTF-8


def test_unknown_answers_are_reported_kept_and_saved_back(tmp_path: Path) -> None:
    draft = read_draft(FIXTURES / "unknown_answer_keys.json")
    assert draft.unknown_answer_ids() == ["legacy_notes", "old_budget"]
    warnings = {p.field: p.message for p in check_draft(draft).warnings}
    assert "legacy_notes" in warnings and "kept in the file" in warnings["legacy_notes"]
    assert "'old_budget'" in warnings["legacy_notes"]  # one warning names both
    path = tmp_path / "copy.json"
    write_draft(path, draft)
    saved = json.loads(path.read_text("utf-8"))["answers"]
    assert saved["legacy_notes"] == "Agreed at the December meeting"
    assert saved["old_budget"] == {"amount": "12.50"}


def test_unknown_top_level_keys_survive_a_save(tmp_path: Path) -> None:
    data = json.loads((ROOT / "examples" / "annex_a_valid.json").read_text("utf-8"))
    data["reviewer_notes"] = ["checked 3 Feb"]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    draft = read_draft(path)
    write_draft(path, draft)
    assert json.loads(path.read_text("utf-8"))["reviewer_notes"] == ["checked 3 Feb"]


def test_a_text_answer_over_the_limit_opens_intact_and_validation_reports_it(
    tmp_path: Path,
) -> None:
    data = json.loads((ROOT / "examples" / "annex_b_valid.json").read_text("utf-8"))
    too_long = "Long minutes. " * (MAX_TEXT_LENGTH // 14 + 1)
    assert len(too_long) > MAX_TEXT_LENGTH
    data["answers"]["conflicts_explanation"] = too_long
    data["answers"]["members"][0]["role"] = too_long
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    draft = read_draft(path)
    assert draft.answers["conflicts_explanation"] == too_long
    assert draft.answers["members"][0]["role"] == too_long
    problems = {p.field: p.message for p in check_draft(draft).errors}
    assert "characters or fewer" in problems["conflicts_explanation"]
    assert "characters or fewer" in problems["members"]
    write_draft(path, draft)  # kept, not cut, when saved again
    assert read_draft(path).answers["conflicts_explanation"] == too_long
