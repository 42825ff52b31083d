"""Recovery copies: unsaved answers survive a crash, a power cut or a killed process.

While a window has unsaved changes it writes a recovery copy of its draft to
``paths.recovery_dir()`` (one file per window session, replaced atomically, so a copy is
always whole). A clean close or a successful save discards it. On the next start,
:meth:`RecoveryStore.pending` lists the copies whose writer is no longer running, and the
officer chooses to restore or discard each.

A copy file is plain JSON::

    {"format": "proforma-recovery", "format_version": 1,
     "owner": {"pid": 4242, "started": "…"}, "source": "C:/…/draft.json" | null,
     "saved_at": "2015-01-20T10:30:00+00:00", "upgraded_from": [0, 1] | null,
     "draft": { …a draft exactly as in a draft file… }}

A copy that cannot be read is moved to ``unreadable/`` inside the folder (kept, never
deleted: it may be the only place an answer survives) and skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proforma_app.core.draft import Draft
from proforma_app.files.draft_format import DraftError, draft_from_dict, draft_to_dict
from proforma_app.files.processes import ProcessIdentity, is_running, this_process
from proforma_app.files.storage import MAX_DRAFT_BYTES, DraftFileError, write_atomic
from proforma_app.files.untrusted.files import RefusedFile, read_regular_file
from proforma_app.locations import paths

RECOVERY_FORMAT = "proforma-recovery"
RECOVERY_FORMAT_VERSION = 1
UNREADABLE_FOLDER = "unreadable"

_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_STALE_TEMP_SECONDS = 600
"""A temporary file this old was left by a killed writer (a live one takes milliseconds)."""


@dataclass(frozen=True)
class RecoveryCopy:
    """A recovery copy left by a process that is no longer running."""

    path: Path
    form_id: str
    ccg_code: str | None
    source: Path | None
    """The draft file the window had open, or ``None`` for a draft never saved."""
    saved_at: dt.datetime
    """When the copy was written (UTC)."""


def new_session_id() -> str:
    """A fresh id for one window's recovery copy."""
    return uuid.uuid4().hex


class RecoveryStore:
    """The recovery copies in one folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else paths.recovery_dir()
        self.quarantined: list[Path] = []
        """Unreadable copies :meth:`pending` moved aside (still on disk) during this run."""
        self._owner: ProcessIdentity | None = None
        """This process, asked for on the first save (not while the window opens)."""

    def path_for(self, session_id: str) -> Path:
        if not _SESSION_ID.match(session_id):
            raise ValueError(f"not a recovery session id: {session_id!r}")
        return self.folder / f"{session_id}.json"

    def save(self, session_id: str, draft: Draft, source: Path | None) -> Path:
        """Write (or replace) this session's copy atomically; raises ``OSError`` on failure."""
        target = self.path_for(session_id)
        if self._owner is None:
            self._owner = this_process()
        record = {
            "format": RECOVERY_FORMAT,
            "format_version": RECOVERY_FORMAT_VERSION,
            "owner": self._owner.as_dict(),
            "source": os.path.abspath(source) if source is not None else None,
            "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "upgraded_from": list(draft.upgraded_from) if draft.upgraded_from else None,
            "draft": draft_to_dict(draft),
        }
        try:
            # ASCII escapes keep any text (even a lone surrogate) exactly; nobody reads these.
            payload = json.dumps(record, separators=(",", ":"), allow_nan=False).encode("ascii")
        except (ValueError, TypeError) as exc:
            raise OSError(errno.EINVAL, f"the draft cannot be written as a file ({exc})") from None
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(target, payload, keep_backup=False)
        return target

    def discard(self, session_id: str) -> None:
        """Remove this session's copy (clean close, or the draft was saved)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path_for(session_id))

    def pending(self) -> list[RecoveryCopy]:
        """Copies left by processes that are no longer running, newest first."""
        copies: list[RecoveryCopy] = []
        try:
            candidates = sorted(self.folder.glob("*.json"))
        except OSError:
            return []
        for path in candidates:
            try:
                record = _read_record(path)
                owner = ProcessIdentity.from_dict(record.get("owner"))
                if owner is not None and is_running(owner):
                    continue
                copies.append(_describe(path, record))
            except FileNotFoundError:
                continue  # its owner discarded it while we looked
            except (DraftError, OSError, ValueError, TypeError, KeyError):
                self._quarantine(path)  # never let one bad copy stop the app starting
        self._remove_stale_temp_files()
        copies.sort(key=lambda c: c.saved_at, reverse=True)
        return copies

    def restore(self, copy: RecoveryCopy) -> Draft:
        """The draft in a copy; raises :class:`DraftFileError` if it can no longer be read.

        The copy stays on disk: :meth:`remove` it once the restored draft is safe again
        (saved, or autosaved under its new window's session).
        """
        try:
            record = _read_record(copy.path)
            return _draft_of(record)
        except RefusedFile as exc:
            raise DraftFileError(
                copy.path, f"the recovery copy cannot be read ({exc.reason})"
            ) from None
        except DraftError as exc:
            raise DraftFileError(copy.path, str(exc)) from None
        except OSError as exc:
            raise DraftFileError(
                copy.path, f"the recovery copy cannot be read ({exc.strerror or exc})"
            ) from None

    def remove(self, copy: RecoveryCopy) -> None:
        """Delete a copy the officer restored or chose to discard."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(copy.path)

    def _quarantine(self, path: Path) -> None:
        target_folder = self.folder / UNREADABLE_FOLDER
        with contextlib.suppress(OSError):
            target_folder.mkdir(exist_ok=True)
            target = target_folder / path.name
            if target.exists():
                target = target_folder / f"{path.stem}-{uuid.uuid4().hex[:8]}{path.suffix}"
            os.replace(path, target)
            self.quarantined.append(target)

    def _remove_stale_temp_files(self) -> None:
        now = time.time()
        with contextlib.suppress(OSError):
            for temp in self.folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    if now - temp.stat().st_mtime > _STALE_TEMP_SECONDS:
                        temp.unlink()


def _read_record(path: Path) -> dict[str, Any]:
    # Anything can appear in the folder (a named pipe would block the app's start for ever).
    data = read_regular_file(path, MAX_DRAFT_BYTES + 1024 * 1024, "recovery copy")
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DraftError("the recovery copy is damaged (not valid JSON)") from None
    if not isinstance(record, dict) or record.get("format") != RECOVERY_FORMAT:
        raise DraftError("this is not a Proforma recovery copy")
    version = record.get("format_version")
    if not isinstance(version, int) or version > RECOVERY_FORMAT_VERSION:
        raise DraftError("the recovery copy was written by a newer Proforma")
    return record


def _draft_of(record: dict[str, Any]) -> Draft:
    draft = draft_from_dict(record.get("draft"))
    upgraded = record.get("upgraded_from")
    if (
        isinstance(upgraded, list)
        and len(upgraded) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in upgraded)
    ):
        draft.upgraded_from = (upgraded[0], upgraded[1])
    return draft


def _describe(path: Path, record: dict[str, Any]) -> RecoveryCopy:
    draft = _draft_of(record)
    source = record.get("source")
    saved_at = _parse_time(record.get("saved_at"))
    if saved_at is None:
        saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return RecoveryCopy(
        path=path,
        form_id=draft.form_id,
        ccg_code=draft.ccg_code(),
        source=Path(source) if isinstance(source, str) and source else None,
        saved_at=saved_at,
    )


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
