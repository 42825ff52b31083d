"""Explicit upgrades of older draft files, applied in memory when a draft is opened.

An old file is never rewritten by opening it: the upgraded draft is written only when the
user saves (and the save keeps the old file as ``.bak``). Each step is a pure function from
one version's decoded JSON to the next, with a test and a fixture of the old file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from proforma_app.definition import FormDefinition

RawDraft = dict[str, Any]
Step = Callable[[RawDraft], RawDraft]

FORMAT_STEPS: dict[int, Step] = {}
"""format_version N -> N + 1. Version 1 is the first published format; none needed yet."""

FORM_STEPS: dict[tuple[str, int], Step] = {}
"""(form_id, form_version N) -> form_version N + 1 of that form's answers."""


def upgrade(data: RawDraft, form: FormDefinition) -> RawDraft:
    """``data`` brought to the current format version and to ``form``'s version."""
    from proforma_app.draft import FORMAT_VERSION

    result = copy.deepcopy(data)
    while result["format_version"] < FORMAT_VERSION:
        step = FORMAT_STEPS[result["format_version"]]
        result = step(result)
    while result["form_version"] < form.form_version:
        step = FORM_STEPS[(form.form_id, result["form_version"])]
        result = step(result)
    return result
