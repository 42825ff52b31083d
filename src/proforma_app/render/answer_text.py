"""How an answer reads on paper: '1 April 2015', 'Yes', choice labels, '£1,250,000.50'.

Officers and reviewers read exports, not JSON, so every answer type has one written form,
used by both backends. An answer that could not be parsed (only possible in a marked
draft) is shown as typed rather than hidden, so the reader sees what needs fixing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from proforma_app.answers import format_date, parse_date_text, parse_money_text
from proforma_app.definition import (
    ChoiceField,
    ColumnDefinition,
    FieldDefinition,
    MultiChoiceField,
    is_blank,
)
from proforma_app.reference import CcgDirectory


def format_money(amount: Decimal) -> str:
    """'£1,250,000.50'; negative amounts keep their sign in front: '-£5.00'."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def answer_text(
    f: FieldDefinition | ColumnDefinition, parsed: Any, raw: Any, directory: CcgDirectory
) -> str | None:
    """The written form of one answer, or None when it is not answered.

    ``parsed`` is the value from the validation report (dates as dates, money as Decimal);
    ``raw`` is the value in the draft file, used when parsing failed.
    """
    if is_blank(parsed):
        return None if is_blank(raw) else _as_typed(f, raw)
    match f.type:
        case "date":
            return format_date(parsed) if isinstance(parsed, dt.date) else _as_typed(f, parsed)
        case "yes_no":
            return "Yes" if parsed else "No"
        case "choice":
            assert isinstance(f, ChoiceField)
            return f.label_for(str(parsed))
        case "multi_choice":
            assert isinstance(f, MultiChoiceField)
            return "\n".join(f.label_for(str(v)) for v in parsed)
        case "ccg":
            return directory.describe_ccg(str(parsed))
        case "area_team":
            return directory.describe_area_team(str(parsed))
        case "money":
            return format_money(parsed) if isinstance(parsed, Decimal) else _as_typed(f, parsed)
    return parsed if isinstance(parsed, str) else _as_typed(f, parsed)


def _as_typed(f: FieldDefinition | ColumnDefinition, value: Any) -> str:
    """An answer that failed its checks (only in a marked draft), as the officer gave it,
    but written like the valid answers where it can be: a date out of range still reads
    '1 March 2015', an amount '£0.00'. Anything else is shown as typed (JSON if not text)."""
    if isinstance(value, str):
        if f.type == "date" and (day := parse_date_text(value)) is not None:
            return format_date(day)
        if f.type == "money" and (amount := parse_money_text(value)) is not None:
            return format_money(amount)
        return value
    if f.type == "money" and (amount := parse_money_text(value)) is not None:
        return format_money(amount)
    return json.dumps(value, ensure_ascii=False, default=str)
