"""Upgrades of older drafts: in memory on open, written only on save, the old file in .bak.

Format version 1 is the first published format, so the format registry holds no real
steps yet; every form has real version 1 → 2 and 2 → 3 steps (``tests/core/test_forms_v3.py``).
These tests register steps of their own (a format 1 → 2 step and a made-up Annex B
version 4 wording change) to prove the machinery end to end, and check that every
published file in ``tests/fixtures/drafts/migrations`` still opens with the real registries.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from proforma_app.core.catalogue import get_form
from proforma_app.core.definition import FormDefinition
from proforma_app.core.validation import check_draft
from proforma_app.files import draft_format as draft_module
from proforma_app.files import migrations
from proforma_app.files.draft_format import FORMAT_VERSION
from proforma_app.files.migrations import (
    FORM_STEPS,
    FORMAT_STEPS,
    MigrationError,
    upgrade,
)
from proforma_app.files.recovery import RecoveryStore
from proforma_app.files.storage import DraftFileError, read_draft, write_draft
from tests.conftest import ROOT
from tests.upgrades import upgraded_answers

OLD_FILES = ROOT / "tests" / "fixtures" / "drafts" / "migrations"


def format_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """A made-up format 2 that records which program wrote the file."""
    return {**data, "format_version": 2, "written_by": "Proforma"}


def annex_b_wording_3_to_4(data: dict[str, Any]) -> dict[str, Any]:
    """A made-up Annex B version 4 that renamed 'contact_telephone' to 'contact_phone'."""
    answers = data["answers"]
    if isinstance(answers, dict) and "contact_telephone" in answers:
        answers = dict(answers)
        answers["contact_phone"] = answers.pop("contact_telephone")
    return {**data, "form_version": 4, "answers": answers}


@pytest.fixture
def format_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this Proforma writes format version 2."""
    monkeypatch.setattr(draft_module, "FORMAT_VERSION", 2)
    monkeypatch.setitem(FORMAT_STEPS, 1, format_1_to_2)


@pytest.fixture
def annex_b_version_4(monkeypatch: pytest.MonkeyPatch) -> FormDefinition:
    """Pretend Annex B's questions are at version 4 (after the real version 3)."""
    newer = get_form("annex_b").model_copy(update={"form_version": 4})

    def lookup(form_id: str) -> FormDefinition:
        return newer if form_id == "annex_b" else get_form(form_id)

    monkeypatch.setattr(draft_module, "get_form", lookup)
    monkeypatch.setitem(FORM_STEPS, ("annex_b", 3), annex_b_wording_3_to_4)
    return newer


def copy_of(name: str, folder: Path) -> Path:
    target = folder / name
    shutil.copy2(OLD_FILES / name, target)
    return target


@pytest.mark.parametrize("path", sorted(OLD_FILES.glob("format1_*.json")), ids=lambda p: p.name)
def test_every_published_format_1_file_still_opens(path: Path) -> None:
    raw = json.loads(path.read_text("utf-8"))
    draft = read_draft(path)
    assert draft.form_id == raw["form_id"]
    assert draft.answers == upgraded_answers(raw["form_id"], raw["form_version"], raw["answers"])
    assert draft.upgraded_from is None or draft.upgraded_from == (1, raw["form_version"])


def test_the_real_registries_cover_every_older_version() -> None:
    assert set(FORMAT_STEPS) == set(range(1, FORMAT_VERSION))
    for form_id in ("annex_a", "annex_b", "constitution_amendment"):
        form = get_form(form_id)
        for version in range(1, form.form_version):
            assert (form_id, version) in FORM_STEPS, (form_id, version)


def test_opening_an_older_format_upgrades_in_memory_and_never_touches_the_file(
    tmp_path: Path, format_2: None
) -> None:
    path = copy_of("format1_annex_b.json", tmp_path)
    before = path.read_bytes(), path.stat().st_mtime_ns
    draft = read_draft(path)
    assert draft.upgraded_from == (1, 1)
    assert draft.other_fields == {"written_by": "Proforma"}
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_the_new_version_is_written_only_on_save_and_bak_keeps_the_old(
    tmp_path: Path, format_2: None, annex_b_version_4: FormDefinition
) -> None:
    path = copy_of("annex_b_earlier_wording.json", tmp_path)
    old_bytes = path.read_bytes()
    draft = read_draft(path)
    assert draft.upgraded_from == (1, 1)
    assert draft.form_version == 4
    assert draft.answers["contact_phone"] == "01325 746 000"
    assert "contact_telephone" not in draft.answers
    assert draft.unknown_answer_ids() == ["pilot_notes"]  # kept and reported, not dropped
    assert path.read_bytes() == old_bytes

    write_draft(path, draft)
    saved = json.loads(path.read_text("utf-8"))
    assert (saved["format_version"], saved["form_version"]) == (2, 4)
    assert saved["written_by"] == "Proforma"
    assert saved["answers"]["contact_phone"] == "01325 746 000"
    assert saved["answers"]["pilot_notes"] == "kept: the new form does not ask this"
    assert path.with_name(path.name + ".bak").read_bytes() == old_bytes
    assert draft.upgraded_from is None
    reopened = read_draft(path)
    assert reopened.upgraded_from is None
    assert reopened.answers == draft.answers


def test_an_upgraded_draft_validates_against_the_new_form(
    tmp_path: Path, annex_b_version_4: FormDefinition
) -> None:
    draft = read_draft(copy_of("annex_b_earlier_wording.json", tmp_path))
    report = check_draft(draft)
    assert {p.field for p in report.errors} == {  # the questions versions 2 and 3 added
        "eligibility_confirmed",
        "register_shows_nature_and_parties",
        "register_in_annual_accounts",
        "registers_of_interests_kept",
        "conflicts_arrangements",
        "patient_public_engagement",
        "information_governance",
        "sign_area_team",
    }
    assert [p.field for p in report.warnings if p.rule is None] == ["pilot_notes"]


def test_a_recovery_copy_of_an_older_draft_is_upgraded_too(
    tmp_path: Path, annex_b_version_4: FormDefinition
) -> None:
    store = RecoveryStore(tmp_path)
    path = tmp_path / "s.json"
    old = json.loads((OLD_FILES / "annex_b_earlier_wording.json").read_text("utf-8"))
    record = {
        "format": "proforma-recovery",
        "format_version": 1,
        "owner": {"pid": os.getpid(), "started": "a process that has ended"},
        "source": None,
        "saved_at": "2015-01-20T10:30:00+00:00",
        "draft": old,
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    (copy,) = store.pending()
    assert store.restore(copy).answers["contact_phone"] == "01325 746 000"


def test_steps_run_in_order_and_never_change_their_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def step(version: int) -> migrations.Step:
        def run(data: dict[str, Any]) -> dict[str, Any]:
            calls.append(version)
            data["answers"][f"touched_by_{version}"] = True  # mutating its argument is safe
            return {**data, "form_version": version + 1}

        return run

    for version in (1, 2, 3):
        monkeypatch.setitem(FORM_STEPS, ("annex_a", version), step(version))
    form = get_form("annex_a").model_copy(update={"form_version": 4})
    raw = json.loads((OLD_FILES / "format1_annex_a.json").read_text("utf-8"))
    original = copy.deepcopy(raw)
    result = upgrade(raw, form, draft_module.FORMAT_VERSION)
    assert calls == [1, 2, 3]
    assert result["form_version"] == 4
    assert {"touched_by_1", "touched_by_2", "touched_by_3"} <= set(result["answers"])
    assert raw == original


def test_a_missing_step_is_a_clear_message_and_the_file_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_module, "FORMAT_VERSION", 3)
    monkeypatch.setitem(FORMAT_STEPS, 1, format_1_to_2)  # but no step from 2 to 3
    path = copy_of("format1_annex_b.json", tmp_path)
    before = path.read_bytes()
    with pytest.raises(DraftFileError) as caught:
        read_draft(path)
    assert "cannot upgrade drafts in format version 2" in caught.value.reason
    assert path.read_bytes() == before


def test_a_step_that_fails_on_odd_data_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, annex_b_version_4: FormDefinition
) -> None:
    def fragile(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "form_version": 2, "answers": {"x": data["answers"]["no_such"]}}

    monkeypatch.setitem(FORM_STEPS, ("annex_b", 1), fragile)
    with pytest.raises(MigrationError, match="could not be upgraded from version 1 of Annex B"):
        upgrade(
            json.loads((OLD_FILES / "format1_annex_b.json").read_text("utf-8")),
            annex_b_version_4,
            FORMAT_VERSION,
        )


def test_a_step_that_forgets_the_version_cannot_loop_for_ever(
    monkeypatch: pytest.MonkeyPatch, annex_b_version_4: FormDefinition
) -> None:
    monkeypatch.setitem(FORM_STEPS, ("annex_b", 1), lambda data: dict(data))
    with pytest.raises(MigrationError, match="did not produce version 2"):
        upgrade(
            json.loads((OLD_FILES / "format1_annex_b.json").read_text("utf-8")),
            annex_b_version_4,
            FORMAT_VERSION,
        )


def test_a_step_that_breaks_the_answers_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, annex_b_version_4: FormDefinition
) -> None:
    monkeypatch.setitem(
        FORM_STEPS, ("annex_b", 1), lambda data: {**data, "form_version": 2, "answers": []}
    )
    with pytest.raises(DraftFileError, match="answers are not a set of named answers"):
        read_draft(copy_of("format1_annex_b.json", tmp_path))
