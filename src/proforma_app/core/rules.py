"""The checks behind each kind of cross-field rule a form definition may declare.

A form file says *which* rules apply, with their parameters and messages; this module says
what each kind means. Every check skips quietly when the answers it needs are missing:
the missing answers are already reported as required, and one problem per cause is enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from proforma_app.core.definition import (
    AnswerIsRule,
    AreaTeamMatchesRule,
    CombinationRule,
    DateAfterRule,
    DateOrderRule,
    DeadlineRule,
    DifferentRule,
    DistinctRowsRule,
    LacksChoiceRule,
    MajorityRule,
    MatchedRowRule,
    MentionsRule,
    NameInTableRule,
    RowCountRule,
    RowFilter,
    RuleDefinition,
    SameRule,
    is_blank,
    normalise_name,
)
from proforma_app.core.reference import CcgDirectory


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One breach of a rule; ``row`` is 1-based when the breach is in one table row."""

    message: str
    row: int | None = None
    column: str | None = None


Values = Mapping[str, Any]
Check = Callable[[Any, Values, CcgDirectory], Iterator[RuleHit]]


def read_ref(values: Values, ref: str) -> Any:
    """The answer at ``field`` or ``field.part`` (a part of a signature)."""
    base, _, part = ref.partition(".")
    value = values.get(base)
    if part:
        return value.get(part) if isinstance(value, dict) else None
    return value


def _rows(values: Values, table: str) -> list[dict[str, Any]]:
    rows = values.get(table)
    return rows if isinstance(rows, list) else []


def _passes(row: Mapping[str, Any], where: RowFilter) -> bool:
    for column, wanted in where.items():
        value = row.get(column)
        if isinstance(wanted, tuple):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


def _matching_rows(rows: list[dict[str, Any]], column: str, name: str) -> list[dict[str, Any]]:
    key = normalise_name(name)
    return [r for r in rows if isinstance(r.get(column), str) and normalise_name(r[column]) == key]


def _name_in_table(rule: NameInTableRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    name = read_ref(values, rule.name)
    if is_blank(name):
        return
    candidates = [r for r in _rows(values, rule.table) if _passes(r, rule.where)]
    if not _matching_rows(candidates, rule.column, name):
        yield RuleHit(rule.message)


def _matched_row(rule: MatchedRowRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    name = read_ref(values, rule.name)
    if is_blank(name):
        return
    matches = _matching_rows(_rows(values, rule.table), rule.match_column, name)
    if matches and not any(r.get(rule.column) in rule.allowed for r in matches):
        yield RuleHit(rule.message)


def _both_given_and_same(first: object, second: object) -> bool | None:
    """Whether two answers are the same (names compared as people write them); None when
    either is blank, so that a rule about two answers waits for both."""
    if is_blank(first) or is_blank(second):
        return None
    if isinstance(first, str) and isinstance(second, str):
        return normalise_name(first) == normalise_name(second)
    return first == second


def _different(rule: DifferentRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    same = _both_given_and_same(read_ref(values, rule.first), read_ref(values, rule.second))
    if same is True:
        yield RuleHit(rule.message)


def _row_count(rule: RowCountRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    rows = _rows(values, rule.table)
    if not rows:
        return
    count = sum(1 for r in rows if _passes(r, rule.where))
    if (rule.min is not None and count < rule.min) or (rule.max is not None and count > rule.max):
        yield RuleHit(rule.message)


def _majority(rule: MajorityRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    """A strict majority: more than half. A table with rows but nobody passing ``where``
    (a committee with no voting members) has no majority at all; an empty table is left to
    the question's own 'add the members'."""
    rows = [r for r in _rows(values, rule.table) if not is_blank(r)]
    if not rows:
        return
    pool = [r for r in rows if _passes(r, rule.where)]
    favoured = sum(1 for r in pool if r.get(rule.column) in rule.values)
    if favoured * 2 <= len(pool):
        yield RuleHit(rule.message)


def _mentions(rule: MentionsRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    text = values.get(rule.text)
    if not isinstance(text, str) or is_blank(text):
        return
    folded = text.casefold()
    if not any(word.casefold() in folded for word in rule.any_of):
        yield RuleHit(rule.message)


def _answer_is(rule: AnswerIsRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    value = values.get(rule.answer)
    if value is None or value != rule.equals:
        return
    if rule.unless_answered and not is_blank(values.get(rule.unless_answered)):
        return
    yield RuleHit(rule.message)


def _area_team_matches(
    rule: AreaTeamMatchesRule, values: Values, directory: CcgDirectory
) -> Iterator[RuleHit]:
    code, team = values.get(rule.ccg), values.get(rule.area_team)
    if not code or not team:
        return
    ccg = directory.ccg(code)
    if ccg is not None and ccg.area_team_code != team:
        yield RuleHit(rule.message)


def _distinct_rows(
    rule: DistinctRowsRule, values: Values, directory: CcgDirectory
) -> Iterator[RuleHit]:
    other = values.get(rule.not_equal_to) if rule.not_equal_to else None
    seen: set[Any] = set()
    for index, row in enumerate(_rows(values, rule.table), start=1):
        value = row.get(rule.column)
        if is_blank(value):
            continue
        key = normalise_name(value) if isinstance(value, str) else value
        shown = directory.describe_ccg(value) if isinstance(value, str) else str(value)
        if other is not None and value == other:
            message = rule.message_repeats_other or rule.message
            yield RuleHit(message.format(value=shown), row=index, column=rule.column)
        elif key in seen:
            yield RuleHit(rule.message.format(value=shown), row=index, column=rule.column)
        seen.add(key)


def _date_order(rule: DateOrderRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    earlier, later = read_ref(values, rule.earlier), read_ref(values, rule.later)
    if not isinstance(earlier, dt.date) or not isinstance(later, dt.date):
        return
    if later < earlier or (rule.strict and later == earlier):
        yield RuleHit(rule.message)


def _same(rule: SameRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    same = _both_given_and_same(read_ref(values, rule.first), read_ref(values, rule.second))
    if same is False:
        yield RuleHit(rule.message)


def _lacks_choice(rule: LacksChoiceRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    chosen = values.get(rule.answer)
    if not isinstance(chosen, list | tuple) or rule.value not in chosen:
        yield RuleHit(rule.message)


def _deadline(rule: DeadlineRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    if rule.start is not None and values.get(rule.start) != rule.start_on:
        return
    dates = [d for d in (read_ref(values, ref) for ref in rule.dates) if isinstance(d, dt.date)]
    if dates and max(dates) > rule.due:
        yield RuleHit(rule.message)


def _date_after(rule: DateAfterRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    date = read_ref(values, rule.date)
    if isinstance(date, dt.date) and date > rule.after:
        yield RuleHit(rule.message)


def _combination(rule: CombinationRule, values: Values, _: CcgDirectory) -> Iterator[RuleHit]:
    if all(not is_blank(values.get(c.field)) and c.holds(values.get(c.field)) for c in rule.when):
        yield RuleHit(rule.message)


CHECKS: dict[str, Check] = {
    "name_in_table": _name_in_table,
    "matched_row": _matched_row,
    "different": _different,
    "row_count": _row_count,
    "majority": _majority,
    "mentions": _mentions,
    "answer_is": _answer_is,
    "area_team_matches": _area_team_matches,
    "distinct_rows": _distinct_rows,
    "date_order": _date_order,
    "same": _same,
    "lacks_choice": _lacks_choice,
    "deadline": _deadline,
    "date_after": _date_after,
    "combination": _combination,
}


def applies(rule: RuleDefinition, values: Values) -> bool:
    """Whether the answers are ones the rule is for (every ``applies_when`` holds)."""
    return all(c.holds(values.get(c.field)) for c in rule.applies_when)


def run_rule(rule: RuleDefinition, values: Values, directory: CcgDirectory) -> list[RuleHit]:
    """Every breach of ``rule`` in the (parsed, relevant) ``values``."""
    if not applies(rule, values):
        return []
    return list(CHECKS[rule.kind](rule, values, directory))
