"""The editor registry covers every field type, and editors keep answers exactly."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from proforma_app.core.catalogue import builtin_forms, get_form, meta_schema
from proforma_app.core.definition import FIELD_TYPES, TableField
from proforma_app.core.kinds import KINDS
from proforma_app.files.storage import read_draft
from proforma_app.gui.editors.base import FieldEditor
from proforma_app.gui.editors.registry import EDITORS, create_editor, editor_class
from tests.gui.conftest import type_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _field(form_id: str, field_id: str):
    return get_form(form_id).field(field_id)


def test_registry_covers_every_field_type() -> None:
    assert set(EDITORS) == set(FIELD_TYPES)
    assert all(issubclass(editor_class(t), FieldEditor) for t in FIELD_TYPES)


def test_the_kinds_the_editors_and_the_meta_models_types_are_the_same_set() -> None:
    """One set of field kinds: the core registry, the GUI's editors, and the ``type`` values
    the meta-model (and so forms/schema.json) accepts for a question."""
    schema = meta_schema()
    in_schema = {
        spec["properties"]["type"]["const"]
        for name, spec in schema["$defs"].items()
        if name.endswith("Field") and "const" in spec.get("properties", {}).get("type", {})
    }
    assert set(KINDS) == set(EDITORS) == set(FIELD_TYPES) == in_schema
    assert len(FIELD_TYPES) == len(set(FIELD_TYPES)) == 14


def test_every_field_of_every_form_gets_an_editor_with_a_named_input(qtbot) -> None:
    for form in builtin_forms().values():
        for field in form.fields:
            editor = create_editor(field, field.id)
            qtbot.addWidget(editor)
            editor.describe(field.label, field.help)
            assert editor.inputs(), field.id
            names = {w.objectName() for w in editor.inputs()} | {editor.objectName()}
            assert any(n == field.id or n.startswith(field.id) for n in names), field.id


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_editors_show_and_return_every_example_answer_unchanged(qtbot, example: str) -> None:
    draft = read_draft(EXAMPLES / example)
    for field in draft.form.fields:
        editor = create_editor(field, field.id)
        qtbot.addWidget(editor)
        value = draft.answers.get(field.id)
        editor.set_value(value)
        assert editor.value() == value or (value is None and editor.value() in (None, "", []))


def test_a_value_an_editor_cannot_show_is_kept_until_edited(qtbot) -> None:
    editor = create_editor(
        _field("annex_b", "healthwatch_right_to_attend"), "healthwatch_right_to_attend"
    )
    qtbot.addWidget(editor)
    editor.set_value("perhaps")  # a hand-edited file
    assert editor.value() == "perhaps"
    editor.inputs()[0].click()  # the officer clicks Yes
    assert editor.value() is True


def test_date_editor_reads_typed_dates_and_stores_iso(qtbot) -> None:
    editor = create_editor(_field("annex_b", "start_date"), "start_date")
    qtbot.addWidget(editor)
    line = editor.findChild(QLineEdit, "start_date")
    with qtbot.waitSignal(editor.edited):
        type_text(line, "1/4/2015")
    assert editor.value() == "2015-04-01"
    line.clear()
    type_text(line, "31/02/2015")
    assert editor.value() == "31/02/2015"  # kept as typed; validation says it is not a date
    editor.set_value("2015-12-25")
    assert line.text() == "25/12/2015"


def test_date_editor_calendar_picks_a_date(qtbot) -> None:
    editor = create_editor(_field("annex_b", "start_date"), "start_date")
    qtbot.addWidget(editor)
    editor.show()
    editor.set_value("2015-04-01")
    editor.open_calendar()
    popup = editor._popup
    assert popup is not None and popup.isVisible()
    days = popup.calendar.findChild(QAbstractItemView)  # the calendar's keyboard-driven grid
    qtbot.keyClick(days, Qt.Key.Key_Right)  # the next day
    with qtbot.waitSignal(editor.edited):
        qtbot.keyClick(days, Qt.Key.Key_Return)
    assert editor.value() == "2015-04-02"
    assert not popup.isVisible()


@pytest.mark.parametrize("where", ["top", "foot"])
def test_the_calendar_opens_where_it_fits_on_the_screen(qtbot, where: str) -> None:
    editor = create_editor(_field("annex_b", "start_date"), "start_date")
    qtbot.addWidget(editor)
    editor.resize(300, editor.sizeHint().height())
    screen = editor.screen()
    assert screen is not None
    available = screen.availableGeometry()
    editor.move(available.left() + 10, available.top() + 10)
    if where == "foot":  # a date question near the foot of the screen
        editor.move(available.left() + 10, available.bottom() - editor.height() - 10)
    editor.show()
    qtbot.waitExposed(editor)
    editor.open_calendar()
    popup = editor._popup
    assert popup is not None and popup.isVisible()
    field_top = editor.line.mapToGlobal(QPoint(0, 0)).y()
    assert available.contains(popup.frameGeometry()), (popup.frameGeometry(), available)
    if where == "foot":
        assert popup.frameGeometry().bottom() < field_top, "above the field"
    else:
        assert popup.frameGeometry().top() >= field_top + editor.line.height(), "below it"
    popup.hide()


def test_popup_position_keeps_a_popup_inside_the_area() -> None:
    from proforma_app.gui.screen_fit import popup_position

    area = QRect(0, 0, 1093, 614)
    field = QWidget()
    field.setGeometry(1000, 580, 200, 24)  # off the right edge and at the foot
    spot = popup_position(field, QSize(300, 250), area)
    assert area.contains(QRect(spot, QSize(300, 250)))
    assert spot.y() + 250 <= 580


def test_long_text_counts_characters_against_the_limit(qtbot) -> None:
    field = _field("annex_b", "quorum")  # max_length 2000
    editor = create_editor(field, field.id)
    qtbot.addWidget(editor)
    box = editor.findChild(QPlainTextEdit, "quorum")
    assert editor.count is not None
    assert editor.count.text() == "You have 2,000 characters remaining"
    type_text(box, "Four members\nincluding the chair")
    assert editor.value() == "Four members\nincluding the chair"
    assert editor.count.text() == "You have 1,968 characters remaining"
    editor.set_value("x" * 2003)
    assert editor.count.text() == "You have 3 characters too many"


def test_ccg_is_found_by_typing_part_of_its_name(qtbot) -> None:
    editor = create_editor(_field("annex_b", "ccg"), "ccg")
    qtbot.addWidget(editor)
    editor.show()
    combo = editor.findChild(QComboBox, "ccg")
    combo.setFocus()
    type_text(combo.lineEdit(), "darlington")
    combo.lineEdit().editingFinished.emit()
    assert editor.value() == "00C"
    assert combo.currentText() == "NHS Darlington CCG (00C)"
    editor.set_value("00K")
    assert "(00K)" in combo.currentText()
    assert editor.value() == "00K"


def test_money_is_stored_in_pounds_and_pence(qtbot) -> None:
    table = _field("annex_a", "pooled_fund_contributions")
    assert isinstance(table, TableField)
    editor = create_editor(table.column("amount"), "amount", compact=True)
    qtbot.addWidget(editor)
    type_text(editor.findChild(QLineEdit, "amount"), "£1,250.5")
    assert editor.value() == "1250.50"
    editor.set_value("abc")
    assert editor.value() == "abc"


def test_table_rows_are_added_moved_and_removed_keeping_extra_keys(qtbot) -> None:
    field = _field("annex_b", "members")
    editor = create_editor(field, field.id)
    qtbot.addWidget(editor)
    editor.set_value([{"name": "A", "note": "kept"}, {"name": "B"}])
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert len(editor.rows) == 3
    name3 = editor.findChild(QLineEdit, "members[3].name")
    type_text(name3, "C")
    assert [r.get("name") for r in editor.value()] == ["A", "B", "C"]
    qtbot.mouseClick(editor.rows[2].up, Qt.MouseButton.LeftButton)
    assert [r.get("name") for r in editor.value()] == ["A", "C", "B"]
    assert editor.findChild(QLineEdit, "members[2].name").text() == "C"
    qtbot.mouseClick(editor.rows[0].remove, Qt.MouseButton.LeftButton)
    assert editor.value() == [{"name": "C"}, {"name": "B"}]
    editor.move_row(1, -1)
    assert editor.value()[0] == {"name": "B"}
    editor.set_value([{"name": "A", "note": "kept"}])
    type_text(editor.findChild(QLineEdit, "members[1].role"), "Chair")
    assert editor.value() == [{"name": "A", "note": "kept", "role": "Chair"}]


def test_signature_image_is_stored_as_base64_and_removable(qtbot, tmp_path, scripted) -> None:
    field = _field("annex_b", "sign_audit_chair")
    editor = create_editor(field, field.id)
    qtbot.addWidget(editor)
    png = tmp_path / "sig.png"
    png.write_bytes(
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
    )
    scripted.open_paths.append(png)
    type_text(editor.findChild(QLineEdit, "sign_audit_chair.name"), "Robert Lamb")
    qtbot.mouseClick(editor.add_image, Qt.MouseButton.LeftButton)
    value = editor.value()
    assert value["name"] == "Robert Lamb"
    assert base64.b64decode(value["image"]) == png.read_bytes()
    not_image = tmp_path / "notes.png"
    not_image.write_text("hello")
    assert not editor.load_image(not_image)
    assert "is not a PNG or JPEG" in scripted.messages()[-1]
    qtbot.mouseClick(editor.remove_image, Qt.MouseButton.LeftButton)
    assert "image" not in editor.value()


# What a keyboard can send: Qt does not accept unassigned code points (Cn) as typed input,
# nor U+FEFF (of the 163 format characters, the one a line edit drops when typed).
_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    max_size=60,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT)
def test_any_typed_text_is_stored_exactly(qtbot, text: str) -> None:
    editor = create_editor(_field("annex_b", "contact_name"), "contact_name")
    qtbot.addWidget(editor)
    type_text(editor.findChild(QLineEdit, "contact_name"), text)
    assert editor.value() == text
    editor.set_value(text)
    assert editor.value() == text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs",),
            blacklist_characters="\r\x00\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85",
        ),
        max_size=80,
    )
)
def test_any_paragraphs_keep_their_newlines(qtbot, text: str) -> None:
    field = _field("annex_b", "conflicts_explanation")
    editor = create_editor(field, field.id)
    qtbot.addWidget(editor)
    editor.set_value(text)
    assert editor.value() == text
