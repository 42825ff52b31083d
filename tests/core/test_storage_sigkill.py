"""A process killed at random moments of repeated saves, 200 times: the file on disk is
always a whole, valid draft — the one saved last or the one being saved — and so is its
``.bak`` and the recovery copy."""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

from proforma_app.files.draft_format import loads_draft
from proforma_app.files.recovery import RecoveryStore
from proforma_app.files.storage import read_draft, write_draft
from tests.conftest import EXAMPLES

ROUNDS = 200
PADDING_SIZES = (2_000, 200_000, 2_000_000)
"""Bigger drafts take longer to write, so more kills land in the middle of a write."""
MOMENTS = ("after a message", "mid-write", "just replaced")


def identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def new_temporary_file(folder: Path) -> Callable[[], bool]:
    """True once a save has created its temporary file (it is writing it now)."""
    old = set(folder.glob(".draft.json.*.tmp"))
    return lambda: bool(set(folder.glob(".draft.json.*.tmp")) - old)


def file_replaced(path: Path) -> Callable[[], bool]:
    """True once a save has put its new file in place (and is finishing up)."""
    before = identity(path)
    return lambda: identity(path) != before


def wait_until(condition: Callable[[], bool], child: BaseProcess) -> None:
    """Watch (no sleeping) until ``condition`` holds; the child must still be saving."""
    deadline = time.monotonic() + 30
    while not condition():
        assert child.is_alive(), "the saving process stopped by itself"
        assert time.monotonic() < deadline, "the saving process made no progress"


def save_forever(path: str, recovery: str, first: int, padding: int, conn: Connection) -> None:
    """The child: save the draft, then its recovery copy, over and over, reporting each step."""
    draft = loads_draft((EXAMPLES / "annex_b_valid.json").read_bytes())
    draft.answers["padding"] = "x" * padding
    store = RecoveryStore(Path(recovery))
    number = first
    while True:
        draft.answers["save_number"] = number
        conn.send(("begin", number))
        write_draft(Path(path), draft)
        conn.send(("done", number))
        store.save("session", draft, Path(path))
        number += 1


def number_in(path: Path) -> int:
    """The save number of a draft file, which must be whole and valid."""
    value = read_draft(path).answers["save_number"]
    assert isinstance(value, int)
    return value


@pytest.mark.slow
def test_killing_a_saving_process_200_times_never_leaves_a_broken_draft(
    tmp_path: Path,
) -> None:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["proforma_app.files.storage", "proforma_app.files.recovery", __name__])
    rng = random.Random(20150120)
    path = tmp_path / "draft.json"
    recovery = tmp_path / "recovery"
    first = loads_draft((EXAMPLES / "annex_b_valid.json").read_bytes())
    first.answers["save_number"] = 0
    write_draft(path, first)
    on_disk = 0
    landed = {"old kept": 0, "new written": 0}
    moments = dict.fromkeys(MOMENTS, 0)

    for round_number in range(ROUNDS):
        start = (round_number + 1) * 1000
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            target=save_forever,
            args=(str(path), str(recovery), start, rng.choice(PADDING_SIZES), sender),
        )
        child.start()
        sender.close()
        began, done = None, None
        moment = rng.choice(MOMENTS)
        try:
            if moment == "after a message":
                # After "begin" the child is preparing or writing; after "done" it is
                # writing its recovery copy or starting the next save.
                for _ in range(rng.randint(1, 6)):
                    kind, number = receiver.recv()
                    began, done = (number, done) if kind == "begin" else (began, number)
            elif moment == "mid-write":
                wait_until(new_temporary_file(tmp_path), child)
            else:  # "just replaced"
                wait_until(file_replaced(path), child)
        finally:
            child.kill()
            child.join()
        moments[moment] += 1
        while receiver.poll():  # what it managed to report before it died
            try:
                kind, number = receiver.recv()
            except EOFError:
                break
            began, done = (number, done) if kind == "begin" else (began, number)
        receiver.close()

        last_done = done if done is not None else on_disk
        now = number_in(path)
        assert now in {last_done, began}, (round_number, now, last_done, began)
        landed["old kept" if now == last_done else "new written"] += 1
        backup = path.with_name(path.name + ".bak")
        if backup.exists() or now != 0:  # the .bak exists from the first completed save
            assert number_in(backup) <= now
        copies = RecoveryStore(recovery).pending()
        if copies:
            (copy,) = copies
            assert RecoveryStore(recovery).restore(copy).answers["save_number"] <= now
        on_disk = now

    assert on_disk >= ROUNDS * 1000  # later rounds really saved over earlier ones
    assert all(count > 0 for count in moments.values()), moments
    # Kills that landed mid-write leave their half-written temporary file behind (a save
    # tidies such files only once they are ten minutes old).
    assert list(tmp_path.glob(".draft.json.*.tmp"))
