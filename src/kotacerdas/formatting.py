"""Money, numbers and dates as a reader's language prints them (Babel), for every output.

One set of formatters per language serves every book and view, and a sum is formatted
once however many tables repeat it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from typing import Any

LOCALES = {"id": "id_ID", "en": "en_ID"}


def locale_of(language: str) -> str:
    """The Babel locale of a language: Indonesian separators in both languages."""
    return LOCALES.get(language, "id_ID")


@cache
def number_formats(language: str) -> dict[str, Callable[..., str]]:
    """``rupiah``, ``angka``, ``ringkas``, ``tanggal`` and ``persen`` for ``language``."""
    from babel import Locale
    from babel.dates import format_date
    from babel.numbers import format_compact_decimal, format_currency, format_decimal

    locale = Locale.parse(locale_of(language))

    @cache
    def rupiah(amount: int) -> str:
        return str(format_currency(amount, "IDR", locale=locale))

    @lru_cache(maxsize=None, typed=True)  # typed: 1, 1.0 and True print differently
    def angka(value: Any) -> str:
        return str(format_decimal(value, locale=locale)) if _is_number(value) else str(value)

    def ringkas(amount: int) -> str:
        return str(format_compact_decimal(amount, locale=locale, fraction_digits=1))

    def tanggal(value: str) -> str:
        """``2022-06-13`` as "13 Juni 2022", a month alone (``2022-07``) as "Juli 2022"."""
        if len(value) == 7:
            month = date(int(value[:4]), int(value[5:7]), 1)
            return str(format_date(month, format="LLLL y", locale=locale))
        return str(format_date(date.fromisoformat(value), format="long", locale=locale))

    def persen(part: int, whole: int) -> str:
        return str(format_decimal(part / whole if whole else 0, format="#,##0.0%",
                                  locale=locale))

    return {"rupiah": rupiah, "angka": angka, "ringkas": ringkas, "tanggal": tanggal,
            "persen": persen}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
