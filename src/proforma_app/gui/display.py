"""Answers as people read them ("1 April 2015", "Yes", "NHS Darlington CCG (00C)").

Used by the review page. A value that does not parse is shown as it is, so the officer
sees exactly what will be flagged.
"""

from __future__ import annotations

from typing import Any

from proforma_app.answers import format_date, parse_date_text, parse_money_text
from proforma_app.definition import (
    ChoiceField,
    ColumnDefinition,
    FieldDefinition,
    MultiChoiceField,
    SignatureField,
    TableField,
    is_blank,
)
from proforma_app.reference import ccg_directory

NOT_ANSWERED = "Not answered"


def answer_text(field: FieldDefinition | ColumnDefinition, value: Any) -> str:
    """One answer as text (several lines for tables and signatures)."""
    if is_blank(value):
        return NOT_ANSWERED
    match field.type:
        case "date":
            return _date(value)
        case "yes_no":
            return (
                {True: "Yes", False: "No"}.get(value, str(value))
                if isinstance(value, bool)
                else str(value)
            )
        case "choice":
            assert isinstance(field, ChoiceField)
            return field.label_for(value) if isinstance(value, str) else str(value)
        case "multi_choice":
            assert isinstance(field, MultiChoiceField)
            items = value if isinstance(value, list) else [value]
            return "\n".join(field.label_for(v) if isinstance(v, str) else str(v) for v in items)
        case "ccg":
            return ccg_directory().describe_ccg(value) if isinstance(value, str) else str(value)
        case "area_team":
            return (
                ccg_directory().describe_area_team(value) if isinstance(value, str) else str(value)
            )
        case "money":
            amount = parse_money_text(value)
            return f"£{amount:,.2f}" if amount is not None and amount.is_finite() else str(value)
        case "table":
            assert isinstance(field, TableField)
            return _table(field, value)
        case "signature":
            assert isinstance(field, SignatureField)
            return _signature(value)
    return value if isinstance(value, str) else str(value)


def _date(value: Any) -> str:
    parsed = parse_date_text(value) if isinstance(value, str) else None
    return format_date(parsed) if parsed else str(value)


def _table(field: TableField, value: Any) -> str:
    if not isinstance(value, list):
        return str(value)
    lines = []
    number = 0
    for row in value:
        if is_blank(row):
            continue
        number += 1
        if not isinstance(row, dict):
            lines.append(f"{number}. {row}")
            continue
        parts = [
            answer_text(col, row.get(col.id))
            for col in field.columns
            if not is_blank(row.get(col.id))
        ]
        lines.append(f"{number}. " + " · ".join(p.replace("\n", " ") for p in parts))
    return "\n".join(lines) if lines else NOT_ANSWERED


def _signature(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    lines = [
        str(value.get("name") or "(no name)"),
        str(value.get("role") or "(no role)"),
    ]
    date = value.get("date")
    lines.append(f"Signed {_date(date)}" if date else "(no date)")
    if value.get("image"):
        lines.append("Signature image attached")
    return "\n".join(lines)
