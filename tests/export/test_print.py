"""Printing hands the PDF to the system's print service, or says clearly why it cannot."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from proforma_app.export import print_pdf


def _fake_command(folder: Path, name: str, exit_code: int, message: str = "") -> Path:
    """A stand-in for ``lp`` that records its arguments."""
    log = folder / f"{name}.args"
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{log}"\n'
        f'[ -n "{message}" ] && echo "{message}" >&2\n'
        f"exit {exit_code}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return log


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "-looks like an option.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if os.name == "nt":  # Windows cannot run the shell-script stand-ins; it has no CUPS
        pytest.skip("CUPS (lp, lpr) is simulated with shell scripts; Windows printing is tested below")
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setattr(sys, "platform", "linux")
    return folder


def test_the_pdf_goes_to_lp_by_its_full_path(pdf: Path, bin_dir: Path) -> None:
    log = _fake_command(bin_dir, "lp", 0)
    print_pdf(pdf)
    assert log.read_text(encoding="utf-8").splitlines() == [str(pdf.resolve())]


def test_lpr_is_used_when_there_is_no_lp(pdf: Path, bin_dir: Path) -> None:
    log = _fake_command(bin_dir, "lpr", 0)
    print_pdf(pdf)
    assert log.read_text(encoding="utf-8").strip() == str(pdf.resolve())


def test_a_refusal_by_the_print_service_is_reported(pdf: Path, bin_dir: Path) -> None:
    _fake_command(bin_dir, "lp", 1, "lp: Error - no default destination available.")
    with pytest.raises(OSError, match="refused the PDF: lp: Error - no default destination"):
        print_pdf(pdf)


def test_no_print_service_is_a_clear_error(pdf: Path, bin_dir: Path) -> None:
    with pytest.raises(OSError, match="no print service was found") as error:
        print_pdf(pdf)
    assert error.value.errno == errno.ENOENT


def test_a_missing_pdf_is_a_clear_error(tmp_path: Path, bin_dir: Path) -> None:
    _fake_command(bin_dir, "lp", 0)
    with pytest.raises(OSError, match="no PDF file to print"):
        print_pdf(tmp_path / "gone.pdf")


def test_windows_asks_the_registered_pdf_program_to_print(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "startfile", lambda p, op: calls.append((p, op)), raising=False)
    print_pdf(pdf)
    assert calls == [(str(pdf.resolve()), "print")]


def test_windows_without_a_pdf_program_is_a_clear_error(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_association(path: str, operation: str) -> None:
        raise OSError(errno.EINVAL, "No application is associated with the specified file")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "startfile", no_association, raising=False)
    with pytest.raises(OSError, match="no program set up to print PDF files"):
        print_pdf(pdf)
