"""The one reader of the clock: today's date, or the date reproducible builds pin.

`SOURCE_DATE_EPOCH` (seconds since 1970, UTC) stands in for "now" wherever a date is
written, so that two runs of the same plan give the same bytes.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def source_date() -> date | None:
    """The date of ``SOURCE_DATE_EPOCH``, or None when it is not set to a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):  # beyond the years a date can hold
        return None


def today() -> date:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible runs."""
    return source_date() or date.today()
