"""Saving: atomic, with a .bak, and a failed save leaves the file exactly as it was."""

from __future__ import annotations

import errno
import json
import os
import stat
import time
from pathlib import Path

import pytest

from proforma_app.core.draft import Draft
from proforma_app.files import storage
from proforma_app.files.draft_format import loads_draft
from proforma_app.files.storage import (
    MAX_DRAFT_BYTES,
    DraftFileError,
    read_draft,
    save_error_message,
    write_atomic,
    write_draft,
)
from tests.conftest import EXAMPLES


def sample() -> Draft:
    return loads_draft((EXAMPLES / "annex_b_valid.json").read_bytes())


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, Draft, bytes]:
    """A draft saved once, then changed in memory: (file, draft, bytes on disk)."""
    path = tmp_path / "annex b.json"
    draft = sample()
    write_draft(path, draft)
    draft.answers["contact_name"] = "A newer answer"
    return path, draft, path.read_bytes()


def test_first_save_writes_the_draft_and_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    draft = sample()
    saved_at = write_draft(path, draft)
    assert files_in(tmp_path) == ["new.json"]
    again = read_draft(path)
    assert again.answers == draft.answers
    assert again.saved_at == saved_at == draft.saved_at


def test_second_save_keeps_the_previous_version_as_bak(saved: tuple[Path, Draft, bytes]) -> None:
    path, draft, before = saved
    write_draft(path, draft)
    assert files_in(path.parent) == ["annex b.json", "annex b.json.bak"]
    assert path.with_name("annex b.json.bak").read_bytes() == before
    assert read_draft(path).answers["contact_name"] == "A newer answer"


def test_saving_without_backup_leaves_no_bak(saved: tuple[Path, Draft, bytes]) -> None:
    path, draft, _ = saved
    write_draft(path, draft, keep_backup=False)
    assert files_in(path.parent) == ["annex b.json"]


def test_a_save_keeps_the_file_permissions(saved: tuple[Path, Draft, bytes]) -> None:
    path, draft, _ = saved
    path.chmod(0o640)
    chosen = stat.S_IMODE(path.stat().st_mode)  # 0o640; Windows keeps only read-only
    write_draft(path, draft)
    assert stat.S_IMODE(path.stat().st_mode) == chosen


def test_saving_through_a_symbolic_link_updates_the_real_file(
    saved: tuple[Path, Draft, bytes],
) -> None:
    path, draft, _ = saved
    link = path.parent / "shortcut.json"
    link.symlink_to(path)
    write_draft(link, draft)
    assert link.is_symlink()
    assert read_draft(path).answers["contact_name"] == "A newer answer"


def test_an_upgraded_draft_forgets_its_old_version_once_saved(tmp_path: Path) -> None:
    draft = sample()
    draft.upgraded_from = (0, 1)
    write_draft(tmp_path / "d.json", draft)
    assert draft.upgraded_from is None


def test_temporary_files_left_by_a_killed_save_are_tidied_later(
    saved: tuple[Path, Draft, bytes],
) -> None:
    path, draft, _ = saved
    old = path.parent / f".{path.name}.0123456789ab.tmp"
    recent = path.parent / f".{path.name}.ba9876543210.tmp"
    for temp in (old, recent):
        temp.write_bytes(b"{half a dr")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    write_draft(path, draft)
    assert not old.exists()
    assert recent.exists()  # it may belong to a save still running


# --- failed saves: OSError, the file and the folder unchanged, the answers still in memory ---


def assert_untouched(path: Path, before: bytes, draft: Draft) -> None:
    assert path.read_bytes() == before
    assert files_in(path.parent) == [path.name]  # no temporary file, no .bak
    assert draft.answers["contact_name"] == "A newer answer"


def test_disk_full_while_writing(
    saved: tuple[Path, Draft, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, draft, before = saved
    real_write = os.write

    def fills_up(fd: int, data: bytes) -> int:
        if len(data) > 100:
            return real_write(fd, bytes(data)[:100])  # a short write, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", fills_up)
    with pytest.raises(OSError) as caught:
        write_draft(path, draft)
    assert caught.value.errno == errno.ENOSPC
    assert "the disk is full" in save_error_message(path, caught.value)
    assert_untouched(path, before, draft)


def test_disk_full_when_flushing(
    saved: tuple[Path, Draft, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, draft, before = saved

    def fsync_fails(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync_fails)
    with pytest.raises(OSError):
        write_draft(path, draft)
    assert_untouched(path, before, draft)


def test_read_only_folder(
    saved: tuple[Path, Draft, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, draft, before = saved
    real_open = os.open

    def refuses_new_files(name: str | Path, flags: int, *args: int) -> int:
        if flags & os.O_CREAT and Path(name).parent == path.parent:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(name))
        return real_open(name, flags, *args)

    monkeypatch.setattr(os, "open", refuses_new_files)
    with pytest.raises(PermissionError) as caught:
        write_draft(path, draft)
    assert "permission" in save_error_message(path, caught.value)
    assert_untouched(path, before, draft)


def test_read_only_disk_fails_at_the_replace(
    saved: tuple[Path, Draft, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, draft, before = saved
    real_replace = os.replace

    def read_only(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == path:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", read_only)
    with pytest.raises(OSError) as caught:
        write_draft(path, draft)
    assert "read-only" in save_error_message(path, caught.value)
    assert path.read_bytes() == before
    # The .bak was already refreshed from the same old version; nothing else is left.
    assert files_in(path.parent) == [path.name, path.name + ".bak"]
    assert path.with_name(path.name + ".bak").read_bytes() == before


def test_folder_gone(tmp_path: Path) -> None:
    path = tmp_path / "usb stick" / "draft.json"
    draft = sample()
    with pytest.raises(FileNotFoundError) as caught:
        write_draft(path, draft)
    assert "no longer exists" in save_error_message(path, caught.value)
    assert files_in(tmp_path) == []
    assert draft.saved_at == loads_draft((EXAMPLES / "annex_b_valid.json").read_bytes()).saved_at


def test_a_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "draft.json").mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        write_draft(tmp_path / "draft.json", sample())
    assert "a folder has that name" in save_error_message(tmp_path / "draft.json", caught.value)
    assert files_in(tmp_path) == ["draft.json"]


def test_a_real_read_only_folder(tmp_path: Path) -> None:
    """The OS's own refusal, where the tests do not run as an administrator."""
    draft = sample()
    folder = tmp_path / "locked"
    folder.mkdir()
    write_draft(folder / "d.json", draft)
    before = (folder / "d.json").read_bytes()
    draft.answers["contact_name"] = "A newer answer"
    folder.chmod(0o555)
    try:
        if os.name == "nt" or os.geteuid() == 0:
            # An administrator may write anywhere, and Windows ignores a folder's read-only
            # attribute: the save succeeds, whole and valid.
            write_draft(folder / "d.json", draft)
            assert read_draft(folder / "d.json").answers == draft.answers
        else:
            with pytest.raises(PermissionError):
                write_draft(folder / "d.json", draft)
            assert_untouched(folder / "d.json", before, draft)
    finally:
        folder.chmod(0o755)


def test_a_draft_too_large_to_reopen_is_not_saved(
    saved: tuple[Path, Draft, bytes],
) -> None:
    path, draft, before = saved
    draft.answers["signature"] = {"name": "x", "image": "A" * (MAX_DRAFT_BYTES + 10)}
    with pytest.raises(OSError) as caught:
        write_draft(path, draft)
    message = save_error_message(path, caught.value)
    assert "20 MB limit" in message and "Save As" in message
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (float("nan"), "cannot be written as a file"),
        (float("inf"), "cannot be written as a file"),
        (json.loads("[" * 40 + "]" * 40), "nested too deeply"),
    ],
)
def test_an_answer_no_draft_file_can_hold_is_a_failed_save_not_a_broken_file(
    saved: tuple[Path, Draft, bytes], value: object, reason: str
) -> None:
    path, draft, before = saved
    draft.answers["odd"] = value
    with pytest.raises(OSError) as caught:
        write_draft(path, draft)
    assert reason in save_error_message(path, caught.value)
    assert_untouched(path, before, draft)


def test_text_with_a_lone_surrogate_is_saved_as_valid_utf8_and_reads_back(
    tmp_path: Path,
) -> None:
    draft = sample()
    draft.answers["comments"] = "pasted \ud83d half an emoji"
    write_draft(tmp_path / "d.json", draft)
    (tmp_path / "d.json").read_bytes().decode("utf-8")
    assert read_draft(tmp_path / "d.json").answers["comments"] == "pasted \ud83d half an emoji"


def test_replace_is_retried_while_windows_holds_the_file(
    saved: tuple[Path, Draft, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, draft, _ = saved
    real_replace = os.replace
    refusals = [PermissionError(errno.EACCES, "in use")] * 2

    def busy(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == path and refusals:
            raise refusals.pop()
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", busy)
    monkeypatch.setattr(storage.sys, "platform", "win32")
    monkeypatch.setattr(storage.time, "sleep", lambda seconds: None)
    write_draft(path, draft)
    assert read_draft(path).answers["contact_name"] == "A newer answer"


def test_write_atomic_replaces_any_bytes(tmp_path: Path) -> None:
    target = tmp_path / "x.bin"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert (tmp_path / "x.bin.bak").read_bytes() == b"one"


# --- opening never changes the file ---


def test_reading_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(DraftFileError) as caught:
        read_draft(tmp_path / "gone.json")
    assert caught.value.path == tmp_path / "gone.json"
    assert caught.value.reason == "the file does not exist"
    assert str(tmp_path / "gone.json") in str(caught.value)


def test_reading_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DraftFileError, match="folder, not a draft"):
        read_draft(tmp_path)


def test_reading_a_device_or_a_pipe_does_not_hang(tmp_path: Path) -> None:
    specials = [Path(os.devnull)]
    writers = []
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.json"
        os.mkfifo(pipe)
        writers.append(os.open(pipe, os.O_RDWR | os.O_NONBLOCK))  # opening to read won't block
        specials.append(pipe)
    try:
        for special in specials:
            with pytest.raises(DraftFileError, match="not a regular file"):
                read_draft(special)
    finally:
        for fd in writers:
            os.close(fd)


def test_a_file_over_20_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_DRAFT_BYTES + 1)  # sparse: cheap to make, never read
    with pytest.raises(DraftFileError) as caught:
        read_draft(path)
    assert "20.0 MB" in caught.value.reason and "refused" in caught.value.reason
    assert path.stat().st_size == MAX_DRAFT_BYTES + 1


def test_a_draft_just_under_the_limit_opens(tmp_path: Path) -> None:
    draft = sample()
    text = (EXAMPLES / "annex_b_valid.json").read_bytes()
    draft.answers["padding"] = "x" * (MAX_DRAFT_BYTES - len(text) - 200)
    path = tmp_path / "big.json"
    write_draft(path, draft)
    assert path.stat().st_size <= MAX_DRAFT_BYTES
    assert read_draft(path).answers == draft.answers


def test_a_file_without_read_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.json"
    path.write_bytes((EXAMPLES / "annex_b_valid.json").read_bytes())

    def denied(target: object, *args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    # Tests may run as root, which no file mode stops: the refusal is simulated at the open.
    monkeypatch.setattr("proforma_app.files.untrusted.files.os.open", denied)
    with pytest.raises(DraftFileError, match="permission to read"):
        read_draft(path)
