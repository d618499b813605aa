"""An edited realisation workbook read against the year's realisation file.

The rows and their hidden keys work as in the programme matrix (`merge.RowMerger`):
only the cells changed since the export are read, each written into its scalar of
`realisasi-YYYY.yaml` in place, and when one cell is wrong nothing is written. The
file starts from its scaffold when the year has none yet. The rows are the year's
reports as the file (or scaffold) lists them: a row cannot be added here, and the
cells that name a row's item (its id, programme, source, indicator id) are not edited.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import Phrase
from kotacerdas.model.common import Model
from kotacerdas.model.implementation import IndicatorValue, Report, Spending
from kotacerdas.plan import Plan
from kotacerdas.source_document import Document
from kotacerdas.spreadsheet.cells import Cell
from kotacerdas.spreadsheet.changes import Change, FieldChange
from kotacerdas.spreadsheet.layout import IDENTITY, REALISATION_SHEETS
from kotacerdas.spreadsheet.merge import NEW, Merge, RowMerger
from kotacerdas.spreadsheet.reader import SheetData, WorkbookData
from kotacerdas.spreadsheet.realisation import SECTIONS, YearRows
from kotacerdas.spreadsheet.rows import PlanRow
from kotacerdas.spreadsheet.writing import before
from kotacerdas.spreadsheet.yaml_text import render
from kotacerdas.yaml_spans import SpliceError

#: Each part of a report, the model whose field order places a missing key, and how the
#: report names its item.
_PARTS: dict[str, tuple[type[Model], str]] = {
    "report": (Report, "item_report"), "spending": (Spending, "item_spending"),
    "achievement": (IndicatorValue, "item_value")}
_OWNER_KEYS = tuple(key for _, key in SECTIONS)
#: How a list of evidence is written where the file has none to copy.
_HINTS = {"bukti": "block"}


def merge_realisation(plan: Plan, data: WorkbookData, found: YearRows) -> Merge:
    """What the workbook changes in the year's realisation file; ``texts`` holds that
    file's new text, and is empty when anything is wrong or nothing changed."""
    return _RealisationMerger(plan, data, found).run()


class _RealisationMerger(RowMerger):
    def __init__(self, plan: Plan, data: WorkbookData, found: YearRows) -> None:
        super().__init__(plan, data, found.rows)
        self.found = found
        self.document = Document(found.text, render, _HINTS)

    def run(self) -> Merge:
        self.same_plan()
        for layout in REALISATION_SHEETS:
            sheet = self.data.sheets.get(layout.name)
            if sheet is None:
                continue
            self.seen[layout.name] = {}
            for number, cells in sheet.rows:
                self._row(sheet, number, cells)
        if self.has_errors():
            return Merge(self.problems, [], {})
        try:
            text = self.document.text()
        except SpliceError as problem:
            self.problems.append(Diagnostic.new("KC840", self.data.name, 0, 0,
                                                target=self.found.rel, detail=problem.where))
            return Merge(self.problems, [], {})
        return Merge(self.problems, self.changes,
                     {self.found.rel: text} if self.changes else {})

    def _row(self, sheet: SheetData, number: int, cells: dict[str, Cell]) -> None:
        found = self._existing(sheet, number, cells)
        if found == NEW:
            first = next(h for h, cell in cells.items() if not cell.empty)
            self._bad(sheet, number, first, "KC843", target=self.found.rel)
        if isinstance(found, str):
            return
        row, key = found
        edits = self._edits(sheet, number, cells, row, key)
        if not edits:
            return
        named = [header for header in IDENTITY if header in edits]
        if named:
            self._bad(sheet, number, named[0], "KC838", heading=self._header(named[0]),
                      current=row.values[named[0]])
            return
        self._apply(sheet, number, row, edits)

    def _apply(self, sheet: SheetData, number: int, row: PlanRow,
               edits: dict[str, Any]) -> None:
        part, (rel, loc) = next(iter(row.places.items()))
        model, label = _PARTS[part]
        fields = []
        for header, value in edits.items():
            key = sheet.sheet.column(header).key
            after = (*_OWNER_KEYS, *before(model, key))
            try:
                if isinstance(value, list):
                    self.document.set_sequence((*loc, key), value, after)
                else:
                    self.document.set_scalar((*loc, key), value, after)
            except SpliceError as problem:
                self._bad(sheet, number, header, "KC840", target=rel, detail=problem.where)
                continue
            fields.append(FieldChange(header, key, row.values[header], value))
        values = row.values
        item = Phrase("sheets", label, {"id": values.get("programme", row.item),
                                        "source": values.get("source"),
                                        "indicator": values.get("indicator_id")})
        self.changes.append(Change(item, part, rel, self._address(sheet, number,
                                                                   next(iter(edits))),
                                   False, fields))
