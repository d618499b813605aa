"""Money, numbers, counts and dates as a reader's language prints them (Babel), for every
output.

One set of formatters per language serves every book and view, and a sum is formatted
once however many tables repeat it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from typing import Any

#: British English spells as the English labels do and writes dates as Indonesia does
#: ("13 June 2022"), with English separators (1,234,567.5).
LOCALES = {"id": "id_ID", "en": "en_GB"}
#: Whole Rupiah with the symbol Indonesia writes in both languages: Rp1.500.000, Rp1,500,000.
RUPIAH = "'Rp'#,##0;-'Rp'#,##0"


def locale_of(language: str) -> str:
    """The Babel locale of a language (Indonesian for any language without its own)."""
    return LOCALES.get(language, "id_ID")


@cache
def number_formats(language: str) -> dict[str, Callable[..., str]]:
    """``rupiah``, ``angka``, ``ringkas``, ``tanggal``, ``bulan_pendek``, ``persen`` and
    ``jumlah`` for ``language``."""
    from babel import Locale
    from babel.dates import format_date
    from babel.numbers import format_compact_decimal, format_decimal

    locale = Locale.parse(locale_of(language))

    @cache
    def rupiah(amount: int) -> str:
        return str(format_decimal(amount, format=RUPIAH, locale=locale))

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

    def bulan_pendek(value: str) -> str:
        """``2023-03`` (or a day in it) as a schedule column heads it: "Mar 2023"."""
        month = date(int(value[:4]), int(value[5:7]), 1)
        return str(format_date(month, format="LLL y", locale=locale))

    def persen(part: int, whole: int) -> str:
        return str(format_decimal(part / whole if whole else 0, format="#,##0.0%",
                                  locale=locale))

    def jumlah(count: int, forms: str) -> str:
        """A count with its noun: ``forms`` is a label "programme|programmes" (the form for
        one, then the form for more), or a single form where the language has no plural:
        "1 programme", "3 programmes", "3 program"."""
        one, _, other = str(forms).partition("|")
        noun = one if locale.plural_form(count) == "one" or not other else other
        return f"{angka(count)} {noun.strip()}"

    return {"rupiah": rupiah, "angka": angka, "ringkas": ringkas, "tanggal": tanggal,
            "bulan_pendek": bulan_pendek, "persen": persen, "jumlah": jumlah}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
