"""Reading a checked workbook: its data sheets by name and its columns by header.

openpyxl opens the bytes `guard` passed in read-only mode with formulas as written, so
nothing is ever calculated: a formula is seen as one and reported where it stands in a
data column. Sheets and headers are found by name in either language (and a header by
its YAML key too), so sheets may be added and columns moved; dates come back as the
serial numbers they are stored as, so that a year formatted as a date is still a year.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.datetime import to_excel  # type: ignore[import-untyped]

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import KotacerdasError
from kotacerdas.messages import LANGUAGES, Phrase, say
from kotacerdas.spreadsheet.cells import Cell, unescaped, word
from kotacerdas.spreadsheet.guard import MAX_COLUMNS, MAX_ROWS, Checked, refuse
from kotacerdas.spreadsheet.layout import FORMATS, MATRIX, META_SHEET, SHEETS, Sheet
from kotacerdas.text_safety import visible

_SPACES = re.compile(r"\s+")


@dataclass
class SheetData:
    """One data sheet as read: where each column is, and its rows."""

    sheet: Sheet
    title: str  # as the workbook names it
    columns: dict[str, int]  # column header key -> 1-based column number
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)


@dataclass
class WorkbookData:
    name: str  # the file name, where diagnostics are located
    meta: dict[str, Any]
    sheets: dict[str, SheetData]
    problems: list[Diagnostic]

    @property
    def kind(self) -> str:
        """The programme matrix, or a year's realisation (`layout.FORMATS`)."""
        return str(self.meta.get("jenis") or MATRIX)


def read_workbook(checked: Checked) -> WorkbookData:
    """The data sheets of the workbook; KotacerdasError when it is no workbook of ours."""
    try:
        book = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=False,
                             keep_links=False, keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise refuse("KC802", checked.path, detail=_reason(error)) from None
    try:
        return _read(book, checked)
    except KotacerdasError:
        raise
    except Exception as error:  # a part that fails while its rows are read
        raise refuse("KC802", checked.path, detail=_reason(error)) from None
    finally:
        book.close()


def _read(book: Any, checked: Checked) -> WorkbookData:
    worksheets = {normal(ws.title): ws for ws in book.worksheets}
    meta = _meta(worksheets.get(normal(META_SHEET)), checked)
    name = checked.path.name
    found = WorkbookData(name, meta, {}, [])
    for sheet in SHEETS[found.kind]:
        titles = [normal(say(lang, "sheet_names", sheet.name)) for lang in LANGUAGES]
        holders = [ws for ws in book.worksheets if normal(ws.title) in titles]
        if len(holders) > 1:  # a copy of the sheet, or the sheet in both languages
            found.problems.append(Diagnostic.new("KC815", name, 0, 0, sheets=", ".join(
                f"'{visible(ws.title)}'" for ws in holders)))
            continue
        worksheet = holders[0] if holders else None
        if worksheet is None:
            shown = say(str(meta.get("bahasa", "id")), "sheet_names", sheet.name)
            found.problems.append(Diagnostic.new("KC812", name, 0, 0, sheet=shown))
            continue
        data = _sheet(worksheet, sheet, book.epoch, checked, found.problems)
        if data is not None:
            found.sheets[sheet.name] = data
    return found


def _meta(worksheet: Any, checked: Checked) -> dict[str, Any]:
    if worksheet is None:
        raise refuse("KC808", checked.path, detail=META_SHEET)
    meta: dict[str, Any] = {}
    for row in worksheet.iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
        if row and isinstance(row[0], str):
            meta[row[0]] = row[1] if len(row) > 1 else None
    expected = FORMATS.get(str(meta.get("jenis") or MATRIX))
    if expected is None or str(meta.get("format")) != str(expected):
        raise refuse("KC808", checked.path, detail=f"format {meta.get('format')}")
    return meta


def _sheet(worksheet: Any, sheet: Sheet, epoch: Any, checked: Checked,
           problems: list[Diagnostic]) -> SheetData | None:
    heads = next(worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS,
                                     values_only=True), ())
    columns = _columns(sheet, heads, worksheet.title, checked.path.name, problems)
    if columns is None:
        return None
    data = SheetData(sheet, worksheet.title, columns)
    width = max(columns.values())
    # a row with nothing but a total filled down (a formula of ours) is an empty row
    meaningful = {c.header for c in sheet.columns if c.data or c.kind == "key"}
    for number, row in enumerate(worksheet.iter_rows(min_row=2, max_col=width), start=2):
        if number > MAX_ROWS + 1:
            raise refuse("KC807", checked.path, sheet=worksheet.title, count=f"> {MAX_ROWS}",
                         what=word("rows"), limit=MAX_ROWS)
        cells = {header: _cell(row[column - 1], epoch) for header, column in columns.items()}
        if any(not cells[header].empty for header in meaningful if header in cells):
            data.rows.append((number, cells))
    return data


def _columns(sheet: Sheet, heads: tuple[Any, ...], title: str, name: str,
             problems: list[Diagnostic]) -> dict[str, int] | None:
    known = header_names(sheet)
    columns: dict[str, int] = {}
    for number, head in enumerate(heads, start=1):
        header = known.get(normal(str(head))) if head is not None else None
        if header is None:
            continue  # a column the user added: not ours, left alone
        if header in columns:
            problems.append(Diagnostic.new("KC814", name, 1, number, sheet=title,
                                           heading=str(head)))
            return None
        columns[header] = number
    missing = [c.header for c in sheet.columns
               if (c.data or c.kind == "key") and c.header not in columns]
    for header in missing:
        problems.append(Diagnostic.new("KC813", name, 1, 0, sheet=title,
                                       heading=Phrase("sheet_headers", header)))
    return None if missing else columns


def header_names(sheet: Sheet) -> dict[str, str]:
    """Every name a column of ``sheet`` may have, normalised -> its header key."""
    names: dict[str, str] = {}
    for column in sheet.columns:
        for lang in LANGUAGES:
            names[normal(say(lang, "sheet_headers", column.header))] = column.header
        if column.key:
            names.setdefault(normal(column.key), column.header)
    return names


def normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _cell(cell: Any, epoch: Any) -> Cell:
    kind = getattr(cell, "data_type", None)
    value = cell.value
    if kind == "f":
        return Cell(str(value), formula=True)
    if kind == "e":
        return Cell(str(value), error=True)
    if isinstance(value, (datetime, date, time, timedelta)):
        return Cell(to_excel(value, epoch), date=True)
    if isinstance(value, str) and "_x" in value:
        return Cell(unescaped(value))
    return Cell(value)


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return (text[:120] if text else type(error).__name__)
