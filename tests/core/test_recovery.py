"""Recovery copies: written while answers are unsaved, offered after a crash, never lost."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from proforma_app.core.draft import Draft, new_draft
from proforma_app.files.draft_format import loads_draft
from proforma_app.files.recovery import RecoveryStore, new_session_id
from proforma_app.files.storage import DraftFileError
from proforma_app.locations import paths
from tests.conftest import EXAMPLES
from tests.core.process_helpers import finish, kill, read_line, start_child

AUTOSAVE_IN_CHILD = """
import sys
from pathlib import Path
from proforma_app.files.draft_format import loads_draft
from proforma_app.files.recovery import RecoveryStore
draft = loads_draft(Path({example!r}).read_bytes())
draft.answers["comments"] = "typed but never saved"
print(RecoveryStore().save("child-session", draft, Path({source!r})), flush=True)
sys.stdin.read()
"""


def sample(form_id: str = "annex_b") -> Draft:
    return loads_draft((EXAMPLES / f"{form_id}_valid.json").read_bytes())


def as_dead_owner(path: Path) -> None:
    """Make a copy look as if its writer had crashed (an id whose start time differs)."""
    record = json.loads(path.read_text(encoding="utf-8"))
    record["owner"] = {"pid": os.getpid(), "started": "a process that has ended"}
    path.write_text(json.dumps(record), encoding="utf-8")


def test_default_folder_is_the_user_recovery_folder() -> None:
    store = RecoveryStore()
    assert store.folder == paths.recovery_dir()
    assert str(store.folder).startswith(os.environ["PROFORMA_HOME"])


def test_a_copy_of_a_live_window_is_not_offered(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save(new_session_id(), sample(), None)
    assert store.pending() == []


def test_a_crashed_window_copy_is_offered_with_form_ccg_source_and_time(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    draft = sample()
    draft.answers["unknown_key"] = {"kept": True}
    source = tmp_path / "my draft.json"
    before = dt.datetime.now(dt.UTC)
    path = store.save("s1", draft, source)
    as_dead_owner(path)
    (copy,) = store.pending()
    assert copy.path == path
    assert copy.form_id == "annex_b"
    assert copy.ccg_code == draft.ccg_code() and copy.ccg_code
    assert copy.source == source
    assert before - dt.timedelta(seconds=1) <= copy.saved_at <= dt.datetime.now(dt.UTC)
    restored = store.restore(copy)
    assert restored.answers == draft.answers
    assert restored.form_id == draft.form_id
    assert path.exists()  # kept until the officer's choice is safe
    store.remove(copy)
    assert store.pending() == []


def test_a_never_saved_draft_has_no_source(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    draft = new_draft("annex_a")
    draft.answers[draft.form.ccg_field] = "02N"
    as_dead_owner(store.save("fresh", draft, None))
    (copy,) = store.pending()
    assert copy.source is None and copy.form_id == "annex_a" and copy.ccg_code == "02N"
    assert store.restore(copy).answers == {draft.form.ccg_field: "02N"}


def test_saving_again_replaces_the_copy_and_discard_removes_it(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    draft = sample()
    store.save("s", draft, None)
    draft.answers["comments"] = "second edit"
    path = store.save("s", draft, None)
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    assert json.loads(path.read_text(encoding="utf-8"))["draft"]["answers"]["comments"] == (
        "second edit"
    )
    store.discard("s")
    store.discard("s")  # a second clean close is harmless
    assert list(tmp_path.iterdir()) == []


def test_copies_are_listed_newest_first(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    for index, form_id in enumerate(["annex_a", "annex_b", "constitution_amendment"]):
        path = store.save(f"s{index}", sample(form_id), None)
        record = json.loads(path.read_text(encoding="utf-8"))
        record["saved_at"] = f"2015-01-0{index + 1}T10:00:00+00:00"
        path.write_text(json.dumps(record), encoding="utf-8")
        as_dead_owner(path)
    assert [c.form_id for c in store.pending()] == [
        "constitution_amendment",
        "annex_b",
        "annex_a",
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b'{"format": "proforma-recovery", "format_version": 1, "draft": {"format": "x"}}',
        b'{"format": "proforma-recovery", "format_version": 99, "draft": {}}',
        b'{"format": "proforma-draft"}',
        b"[1, 2, 3]",
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,
    ],
)
def test_unreadable_copies_are_moved_aside_not_deleted_and_never_crash(
    tmp_path: Path, content: bytes
) -> None:
    store = RecoveryStore(tmp_path)
    good = store.save("good", sample(), None)
    as_dead_owner(good)
    (tmp_path / "bad.json").write_bytes(content)
    assert [c.path for c in store.pending()] == [good]
    moved = tmp_path / "unreadable" / "bad.json"
    assert store.quarantined == [moved]
    assert moved.read_bytes() == content
    assert [c.path for c in store.pending()] == [good]


def test_restoring_a_copy_that_went_bad_names_it(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    path = store.save("s", sample(), None)
    as_dead_owner(path)
    (copy,) = store.pending()
    path.write_bytes(b'{"trunc')
    with pytest.raises(DraftFileError) as caught:
        store.restore(copy)
    assert caught.value.path == path and "damaged" in caught.value.reason
    path.unlink()
    with pytest.raises(DraftFileError, match="cannot be read"):
        store.restore(copy)


@pytest.mark.parametrize("bad", ["", "../escape", "a/b", "x" * 101, "dot.json", "C:"])
def test_session_ids_cannot_point_outside_the_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        RecoveryStore(tmp_path).save(bad, sample(), None)


def test_an_upgraded_draft_is_restored_as_upgraded(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    draft = sample()
    draft.upgraded_from = (0, 1)
    as_dead_owner(store.save("s", draft, None))
    (copy,) = store.pending()
    assert store.restore(copy).upgraded_from == (0, 1)


def test_a_failed_recovery_save_raises_and_leaves_the_previous_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RecoveryStore(tmp_path)
    draft = sample()
    path = store.save("s", draft, None)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    draft.answers["comments"] = "newer"
    with pytest.raises(OSError):
        store.save("s", draft, None)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left


@pytest.mark.slow
def test_a_copy_is_offered_only_once_its_writer_has_been_killed(tmp_path: Path) -> None:
    source = tmp_path / "draft.json"
    child = start_child(
        AUTOSAVE_IN_CHILD.format(example=str(EXAMPLES / "annex_b_valid.json"), source=str(source))
    )
    written = Path(read_line(child))
    store = RecoveryStore()
    assert written.parent == store.folder
    assert store.pending() == []  # the other window is still running
    kill(child)
    (copy,) = store.pending()
    assert copy.source == source
    assert store.restore(copy).answers["comments"] == "typed but never saved"


@pytest.mark.slow
def test_a_cleanly_closed_writer_leaves_no_copy_behind(tmp_path: Path) -> None:
    code = AUTOSAVE_IN_CHILD.format(
        example=str(EXAMPLES / "annex_b_valid.json"), source=str(tmp_path / "d.json")
    ).replace("sys.stdin.read()", "sys.stdin.read()\nRecoveryStore().discard('child-session')")
    child = start_child(code)
    read_line(child)
    assert finish(child) == 0
    assert RecoveryStore().pending() == []
    assert list(RecoveryStore().folder.glob("*.json")) == []


def test_a_missing_folder_has_no_copies(tmp_path: Path) -> None:
    assert RecoveryStore(tmp_path / "never made").pending() == []


def test_temporary_files_of_killed_autosaves_are_tidied_once_old(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    old, recent = tmp_path / ".s.json.aaaa.tmp", tmp_path / ".s.json.bbbb.tmp"
    for temp in (old, recent):
        temp.write_bytes(b'{"half')
    os.utime(old, (0, 0))
    assert store.pending() == []
    assert not old.exists() and recent.exists()
