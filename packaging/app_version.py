"""Prints Proforma's version from pyproject.toml, the one place it is written.

The installer build passes it to Inno Setup (``ISCC /DAppVersion=...``), so the version
shown in Programs and Features is never typed a second time.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

# Inno Setup compares versions as up to four dot-separated numbers.
_INSTALLER_VERSION = re.compile(r"^\d+(\.\d+){0,3}$")


def app_version(pyproject: Path = PYPROJECT) -> str:
    """The ``[project] version``; raises ``ValueError`` if an installer cannot carry it."""
    with pyproject.open("rb") as file:
        version = str(tomllib.load(file)["project"]["version"])
    if not _INSTALLER_VERSION.match(version):
        raise ValueError(f"{version!r} is not a version Windows installers understand (e.g. 1.2.3)")
    return version


if __name__ == "__main__":
    try:
        print(app_version())
    except ValueError as exc:
        sys.exit(f"app_version.py: {exc}")
