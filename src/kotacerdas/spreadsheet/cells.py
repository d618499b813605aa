"""One cell: its value as a plan field, or the reason it cannot be one.

Workbooks come back from Excel, LibreOffice and Google Sheets with numbers as text,
years formatted as dates and whole numbers as decimals. What is unambiguous is coerced
(``"2023"`` is the year 2023, ``2.0`` Rupiah is 2); what is not (``1.500.000``, ``2,6``,
a date where a year belongs) is refused with the reason. Cell text passes the same
checks as YAML text: no control characters, and a size limit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kotacerdas.messages import Phrase
from kotacerdas.model.common import ID_PATTERN, MAX_RUPIAH
from kotacerdas.text_safety import UNSAFE, visible

#: The longest text a cell may hold (Excel's own limit is 32,767 characters).
MAX_CELL_CHARS = 5000
_ID = re.compile(ID_PATTERN)
_DIGITS = re.compile(r"^\d+$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
_AMBIGUOUS = re.compile(r"^[+-]?(\d{1,3}([.,]\d{3})+|\d+,\d+)$")
_SEPARATED = re.compile(r"^[+-]?[\d.,' \u00a0]+$")
_ID_SEPARATORS = re.compile(r"[;,\s]+")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
LISTS = ("text_list", "id_list")
CHOICES = ("dimension", "horizon", "source", "indicator_kind", "state")


@dataclass(frozen=True)
class Cell:
    """A cell as read: its value (dates already turned back into serial numbers)."""

    value: Any = None
    formula: bool = False
    error: bool = False  # an error value such as #N/A or #REF!
    date: bool = False  # a number the workbook formats as a date or time

    @property
    def empty(self) -> bool:
        return not self.formula and (self.value is None or
                                     (isinstance(self.value, str) and not self.value.strip()))


@dataclass(frozen=True)
class Bad:
    """Why a cell cannot be read: a diagnostic code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What cells are checked against: the plan period and the closed lists."""

    period: tuple[int, int]
    choices: dict[str, tuple[str, ...]]
    aliases: dict[str, dict[str, str]]  # kind -> casefolded name or value -> value


def word(key: str) -> Phrase:
    return Phrase("sheet_words", key)


# Canonical text: what a row's hidden key fingerprints ------------------------------------

def canon(kind: str, cell: Cell) -> str:
    """The cell as canonical text: the same for every way an application may give back
    the value that was exported (``2023``, ``2023.0``, ``"2023"``, a year formatted as a
    date), different for any edit."""
    value = cell.value
    if cell.formula or cell.error:
        return "\x00" + str(value)  # never the text of an exported value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    text = clean(str(value))
    if kind in LISTS:
        return "; ".join(split(kind, text))
    return text


def to_cell(kind: str, value: Any) -> Any:
    """A plan value as the cell that shows it."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) or None
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def canon_of(kind: str, value: Any) -> str:
    """The canonical text of the cell that shows the plan value ``value``."""
    return canon(kind, Cell(to_cell(kind, value)))


def escaped(text: str) -> str:
    """Text as a workbook stores it: OOXML writes ``_xHHHH_`` for the character HHHH, so
    text that looks like such an escape gets its underscore escaped (``_x005F_``)."""
    return _ESCAPE_LIKE.sub(r"_x005F_\1", text)


def unescaped(text: str) -> str:
    """The text a workbook shows: every ``_xHHHH_`` escape read as its character (a
    control character so written is then refused like any other)."""
    return _ESCAPED.sub(lambda found: chr(int(found.group(1), 16)), text)


def number_text(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isfinite(value) and value.is_integer() and abs(value) < 2 ** 53:
        return str(int(value))
    return repr(value)


def clean(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def split(kind: str, text: str) -> list[str]:
    parts = _ID_SEPARATORS.split(text) if kind == "id_list" else text.split(";")
    return [part.strip() for part in parts if part.strip()]


# Reading a cell as a plan value ---------------------------------------------------------

Parsed = Any  # str | int | float | list[str] | Bad | None


def parse(kind: str, cell: Cell, context: Context) -> Parsed:
    """The plan value of ``cell`` as a ``kind`` column holds it; None when the cell is
    empty; a `Bad` when it cannot be read."""
    value = cell.value
    if cell.formula:
        return Bad("KC832", {"formula": _short(str(value))})
    if cell.error:
        return Bad("KC820", {"expected": word(_EXPECTED.get(kind, "text")),
                             "found": _quoted(str(value))})
    if cell.empty:
        return [] if kind in LISTS else None
    if isinstance(value, bool) or (cell.date and kind != "year"):
        return Bad("KC820", {"expected": word(_EXPECTED.get(kind, "text")),
                             "found": word("date") if cell.date else str(value).upper()})
    return _PARSERS[kind](value, cell, context)


def _short(text: str) -> str:
    text = visible(text)
    return text if len(text) <= 40 else text[:37] + "..."


def _quoted(text: str) -> str:
    return "'" + _short(text) + "'"


def _text(value: Any, cell: Cell, context: Context) -> Parsed:
    text = number_text(value) if isinstance(value, (int, float)) else clean(str(value))
    bad = UNSAFE.search(text)
    if bad is not None:
        return Bad("KC833", {"char": visible(bad.group())})
    if len(text) > MAX_CELL_CHARS:
        return Bad("KC834", {"size": len(text), "limit": MAX_CELL_CHARS})
    return text


def _text_list(value: Any, cell: Cell, context: Context) -> Parsed:
    items = []
    for part in split("text_list", str(value)):
        item = _text(part, cell, context)
        if isinstance(item, Bad):
            return item
        items.append(item)
    return items


def _identifier(value: Any, cell: Cell, context: Context) -> Parsed:
    text = _text(value, cell, context)
    if isinstance(text, Bad):
        return text
    ident = text.upper()
    if not _ID.match(ident) or len(ident) > 40:
        return Bad("KC828", {"value": _short(text)})
    return ident


def _id_list(value: Any, cell: Cell, context: Context) -> Parsed:
    items = []
    for part in split("id_list", str(value)):
        ident = _identifier(part, cell, context)
        if isinstance(ident, Bad):
            return ident
        items.append(ident)
    return items


def _choice(kind: str) -> Callable[[Any, Cell, Context], Parsed]:
    def read(value: Any, cell: Cell, context: Context) -> Parsed:
        text = _text(value, cell, context)
        if isinstance(text, Bad):
            return text
        found = context.aliases[kind].get(text.casefold())
        if found is not None:
            return found
        allowed = ", ".join(context.choices[kind])
        code = "KC822" if kind == "dimension" else "KC821"
        return Bad(code, {"value": _short(text), "allowed": allowed, "list": word(kind)})
    return read


def _year(value: Any, cell: Cell, context: Context) -> Parsed:
    year = _whole(value)
    if year is None or (cell.date and not 1000 <= year <= 9999):
        found = word("date") if cell.date else _quoted(number_text(value) if isinstance(
            value, (int, float)) else str(value))
        return Bad("KC820", {"expected": word("year"), "found": found})
    start, end = context.period
    if not start <= year <= end:
        return Bad("KC824", {"value": year, "start": start, "end": end})
    return year


def _whole(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    text = clean(str(value))
    return int(text) if _DIGITS.match(text) and len(text) <= 6 else None


def _rupiah(value: Any, cell: Cell, context: Context) -> Parsed:
    shown = _short(str(value) if not isinstance(value, (int, float)) else number_text(value))
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return Bad("KC826", {"value": shown, "reason": word("not_whole")})
    if isinstance(value, (int, float)):
        amount = int(value)
    else:
        text = clean(str(value))
        if not _DIGITS.match(text):
            reason = "separators" if _SEPARATED.match(text) else "not_a_number"
            return Bad("KC826", {"value": shown, "reason": word(reason)})
        if len(text) > 20:
            return Bad("KC826", {"value": shown, "reason": word("too_large")})
        amount = int(text)
    if amount < 0:
        return Bad("KC826", {"value": shown, "reason": word("negative")})
    if amount > MAX_RUPIAH:
        return Bad("KC826", {"value": shown, "reason": word("too_large")})
    return amount


def _measure(value: Any, cell: Cell, context: Context) -> Parsed:
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return Bad("KC820", {"expected": word("number"), "found": _quoted(str(value))})
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    text = clean(str(value))
    if _INTEGER.match(text) and len(text) <= 18:
        return int(text)
    if _DECIMAL.match(text) and len(text) <= 24:
        return float(text)
    if _AMBIGUOUS.match(text):
        return Bad("KC827", {"value": _short(text)})
    return _text(text, cell, context)


_PARSERS: dict[str, Callable[[Any, Cell, Context], Parsed]] = {
    "text": _text,
    "element": _text,
    "text_list": _text_list,
    "id": _identifier,
    "reference": _identifier,
    "id_list": _id_list,
    "year": _year,
    "rupiah": _rupiah,
    "measure": _measure,
    **{kind: _choice(kind) for kind in CHOICES},
}
_EXPECTED = {"year": "year", "rupiah": "amount", "measure": "number", "id": "id",
             "reference": "id", "id_list": "id"}
KINDS = frozenset(_PARSERS)
