"""Explicit upgrades of older draft files, applied in memory when a draft is opened.

An old file is never rewritten by opening it: the upgraded draft is written only when the
user saves (and the save keeps the old file as ``.bak``). Each step is a pure function from
one version's decoded JSON to the next, with a test and a fixture of the old file.

To change the file format: raise ``draft.FORMAT_VERSION`` to N + 1, register
``FORMAT_STEPS[N]`` (a function that returns the N + 1 layout with ``"format_version": N + 1``)
and add a fixture of a version-N file under ``tests/fixtures/drafts/``. To change a form's
questions: raise its ``form_version`` in ``forms/*.json`` and register
``FORM_STEPS[(form_id, N)]`` that moves, renames or converts answers (never drops them:
an answer with nowhere to go stays under its old id and is reported as unknown).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from proforma_app.definition import FormDefinition
from proforma_app.draft import DraftError

RawDraft = dict[str, Any]
Step = Callable[[RawDraft], RawDraft]

FORMAT_STEPS: dict[int, Step] = {}
"""format_version N -> N + 1. Version 1 is the first published format; none needed yet."""

FORM_STEPS: dict[tuple[str, int], Step] = {}
"""(form_id, form_version N) -> form_version N + 1 of that form's answers."""


class MigrationError(DraftError):
    """An older draft could not be brought up to date; the file itself is untouched."""


def upgrade(data: RawDraft, form: FormDefinition) -> RawDraft:
    """``data`` brought to the current format version and to ``form``'s version.

    Works on a copy: ``data`` is never changed, so a failed upgrade loses nothing.
    """
    from proforma_app.draft import FORMAT_VERSION

    result = copy.deepcopy(data)
    while result["format_version"] < FORMAT_VERSION:
        version = result["format_version"]
        step = FORMAT_STEPS.get(version)
        if step is None:
            raise MigrationError(f"this Proforma cannot upgrade drafts in format version {version}")
        result = _apply(step, result, "format_version", version, f"format version {version}")
    while result["form_version"] < form.form_version:
        version = result["form_version"]
        form_step = FORM_STEPS.get((form.form_id, version))
        if form_step is None:
            raise MigrationError(
                f"this Proforma cannot upgrade answers to version {version} of {form.annex}"
            )
        result = _apply(
            form_step, result, "form_version", version, f"version {version} of {form.annex}"
        )
    return result


def _apply(step: Step, data: RawDraft, key: str, version: int, what: str) -> RawDraft:
    try:
        result = step(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise MigrationError(f"the draft could not be upgraded from {what} ({exc!r})") from None
    if not isinstance(result, dict) or result.get(key) != version + 1:
        raise MigrationError(
            f"the upgrade from {what} did not produce version {version + 1} (a bug in Proforma)"
        )
    return result
