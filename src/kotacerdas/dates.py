"""Plan dates: a day (``2022-06-13``) or, where only the month is known, a month (``2022-07``).

A month stands for every day in it: it begins on the first and ends on the last, and a
comparison asks whether one date can lie before another.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_MONTH = re.compile(MONTH_PATTERN)

#: A day, or a month written ``YYYY-MM``.
PlanDay = date | str


def is_month(value: PlanDay) -> bool:
    return isinstance(value, str) and bool(_MONTH.match(value))


def first_day(value: PlanDay) -> date:
    """The earliest day ``value`` can mean."""
    if isinstance(value, date):
        return value
    return date(int(value[:4]), int(value[5:7]), 1)


def last_day(value: PlanDay) -> date:
    """The latest day ``value`` can mean."""
    if isinstance(value, date):
        return value
    year, month = int(value[:4]), int(value[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


def surely_before(earlier: PlanDay, later: PlanDay) -> bool:
    """Whether ``earlier`` lies before ``later`` whatever days two months stand for."""
    return last_day(earlier) < first_day(later)


def iso(value: PlanDay) -> str:
    """``2022-06-13`` or ``2022-07``, as the plan writes it."""
    return value.isoformat() if isinstance(value, date) else value


def parse(text: str) -> PlanDay | None:
    """A day or a month from ``text`` as a user types it; None when it is neither."""
    if _MONTH.match(text):
        return text
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
