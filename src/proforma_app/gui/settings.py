"""The app's own settings (recent drafts, last folder), in an INI file under ``paths``.

An INI file rather than the platform store (the Windows registry) keeps settings with
the rest of the user's Proforma folders, lets ``PROFORMA_HOME`` redirect them in tests,
and can be read by a person. The file carries a version like every persisted format.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from proforma_app.core.wording import counted
from proforma_app.locations import paths

SETTINGS_VERSION = 1
MAX_RECENT = 10


@dataclass(frozen=True)
class RecentDraft:
    """One line of the start page's recent list, as it was when last opened or saved."""

    path: str
    form_id: str
    ccg_code: str | None
    saved_at: str | None
    """ISO time the draft was last saved, UTC (or None for an unknown time)."""
    errors: int
    warnings: int

    @property
    def status(self) -> str:
        """'No errors' or '3 problems' (errors and warnings together)."""
        if not self.errors and not self.warnings:
            return "No errors"
        if not self.errors:
            return f"No errors, {counted(self.warnings, 'warning')}"
        return counted(self.errors + self.warnings, "problem")

    @property
    def saved_time(self) -> dt.datetime | None:
        if not self.saved_at:
            return None
        try:
            return dt.datetime.fromisoformat(self.saved_at)
        except ValueError:
            return None


def settings_file() -> Path:
    return paths.config_dir() / "proforma.ini"


class AppSettings:
    """Typed access to the settings file."""

    def __init__(self, file: Path | None = None) -> None:
        self._settings = QSettings(str(file or settings_file()), QSettings.Format.IniFormat)
        if self._settings.value("settings_version") is None:
            self._settings.setValue("settings_version", SETTINGS_VERSION)

    def recent_drafts(self) -> list[RecentDraft]:
        raw = self._settings.value("recent_drafts", "[]")
        try:
            items = json.loads(str(raw))
        except ValueError:
            return []
        recent = []
        for item in items if isinstance(items, list) else []:
            try:
                recent.append(RecentDraft(**_only_known(item)))
            except TypeError:
                continue  # a line from a newer or damaged settings file: skip it
        return recent

    def remember(self, entry: RecentDraft) -> None:
        """Put ``entry`` at the top of the recent list (replacing the same file)."""
        key = _same_file_key(entry.path)
        kept = [r for r in self.recent_drafts() if _same_file_key(r.path) != key]
        self._store([entry, *kept][:MAX_RECENT])

    def forget(self, path: str) -> None:
        key = _same_file_key(path)
        self._store([r for r in self.recent_drafts() if _same_file_key(r.path) != key])

    def last_folder(self) -> Path | None:
        value = self._settings.value("last_folder")
        return Path(str(value)) if value else None

    def set_last_folder(self, folder: Path) -> None:
        self._settings.setValue("last_folder", str(folder))
        self._settings.sync()

    def window_geometry(self, screen_key: str) -> bytes | None:
        """Where a form window last was on this screen (Qt's saved geometry), if anywhere."""
        value = self._settings.value(f"window_geometry/{_key_safe(screen_key)}")
        if isinstance(value, QByteArray):
            return bytes(value.data())
        return value if isinstance(value, bytes) else None

    def set_window_geometry(self, screen_key: str, geometry: bytes) -> None:
        self._settings.setValue(f"window_geometry/{_key_safe(screen_key)}", QByteArray(geometry))
        self._settings.sync()

    def _store(self, entries: list[RecentDraft]) -> None:
        self._settings.setValue("recent_drafts", json.dumps([asdict(e) for e in entries]))
        self._settings.sync()


def _only_known(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise TypeError("not a recent draft")
    names = RecentDraft.__dataclass_fields__.keys()
    return {k: v for k, v in item.items() if k in names}


def _key_safe(text: str) -> str:
    """A settings key from a screen's name (which may hold slashes or backslashes)."""
    return "".join(c if c.isalnum() or c in "@x-_." else "_" for c in text)


def _same_file_key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
