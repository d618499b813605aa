"""The one reader of the clock: today's date, or the date reproducible builds pin.

`SOURCE_DATE_EPOCH` (seconds since 1970, UTC) stands in for "now" wherever a date is
written, so that two runs of the same plan give the same bytes.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from kotacerdas.diagnostics import Diagnostic

EPOCH = "SOURCE_DATE_EPOCH"


def source_date() -> date | None:
    """The date of ``SOURCE_DATE_EPOCH``, or None when it is unset or unusable."""
    value = os.environ.get(EPOCH, "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):  # beyond the years a date can hold
        return None


def epoch_problem() -> Diagnostic | None:
    """KC623 when ``SOURCE_DATE_EPOCH`` is set to something that is not a usable time."""
    value = os.environ.get(EPOCH, "")
    if not value.strip() or source_date() is not None:
        return None
    shown = value if len(value) <= 30 else value[:27] + "..."
    return Diagnostic.new("KC623", "kotacerdas", 0, 0, value=shown)


def today() -> date:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible runs."""
    return source_date() or date.today()


def calendar_today() -> date:
    """The real date, for telling whether a day has come: a date pinned for a reproducible
    build does not make the plan's past dates lie in the future."""
    return max(today(), date.today())
