"""Loads the built-in form definitions from ``forms/`` and checks them against the meta-model."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from proforma_app.core.definition import FormDefinition
from proforma_app.core.proven_forms import build_proven_form, digest, read_digests
from proforma_app.locations import paths


class FormDefinitionError(Exception):
    """A form file is missing, unreadable or breaks the meta-model."""


class UnknownFormError(KeyError):
    """A draft or a command named a form this version of Proforma does not have."""

    def __init__(self, form_id: str, known: list[str]) -> None:
        super().__init__(form_id)
        self.form_id = form_id
        self.known = known

    def __str__(self) -> str:
        return f"unknown form {self.form_id!r}; known forms: {', '.join(self.known)}"


def load_form_file(path: Path, proven: dict[str, str] | None = None) -> FormDefinition:
    """Read and check one form definition file.

    When its bytes have the digest ``proven`` lists for its name (the shipped forms the
    test suite validated, :mod:`proforma_app.core.proven_forms`), it is built without
    re-running the meta-model's checks; anything else is checked in full."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormDefinitionError(f"{path.name}: cannot read form definition: {exc}") from exc
    if proven is not None and proven.get(path.name) == digest(raw):
        return build_proven_form(data)
    try:
        return FormDefinition.model_validate(data)
    except ValidationError as exc:
        raise FormDefinitionError(f"{path.name}: not a valid form definition:\n{exc}") from exc


@cache
def proven_digests() -> dict[str, str]:
    """Digests of the shipped form files the test suite proved (``forms/SHA256SUMS``)."""
    return read_digests(paths.forms_dir())


@cache
def builtin_form_ids() -> tuple[str, ...]:
    """Ids of the shipped forms in a stable order (Annex A, Annex B, amendment): the names
    of the files in ``forms/``, read without loading the forms."""
    return tuple(
        sorted(path.stem for path in paths.forms_dir().glob("*.json") if path.name != "schema.json")
    )


@cache
def _builtin_form(form_id: str) -> FormDefinition:
    path = paths.forms_dir() / f"{form_id}.json"
    form = load_form_file(path, proven_digests())
    if path.stem != form.form_id:
        raise FormDefinitionError(f"{path.name}: file name must be the form id {form.form_id!r}")
    return form


@cache
def builtin_forms() -> dict[str, FormDefinition]:
    """Every shipped form, by form id, in a stable order (Annex A, Annex B, amendment)."""
    return {form_id: _builtin_form(form_id) for form_id in builtin_form_ids()}


def get_form(form_id: str) -> FormDefinition:
    """The built-in form with this id, or :class:`UnknownFormError`.

    Loads and checks only that form's file (once), so opening one draft does not pay for
    the others."""
    known = builtin_form_ids()
    if form_id not in known:
        raise UnknownFormError(form_id, list(known))
    return _builtin_form(form_id)


def meta_schema() -> dict[str, object]:
    """JSON Schema of form definition files, written to ``forms/schema.json`` for editors."""
    schema = FormDefinition.model_json_schema(by_alias=True)
    schema["title"] = "Proforma form definition"
    return schema
