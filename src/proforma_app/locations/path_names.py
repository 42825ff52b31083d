"""The folders and file names Proforma builds, as pure functions of their inputs.

Officers run Windows, save drafts on network shares (``\\\\server\\share\\drafts``) and in
deep folders, and Windows refuses names such as ``CON`` or ``report.``; yet most tests run on
Linux. So every function here takes its path flavour from its input (``PureWindowsPath`` or
``PurePosixPath``), never from the system it runs on, touches no disk and holds no lock:
tests give them Windows paths anywhere. The modules that do the I/O (``paths``, ``storage``,
``file_locks``, the GUI's drop handling, the CLI) call these and keep their own mechanism.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import TypeVar

P = TypeVar("P", bound=PurePath)

NATIVE: type[PureWindowsPath] | type[PurePosixPath] = (
    PureWindowsPath if os.name == "nt" else PurePosixPath
)
"""The flavour of the system Proforma runs on, for callers that build real paths."""

WINDOWS_MAX_PATH = 260
"""Longest path classic Win32 calls accept (259 characters and a terminator) unless the
machine enables long paths; a limit on the names Proforma invents, not on the user's own."""

MAX_NAME_LENGTH = 255
"""Longest single file or folder name NTFS, ext4 and SMB shares all accept."""

_RESERVED_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³"}
)
# Patterns as text: ``re`` compiles and caches them on first use, not at start-up.
_FORBIDDEN_CHARACTERS = r'[<>:"/\\|?*\x00-\x1f\x7f]'
_EXTENDED_PREFIX = r"(?i)^(?:\\\\\?\\UNC\\|\\\\\?\\(?=[A-Za-z]:))"
_DRIVE_IN_URL_PATH = r"^/(?P<drive>[A-Za-z])[:|](?P<rest>/.*)?$"


def windows_name_problem(name: str) -> str | None:
    """Why Windows would refuse or alter ``name`` as a file or folder name, or ``None``."""
    if not name or name in (".", ".."):
        return "it is empty"
    if re.search(_FORBIDDEN_CHARACTERS, name):
        return 'it contains a character Windows does not allow (< > : " / \\ | ? * or a control)'
    if name[-1] in ". ":
        return "it ends with a dot or a space, which Windows removes"
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED_DEVICES:
        return f"{name.split('.')[0]!r} is a device name on Windows"
    if len(name) > MAX_NAME_LENGTH:
        return f"it is longer than {MAX_NAME_LENGTH} characters"
    return None


def safe_file_stem(text: str, fallback: str = "draft", limit: int = 80) -> str:
    """``text`` made into a file name stem every system accepts, for names built from answers.

    Characters Windows forbids become ``-``, trailing dots and spaces go, a device name
    (``CON``, ``NUL`` …) gets a leading ``_``, and the result is at most ``limit`` characters.
    """
    stem = re.sub(_FORBIDDEN_CHARACTERS, "-", text).strip()[:limit].rstrip(". ")
    if not stem or stem in (".", ".."):
        return fallback
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED_DEVICES:
        stem = f"_{stem}"[:limit].rstrip(". ")
    return stem


def default_draft_stem(form_id: str, ccg_code: str | None) -> str:
    """The name offered when an unsaved draft is first saved, exported or printed."""
    return safe_file_stem(f"{form_id}-{ccg_code}" if ccg_code else form_id, fallback=form_id)


def export_path(draft_file: P, fmt: str) -> P:
    """Where ``proforma export FILE`` writes a format by default: beside the draft."""
    return draft_file.with_suffix(f".{fmt}")


def with_format_suffix(target: P, fmt: str) -> P:
    """``target`` ending in ``.fmt`` (added, never replacing what the officer typed)."""
    suffix = f".{fmt}"
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)


def backup_path(draft_file: P) -> P:
    """The previous version a save keeps: ``FILE.bak`` beside the draft."""
    return draft_file.with_name(draft_file.name + ".bak")


def save_temp_path(draft_file: P, token: str) -> P:
    """The hidden file a save writes first, in the draft's own folder (same drive or share,
    so the final replace is a single rename)."""
    return draft_file.with_name(f".{draft_file.name}.{token}.tmp")


def home_folder(home: str, kind: str, flavour: type[P]) -> P:
    """``PROFORMA_HOME/kind``: the folder ``kind`` (``data``, ``logs``, ``config``,
    ``documents``) under the override.

    Quotes kept by ``set PROFORMA_HOME="C:\\Proforma"`` in a Windows command prompt are
    removed, and a bare drive (``D:``, which Windows reads as "the current folder on D:")
    means the drive's root.
    """
    text = home.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    base = flavour(text)
    if isinstance(base, PureWindowsPath) and base.drive and not base.root and not base.name:
        base = flavour(base.drive + "\\")
    return base / kind


def lock_record_name(draft_file: PurePath) -> str:
    """The lock record's file name for a draft at the absolute, resolved ``draft_file``.

    One name per file whichever way it is spelled: Windows paths compare without case, with
    either slash, and with or without the ``\\\\?\\`` long-path prefix. A fixed-length hash
    keeps the record's own path short, valid and free of the draft's name.
    """
    import hashlib  # only when a draft is opened: the command line never needs it

    if isinstance(draft_file, PureWindowsPath):
        text = str(draft_file).replace("/", "\\")
        match = re.match(_EXTENDED_PREFIX, text)
        if match:
            text = ("\\\\" if "UNC" in match.group(0).upper() else "") + text[match.end() :]
        text = _windows_upcase(text)
    else:
        text = str(draft_file)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"{digest}.lock"


def _windows_upcase(text: str) -> str:
    """Text as Windows compares names: each character upper-cased on its own (so 'µ', 'μ'
    and 'Μ' are one name, while 'ß' is not 'SS')."""
    return "".join(upper if len(upper := c.upper()) == 1 else c for c in text)


def dropped_path(url: str, flavour: type[P]) -> P | None:
    """The local file a dropped ``file:`` URL names, or ``None`` for anything else.

    Windows Explorer drops ``file:///C:/Drafts/a.json`` and, for a share,
    ``file://server/share/drafts/a.json``; both become ordinary Windows paths. A remote
    host on a system without UNC paths, and any other scheme, is not a local file.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() != "file":
        return None
    host = urllib.parse.unquote(parts.netloc)
    path = urllib.parse.unquote(parts.path, errors="surrogateescape")
    local_host = host.lower() in ("", "localhost")
    if issubclass(flavour, PureWindowsPath):
        if not local_host:
            return flavour(f"\\\\{host}{path}") if path.strip("/") else None
        drive = re.match(_DRIVE_IN_URL_PATH, path)
        if drive:
            return flavour(f"{drive['drive']}:{drive['rest'] or '/'}")
        if path.startswith("//"):  # file:////server/share/… from some programs
            return flavour(path)
        return None if not path.strip("/") else flavour(path)
    if not local_host or not path.startswith("/") or not path.strip("/"):
        return None
    return flavour(path)
