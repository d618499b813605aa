"""The edited programme matrix read against the plan: edits in place, new items, and
problems (`RowMerger` is the part every workbook's import shares).

Each row's hidden key names its YAML item and what every cell showed at export. A cell
that still shows that is left alone (whatever the plan holds now); a cell that shows
something else is read as its column's kind and written in place, unless the plan's
value changed since the export too (a conflict, reported). A row without a key is a
new item. Every problem is located as ``Sheet!C12``; when there is one, nothing at all
is written. Rows missing from the workbook are reported, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import KotacerdasError
from kotacerdas.messages import Phrase
from kotacerdas.model.action import ActionPlan, DroppedProgramme
from kotacerdas.plan import Plan
from kotacerdas.rules._suggest import suggestion
from kotacerdas.rules.references import identified
from kotacerdas.spreadsheet.cells import Bad, Cell, canon, canon_of, parse, word
from kotacerdas.spreadsheet.changes import (
    PART_NAMES,
    Change,
    Draft,
    FieldChange,
    item_phrase,
    same,
    show,
)
from kotacerdas.spreadsheet.keys import RowKey, fingerprint, read_key
from kotacerdas.spreadsheet.layout import ACTION_HEADERS, REQUIRED, SHEETS, Column, address
from kotacerdas.spreadsheet.placement import action_file, next_id, plan_ids, programme_file
from kotacerdas.spreadsheet.reader import SheetData, WorkbookData
from kotacerdas.spreadsheet.rows import PlanRow, cell_context, plan_rows
from kotacerdas.spreadsheet.writing import Writer
from kotacerdas.yaml_spans import SpliceError

NEW, BAD = "new", "bad"


@dataclass
class Merge:
    diagnostics: list[Diagnostic]
    changes: list[Change]
    texts: dict[str, str]  # file -> its new text (without a byte-order mark)


def merge(plan: Plan, data: WorkbookData) -> Merge:
    """What the workbook changes in the plan; ``texts`` is empty when anything is wrong."""
    return _Merger(plan, data).run()


class RowMerger:
    """What every workbook's import shares: each row's item found by its hidden key, the
    cells the user changed read by their column's kind, and problems located by cell."""

    def __init__(self, plan: Plan, data: WorkbookData, rows: dict[str, list[PlanRow]]) -> None:
        self.plan, self.data = plan, data
        self.context = cell_context(plan)
        self.rows = rows
        self.index = {name: {row.item: row for row in rows} for name, rows in self.rows.items()}
        self.problems: list[Diagnostic] = list(data.problems)
        self.changes: list[Change] = []
        self.seen: dict[str, dict[str, int]] = {}
        self.damaged: set[str] = set()  # sheets with a hidden key that is in doubt

    def same_plan(self) -> None:
        region = self.plan.manifest.wilayah.nama if self.plan.manifest else ""
        exported = str(self.data.meta.get("wilayah") or "")
        if exported != region:
            raise KotacerdasError.about("KC809", path=self.data.name, region=exported or "?",
                                        plan=region or "?")

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.problems)

    # Finding the row's item -------------------------------------------------------------

    def _existing(self, sheet: SheetData, number: int,
                  cells: dict[str, Cell]) -> tuple[PlanRow, RowKey] | str:
        """The plan row and key of a keyed row; NEW for a row without a key; BAD when
        the key is bad (reported)."""
        cell = cells["key"]
        if cell.empty:
            return NEW
        text = str(cell.value)
        key = read_key(text, sheet.sheet.prefix, len(sheet.sheet.data_columns))
        if key is None or key.item in self.seen[sheet.sheet.name]:
            self.damaged.add(sheet.sheet.name)
        if key is None:
            prefix = text.split(":", 1)[0]
            prefixes = {other.prefix for other in SHEETS[self.data.kind]}
            other = prefix in prefixes and prefix != sheet.sheet.prefix
            reason = "wrong_sheet" if other else "edited"
            self._bad(sheet, number, "key", "KC831", reason=word(reason))
            return BAD
        seen = self.seen[sheet.sheet.name]
        if key.item in seen:
            self._bad(sheet, number, "key", "KC831",
                      reason=Phrase("sheet_words", "copied", {"row": seen[key.item]}))
            return BAD
        seen[key.item] = number
        row = self.index[sheet.sheet.name].get(key.item)
        if row is None:
            self._bad(sheet, number, "key", "KC830", item=key.item)
            return BAD
        return row, key

    def _edits(self, sheet: SheetData, number: int, cells: dict[str, Cell], row: PlanRow,
               key: RowKey) -> dict[str, Any] | None:
        """The cells of a keyed row that the user changed, read; None when one is bad."""
        edits: dict[str, Any] = {}
        fine = True
        for index, column in enumerate(sheet.sheet.data_columns):
            cell = cells[column.header]
            if not cell.formula and fingerprint(canon(column.kind, cell)) == key.prints[index]:
                continue  # as exported: left alone, whatever the plan holds now
            value = parse(column.kind, cell, self.context)
            current = row.values[column.header]
            if isinstance(value, Bad):
                fine = self._bad_cell(sheet, number, column, value)
                continue
            if same(value, current):
                continue
            exported = fingerprint(canon_of(column.kind, current))
            if exported != key.prints[index]:
                fine = self._bad(sheet, number, column.header, "KC837",
                                 heading=self._header(column.header),
                                 target=row.places.get(column.part, ("?",))[0],
                                 current=show(current))
                continue
            edits[column.header] = value
        if fine and edits and "." in key.item:
            fine = self._still_there(sheet, number, row, key, edits)
        return edits if fine else None

    def _still_there(self, sheet: SheetData, number: int, row: PlanRow, key: RowKey,
                     edits: dict[str, Any]) -> bool:
        """Whether the item a positional key (``GOV-04.2``) names is still the one the
        row was exported from: a line added or moved above it in the plan since would
        take the row's edits to another line."""
        for index, column in enumerate(sheet.sheet.data_columns):
            if column.header in edits:
                continue
            current = row.values[column.header]
            if fingerprint(canon_of(column.kind, current)) != key.prints[index]:
                return self._bad(sheet, number, column.header, "KC847",
                                 heading=self._header(column.header),
                                 target=row.places.get(column.part, ("?",))[0],
                                 current=show(current))
        return True

    def _new(self, sheet: SheetData, number: int, cells: dict[str, Cell]) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        fine = True
        for column in sheet.sheet.data_columns:
            value = parse(column.kind, cells[column.header], self.context)
            if isinstance(value, Bad):
                fine = self._bad_cell(sheet, number, column, value)
            else:
                values[column.header] = value
        return values if fine else None

    # Reporting ---------------------------------------------------------------------------

    def _bad(self, sheet: SheetData, number: int, header: str, code: str,
             **params: Any) -> bool:
        column = sheet.columns.get(header, 0)
        self.problems.append(Diagnostic.new(code, self.data.name, number, column,
                                            field=address(sheet.title, number, column or 1),
                                            **params))
        return False

    def _bad_cell(self, sheet: SheetData, number: int, column: Column, bad: Bad) -> bool:
        return self._bad(sheet, number, column.header, bad.code, **bad.params)

    def _address(self, sheet: SheetData, number: int, header: str) -> str:
        return address(sheet.title, number, sheet.columns.get(header, 1))

    def _header(self, header: str) -> Phrase:
        return Phrase("sheet_headers", header)


class _Merger(RowMerger):
    """The programme matrix read against stages 2 and 3."""

    def __init__(self, plan: Plan, data: WorkbookData) -> None:
        super().__init__(plan, data, plan_rows(plan))
        self.writer = Writer(plan)
        self.programmes: list[Draft] = []  # new programmes, in sheet order
        self.actions: dict[str, Draft] = {}  # programme id -> its new action plan
        self.taken = plan_ids(plan)

    # The run --------------------------------------------------------------------------

    def run(self) -> Merge:
        self.same_plan()
        for name, reader in (("programmes", self._programme_row), ("budget", self._line_row),
                             ("indicators", self._indicator_row)):
            sheet = self.data.sheets.get(name)
            if sheet is None:
                continue
            self.seen[name] = {}
            for number, cells in sheet.rows:
                reader(sheet, number, cells)
            if name == "programmes":
                self._assign_ids()
        self._missing_rows()
        if self.has_errors():
            return Merge(self.problems, [], {})
        texts = self._texts()
        if self.has_errors():
            return Merge(self.problems, [], {})
        return Merge(self.problems, self.changes, texts)

    # Programmes ---------------------------------------------------------------------------

    def _programme_row(self, sheet: SheetData, number: int, cells: dict[str, Cell]) -> None:
        found = self._existing(sheet, number, cells)
        if found == BAD:
            return
        if found == NEW:
            values = self._new(sheet, number, cells)
            if values is not None:
                self._new_programme(sheet, number, values)
            return
        assert not isinstance(found, str)
        row, key = found
        edits = self._edits(sheet, number, cells, row, key)
        if edits is None or not edits:
            return
        if "id" in edits:
            self._bad(sheet, number, "id", "KC838", heading=self._header("id"),
                      current=row.item)
            return
        final = {**row.values, **edits}
        fine = self._required(sheet, number, "programmes", edits)
        if "dimension" in edits or "element" in edits:
            fine = self._element(sheet, number, final) and fine
        if "strategies" in edits:
            fine = self._strategies(sheet, number, edits["strategies"]) and fine
        action = {h: v for h, v in edits.items() if h in ACTION_HEADERS}
        if action:
            fine = self._action_edits(sheet, number, row, final, action) and fine
        if fine:
            changed = {h: final[h] for h in edits if h not in ACTION_HEADERS
                       and not same(final[h], row.values[h])}  # an element by its name
            self._apply(sheet, number, row, "programme", changed)
            if action and isinstance(row.entry, ActionPlan):
                self._apply(sheet, number, row, "action", action)

    def _action_edits(self, sheet: SheetData, number: int, row: PlanRow,
                      final: dict[str, Any], action: dict[str, Any]) -> bool:
        first = next(iter(action))
        reason = self._no_action_plan(row.item, row.entry)
        if reason is not None:
            return self._bad(sheet, number, first, "KC839", programme=row.item, reason=reason)
        if isinstance(row.entry, ActionPlan):
            return self._required(sheet, number, "action", action) and \
                self._years(sheet, number, final, action)
        if not self._action_complete(sheet, number, final):
            return False
        assert row.programme is not None
        self.actions[row.item] = Draft(
            final, action_file(self.plan, row.programme.dimensi),
            self._address(sheet, number, first))
        return True

    def _no_action_plan(self, programme: str, entry: Any) -> Phrase | None:
        if 3 not in self.plan.stages:
            return word("stage_not_started")
        if isinstance(entry, DroppedProgramme):
            place = self.plan.place_of(entry, "batal")
            return Phrase("sheet_words", "dropped", {"place": place})
        return None

    def _action_complete(self, sheet: SheetData, number: int, values: dict[str, Any]) -> bool:
        fine = True
        for header in REQUIRED["action"]:
            if values.get(header) is None:
                fine = self._bad(sheet, number, header, "KC835", heading=self._header(header))
        return fine and self._years(sheet, number, values)

    def _new_programme(self, sheet: SheetData, number: int, values: dict[str, Any]) -> None:
        fine = True
        if 2 not in self.plan.stages:
            self._bad(sheet, number, "id", "KC839",
                      programme=values.get("id") or values.get("programme_name") or "?",
                      reason=word("stage_two_not_started"))
            return
        for header in REQUIRED["programmes"]:
            if values.get(header) is None:
                fine = self._bad(sheet, number, header, "KC835", heading=self._header(header))
        fine = self._element(sheet, number, values) and fine
        fine = self._strategies(sheet, number, values.get("strategies") or []) and fine
        ident = values.get("id")
        if ident is not None:
            fine = self._free_id(sheet, number, ident) and fine
        action = any(values.get(h) not in (None, []) for h in ACTION_HEADERS)
        if action:
            reason = self._no_action_plan(ident or "?", None)
            if reason is not None:
                first = next(h for h in ACTION_HEADERS if values.get(h) not in (None, []))
                fine = self._bad(sheet, number, first, "KC839", programme=ident or "?",
                                 reason=reason)
            else:
                fine = self._action_complete(sheet, number, values) and fine
        if not fine:
            return
        dimension = values["dimension"]
        draft = Draft(values, programme_file(self.plan, dimension),
                       self._address(sheet, number, "id"), dimension=dimension)
        if action:
            draft.action = Draft(values, action_file(self.plan, dimension), draft.row)
        self.programmes.append(draft)

    def _free_id(self, sheet: SheetData, number: int, ident: str) -> bool:
        if ident in self.taken:
            return self._bad(sheet, number, "id", "KC829", value=ident, other=self._owner(ident))
        self.taken.add(ident)
        self.seen.setdefault("new ids", {})[ident] = number
        return True

    def _owner(self, ident: str) -> str:
        item = next((i for i in identified(self.plan) if i.id == ident), None)
        if item is not None:
            return self.plan.place_of(item, "id")
        row = self.seen.get("new ids", {}).get(ident)
        sheet = self.data.sheets["programmes"]
        return address(sheet.title, row or 0, sheet.columns["id"])

    def _assign_ids(self) -> None:
        for draft in self.programmes:
            if draft.values.get("id") is None:
                dimension = self.plan.catalog.dimension(draft.dimension) \
                    if self.plan.catalog else None
                code = dimension.code if dimension else draft.dimension[:3].upper()
                draft.values["id"] = next_id(code, self.taken)
                self.taken.add(draft.values["id"])
                draft.assigned = True
            if draft.action is not None:
                self.actions[draft.values["id"]] = draft.action

    # Budget lines and indicators ------------------------------------------------------

    def _line_row(self, sheet: SheetData, number: int, cells: dict[str, Cell]) -> None:
        self._sub_row(sheet, number, cells, "budget", "budget")

    def _indicator_row(self, sheet: SheetData, number: int, cells: dict[str, Cell]) -> None:
        self._sub_row(sheet, number, cells, "indicators", "indicator")

    def _sub_row(self, sheet: SheetData, number: int, cells: dict[str, Cell], name: str,
                 part: str) -> None:
        found = self._existing(sheet, number, cells)
        if found == BAD:
            return
        if found == NEW:
            values = self._new(sheet, number, cells)
            if values is not None and self._required(sheet, number, name, values):
                self._new_sub_item(sheet, number, values, part)
            return
        assert not isinstance(found, str)
        row, key = found
        edits = self._edits(sheet, number, cells, row, key)
        if not edits:
            return
        if "programme" in edits:
            self._bad(sheet, number, "programme", "KC838", heading=self._header("programme"),
                      current=row.values["programme"])
        elif self._required(sheet, number, name, edits):
            self._apply(sheet, number, row, part, edits)

    def _new_sub_item(self, sheet: SheetData, number: int, values: dict[str, Any],
                      part: str) -> None:
        programme = values["programme"]
        item = {column.key: values[column.header] for column in sheet.sheet.data_columns
                if column.header != "programme" and values[column.header] is not None}
        draft = self.actions.get(programme)
        if draft is not None:
            (draft.lines if part == "budget" else draft.indicators).append(item)
            return
        entry = self.plan.entry_of(programme)
        known = any(p.id == programme for p in self.plan.programmes)
        if isinstance(entry, ActionPlan):
            key = "anggaran" if part == "budget" else "indikator"
            twin = next((old for old in getattr(entry, key)
                         if all(getattr(old, k, None) == v for k, v in item.items())), None)
            if twin is not None:  # the same workbook imported twice, or a key cleared
                self._bad(sheet, number, "programme", "KC848",
                          programme=programme, place=self.plan.place_of(twin))
                return
            rel, loc = self.plan.origins.of(entry)
            self.writer.append(rel, loc, "action", key, item)
            label = item_phrase(part, programme, values)
            self.changes.append(Change(label, PART_NAMES[part], rel,
                                       self._address(sheet, number, "programme"), True,
                                       [FieldChange(c, k, None, v) for c, k, v in
                                        _fields(sheet, values)]))
        elif known and self._no_action_plan(programme, entry) is not None:
            reason = self._no_action_plan(programme, entry)
            self._bad(sheet, number, "programme", "KC839", programme=programme, reason=reason)
        else:
            planned = [p.id for p in self.plan.programmes
                       if isinstance(self.plan.entry_of(p.id), ActionPlan)]
            self._bad(sheet, number, "programme", "KC836", value=programme,
                      kind=word("planned_programme"), suggestion=suggestion(programme, planned),
                      then=word("add_programme_first"))

    # Checks across cells ----------------------------------------------------------------

    def _required(self, sheet: SheetData, number: int, name: str,
                  values: dict[str, Any]) -> bool:
        fine = True
        for header in REQUIRED[name]:
            if header in values and values[header] is None:
                fine = self._bad(sheet, number, header, "KC835", heading=self._header(header))
        return fine

    def _element(self, sheet: SheetData, number: int, values: dict[str, Any]) -> bool:
        catalog = self.plan.catalog
        dimension = catalog.dimension(values.get("dimension") or "") if catalog else None
        if dimension is None:
            return True  # an unknown dimension is reported at its own cell
        element = values.get("element")
        allowed = [e.id for e in dimension.elements]
        if element is None:
            if not allowed:
                return True
            return self._bad(sheet, number, "element", "KC835", heading=self._header("element"))
        for candidate in dimension.elements:
            names = {candidate.id.casefold(), *(n.casefold() for n in candidate.names.values())}
            if element.casefold() in names:
                values["element"] = candidate.id
                return True
        return self._bad(sheet, number, "element", "KC823", value=element,
                         dimension=dimension.id, allowed=", ".join(allowed) or "—")

    def _strategies(self, sheet: SheetData, number: int, idents: list[str]) -> bool:
        known = [s.id for s in self.plan.strategies]
        for ident in idents:
            if ident not in known:
                return self._bad(sheet, number, "strategies", "KC836", value=ident,
                                 kind=word("strategy"), suggestion=suggestion(ident, known),
                                 then=word("add_strategy_first"))
        return True

    def _years(self, sheet: SheetData, number: int, values: dict[str, Any],
               edited: dict[str, Any] | None = None) -> bool:
        """The last year is not before the first (reported at the one that was edited)."""
        first, last = values.get("first_year"), values.get("last_year")
        if isinstance(first, int) and isinstance(last, int) and last < first:
            at = "first_year" if edited and "last_year" not in edited else "last_year"
            return self._bad(sheet, number, at, "KC825", first=first, last=last)
        return True

    def _missing_rows(self) -> None:
        for name, rows in self.rows.items():
            sheet = self.data.sheets.get(name)
            if sheet is None or name not in self.seen or name in self.damaged:
                continue  # a damaged key already says which row is in doubt
            for row in rows:
                if row.item in self.seen[name]:
                    continue
                rel, loc = next(iter(row.places.values()))
                part = {"programmes": "programme", "budget": "budget",
                        "indicators": "indicator"}[name]
                ident = row.values.get("programme", row.item)
                self.problems.append(self.plan.at_path(
                    rel, loc, code="KC841", item=item_phrase(part, ident, row.values),
                    sheet=sheet.title))

    # Writing -----------------------------------------------------------------------------

    def _apply(self, sheet: SheetData, number: int, row: PlanRow, part: str,
               edits: dict[str, Any]) -> None:
        if not edits:
            return
        rel, loc = row.places[part]
        fields = []
        for header, value in edits.items():
            key = sheet.sheet.column(header).key
            try:
                self.writer.set(rel, (*loc, key), part, value)
            except SpliceError as problem:
                self._bad(sheet, number, header, "KC840", target=rel, detail=problem.where)
                continue
            fields.append(FieldChange(header, key, row.values[header], value))
        label = item_phrase(part, row.values.get("programme", row.item), row.values)
        self.changes.append(Change(label, PART_NAMES[part], rel,
                                   self._address(sheet, number, next(iter(edits))), False,
                                   fields))

    def _texts(self) -> dict[str, str]:
        self.changes += [self.writer.programme(draft) for draft in self.programmes]
        self.changes += [self.writer.action(ident, draft)
                         for ident, draft in self.actions.items()]
        texts, failed = self.writer.texts()
        for rel, where in failed:
            self.problems.append(Diagnostic.new("KC840", self.data.name, 0, 0, target=rel,
                                                detail=where))
        return texts


def _fields(sheet: SheetData, values: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [(c.header, c.key, values[c.header]) for c in sheet.sheet.data_columns
            if c.header != "programme" and values[c.header] is not None]
