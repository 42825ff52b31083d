"""Child Python processes for tests that need a second, separately running Proforma."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_child(code: str) -> subprocess.Popen[str]:
    """Run ``code`` in a fresh interpreter sharing this test's PROFORMA_HOME."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def read_line(child: subprocess.Popen[str]) -> str:
    """The child's next line of output (blocks until it writes one or exits)."""
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line:
        assert child.stderr is not None
        raise AssertionError(f"child exited early: {child.wait()} {child.stderr.read()}")
    return line.strip()


def finish(child: subprocess.Popen[str]) -> int:
    """Let a child that waits on stdin exit, and reap it."""
    assert child.stdin is not None
    child.stdin.close()
    code = child.wait(timeout=30)
    for stream in (child.stdout, child.stderr):
        if stream is not None:
            stream.close()
    return code


def kill(child: subprocess.Popen[str]) -> None:
    """SIGKILL (TerminateProcess on Windows) and reap: no clean-up code runs in the child."""
    child.kill()
    child.wait(timeout=30)
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            stream.close()
