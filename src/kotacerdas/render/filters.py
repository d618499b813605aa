"""Template filters: escaping plan text for Markdown books, labels, Roman numerals."""

from __future__ import annotations

import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_LINE_START = re.compile(r"^(\s*)([#*+\->=]|\d+[.)])", re.MULTILINE)


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
