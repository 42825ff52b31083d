"""The one registry of field kinds: what each ``type`` of question means.

Per kind: the pydantic annotation that parses and checks an answer, the message for input
the model rejects before those checks, how an answer is written for people (one form for
the review page and both exports), the value of an unanswered question and when an answer
counts as blank. Adding a kind is one entry here, one class in ``definition`` and one
editor in ``gui.editors.registry`` (a test checks the three name the same kinds); see
``docs/how-to-extend.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, create_model

from proforma_app.core.answer_checks import (
    area_team_check,
    blank_to_none,
    ccg_check,
    choice_before,
    date_before,
    date_checks,
    format_date,
    format_money,
    money_before,
    multi_before,
    multi_checks,
    parse_date_text,
    parse_money_text,
    signature_before,
    signature_image_check,
    table_before,
    text_checks,
    yes_no_before,
)
from proforma_app.core.definition import (
    ChoiceField,
    ColumnDefinition,
    DateField,
    FieldDefinition,
    MoneyField,
    MultiChoiceField,
    SignatureField,
    TableField,
    TextField,
    is_blank,
    lower_first,
)
from proforma_app.core.reference import CcgDirectory

NOT_ANSWERED = "Not answered"
"""What the review page and the exports show for a question left blank."""

Definition = FieldDefinition | ColumnDefinition
Writer = Callable[[Any, Any, Any, CcgDirectory], str]
"""(definition, parsed answer, answer as in the file, directory) -> the answer as written."""


@dataclass(frozen=True, slots=True)
class FieldKind:
    """What one ``type`` of question means, everywhere it is used."""

    annotation: Callable[[Any], Any]
    """The definition -> the typed, checked annotation of its answer."""
    invalid_message: Callable[[Any], str]
    """The definition -> the message for input the model rejects before the checks see it."""
    write: Writer
    """A parsed, non-blank answer as people read it (several lines for tables, signatures)."""
    empty: Callable[[], Any] = lambda: None
    """The value of an unanswered question."""
    is_blank: Callable[[Any], bool] = is_blank
    """Whether an answer says nothing."""


# ------------------------------------------------------------------ annotations
_RowConfig = ConfigDict(extra="ignore")


def _text_annotation(f: Any) -> Any:
    return Annotated[str | None, BeforeValidator(blank_to_none), AfterValidator(text_checks(f))]


def _date_annotation(f: DateField) -> Any:
    return Annotated[
        dt.date | None, BeforeValidator(date_before(f, f.label)), AfterValidator(date_checks(f))
    ]


def _choice_annotation(f: ChoiceField) -> Any:
    choice_type: Any = Literal[tuple(c.value for c in f.choices)]
    return Annotated[choice_type | None, BeforeValidator(choice_before(f))]


def _multi_annotation(f: MultiChoiceField) -> Any:
    return Annotated[list[str], BeforeValidator(multi_before(f)), AfterValidator(multi_checks(f))]


def _ccg_annotation(f: Any) -> Any:
    return Annotated[str | None, BeforeValidator(blank_to_none), AfterValidator(ccg_check(f.label))]


def _area_team_annotation(f: Any) -> Any:
    return Annotated[
        str | None, BeforeValidator(blank_to_none), AfterValidator(area_team_check(f.label))
    ]


def _money_annotation(f: MoneyField) -> Any:
    return Annotated[Decimal | None, BeforeValidator(money_before(f))]


def _table_annotation(f: TableField) -> Any:
    row: Any = row_model(f)
    return Annotated[list[row], BeforeValidator(table_before(f.label))]


def _signature_annotation(f: SignatureField) -> Any:
    return Annotated[signature_model(f) | None, BeforeValidator(signature_before(f.label))]


def annotation_for(f: Definition) -> Any:
    """The typed, checked annotation of one answer."""
    return KINDS[f.type].annotation(f)


def row_model(table: TableField) -> type[BaseModel]:
    """Model of one row of a table answer."""
    fields: dict[str, Any] = {
        col.id: (annotation_for(col), Field(default=None)) for col in table.columns
    }
    return create_model(f"{table.id}_row", __config__=_RowConfig, **fields)


class _SignaturePart:
    """Length limits for the name and role typed into a signature block."""

    type = "text"
    max_length = 200
    min_length = None

    def __init__(self, label: str) -> None:
        self.label = label


def signature_model(f: SignatureField) -> type[BaseModel]:
    """Model of a signature answer: name, role, date (not in the future), optional image."""
    date_rule = DateField.model_construct(
        id="date", label=f"The date of the {lower_first(f.label)}", type="date", not_in_future=True
    )
    return create_model(
        f"{f.id}_signature",
        __config__=_RowConfig,
        name=(_text_annotation(_SignaturePart(f.label)), None),
        role=(_text_annotation(_SignaturePart(f.label)), None),
        date=(_date_annotation(date_rule), None),
        image=(
            Annotated[
                str | None,
                BeforeValidator(blank_to_none),
                AfterValidator(signature_image_check(f.label)),
            ],
            None,
        ),
    )


# ------------------------------------------------------------------ written forms
def answer_text(f: Definition, parsed: Any, raw: Any, directory: CcgDirectory) -> str | None:
    """The written form of one answer, or None when it is not answered.

    ``parsed`` is the value from the validation report (dates as dates, money as Decimal);
    ``raw`` is the value in the draft file, used when parsing failed (only possible in a
    marked draft), so the reader sees what needs fixing rather than nothing.
    """
    kind = KINDS[f.type]
    if kind.is_blank(parsed):
        return None if kind.is_blank(raw) else as_typed(f, raw)
    return kind.write(f, parsed, raw, directory)


def as_typed(f: Definition, value: Any) -> str:
    """An answer that failed its checks, as the officer gave it, but written like the valid
    answers where it can be: a date out of range still reads '1 March 2015', an amount
    '£0.00'. Anything else is shown as typed (JSON if not text)."""
    if f.type == "date" and isinstance(value, str) and (day := parse_date_text(value)):
        return format_date(day)
    amount = parse_money_text(value) if f.type == "money" else None
    if amount is not None and amount.is_finite():
        return format_money(amount)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _write_text(f: Any, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return parsed if isinstance(parsed, str) else as_typed(f, parsed)


def _write_date(f: Any, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return format_date(parsed) if isinstance(parsed, dt.date) else as_typed(f, parsed)


def _write_yes_no(f: Any, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return "Yes" if parsed else "No"


def _write_choice(f: ChoiceField, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return f.label_for(str(parsed))


def _write_multi(f: MultiChoiceField, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return "\n".join(f.label_for(str(v)) for v in parsed)


def _write_ccg(f: Any, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return directory.describe_ccg(str(parsed))


def _write_area_team(f: Any, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return directory.describe_area_team(str(parsed))


def _write_money(f: Any, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    return format_money(parsed) if isinstance(parsed, Decimal) else as_typed(f, parsed)


def table_cells(
    f: TableField, parsed: Any, raw: Any, directory: CcgDirectory
) -> list[tuple[str | None, ...] | str]:
    """The answered rows of a table: each a cell text per column (None when not answered),
    or, for a row that is not a set of named answers, that row as typed."""
    raw_rows = raw if isinstance(raw, list) else []
    parsed_rows = parsed if isinstance(parsed, list) else []
    rows: list[tuple[str | None, ...] | str] = []
    for index, raw_row in enumerate(raw_rows):
        parsed_cells = parsed_rows[index] if index < len(parsed_rows) else {}
        if not isinstance(parsed_cells, Mapping):
            parsed_cells = {}
        if not isinstance(raw_row, Mapping):
            if not is_blank(raw_row):
                rows.append(as_typed(_ROW_AS_TYPED, raw_row))
            continue
        if is_blank(raw_row) and is_blank(parsed_cells):
            continue
        rows.append(
            tuple(
                answer_text(col, parsed_cells.get(col.id), raw_row.get(col.id), directory)
                for col in f.columns
            )
        )
    return rows


def _write_table(f: TableField, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    lines = []
    for number, row in enumerate(table_cells(f, parsed, raw, directory), start=1):
        if isinstance(row, str):
            lines.append(f"{number}. {row}")
            continue
        parts = [cell.replace("\n", " ") for cell in row if cell is not None]
        lines.append(f"{number}. " + " · ".join(parts))
    return "\n".join(lines) if lines else NOT_ANSWERED


def signature_parts(parsed: Any, raw: Any, directory: CcgDirectory) -> dict[str, str | None]:
    """The name, role and date of a signature answer as written (None when not given)."""
    parts = parsed if isinstance(parsed, Mapping) else {}
    raw_parts = raw if isinstance(raw, Mapping) else {}
    return {
        part: answer_text(definition, parts.get(part), raw_parts.get(part), directory)
        for part, definition in _SIGNATURE_PARTS.items()
    }


def _write_signature(f: SignatureField, parsed: Any, raw: Any, directory: CcgDirectory) -> str:
    if not isinstance(raw, Mapping):
        return as_typed(f, raw)
    parts = signature_parts(parsed, raw, directory)
    lines = [parts["name"] or "(no name)", parts["role"] or "(no role)"]
    lines.append(f"Signed {parts['date']}" if parts["date"] else "(no date)")
    if isinstance(parsed, Mapping) and parsed.get("image"):
        lines.append("Signature image attached")
    return "\n".join(lines)


def _table_is_blank(value: Any) -> bool:
    return is_blank(value) or (isinstance(value, list) and all(is_blank(r) for r in value))


# Fixed definitions, made without validating them: the meta-model's validators are built
# only when a form file is read (``defer_build``), not for these.
_ROW_AS_TYPED = TextField.model_construct(id="row", label="Row", type="text")
_SIGNATURE_PARTS: dict[str, Definition] = {
    "name": TextField.model_construct(id="name", label="Name", type="text"),
    "role": TextField.model_construct(id="role", label="Role", type="text"),
    "date": DateField.model_construct(id="date", label="Date", type="date"),
}


# ------------------------------------------------------------------ the registry
def _not_text(f: Any) -> str:
    return f"Enter {lower_first(f.label)} as text"


def _from_list(f: Any) -> str:
    return f"Select {lower_first(f.label)} from the list"


_TEXT = FieldKind(_text_annotation, _not_text, _write_text)

KINDS: dict[str, FieldKind] = {
    "text": _TEXT,
    "long_text": _TEXT,
    "email": _TEXT,
    "phone": _TEXT,
    "url": _TEXT,
    "date": FieldKind(
        _date_annotation,
        lambda f: f"{f.label} must be a real date, like 01/04/2015",
        _write_date,
    ),
    "yes_no": FieldKind(
        lambda f: Annotated[bool | None, BeforeValidator(yes_no_before(f.label))],
        lambda f: f"Select yes or no for {lower_first(f.label)}",
        _write_yes_no,
    ),
    "choice": FieldKind(_choice_annotation, _from_list, _write_choice),
    "multi_choice": FieldKind(_multi_annotation, _from_list, _write_multi, empty=list),
    "ccg": FieldKind(_ccg_annotation, _from_list, _write_ccg),
    "area_team": FieldKind(_area_team_annotation, _from_list, _write_area_team),
    "money": FieldKind(
        _money_annotation,
        lambda f: f"Enter {lower_first(f.label)} as an amount in pounds, like 1250.00",
        _write_money,
    ),
    "table": FieldKind(
        _table_annotation,
        lambda f: f"{f.label} must be a list of rows",
        _write_table,
        empty=list,
        is_blank=_table_is_blank,
    ),
    "signature": FieldKind(
        _signature_annotation,
        lambda f: f"{f.label} must have a name, role and date",
        _write_signature,
    ),
}
"""Every field kind, keyed by the ``type`` a form file gives a question."""


def kind_of(f: Definition) -> FieldKind:
    """The kind of question ``f`` is."""
    return KINDS[f.type]
