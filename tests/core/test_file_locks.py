"""A draft open in one window is refused by a second, in this process or another."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from proforma_app.files.locks import DraftLock
from proforma_app.locations import paths
from tests.core.process_helpers import finish, kill, read_line, start_child

HOLD_LOCK = """
import sys
from pathlib import Path
from proforma_app.files.locks import DraftLock
lock = DraftLock.acquire(Path(sys.argv[1] if len(sys.argv) > 1 else {path!r}))
print("held" if lock is not None else "refused", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    path = tmp_path / "drafts" / "annex b.json"
    path.parent.mkdir()
    path.write_text("{}", encoding="utf-8")
    return path


def test_second_open_in_the_same_process_is_refused_until_released(draft_path: Path) -> None:
    first = DraftLock.acquire(draft_path)
    assert first is not None and first.guarded
    assert DraftLock.acquire(draft_path) is None
    first.release()
    second = DraftLock.acquire(draft_path)
    assert second is not None
    second.release()


def test_other_spellings_of_the_same_path_share_one_lock(
    draft_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(draft_path.parent)
    link = draft_path.parent.parent / "shortcut.json"
    link.symlink_to(draft_path)
    with DraftLock.acquire(draft_path) as lock:  # type: ignore[union-attr]
        assert lock.guarded
        assert DraftLock.acquire(Path(draft_path.name)) is None
        assert DraftLock.acquire(draft_path.parent / ".." / "drafts" / draft_path.name) is None
        assert DraftLock.acquire(link) is None
    relocked = DraftLock.acquire(link)
    assert relocked is not None
    relocked.release()


def test_different_files_lock_independently(draft_path: Path) -> None:
    other = draft_path.with_name("other.json")
    a, b = DraftLock.acquire(draft_path), DraftLock.acquire(other)
    assert a is not None and b is not None
    a.release()
    b.release()


def test_lock_records_live_in_the_user_data_folder_never_beside_the_draft(
    draft_path: Path,
) -> None:
    before = sorted(draft_path.parent.iterdir())
    lock = DraftLock.acquire(draft_path)
    assert lock is not None
    assert sorted(draft_path.parent.iterdir()) == before
    records = list((paths.user_data_dir() / "locks").iterdir())
    assert len(records) == 1
    assert json.loads(records[0].read_text())["pid"] == os.getpid()
    assert DraftLock.holder_pid(draft_path) == os.getpid()
    lock.release()
    assert list((paths.user_data_dir() / "locks").iterdir()) == []
    assert DraftLock.holder_pid(draft_path) is None


def test_release_twice_is_harmless(draft_path: Path) -> None:
    lock = DraftLock.acquire(draft_path)
    assert lock is not None
    lock.release()
    lock.release()
    again = DraftLock.acquire(draft_path)
    assert again is not None
    lock.release()  # an old, released lock must not free the new holder
    assert DraftLock.acquire(draft_path) is None
    again.release()


@pytest.mark.slow
def test_a_draft_open_in_another_running_process_is_refused(draft_path: Path) -> None:
    child = start_child(HOLD_LOCK.format(path=str(draft_path)))
    try:
        assert read_line(child) == "held"
        assert DraftLock.acquire(draft_path) is None
        assert DraftLock.holder_pid(draft_path) == child.pid
    finally:
        assert finish(child) == 0
    lock = DraftLock.acquire(draft_path)
    assert lock is not None
    lock.release()


@pytest.mark.slow
def test_a_lock_left_by_a_killed_process_is_taken_over(draft_path: Path) -> None:
    child = start_child(HOLD_LOCK.format(path=str(draft_path)))
    assert read_line(child) == "held"
    kill(child)
    record = paths.user_data_dir() / "locks"
    assert len(list(record.iterdir())) == 1  # the killed process left its record behind
    lock = DraftLock.acquire(draft_path)
    assert lock is not None and lock.guarded
    assert DraftLock.holder_pid(draft_path) == os.getpid()
    lock.release()


@pytest.mark.slow
def test_of_many_processes_opening_one_draft_exactly_one_gets_it(draft_path: Path) -> None:
    children = [start_child(HOLD_LOCK.format(path=str(draft_path))) for _ in range(6)]
    try:
        answers = sorted(read_line(child) for child in children)
    finally:
        for child in children:
            finish(child)
    assert answers == ["held"] + ["refused"] * 5


def test_an_unusable_lock_folder_still_lets_the_officer_work(draft_path: Path) -> None:
    (paths.user_data_dir() / "locks").write_text("not a folder", encoding="utf-8")
    lock = DraftLock.acquire(draft_path)
    assert lock is not None and not lock.guarded
    assert DraftLock.acquire(draft_path) is None  # still one window per draft in-process
    lock.release()
    again = DraftLock.acquire(draft_path)
    assert again is not None
    again.release()
