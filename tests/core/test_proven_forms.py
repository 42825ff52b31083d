"""Shipped forms the suite proved are built without the meta-model's checks, and exactly as
the meta-model builds them; any other bytes are checked in full."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from proforma_app.cli.checked_forms import proven_digests_text
from proforma_app.core import catalogue
from proforma_app.core.catalogue import (
    FormDefinitionError,
    builtin_form_ids,
    load_form_file,
    proven_digests,
)
from proforma_app.core.definition import FormDefinition
from proforma_app.core.proven_forms import (
    DIGESTS_NAME,
    build_proven_form,
    digest,
    digests_text,
    read_digests,
)
from proforma_app.locations import paths


def _raw(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (paths.forms_dir() / f"{form_id}.json").read_text(encoding="utf-8")
    )
    return data


def _same(built: FormDefinition, checked: FormDefinition) -> None:
    assert built == checked  # types, values and nesting, tuples not lists
    assert built.model_dump(exclude_unset=True) == checked.model_dump(exclude_unset=True)
    assert built.model_dump_json(by_alias=True) == checked.model_dump_json(by_alias=True)


def test_the_committed_digests_are_those_of_the_forms_as_they_are() -> None:
    committed = (paths.forms_dir() / DIGESTS_NAME).read_text(encoding="utf-8")
    assert committed == proven_digests_text(), (
        f"forms/{DIGESTS_NAME} is stale: run python -m proforma_app.cli.checked_forms"
    )
    assert sorted(proven_digests()) == sorted(f"{f}.json" for f in builtin_form_ids())


@pytest.mark.parametrize("form_id", ["annex_a", "annex_b", "constitution_amendment"])
def test_a_proven_form_is_built_as_the_meta_model_builds_it(form_id: str) -> None:
    data = _raw(form_id)
    _same(build_proven_form(data), FormDefinition.model_validate(data))


@pytest.mark.parametrize("form_id", ["annex_a", "annex_b", "constitution_amendment"])
def test_the_app_builds_shipped_forms_without_the_meta_models_checks(
    form_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the meta-model was asked to check a proven form")

    monkeypatch.setattr(FormDefinition, "model_validate", refuse)
    path = paths.forms_dir() / f"{form_id}.json"
    form = load_form_file(path, proven_digests())
    assert form.form_id == form_id
    assert catalogue.get_form(form_id) == form


def _copy_forms(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(paths.forms_dir(), folder)
    return folder


def test_an_edited_form_is_checked_in_full_and_its_mistake_reported(tmp_path: Path) -> None:
    folder = _copy_forms(tmp_path)
    data = _raw("annex_b")
    data["sections"][0]["fields"][0]["type"] = "grade"
    (folder / "annex_b.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="not a valid form definition"):
        load_form_file(folder / "annex_b.json", read_digests(folder))


def test_a_one_byte_change_that_still_validates_is_checked_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_forms(tmp_path)
    path = folder / "annex_a.json"
    path.write_bytes(path.read_bytes() + b"\n")
    checked: list[object] = []
    validate = FormDefinition.model_validate

    def counting(data: object) -> FormDefinition:
        checked.append(data)
        return validate(data)

    monkeypatch.setattr(FormDefinition, "model_validate", counting)
    form = load_form_file(path, read_digests(folder))
    assert form.form_id == "annex_a" and len(checked) == 1


def test_a_form_not_listed_or_without_a_manifest_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_forms(tmp_path)
    (folder / DIGESTS_NAME).unlink()
    assert read_digests(folder) == {}
    (folder / DIGESTS_NAME).write_text("not a digest  annex_a.json\n", encoding="utf-8")
    assert read_digests(folder) == {}
    checked: list[object] = []
    validate = FormDefinition.model_validate
    monkeypatch.setattr(
        FormDefinition, "model_validate", lambda data: checked.append(data) or validate(data)
    )
    load_form_file(folder / "annex_a.json", read_digests(folder))
    load_form_file(folder / "annex_b.json", None)
    assert len(checked) == 2


def test_the_manifest_is_written_in_sha256sum_format() -> None:
    text = digests_text({"b.json": "0" * 64, "a.json": digest(b"x")})
    assert text == (
        "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881  a.json\n"
        + "0" * 64
        + "  b.json\n"
    )


_OPTIONAL_KEYS = (
    "help",
    "placeholder",
    "rows",
    "min_selected",
    "positive",
    "max_amount",
    "min_rows",
    "max_rows",
    "row_noun",
    "description",
    "intro",
    "statement",
    "introduction",
    "not_in_future",
    "error_message",
    "max_length",
    "min_length",
    "related_forms",
    "strict",
    "$schema",
)


def _drop(value: Any, keep: st.DataObject) -> Any:
    """``value`` with some optional keys left out, chosen by hypothesis. (A rule's
    ``severity`` and ``basis`` stay: without them most rules of version 3 are refused, an
    error resting on a "should" line or a consistency check citing nothing.)"""
    if isinstance(value, dict):
        return {
            key: _drop(item, keep)
            for key, item in value.items()
            if key not in _OPTIONAL_KEYS or keep.draw(st.booleans(), label=key)
        }
    if isinstance(value, list):
        return [_drop(item, keep) for item in value]
    return value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_id=st.sampled_from(["annex_a", "annex_b", "constitution_amendment"]), keep=st.data())
def test_forms_with_defaults_left_out_build_as_the_meta_model_builds_them(
    form_id: str, keep: st.DataObject
) -> None:
    data = _drop(_raw(form_id), keep)
    try:
        checked = FormDefinition.model_validate(data)
    except ValidationError:
        assume(False)
        raise
    _same(build_proven_form(data), checked)
