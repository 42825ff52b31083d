"""Handing a PDF to the operating system's print service.

PySide6-Essentials has no QtPdf, so the app cannot draw a PDF onto a printer itself:
on Windows the PDF reader registered for printing does it (``os.startfile(path,
"print")``); elsewhere CUPS does (``lp``, else ``lpr``).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

PRINT_TIMEOUT_SECONDS = 30


def print_pdf(path: Path) -> None:
    """Send ``path`` to the default printer; ``OSError`` with a clear message if impossible."""
    path = Path(path).resolve()  # absolute, so a name starting with '-' is never an option
    if not path.is_file():
        raise OSError(errno.ENOENT, "there is no PDF file to print", str(path))
    if sys.platform == "win32":
        _print_on_windows(path)
    else:
        _print_with_cups(path)


def _print_on_windows(path: Path) -> None:
    if sys.platform != "win32":  # os.startfile exists only there (tests pretend to be Windows)
        raise AssertionError("Windows printing called elsewhere")
    try:
        os.startfile(str(path), "print")
    except OSError as exc:
        raise OSError(
            exc.errno or errno.EIO,
            "Windows has no program set up to print PDF files; install a PDF reader "
            f"or open the PDF and print it from there ({exc.strerror or exc})",
            str(path),
        ) from None


def _print_with_cups(path: Path) -> None:
    command = shutil.which("lp") or shutil.which("lpr")
    if command is None:
        raise OSError(
            errno.ENOENT,
            "no print service was found (neither lp nor lpr is installed); "
            "open the PDF and print it from your PDF reader",
            str(path),
        )
    try:
        result = subprocess.run(
            [command, str(path)],
            capture_output=True,
            text=True,
            timeout=PRINT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OSError(
            errno.ETIMEDOUT, "the print service did not answer within 30 seconds", str(path)
        ) from None
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        detail = said[-1] if said else f"exit status {result.returncode}"
        raise OSError(errno.EIO, f"the print service refused the PDF: {detail}", str(path))
