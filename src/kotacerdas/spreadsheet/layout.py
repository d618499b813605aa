"""The workbooks' layout: their sheets, their columns, and which YAML field each column is.

The programme matrix has three data sheets (programmes with their action plans, budget
lines, indicators), the realisation workbook of a year three more (reports, spending per
funding source, indicator values). Each carries one row per YAML item and, in a hidden
last column, the key of that item. The headers are words of the message catalogue
(`sheet_headers`), so the workbook speaks the plan's language; a workbook is read back
by header, in either language, so columns may move. A read-only column (no YAML field,
not a total) shows the plan beside the cells to fill in; the import never reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Bumped whenever a column is added, removed or changes meaning: the hidden keys hash
#: the fields of a row in this order.
FORMAT = 1
META_SHEET = "kotacerdas"
#: What the hidden sheet's `jenis` says of each kind of workbook, and its format.
MATRIX, REALISATION = "matriks", "realisasi"
FORMATS = {MATRIX: FORMAT, REALISATION: 1}


@dataclass(frozen=True)
class Column:
    """One column: its header (a key of `sheet_headers`) and the field it shows."""

    header: str
    kind: str  # how a cell is read: see kotacerdas.spreadsheet.cells.KINDS
    part: str = ""  # the YAML item: programme, action, budget, indicator ("" for none)
    key: str = ""  # the field of that item
    width: int = 14  # the widest the column is made, in characters
    wrap: bool = False

    @property
    def data(self) -> bool:
        """A column that holds a field of the plan (not a total or the hidden key)."""
        return bool(self.part)

    @property
    def read_only(self) -> bool:
        """A column that shows the plan for reference and is never read back."""
        return not self.part and self.kind not in ("key", "formula")


@dataclass(frozen=True)
class Sheet:
    """A data sheet: its name (a key of `sheet_names`), the key prefix of its rows."""

    name: str
    prefix: str
    columns: tuple[Column, ...]

    @property
    def data_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.data)

    def column(self, header: str) -> Column:
        return next(column for column in self.columns if column.header == header)

    def letter(self, header: str) -> str:
        """The column letter of ``header`` in an exported workbook."""
        return letter(self.columns.index(self.column(header)) + 1)


KEY = Column("key", "key", width=12)

PROGRAMMES = Sheet("programmes", "P", (
    Column("dimension", "dimension", "programme", "dimensi", 14),
    Column("element", "element", "programme", "elemen", 14),
    Column("id", "id", "programme", "id", 10),
    Column("programme_name", "text", "programme", "nama", 36, wrap=True),
    Column("description", "text", "programme", "deskripsi", 48, wrap=True),
    Column("horizon", "horizon", "programme", "jangka", 11),
    Column("strategies", "id_list", "programme", "strategi", 16),
    Column("agency", "text", "action", "opd", 30, wrap=True),
    Column("supporting_agencies", "text_list", "action", "opd_pendukung", 36, wrap=True),
    Column("location", "text", "action", "lokasi", 24, wrap=True),
    Column("first_year", "year", "action", "tahun_mulai", 10),
    Column("last_year", "year", "action", "tahun_selesai", 10),
    Column("total_budget", "formula", width=20),
    KEY,
))
BUDGET = Sheet("budget", "B", (
    Column("programme", "reference", "budget", "program", 12),
    Column("year", "year", "budget", "tahun", 10),
    Column("amount", "rupiah", "budget", "jumlah", 22),
    Column("source", "source", "budget", "sumber", 16),
    KEY,
))
INDICATORS = Sheet("indicators", "I", (
    Column("programme", "reference", "indicator", "program", 12),
    Column("kind", "indicator_kind", "indicator", "jenis", 10),
    Column("indicator_name", "text", "indicator", "nama", 40, wrap=True),
    Column("unit", "text", "indicator", "satuan", 18),
    Column("baseline", "measure", "indicator", "baseline", 12),
    Column("target", "measure", "indicator", "target", 12),
    Column("target_year", "year", "indicator", "tahun_target", 10),
    KEY,
))
DATA_SHEETS = (PROGRAMMES, BUDGET, INDICATORS)
#: Fields a new row must have (the programme's element is required where its
#: dimension has elements; an action plan's fields once any of them is filled in).
REQUIRED = {
    "programmes": ("dimension", "programme_name", "description", "horizon"),
    "action": ("agency", "first_year", "last_year"),
    "budget": ("programme", "year", "amount", "source"),
    "indicators": ("programme", "kind", "indicator_name", "unit", "baseline", "target"),
}
ACTION_HEADERS = tuple(c.header for c in PROGRAMMES.columns if c.part == "action")

#: The realisation of a year. The id, programme, source and indicator id of a row name
#: its item (`IDENTITY`): they are shown, and an edit of one is refused.
REPORTS = Sheet("reports", "R", (
    Column("id", "reference", "report", "program", 10),
    Column("programme_name", "text", width=36, wrap=True),
    Column("agency", "text", width=30, wrap=True),
    Column("state", "state", "report", "status", 12),
    Column("reason", "text", "report", "alasan", 36, wrap=True),
    Column("evidence", "text_list", "report", "bukti", 36, wrap=True),
    Column("obstacles", "text", "report", "kendala", 36, wrap=True),
    Column("notes", "text", "report", "catatan", 36, wrap=True),
    KEY,
))
SPENDING = Sheet("spending", "S", (
    Column("programme", "reference", "spending", "program", 12),
    Column("agency", "text", width=30, wrap=True),
    Column("source", "source", "spending", "sumber", 16),
    Column("planned_amount", "rupiah", width=22),
    Column("spent_amount", "rupiah", "spending", "jumlah", 22),
    KEY,
))
ACHIEVEMENTS = Sheet("achievements", "V", (
    Column("programme", "reference", "achievement", "program", 12),
    Column("agency", "text", width=30, wrap=True),
    Column("indicator_id", "reference", "achievement", "id", 14),
    Column("indicator_name", "text", width=40, wrap=True),
    Column("unit", "text", width=18),
    Column("baseline", "measure", width=12),
    Column("target", "measure", width=12),
    Column("target_year", "year", width=10),
    Column("value", "measure", "achievement", "nilai", 12),
    KEY,
))
REALISATION_SHEETS = (REPORTS, SPENDING, ACHIEVEMENTS)
IDENTITY = ("id", "programme", "source", "indicator_id")
SHEETS = {MATRIX: DATA_SHEETS, REALISATION: REALISATION_SHEETS}


def letter(index: int) -> str:
    """The column letter of the 1-based ``index``: 1 -> A, 27 -> AA."""
    text = ""
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def address(sheet: str, row: int, column: int) -> str:
    """``Program!C12``; a sheet name with spaces or punctuation is quoted."""
    shown = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{shown}!{letter(column)}{row}"
