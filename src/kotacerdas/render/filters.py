"""Template filters: Rupiah, dates and numbers through Babel; escaping for Markdown books."""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache
from typing import Any, Callable

LOCALES = {"id": "id_ID", "en": "en_ID"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_LINE_START = re.compile(r"^(\s*)([#*+\->=]|\d+[.)])", re.MULTILINE)


def locale_of(language: str) -> str:
    """The Babel locale of a book language: Indonesian separators in both languages."""
    return LOCALES.get(language, "id_ID")


@cache
def number_filters(language: str) -> dict[str, Callable[..., str]]:
    """Filters that print money, numbers and dates the way the reader's language does.

    One set per language serves every book, and a sum is formatted once however many
    tables and books repeat it.
    """
    from babel import Locale
    from babel.dates import format_date
    from babel.numbers import format_compact_decimal, format_currency, format_decimal

    locale = Locale.parse(locale_of(language))

    @cache
    def rupiah(amount: int) -> str:
        return format_currency(amount, "IDR", locale=locale)

    @lru_cache(maxsize=None, typed=True)  # typed: 1, 1.0 and True print differently
    def angka(value: Any) -> str:
        return format_decimal(value, locale=locale) if _is_number(value) else str(value)

    def ringkas(amount: int) -> str:
        return format_compact_decimal(amount, locale=locale, fraction_digits=1)

    def tanggal(value: str) -> str:
        return format_date(date.fromisoformat(value), format="long", locale=locale)

    def persen(part: int, whole: int) -> str:
        return format_decimal(part / whole if whole else 0, format="#,##0.0%", locale=locale)

    return {"rupiah": rupiah, "angka": angka, "ringkas": ringkas, "tanggal": tanggal,
            "persen": persen}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fill(template: str, **values: Any) -> str:
    """Replace ``{name}`` placeholders of a label; nothing else in it is interpreted."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def roman(number: int) -> str:
    """``number`` in Roman numerals (chapters are numbered BAB I, BAB II, ...)."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def md_text(value: Any) -> str:
    """Plan text for a Markdown book: shown literally, never read as markup."""
    text = str(value).replace("<", "\\<")
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_cell(value: Any) -> str:
    """Plan text inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(md_text(value).split()).replace("|", "\\|")


def md_block(value: Any) -> str:
    """A description written in Markdown: kept as Markdown, but raw HTML is shown as text."""
    return str(value).replace("<", "\\<").strip()


def md_block_cell(value: Any) -> str:
    """A Markdown description squeezed into a table cell."""
    return " ".join(md_block(value).split()).replace("|", "\\|")


def markdown_to_html(text: str) -> str:
    """CommonMark with pipe tables and raw HTML off: a description as safe HTML."""
    return _markdown().render(str(text))


_PARSER: list[Any] = []


def _markdown() -> Any:
    if not _PARSER:
        from markdown_it import MarkdownIt

        _PARSER.append(MarkdownIt("commonmark", {"html": False}).enable("table"))
    return _PARSER[0]
