"""Telling a running writer from a dead one, even when its process id is reused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from proforma_app.files.processes import ProcessIdentity, is_running, this_process


def test_this_process_is_running() -> None:
    me = this_process()
    assert me.pid == os.getpid()
    assert is_running(me)
    assert ProcessIdentity.from_dict(me.as_dict()) == me


def test_a_reused_process_id_does_not_count_as_the_writer() -> None:
    me = this_process()
    assert not is_running(ProcessIdentity(me.pid, "a different start time"))
    parent = ProcessIdentity(os.getppid(), "a different start time")
    assert not is_running(parent)


def test_a_process_that_has_exited_is_not_running() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not is_running(ProcessIdentity(child.pid, None))


def test_a_killed_process_not_yet_reaped_is_not_running() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    identity = ProcessIdentity(child.pid, this_process_start(child.pid))
    assert is_running(identity)
    child.kill()
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # dead, but still a zombie
    assert not is_running(identity)
    child.wait()
    assert child.stdin is not None
    child.stdin.close()


def this_process_start(pid: int) -> str | None:
    from proforma_app.files import processes

    return processes._start_time(pid)


@pytest.mark.parametrize(
    "record",
    [None, [], {}, {"pid": "12"}, {"pid": True}, {"pid": 0}, {"pid": -4}, {"pid": 5, "started": 3}],
)
def test_records_that_are_not_identities_are_recognised(record: object) -> None:
    assert ProcessIdentity.from_dict(record) is None
