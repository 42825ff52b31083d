"""The draft file format: a draft as JSON text and back (a stable contract).

Reading a draft never requires its answers to be valid, only the envelope; older files are
upgraded in memory (``migrations``). See ``docs/draft-format.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

from proforma_app.core.catalogue import UnknownFormError, get_form
from proforma_app.core.definition import FormDefinition
from proforma_app.core.draft import Draft
from proforma_app.files.migrations import MigrationError, upgrade

DRAFT_FORMAT = "proforma-draft"
FORMAT_VERSION = 1
"""The newest draft file format this version writes and reads."""

ENVELOPE_KEYS = ("format", "format_version", "form_id", "form_version", "saved_at", "answers")
MAX_NUMBER_DIGITS = 1000
"""Longer whole numbers are refused: no answer needs them and converting one is slow."""
MAX_VALUES = 1_500_000
"""Answers, rows and cells in one file, counted by their separators: a real draft has
thousands; 20 MB of ``0,0,0,…`` would be ten million values and a gigabyte to check."""
MAX_NESTING = 32
"""Deeper JSON is refused: a draft nests five levels at most, and deep nesting exhausts
the stack of everything that walks it (copying, checking, saving)."""


class DraftError(Exception):
    """A file that cannot be opened as a draft; the message says why, in plain words."""


def draft_to_dict(draft: Draft, saved_at: dt.datetime | None = None) -> dict[str, Any]:
    stamp = saved_at or draft.saved_at or dt.datetime.now(dt.UTC)
    data = {key: value for key, value in draft.other_fields.items() if key not in ENVELOPE_KEYS}
    return {
        "format": DRAFT_FORMAT,
        "format_version": FORMAT_VERSION,
        "form_id": draft.form_id,
        "form_version": draft.form_version,
        "saved_at": stamp.isoformat(timespec="seconds"),
        "answers": draft.answers,
        **data,
    }


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps_draft(draft: Draft, saved_at: dt.datetime | None = None) -> str:
    """The draft as file text: UTF-8 JSON, readable in any editor, keys in a stable order.

    Raises ``ValueError`` for what no draft file can hold (NaN, infinity, nesting deeper
    than :data:`MAX_NESTING`) rather than write a file that could not be opened again.
    A lone surrogate (possible only in text pasted from a broken source) is written as a
    ``\\uXXXX`` escape, so the file stays valid UTF-8 and reads back exactly.
    """
    data = draft_to_dict(draft, saved_at)
    if _nesting(data) > MAX_NESTING:
        raise ValueError("the answers are nested too deeply to be read back")
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def draft_from_dict(data: Any) -> Draft:
    """Check the envelope of a decoded draft file and upgrade it to the current versions."""
    if not isinstance(data, dict):
        raise DraftError("this is not a Proforma draft (the file holds no draft object)")
    if _nesting(data) > MAX_NESTING:
        raise DraftError("the file is damaged or not a draft (nested too deeply)")
    if data.get("format") != DRAFT_FORMAT:
        raise DraftError('this is not a Proforma draft (it has no "format": "proforma-draft")')
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DraftError("the draft's format_version is missing or not a whole number")
    if version > FORMAT_VERSION:
        raise DraftError(
            f"the draft was saved in format version {version} by a newer Proforma; "
            f"this version reads format version {FORMAT_VERSION} and older. Update Proforma to open it"
        )
    form_id = data.get("form_id")
    if not isinstance(form_id, str):
        raise DraftError("the draft does not say which form it answers (form_id)")
    try:
        form = get_form(form_id)
    except UnknownFormError as exc:
        raise DraftError(f"the draft is for a form this version does not have ({exc})") from None
    form_version = data.get("form_version")
    if not isinstance(form_version, int) or isinstance(form_version, bool) or form_version < 1:
        raise DraftError("the draft's form_version is missing or not a whole number")
    if form_version > form.form_version:
        raise DraftError(
            f"the draft answers version {form_version} of {form.annex}, which is newer than "
            f"this Proforma's version {form.form_version}. Update Proforma to open it"
        )
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raise DraftError("the draft's answers are not a set of named answers")
    saved_at = _parse_time(data.get("saved_at"))
    return _build(data, form, saved_at)


def _build(data: dict[str, Any], form: FormDefinition, saved_at: dt.datetime | None) -> Draft:
    try:
        upgraded = upgrade(data, form, FORMAT_VERSION)
    except MigrationError as exc:
        raise DraftError(str(exc)) from None
    answers = upgraded.get("answers", {})
    if not isinstance(answers, dict):
        raise DraftError("the draft's answers are not a set of named answers")
    before = (data["format_version"], data["form_version"])
    after = (FORMAT_VERSION, form.form_version)
    return Draft(
        form,
        answers=dict(answers),
        saved_at=saved_at,
        upgraded_from=before if before != after else None,
        other_fields={k: v for k, v in upgraded.items() if k not in ENVELOPE_KEYS},
    )


def loads_draft(text: str | bytes) -> Draft:
    """Parse draft file contents; :class:`DraftError` says why a file is not a usable draft."""
    if isinstance(text, bytes):
        text = _decode(text)
    elif text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise DraftError("the file is empty")
    if _too_many_values(text):
        raise DraftError(
            f"the file holds more than {MAX_VALUES:,} values; no real draft comes near that "
            "(a damaged or hostile file?)"
        )
    try:
        data = json.loads(
            text, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_short_int
        )
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise DraftError(
                f"the file is damaged or incomplete: it stops part-way through, at line {exc.lineno} "
                "(was it copied or saved only in part?)"
            ) from None
        raise DraftError(
            "the file is damaged or not a draft "
            f"(not valid JSON at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise DraftError("the file is damaged or not a draft (nested too deeply)") from None
    except ValueError as exc:  # numbers too long or too large for any draft
        raise DraftError(f"the file is damaged or not a draft ({exc})") from None
    return draft_from_dict(data)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), or UTF-16 with one: Windows Notepad
    offers "Unicode" when an officer re-saves a draft by hand."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftError(
            "the file is damaged or not a Proforma draft (it is not UTF-8 text)"
        ) from None


def _short_int(text: str) -> int:
    if len(text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number in it is {len(text):,} digits long")
    return int(text)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"it contains {name}, which is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"a number in it, {text[:40]}, is too large")
    return value


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in ``value``, without recursion.

    Walked one level at a time, holding only references to the next level's lists and
    objects: a flat list of millions of values costs no memory here (a stack of
    (value, depth) pairs once cost 700 MB for a 20 MB file).
    """
    level = [value] if isinstance(value, dict | list) else []
    depth = 0
    while level and depth <= MAX_NESTING:
        depth += 1
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
    return depth


def _too_many_values(text: str) -> bool:
    """More separators than :data:`MAX_VALUES` (counted at C speed, before parsing)."""
    return text.count(",") + text.count(":") > MAX_VALUES


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None
