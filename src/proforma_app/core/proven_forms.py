"""Shipped form files the test suite has proved, built without rebuilding pydantic's checks.

Validating a form through the meta-model first makes pydantic build the meta-model's
validator: some 25 ms, the largest single cost of opening the first window (ADR 0001),
spent to re-prove, at every start, files that cannot have changed since the test suite
validated them. ``forms/SHA256SUMS`` lists the digest of every shipped form that passed the
meta-model (written by ``python -m proforma_app.cli.checked_forms``; a test fails while it
is stale). A file whose bytes have that digest is built here, field by field, from the
meta-model's own annotations; any other bytes (an edited form, a form not listed) go through
the meta-model as before. A test builds every shipped form both ways and finds them equal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from proforma_app.core.definition import FormDefinition

DIGESTS_NAME = "SHA256SUMS"
"""The manifest beside the forms, in ``sha256sum`` format: ``<hex digest>  <file name>``."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_digests(forms_dir: Path) -> dict[str, str]:
    """File name → digest the test suite proved; empty when there is no manifest."""
    try:
        text = (forms_dir / DIGESTS_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    digests: dict[str, str] = {}
    for line in text.splitlines():
        value, _, name = line.partition("  ")
        if len(value) == 64 and name:
            digests[name] = value
    return digests


def digests_text(digests: Mapping[str, str]) -> str:
    return "".join(f"{value}  {name}\n" for name, value in sorted(digests.items()))


def build_proven_form(data: Mapping[str, Any]) -> FormDefinition:
    """The :class:`FormDefinition` the meta-model makes of ``data``, which it has already
    accepted (the caller checked the digest): the same coercions (lists to tuples, ISO
    dates, decimals, the discriminated unions) and defaults, without pydantic's checks."""
    built = _build_model(FormDefinition, data)
    assert isinstance(built, FormDefinition)
    return built


def _build_model(model: type[BaseModel], data: Mapping[str, Any]) -> BaseModel:
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias if info.alias is not None and info.alias in data else name
        if key in data:
            values[name] = _build_value(_annotation(info), data[key])
    return model.model_construct(_fields_set=set(values), **values)


def _annotation(info: FieldInfo) -> Any:
    """The field's annotation with its discriminator put back (pydantic keeps it apart)."""
    if info.discriminator is not None:
        return Annotated[info.annotation, FieldInfo(discriminator=info.discriminator)]
    return info.annotation


def _build_value(annotation: Any, value: Any) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        discriminator = next(
            (m.discriminator for m in metadata if isinstance(m, FieldInfo) and m.discriminator),
            None,
        )
        if isinstance(discriminator, str):
            return _build_model(_member(inner, discriminator, value[discriminator]), value)
        return _build_value(inner, value)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        members = [m for m in get_args(annotation) if m is not type(None)]
        if len(members) == 1:
            return _build_value(members[0], value)
        # Scalars stay as JSON gave them (str, bool, int: pydantic's exact match); a list
        # is the union's tuple, as in ``Scalar | tuple[Scalar, ...]``.
        if isinstance(value, list):
            return _build_value(next(m for m in members if get_origin(m) is tuple), value)
        return value
    if origin is tuple:
        arguments = get_args(annotation)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(_build_value(arguments[0], item) for item in value)
        return tuple(_build_value(a, item) for a, item in zip(arguments, value, strict=True))
    if origin is dict:
        _key, item_annotation = get_args(annotation)
        return {key: _build_value(item_annotation, item) for key, item in value.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _build_model(annotation, value)
    if annotation is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if annotation is Decimal and not isinstance(value, Decimal):
        return Decimal(str(value))
    return value


def _member(union: Any, discriminator: str, tag: str) -> type[BaseModel]:
    """The member of a discriminated union whose ``Literal`` tag is ``tag``."""
    for member in get_args(union):
        tag_annotation = member.model_fields[discriminator].annotation
        if get_origin(tag_annotation) is Literal and tag in get_args(tag_annotation):
            return typing.cast(type[BaseModel], member)
    raise KeyError(tag)
