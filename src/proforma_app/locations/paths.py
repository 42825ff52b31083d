"""Every file location the product uses, in one place.

Built-in forms, fonts and reference data must load the same way from a source checkout,
an installed wheel and a PyInstaller bundle; user folders come from platformdirs so each
platform keeps its conventions. ``PROFORMA_HOME`` redirects all user folders (tests, and
portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from proforma_app.locations import path_names

APP_NAME = "Proforma"
APP_AUTHOR = "Proforma"
_HOME_ENV = "PROFORMA_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The proforma_app package folder (this module is in its ``locations`` package)."""


def _bundled_root() -> Path:
    """Folder holding ``forms/`` and ``resources/`` wherever the package runs from.

    A wheel or a frozen bundle carries them in ``proforma_app/_bundled``; a source
    checkout has them at the repository root, two levels above the package.
    """
    frozen_base = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_base:
        candidates.append(Path(frozen_base) / "proforma_app" / "_bundled")
    candidates.append(_PACKAGE_DIR / "_bundled")
    candidates.append(_PACKAGE_DIR.parent.parent)
    for candidate in candidates:
        if (candidate / "forms").is_dir():
            return candidate
    raise FileNotFoundError(
        "Proforma cannot find its built-in forms; looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def forms_dir() -> Path:
    """Folder of the built-in form definitions (``*.json``)."""
    return _bundled_root() / "forms"


def resources_dir() -> Path:
    """Folder of fonts, icons and other non-code resources."""
    return _bundled_root() / "resources"


def guidance_text() -> Path:
    """*Next steps towards primary care co-commissioning* (2014) as line-numbered text: the
    document every rule's source cites by line, shipped so officers can read it offline."""
    return resources_dir() / "guidance" / "next-steps-2014.txt"


def reference_csv() -> Path:
    """The CCG reference list shipped inside the package."""
    return _PACKAGE_DIR / "data" / "ccgs.csv"


def home_problem() -> str | None:
    """Why ``PROFORMA_HOME`` cannot be used (not a folder, cannot be made), or None.

    Callers decide what follows: the app says so and starts with the usual folders
    (:func:`ignore_home`), the command line exits with the message.
    """
    override = os.environ.get(_HOME_ENV)
    if not override:
        return None
    home = Path(override)
    try:
        if home.exists() and not home.is_dir():
            return f"PROFORMA_HOME is set to {override}, which is not a folder"
        home.mkdir(parents=True, exist_ok=True)
        os.listdir(home)
    except OSError as exc:
        return f"PROFORMA_HOME is set to {override}, which cannot be used ({exc.strerror or exc})"
    return None


def ignore_home() -> None:
    """Use the platform's usual folders for the rest of this process."""
    os.environ.pop(_HOME_ENV, None)


def _user_dir(kind: str) -> Path:
    override = os.environ.get(_HOME_ENV)
    if override:
        path = Path(path_names.home_folder(override, kind, path_names.NATIVE))
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    elif kind == "logs":
        path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    elif kind == "documents":
        path = Path(platformdirs.user_documents_dir())
    elif kind == "config":
        path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    else:  # pragma: no cover - programming error
        raise ValueError(kind)
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_data_dir() -> Path:
    """Per-user data folder (created on first use)."""
    return _user_dir("data")


def recovery_dir() -> Path:
    """Where autosaved recovery copies of unsaved drafts live."""
    path = user_data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """Where crash reports and logs are written."""
    return _user_dir("logs")


def config_dir() -> Path:
    """Per-user settings folder."""
    return _user_dir("config")


def documents_dir() -> Path:
    """The user's documents folder, where Save and Export start when no folder is known."""
    return _user_dir("documents")
