"""What the About box and the keyboard-shortcut list say, in plain words (no Qt here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from proforma_app import __version__
from proforma_app.core.guidance import GUIDANCE_TITLE
from proforma_app.locations import paths


def where_files_are_kept() -> list[tuple[str, Path]]:
    """Each kind of file Proforma keeps for the user, and its folder on this computer."""
    return [
        ("Recovery copies of unsaved work", paths.recovery_dir()),
        ("Crash reports and logs", paths.log_dir()),
        ("Settings (recent drafts, window places)", paths.config_dir() / "proforma.ini"),
        ("Guidance and fonts shipped with Proforma", paths.resources_dir()),
    ]


def about_text() -> str:
    lines = [
        f"Proforma {__version__}",
        "Fill in, check, save and export NHS primary care co-commissioning submissions.",
        f"Built on: {GUIDANCE_TITLE}.",
        "",
        "Drafts are saved wherever you choose. Proforma keeps these files:",
    ]
    lines.extend(f"• {what}: {where}" for what, where in where_files_are_kept())
    return "\n".join(lines)


def shortcuts_text(shortcuts: Sequence[tuple[str, str]]) -> str:
    """One line per shortcut: ``Ctrl+S — Save``."""
    return "\n".join(f"{keys} — {what}" for keys, what in shortcuts)
