"""The checks of one answer and the text forms people type (dates, amounts).

Each field kind (``kinds``) builds its pydantic annotation from these: types, formats,
lengths, date limits, known CCG codes, with GOV.UK-style messages that name the question.
Whether an answer is required, and the rules that look across answers, are applied by
``validation`` on top, because they depend on other answers.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationInfo
from pydantic_core import PydanticCustomError

from proforma_app.core.definition import (
    ChoiceField,
    DateField,
    MoneyField,
    MultiChoiceField,
    lower_first,
)
from proforma_app.core.reference import ccg_directory

MAX_TEXT_LENGTH = 100_000
"""No single answer may be longer than this (a pasted book would freeze the window)."""
MAX_SIGNATURE_IMAGE_BYTES = 2 * 1024 * 1024

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_UK_PHONE = re.compile(r"^(?:\+44|0044|0)\d{9,10}$")
_PHONE_NOISE = re.compile(r"[\s\-().]")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("proforma", message)


def format_date(value: dt.date) -> str:
    """Dates read as officers write them: 1 April 2015."""
    return f"{value.day} {value:%B %Y}"


def format_money(amount: Decimal) -> str:
    """'£1,250,000.50'; negative amounts keep their sign in front: '-£5.00'."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def parse_date_text(text: str) -> dt.date | None:
    """ISO (files) or dd/mm/yyyy (what people type); None when it is not a real date."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def parse_money_text(value: Any) -> Decimal | None:
    """'£1,250.50', '1250.5' or 1250.5 -> Decimal('1250.50'); None when not an amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    cleaned = value.strip().replace(",", "").replace(" ", "").removeprefix("£")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def text_checks(f: Any) -> Callable[[str | None], str | None]:
    label = f.label
    limit = min(f.max_length or MAX_TEXT_LENGTH, MAX_TEXT_LENGTH)
    minimum = getattr(f, "min_length", None)

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) > limit:
            raise _fail(f"{label} must be {limit:,} characters or fewer")
        if minimum and len(value.strip()) < minimum:
            raise _fail(f"{label} must be at least {minimum} characters")
        if f.type == "email" and not _EMAIL.match(value.strip()):
            raise _fail(f"Enter the {lower_first(label)} in the correct format, like name@nhs.net")
        if f.type == "phone" and not _UK_PHONE.match(_PHONE_NOISE.sub("", value)):
            raise _fail(f"Enter the {lower_first(label)} as a UK number, like 0113 825 0000")
        if f.type == "url":
            parts = urlsplit(value.strip())
            if parts.scheme not in ("http", "https") or "." not in parts.netloc:
                raise _fail(
                    f"Enter the {lower_first(label)} as a full web address, like https://www.example.nhs.uk"
                )
        return value

    return check


def date_before(f: DateField | None, label: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        value = blank_to_none(value)
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            parsed = parse_date_text(value)
            if parsed is not None:
                return parsed
        raise _fail(f"{label} must be a real date, like 01/04/2015")

    return parse


def date_checks(f: DateField) -> Callable[[dt.date | None, ValidationInfo], dt.date | None]:
    def check(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if value is None:
            return None
        if f.min_date and value < f.min_date:
            raise _fail(f"{f.label} must be on or after {format_date(f.min_date)}")
        if f.max_date and value > f.max_date:
            raise _fail(f"{f.label} must be on or before {format_date(f.max_date)}")
        today = (info.context or {}).get("today") or dt.date.today()
        if f.not_in_future and value > today:
            raise _fail(f"{f.label} must be today or in the past")
        return value

    return check


def yes_no_before(label: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        value = blank_to_none(value)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
            return value.strip().lower() in ("yes", "true")
        raise _fail(f"Select yes or no for {lower_first(label)}")

    return parse


def choice_before(f: ChoiceField) -> Callable[[Any], Any]:
    allowed = {c.value for c in f.choices}

    def parse(value: Any) -> Any:
        value = blank_to_none(value)
        if value is None or (isinstance(value, str) and value in allowed):
            return value
        raise _fail(f"Select {lower_first(f.label)} from the list")

    return parse


def multi_before(f: MultiChoiceField) -> Callable[[Any], Any]:
    allowed = [c.value for c in f.choices]

    def parse(value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list) or any(
            not isinstance(v, str) or v not in allowed for v in value
        ):
            raise _fail(f"Select {lower_first(f.label)} from the list")
        return [v for v in allowed if v in value]  # definition order, no repeats

    return parse


def multi_checks(f: MultiChoiceField) -> Callable[[list[str]], list[str]]:
    def check(value: list[str]) -> list[str]:
        if value and len(value) < f.min_selected:
            raise _fail(f"Select at least {f.min_selected} options for {lower_first(f.label)}")
        return value

    return check


def ccg_check(label: str) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is None:
            return None
        found = ccg_directory().ccg(value)
        if found is None:
            raise _fail(f"Select {lower_first(label)} from the list of CCGs")
        return found.ods_code

    return check


def area_team_check(label: str) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is None:
            return None
        found = ccg_directory().area_team(value)
        if found is None:
            raise _fail(f"Select {lower_first(label)} from the list of area teams")
        return found.code

    return check


def money_before(f: MoneyField) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        value = blank_to_none(value)
        if value is None:
            return None
        amount = parse_money_text(value)
        if amount is None or not amount.is_finite():
            raise _fail(f"Enter {lower_first(f.label)} as an amount in pounds, like 1250.00")
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise _fail(
                f"{f.label} must be in pounds and pence, with no more than 2 decimal places"
            )
        if f.positive and amount <= 0:
            raise _fail(f"{f.label} must be more than £0")
        if f.max_amount is not None and amount > f.max_amount:
            raise _fail(f"{f.label} must be £{f.max_amount:,} or less")
        return amount.quantize(Decimal("0.01"))

    return parse


def signature_image_check(label: str) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is None:
            return None
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise _fail(
                f"The signature image for {lower_first(label)} cannot be read; add it again"
            ) from None
        if len(raw) > MAX_SIGNATURE_IMAGE_BYTES:
            raise _fail(f"The signature image for {lower_first(label)} must be smaller than 2 MB")
        if not (raw.startswith(b"\x89PNG\r\n\x1a\n") or raw.startswith(b"\xff\xd8\xff")):
            raise _fail(f"The signature image for {lower_first(label)} must be a PNG or JPEG")
        return value

    return check


def table_before(label: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise _fail(f"{label} must be a list of rows")
        return value

    return parse


def signature_before(label: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        value = blank_to_none(value)
        if value is None or isinstance(value, BaseModel):
            return value
        if not isinstance(value, dict):
            raise _fail(f"{label} must have a name, role and date")
        return value

    return parse
