"""Random valid edits to the workbook, imported and exported again: every edited value
comes back, and no file changes that holds none of the edited items."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import EXAMPLE
from kotacerdas.commands.sheets import import_workbook
from kotacerdas.spreadsheet.cells import Cell, parse
from kotacerdas.spreadsheet.layout import DATA_SHEETS
from kotacerdas.spreadsheet.reader import header_names, normal
from test_spreadsheet import BUDGET, INDICATORS, PROGRAMMES, columns, export, yaml_files

SETTINGS = settings(max_examples=14, deadline=None, derandomize=True, database=None)
ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "Zs"),
                         include_characters="-_.,:;'\"#&*!|>%@[]{}()/?+",
                         exclude_characters="\u2028\u2029\x85\xa0\u1680\u3000")
TEXT = st.text(ALPHABET, min_size=1, max_size=40).map(str.strip).filter(
    lambda t: t and not t.startswith("=") and t not in ("…", "...") and "  " not in t)
ITEM = TEXT.filter(lambda t: ";" not in t)
AMOUNT = st.integers(0, 10 ** 13)
MEASURE = st.one_of(st.integers(-1000, 10 ** 9),
                    st.floats(0, 1000, allow_nan=False).map(lambda f: round(f, 2)),
                    TEXT.filter(lambda t: not any(c.isdigit() for c in t)))
#: (sheet, header, values): columns any row may have edited (action-plan columns only
#: where the programme has an action plan).
EDITABLE = [
    (PROGRAMMES, "Nama program", TEXT),
    (PROGRAMMES, "Deskripsi", TEXT),
    (PROGRAMMES, "Jangka", st.sampled_from(["pendek", "menengah", "panjang"])),
    (PROGRAMMES, "OPD", TEXT),
    (PROGRAMMES, "Lokasi", TEXT),
    (PROGRAMMES, "OPD pendukung", st.lists(ITEM, max_size=3)),
    (BUDGET, "Tahun", st.integers(2023, 2032)),
    (BUDGET, "Jumlah (Rp)", st.one_of(AMOUNT, AMOUNT.map(str))),
    (BUDGET, "Sumber dana", st.sampled_from(["APBD", "APBN", "DAK", "CSR", "hibah"])),
    (INDICATORS, "Nama indikator", TEXT),
    (INDICATORS, "Satuan", TEXT),
    (INDICATORS, "Target", MEASURE),
    (INDICATORS, "Tahun target", st.integers(2023, 2032)),
]
ACTION = ("OPD", "Lokasi", "OPD pendukung")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("base")
    plan = shutil.copytree(EXAMPLE, folder / "plan", ignore=shutil.ignore_patterns("build"))
    return plan, export(plan, folder / "kerja.xlsx")


edits = st.lists(st.tuples(st.integers(0, len(EDITABLE) - 1), st.integers(0, 10 ** 6),
                           st.data()), min_size=1, max_size=8)


@SETTINGS
@given(chosen=edits)
def test_edited_values_come_back_after_import_and_export(base: tuple[Path, Path],
                                                         chosen: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(shutil.copytree(base[0], Path(folder) / "plan"))
        workbook = Path(shutil.copyfile(base[1], Path(folder) / "kerja.xlsx"))
        before = yaml_files(plan)
        wanted = _edit(workbook, chosen)
        done = import_workbook(plan, workbook)
        assert [d for d in done.result.errors if d.code.startswith("KC8")] == []
        touched = {change.file for change in done.changes}
        after = yaml_files(plan)
        assert {rel for rel in before if before[rel] != after[rel]} <= touched
        again = export(plan, Path(folder) / "again.xlsx")
        assert _values(again, wanted) == wanted


def _edit(workbook: Path, chosen: list[Any]) -> dict[tuple[str, str, str], Any]:
    """Apply the edits; (sheet, row key, header) -> the value each cell should read as."""
    book = load_workbook(workbook)
    wanted: dict[tuple[str, str, str], Any] = {}
    for which, pick, data in chosen:
        sheet_name, header, values = EDITABLE[which]
        sheet = book[sheet_name]
        heads = columns(sheet)
        rows = [r for r in range(2, sheet.max_row + 1)
                if header not in ACTION or sheet.cell(r, heads["OPD"]).value is not None]
        row = rows[pick % len(rows)]
        key = str(sheet.cell(row, heads["Kunci"]).value).split(":")[1]
        value = data.draw(values)
        sheet.cell(row, heads[header]).value = "; ".join(value) if isinstance(value, list) \
            else value
        wanted[(sheet_name, key, header)] = _expected(sheet_name, header, value)
    book.save(workbook)
    return wanted


def _expected(sheet: str, header: str, value: Any) -> Any:
    if header == "Jumlah (Rp)":
        return int(value)
    return value


def _values(workbook: Path, wanted: dict[tuple[str, str, str], Any]) -> dict[tuple[str, str,
                                                                               str], Any]:
    """What the cells of ``wanted`` read as in ``workbook``, found by their row's key."""
    from kotacerdas.plan import load_plan
    from kotacerdas.spreadsheet.rows import cell_context

    context = cell_context(load_plan(EXAMPLE)[0])
    book = load_workbook(workbook)
    found: dict[tuple[str, str, str], Any] = {}
    for sheet_name, key, header in wanted:
        sheet = book[sheet_name]
        heads = columns(sheet)
        layout = next(s for s in DATA_SHEETS if _named(s.name, sheet_name))
        column = layout.column(header_names(layout)[normal(header)])
        row = next(r for r in range(2, sheet.max_row + 1)
                   if str(sheet.cell(r, heads["Kunci"]).value).split(":")[1] == key)
        found[(sheet_name, key, header)] = parse(column.kind,
                                                 Cell(sheet.cell(row, heads[header]).value),
                                                 context)
    return found


def _named(layout_name: str, sheet_name: str) -> bool:
    from kotacerdas.messages import say

    return say("id", "sheet_names", layout_name) == sheet_name
