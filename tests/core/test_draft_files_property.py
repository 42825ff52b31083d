"""Whatever a file holds, opening it gives a draft or a clear error, never a crash; and
whatever the answers, saving and opening again gives the same answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proforma_app.core.catalogue import get_form
from proforma_app.core.draft import Draft
from proforma_app.core.validation import check_draft
from proforma_app.files.draft_format import DraftError, dumps_draft, loads_draft
from proforma_app.files.migrations import FORM_CHANGES
from proforma_app.files.recovery import RecoveryStore
from proforma_app.files.storage import DraftFileError, read_draft, write_draft

FORM_IDS = ("annex_a", "annex_b", "constitution_amendment")
FILE_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

any_text = st.text(st.characters(codec=None, categories=None), max_size=40)
"""Any string, including lone surrogates and control characters."""

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4)
    ),
    max_leaves=15,
)


def field_ids(form_id: str) -> list[str]:
    return [f.id for f in get_form(form_id).fields]


@st.composite
def answer_sets(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A form and answers to it: its own field ids and strangers, with any JSON values."""
    form_id = draw(st.sampled_from(FORM_IDS))
    keys = st.sampled_from(field_ids(form_id)) | any_text
    return form_id, draw(st.dictionaries(keys, json_values, max_size=8))


@st.composite
def draft_like(draw: st.DrawFn) -> Any:
    """Objects near a real draft: each envelope key right, wrong, or missing."""
    form_id, answers = draw(answer_sets())
    choices: dict[str, Any] = {
        "format": st.sampled_from(["proforma-draft", "proforma-draft "]) | json_values,
        "format_version": st.sampled_from([1, 0, 2, -1, True, 1.0, "1"]) | json_values,
        "form_id": st.sampled_from([form_id, "annex_z", ""]) | json_values,
        "form_version": st.sampled_from([1, 0, 2, True]) | json_values,
        "saved_at": st.sampled_from(["2015-01-20T10:30:00+00:00", "yesterday"]) | json_values,
        "answers": st.just(answers) | json_values,
    }
    data = {}
    for key, values in choices.items():
        if draw(st.integers(0, 9)) < 7:
            data[key] = draw(st.sampled_from([draw(values), draw(values)]))
    if draw(st.booleans()):
        data.update(draw(st.dictionaries(any_text, json_values, max_size=2)))
    return data


def open_or_refuse(content: bytes) -> Draft | None:
    """The draft in ``content``, or None after a clear refusal; anything else fails the test."""
    try:
        draft = loads_draft(content)
    except DraftError as exc:
        assert str(exc).strip()
        return None
    check_draft(draft)  # an opened draft can be checked, whatever it holds
    return draft


def assert_round_trip(draft: Draft) -> None:
    again = loads_draft(dumps_draft(draft).encode("utf-8"))
    assert same_json(again.answers, draft.answers)
    assert again.form_id == draft.form_id


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values (where 1 == 1.0 but True is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return bool(type(a) is type(b) and a == b)


@FILE_SETTINGS
@given(content=st.binary(max_size=2000))
def test_any_bytes_open_as_a_draft_or_a_clear_error(content: bytes) -> None:
    draft = open_or_refuse(content)
    if draft is not None:
        assert_round_trip(draft)


@FILE_SETTINGS
@given(value=json_values)
def test_any_json_value_opens_as_a_draft_or_a_clear_error(value: Any) -> None:
    assert open_or_refuse(json.dumps(value).encode("utf-8")) is None


@FILE_SETTINGS
@given(data=draft_like())
def test_anything_shaped_like_a_draft_opens_or_is_refused_clearly(data: Any) -> None:
    draft = open_or_refuse(json.dumps(data).encode("ascii"))
    if draft is not None:
        assert_round_trip(draft)
        assert same_json(draft.answers, kept_answers(draft, data.get("answers", {})))


def kept_answers(draft: Draft, answers: dict[str, Any]) -> dict[str, Any]:
    """The file's answers as an upgraded draft holds them: renamed ones under the new id."""
    if draft.upgraded_from is None:
        return answers
    kept = dict(answers)
    for version in range(draft.upgraded_from[1], draft.form_version):
        change = FORM_CHANGES.get((draft.form_id, version))
        for old, new in (change.renamed if change else {}).items():
            if old in kept and new not in kept:
                kept[new] = kept.pop(old)
    return kept


@FILE_SETTINGS
@given(data=draft_like(), cut=st.floats(0, 1))
def test_a_cut_short_draft_file_never_crashes(data: Any, cut: float) -> None:
    text = json.dumps(data).encode("utf-8")
    draft = open_or_refuse(text[: int(len(text) * cut)])
    if draft is not None:
        assert_round_trip(draft)


@FILE_SETTINGS
@given(form_and_answers=answer_sets())
def test_any_answers_saved_then_opened_are_the_same_answers(
    tmp_path: Path, form_and_answers: tuple[str, dict[str, Any]]
) -> None:
    form_id, answers = form_and_answers
    form = get_form(form_id)
    draft = Draft(form, answers=answers)
    path = tmp_path / "draft.json"
    write_draft(path, draft)
    reopened = read_draft(path)
    assert same_json(reopened.answers, answers)
    assert list(reopened.answers) == list(answers)  # order kept too
    check_draft(reopened)  # and it can be checked, whatever the answers are
    path.read_bytes().decode("utf-8")  # always valid UTF-8 on disk


@FILE_SETTINGS
@given(form_and_answers=answer_sets())
def test_any_answers_survive_a_recovery_copy(
    tmp_path: Path, form_and_answers: tuple[str, dict[str, Any]]
) -> None:
    form_id, answers = form_and_answers
    draft = Draft(get_form(form_id), answers=answers)
    store = RecoveryStore(tmp_path / "recovery")
    path = store.save("session", draft, None)
    record = json.loads(path.read_text("utf-8"))
    record["owner"]["started"] = "a process that has ended"
    path.write_text(json.dumps(record), encoding="utf-8")
    (copy,) = store.pending()
    assert same_json(store.restore(copy).answers, answers)


@FILE_SETTINGS
@given(content=st.binary(max_size=600))
def test_opening_any_file_never_changes_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.json"
    path.write_bytes(content)
    try:
        read_draft(path)
    except DraftFileError as exc:
        assert exc.path == path and exc.reason
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["any.json"]
