"""The draft: one officer's answers to one form, with that form's definition.

A draft may be incomplete or invalid; nothing about it requires validity. Answers are kept
exactly as JSON values (dates as ISO strings, money as strings), so nothing is lost or
reformatted by opening and saving a file; how a draft is written to a file is
``draft_format``'s business (see ``docs/draft-format.md``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from proforma_app.core.catalogue import get_form
from proforma_app.core.definition import FormDefinition


@dataclass
class Draft:
    """Answers to one form, keyed by field id, as plain JSON values, with that form's
    definition (a draft is always read or made for a definition, so nothing looks it up)."""

    form: FormDefinition = field(repr=False)
    answers: dict[str, Any] = field(default_factory=dict)
    saved_at: dt.datetime | None = None
    upgraded_from: tuple[int, int] | None = None
    """(format_version, form_version) of the file when it was read in an older version."""
    other_fields: dict[str, Any] = field(default_factory=dict)
    """Top-level keys of the file this version does not use; written back unchanged."""
    origin: str | None = field(default=None, compare=False)
    """The name of the file it was read from or last saved to (messages about it name it)."""

    @property
    def form_id(self) -> str:
        return self.form.form_id

    @property
    def form_version(self) -> int:
        """The version of the form's questions the answers are to (always the form's own:
        older answers are upgraded as they are read)."""
        return self.form.form_version

    def unknown_answer_ids(self) -> list[str]:
        """Answers the form does not ask for; kept in the file, never used or dropped."""
        known = {f.id for f in self.form.fields}
        return [key for key in self.answers if key not in known]

    def ccg_code(self) -> str | None:
        value = self.answers.get(self.form.ccg_field)
        return value if isinstance(value, str) and value else None


def new_draft(form_id: str) -> Draft:
    """An empty draft of a built-in form."""
    return Draft(get_form(form_id))
