"""The programme matrix, and a year's realisation, as Excel workbooks anyone can edit.

A read-me sheet in the plan's language; one sheet each of programmes with their action
plans, budget lines and indicators, with a frozen header row, filters, fitting widths,
a dropdown for every closed list (from a hidden sheet of lists), Rupiah formats and
totals as formulas; a sheet of totals per year and funding source. The realisation
workbook has the same kind of sheets for a year's reports, spending and indicator
values, with the plan's figures beside them in grey read-only columns. Every data row
ends in a hidden key to the YAML item it shows. The same plan gives the same bytes: the
document dates and the dates in the zip are pinned.
"""

from __future__ import annotations

import io
import zipfile
from copy import copy
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, get_args

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from kotacerdas.clock import source_date
from kotacerdas.messages import say
from kotacerdas.model.implementation import ProgrammeState
from kotacerdas.plan import Plan
from kotacerdas.spreadsheet.cells import escaped, to_cell
from kotacerdas.spreadsheet.layout import (
    BUDGET,
    DATA_SHEETS,
    FORMATS,
    MATRIX,
    META_SHEET,
    PROGRAMMES,
    REALISATION,
    REALISATION_SHEETS,
    REPORTS,
    Column,
    Sheet,
    letter,
)
from kotacerdas.spreadsheet.rows import PlanRow, cell_context, plan_rows

if TYPE_CHECKING:
    from kotacerdas.spreadsheet.realisation import YearRows

RUPIAH = '"Rp"#,##0'
YEAR = "0"
LAST_ROW = 1048576
_FIXED_DAY = date(2000, 1, 1)
_HEADER = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_KEY_FILL = PatternFill("solid", fgColor="D9D9D9")
_TOTAL_FONT = Font(bold=True)
_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)
_TITLE = Font(bold=True, size=14)
_READ_ONLY = PatternFill("solid", fgColor="7F7F7F")
_READ_ONLY_CELL = PatternFill("solid", fgColor="F2F2F2")
_FROZEN = {"programmes": "D2", "budget": "B2", "indicators": "B2", "reports": "D2",
           "spending": "D2", "achievements": "D2"}


def workbook_bytes(plan: Plan, language: str) -> bytes:
    """The workbook of ``plan``, its words in ``language``, as the bytes of an .xlsx."""
    book = Workbook()
    readme = book.active
    assert readme is not None
    names = {sheet.name: say(language, "sheet_names", sheet.name) for sheet in DATA_SHEETS}
    rows = plan_rows(plan)
    _readme(readme, language, "sheet_readme", _matrix_words(plan, language, rows))
    for sheet in DATA_SHEETS:
        worksheet = book.create_sheet(names[sheet.name])
        _table(worksheet, sheet, rows[sheet.name], language, names)
    _totals(book.create_sheet(say(language, "sheet_names", "totals")), plan, language, names)
    _lists(book, plan, language, names)
    _meta(book.create_sheet(META_SHEET), plan, language, MATRIX)
    _validations(book, plan, language, names)
    return _pinned_bytes(_first_data_sheet(book))


def realisation_bytes(plan: Plan, found: YearRows, language: str,
                      agency: str | None = None) -> bytes:
    """The realisation workbook of ``found``'s year (of ``agency``'s rows only, when
    given), as the bytes of an .xlsx."""
    book = Workbook()
    readme = book.active
    assert readme is not None
    names = {sheet.name: say(language, "sheet_names", sheet.name)
             for sheet in REALISATION_SHEETS}
    words = _realisation_words(plan, language, found, agency)
    _readme(readme, language, "sheet_readme_realisation", words)
    for sheet in REALISATION_SHEETS:
        _table(book.create_sheet(names[sheet.name]), sheet, found.rows[sheet.name], language,
               names)
    _state_list(book, names, language)
    _meta(book.create_sheet(META_SHEET), plan, language, REALISATION,
          (("tahun", found.year), ("opd", agency or "")))
    return _pinned_bytes(_first_data_sheet(book))


def _first_data_sheet(book: Workbook) -> Workbook:
    book.active = 1
    for worksheet in book.worksheets:
        worksheet.sheet_view.tabSelected = worksheet is book.worksheets[1]
    return book


# The sheets ---------------------------------------------------------------------------

def _matrix_words(plan: Plan, language: str, rows: dict[str, list[PlanRow]]) -> dict[str, Any]:
    start, end = _period(plan)
    counts = {name: len(found) for name, found in rows.items()}
    return {"region": _region(plan), "start": start, "end": end,
            "programmes": counts["programmes"], "lines": counts["budget"],
            "indicators": counts["indicators"],
            **{f"sheet_{n}": say(language, "sheet_names", n)
               for n in ("programmes", "budget", "indicators", "totals", "readme")},
            "key_column": say(language, "sheet_headers", "key")}


def _realisation_words(plan: Plan, language: str, found: YearRows,
                       agency: str | None) -> dict[str, Any]:
    counts = {name: len(rows) for name, rows in found.rows.items()}
    return {"region": _region(plan), "year": found.year, "file": found.rel,
            "agency": agency or say(language, "sheet_words", "every_agency"),
            "reports": counts["reports"], "lines": counts["spending"],
            "values": counts["achievements"],
            **{f"sheet_{n}": say(language, "sheet_names", n)
               for n in ("reports", "spending", "achievements")},
            "states": ", ".join(cell_context(plan).choices["state"]),
            "key_column": say(language, "sheet_headers", "key")}


def _region(plan: Plan) -> str:
    return plan.manifest.wilayah.nama if plan.manifest else ""


def _readme(worksheet: Worksheet, language: str, section: str, words: dict[str, Any]) -> None:
    """The read-me sheet: the title and the lines of ``section`` of the catalogue."""
    worksheet.title = say(language, "sheet_names", "readme")
    worksheet.append([say(language, section, "title", **words)])
    worksheet["A1"].font = _TITLE
    for number in range(1, READ_ME_LINES[section] + 1):
        line = say(language, section, f"line_{number}", **words)
        worksheet.append([line])
        worksheet.cell(number + 1, 1).alignment = _WRAP
        worksheet.row_dimensions[number + 1].height = _LINE * (_lines(line, _README_WIDTH) + 0.3)
    worksheet.column_dimensions["A"].width = _README_WIDTH
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0


READ_ME_LINES = {"sheet_readme": 12, "sheet_readme_realisation": 9}
_README_WIDTH = 72
_LINE = 15.0  # points per line of text at the default font


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a guess
    that leans long: applications do not size wrapped rows of a file they open)."""
    room = max(width - 2, 4)
    return sum(max(1, -(-len(part) * 11 // (room * 10))) for part in text.split("\n"))


def _table(worksheet: Worksheet, sheet: Sheet, rows: list[PlanRow], language: str,
           names: dict[str, str]) -> None:
    columns = sheet.columns
    heads = [say(language, "sheet_headers", column.header) for column in columns]
    worksheet.append(heads)
    formula = _total_formula(names) if sheet is PROGRAMMES else ""
    widths = [len(head) for head in heads]
    for number, row in enumerate(rows, start=2):
        values = [_value(column, row, formula, number) for column in columns]
        worksheet.append(values)
        for index, value in enumerate(values):
            if isinstance(value, str) and columns[index].kind not in ("formula", "key"):
                widths[index] = max(widths[index], max(map(len, value.split("\n"))))
            elif isinstance(value, int):
                widths[index] = max(widths[index], len(f"{value:,}") + 3)
    _style(worksheet, sheet, len(rows), widths)
    _heights(worksheet, sheet, widths)
    worksheet.freeze_panes = _FROZEN.get(sheet.name, "B2")
    worksheet.auto_filter.ref = f"A1:{letter(len(columns))}{len(rows) + 1}"
    worksheet.print_title_rows = "1:1"
    _fit_to_width(worksheet)


def _heights(worksheet: Worksheet, sheet: Sheet, widths: list[int]) -> None:
    """Rows tall enough for their wrapped text, the header row too."""
    heads = [_lines(str(cell.value), _shown_width(column, widths[index]))
             for index, (cell, column) in enumerate(zip(worksheet[1], sheet.columns))]
    worksheet.row_dimensions[1].height = _LINE * max(heads)
    wrapped = [(index, _shown_width(column, widths[index]))
               for index, column in enumerate(sheet.columns) if column.wrap]
    for number, row in enumerate(worksheet.iter_rows(min_row=2, values_only=True), start=2):
        lines = max((_lines(row[i], width) for i, width in wrapped
                     if isinstance(row[i], str)), default=1)
        if lines > 1:
            worksheet.row_dimensions[number].height = _LINE * lines


def _shown_width(column: Column, longest: int) -> int:
    return min(max(longest, 6), column.width) + 2


def _value(column: Column, row: PlanRow, formula: str, number: int) -> Any:
    if column.kind == "key":
        return row.key()
    if column.kind == "formula":
        return formula.format(row=number)
    value = to_cell(column.kind, row.values[column.header])
    return escaped(value) if isinstance(value, str) and "_x" in value else value


def _total_formula(names: dict[str, str]) -> str:
    budget = _quoted(names["budget"])
    amount, programme = BUDGET.letter("amount"), BUDGET.letter("programme")
    ident = PROGRAMMES.letter("id")
    return (f"=SUMIFS({budget}!${amount}:${amount},{budget}!${programme}:${programme},"
            f"${ident}{{row}})")


def _style(worksheet: Worksheet, sheet: Sheet, count: int, widths: list[int]) -> None:
    """Header, alignment and number formats; each column's style is worked out once on
    its first cell and copied to the others (openpyxl looks a style up per assignment)."""
    formats = {"rupiah": RUPIAH, "formula": RUPIAH, "year": YEAR}
    for index, column in enumerate(sheet.columns, start=1):
        head = worksheet.cell(1, index)
        head.font, head.alignment = _HEADER, _WRAP
        head.fill = _KEY_FILL if column.kind == "key" else \
            _READ_ONLY if column.read_only else _HEADER_FILL
        cells = [cell for (cell,) in worksheet.iter_rows(min_row=2, max_row=count + 1,
                                                         min_col=index, max_col=index)]
        if cells:
            first = cells[0]
            first.alignment = _WRAP if column.wrap else _TOP
            if column.kind in formats:
                first.number_format = formats[column.kind]
            if column.read_only:
                first.fill = _READ_ONLY_CELL
            for cell in cells[1:]:
                cell._style = copy(first._style)
        if column.kind != "formula":
            for cell in cells:
                if cell.data_type == "f":
                    cell.data_type = "s"  # text that starts with "=" stays text
        dimension = worksheet.column_dimensions[letter(index)]
        dimension.width = float(_shown_width(column, widths[index - 1]))
        dimension.hidden = column.kind == "key"


def _fit_to_width(worksheet: Worksheet) -> None:
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0


def _totals(worksheet: Worksheet, plan: Plan, language: str, names: dict[str, str]) -> None:
    sources = cell_context(plan).choices["source"]
    start, end = _period(plan)
    years = list(range(start, end + 1))
    total = say(language, "sheet_headers", "total")
    worksheet.append([say(language, "sheet_headers", "year"), *sources, total])
    budget = _quoted(names["budget"])
    amount, year, source = (BUDGET.letter(h) for h in ("amount", "year", "source"))
    last = letter(len(sources) + 1)
    for row, value in enumerate(years, start=2):
        cells: list[Any] = [value]
        for index in range(len(sources)):
            column = letter(index + 2)
            cells.append(f"=SUMIFS({budget}!${amount}:${amount},{budget}!${year}:${year},"
                         f"$A{row},{budget}!${source}:${source},{column}$1)")
        cells.append(f"=SUM(B{row}:{last}{row})")
        worksheet.append(cells)
    bottom = len(years) + 2
    worksheet.append([total, *(f"=SUM({letter(i)}2:{letter(i)}{bottom - 1})"
                               for i in range(2, len(sources) + 3))])
    for row in worksheet.iter_rows(min_row=1, max_row=bottom):
        for cell in row:
            if cell.row == 1:
                cell.font, cell.fill, cell.alignment = _HEADER, _HEADER_FILL, _WRAP
            elif cell.column > 1:
                cell.number_format = RUPIAH
            if cell.row == bottom or cell.column == len(sources) + 2:
                cell.font = _TOTAL_FONT if cell.row > 1 else _HEADER
    worksheet.column_dimensions["A"].width = 10
    for index in range(2, len(sources) + 3):
        worksheet.column_dimensions[letter(index)].width = 20
    worksheet.freeze_panes = "B2"
    _fit_to_width(worksheet)


def _lists(book: Workbook, plan: Plan, language: str, names: dict[str, str]) -> None:
    """The closed lists on a hidden sheet, each a named range the dropdowns use."""
    worksheet = book.create_sheet(say(language, "sheet_names", "lists"))
    worksheet.sheet_state = "hidden"
    context = cell_context(plan)
    columns: list[tuple[str, str, tuple[str, ...]]] = [
        ("list_dimension", "dimension", context.choices["dimension"]),
        ("list_horizon", "horizon", context.choices["horizon"]),
        ("list_source", "source", context.choices["source"]),
        ("list_kind", "kind", context.choices["indicator_kind"]),
    ]
    dimensions = plan.catalog.dimensions if plan.catalog else ()
    for number, dimension in enumerate(dimensions, start=1):
        elements = tuple(element.id for element in dimension.elements)
        columns.append((f"list_element_{number}", dimension.id, elements or ("",)))
    quoted = _quoted(worksheet.title)
    for index, (name, header, values) in enumerate(columns, start=1):
        column = letter(index)
        head = say(language, "sheet_headers", header) if header in _LIST_HEADERS else header
        worksheet.cell(1, index, head).font = _TOTAL_FONT
        for row, value in enumerate(values, start=2):
            worksheet.cell(row, index, value or None)
        end = max(len(values), 1) + 1
        book.defined_names[name] = DefinedName(name, attr_text=f"{quoted}!${column}$2:"
                                                               f"${column}${end}")


_LIST_HEADERS = ("dimension", "horizon", "source", "kind")


def _meta(worksheet: Worksheet, plan: Plan, language: str, kind: str,
          more: tuple[tuple[str, Any], ...] = ()) -> None:
    """What the import checks the workbook against: its kind and format, and its plan."""
    worksheet.sheet_state = "hidden"
    start, end = _period(plan)
    for key, value in (("format", FORMATS[kind]), ("wilayah", _region(plan)),
                       ("katalog", plan.catalog.id if plan.catalog else ""),
                       ("bahasa", language), ("mulai", start), ("selesai", end),
                       ("jenis", kind), *more):
        worksheet.append([key, value])


def _state_list(book: Workbook, names: dict[str, str], language: str) -> None:
    """The states on a hidden sheet, and the dropdown of the state column."""
    worksheet = book.create_sheet(say(language, "sheet_names", "lists"))
    worksheet.sheet_state = "hidden"
    states = get_args(ProgrammeState)
    worksheet.cell(1, 1, say(language, "sheet_headers", "state")).font = _TOTAL_FONT
    for row, state in enumerate(states, start=2):
        worksheet.cell(row, 1, state)
    book.defined_names["list_state"] = DefinedName(
        "list_state", attr_text=f"{_quoted(worksheet.title)}!$A$2:$A${len(states) + 1}")
    column = REPORTS.column("state")
    rule = _rule(column, {"state": "list_state"}, 0, 0, language)
    assert rule is not None
    where = REPORTS.letter("state")
    rule.add(f"{where}2:{where}{LAST_ROW}")
    book[names[REPORTS.name]].add_data_validation(rule)


def _validations(book: Workbook, plan: Plan, language: str, names: dict[str, str]) -> None:
    start, end = _period(plan)
    dimension = PROGRAMMES.letter("dimension")
    element_list = f'INDIRECT("list_element_"&MATCH(${dimension}2,list_dimension,0))'
    lists = {"dimension": "list_dimension", "element": element_list,
             "horizon": "list_horizon", "source": "list_source",
             "indicator_kind": "list_kind"}
    for sheet in DATA_SHEETS:
        worksheet = book[names[sheet.name]]
        for column in sheet.data_columns:
            rule = _rule(column, lists, start, end, language)
            if rule is not None:
                where = sheet.letter(column.header)
                rule.add(f"{where}2:{where}{LAST_ROW}")
                worksheet.add_data_validation(rule)


def _rule(column: Column, lists: dict[str, str], start: int, end: int,
          language: str) -> DataValidation | None:
    if column.kind in lists:
        rule = DataValidation(type="list", formula1=lists[column.kind], allow_blank=True)
        rule.error = say(language, "sheet_words", "pick_from_list")
    elif column.kind == "year":
        rule = DataValidation(type="whole", operator="between", formula1=str(start),
                              formula2=str(end), allow_blank=True)
        rule.error = say(language, "sheet_words", "year_between", start=start, end=end)
    else:
        return None
    rule.errorTitle = say(language, "sheet_headers", column.header)
    rule.showErrorMessage = True
    return rule


def _period(plan: Plan) -> tuple[int, int]:
    return cell_context(plan).period if plan.manifest else (0, 0)


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


# Same plan, same bytes ----------------------------------------------------------------

def pinned_moment() -> datetime:
    """The date written into the workbook: SOURCE_DATE_EPOCH's, else a fixed day."""
    day = source_date() or _FIXED_DAY
    return datetime(day.year, day.month, day.day)


class _PinnedZip(zipfile.ZipFile):
    """A zip whose every entry carries the same date and attributes on every system."""

    moment = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None, *, strict_timestamps: bool = True) -> None:
        """A part openpyxl wrote to a temporary file (a sheet) goes in like the others."""
        with open(filename, "rb") as handle:
            self.writestr(str(arcname or filename), handle.read())


def _pinned_bytes(book: Workbook) -> bytes:
    moment = pinned_moment()
    book.properties.created = book.properties.modified = moment
    book.properties.creator = book.properties.lastModifiedBy = "kotacerdas"
    buffer = io.BytesIO()
    archive = _PinnedZip(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    archive.moment = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    ExcelWriter(book, archive).save()
    return buffer.getvalue()
