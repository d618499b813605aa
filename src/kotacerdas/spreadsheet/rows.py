"""The plan as the rows of the workbook: what each row shows, and where it is written.

Export writes these rows; import compares the workbook with them. A programme row joins
the programme (stage 2) with its action plan (stage 3); budget lines and indicators get
one row each, keyed by their programme and their place in its action plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from kotacerdas.model.action import ActionEntry, ActionPlan
from kotacerdas.model.common import BudgetLine, FundingSource, Indicator, Model
from kotacerdas.model.formulation import Horizon, Programme
from kotacerdas.model.implementation import ProgrammeState
from kotacerdas.plan import Plan
from kotacerdas.spreadsheet.cells import Context, canon_of
from kotacerdas.spreadsheet.keys import make_key
from kotacerdas.spreadsheet.layout import BUDGET, INDICATORS, PROGRAMMES, Sheet

Place = tuple[str, tuple[Any, ...]]  # a file and the path of an item inside it


@dataclass
class PlanRow:
    """One row as the plan has it."""

    sheet: Sheet
    item: str  # GOV-01, or GOV-04.2 for a budget line or indicator
    values: dict[str, Any]  # column header -> the plan's value
    places: dict[str, Place] = field(default_factory=dict)  # part -> where it is written
    programme: Programme | None = None
    entry: ActionEntry | None = None

    def key(self) -> str:
        texts = [canon_of(c.kind, self.values[c.header]) for c in self.sheet.data_columns]
        return make_key(self.sheet.prefix, self.item, texts)


def plan_rows(plan: Plan) -> dict[str, list[PlanRow]]:
    """Every row of every data sheet, in the order of the plan's files."""
    rows: dict[str, list[PlanRow]] = {sheet.name: [] for sheet in (PROGRAMMES, BUDGET,
                                                                    INDICATORS)}
    for programme in plan.programmes:
        rows["programmes"].append(_programme_row(plan, programme))
    for entry in plan.action_plans:
        if plan.entry_of(entry.program) is not entry:
            continue  # a second entry for one programme (KC406): the first one counts
        rows["budget"] += [_line_row(plan, entry, index, line)
                           for index, line in enumerate(entry.anggaran)]
        rows["indicators"] += [_indicator_row(plan, entry, index, indicator)
                               for index, indicator in enumerate(entry.indikator)]
    return rows


def _programme_row(plan: Plan, programme: Programme) -> PlanRow:
    entry = plan.entry_of(programme.id)
    plan_of = entry if isinstance(entry, ActionPlan) else None
    values = {
        "dimension": programme.dimensi, "element": programme.elemen, "id": programme.id,
        "programme_name": programme.nama, "description": programme.deskripsi,
        "horizon": programme.jangka, "strategies": list(programme.strategi),
        "agency": plan_of.opd if plan_of else None,
        "supporting_agencies": list(plan_of.opd_pendukung) if plan_of else [],
        "location": plan_of.lokasi if plan_of else None,
        "first_year": plan_of.tahun_mulai if plan_of else None,
        "last_year": plan_of.tahun_selesai if plan_of else None,
    }
    places = {"programme": plan.origins.of(programme)}
    if entry is not None:
        places["action"] = plan.origins.of(entry)
    return PlanRow(PROGRAMMES, programme.id, values, places, programme, entry)


def _line_row(plan: Plan, entry: ActionPlan, index: int, line: BudgetLine) -> PlanRow:
    values = {"programme": entry.program, "year": line.tahun, "amount": line.jumlah,
              "source": line.sumber}
    return PlanRow(BUDGET, f"{entry.program}.{index}", values,
                   {"budget": _place(plan, line, entry, ("anggaran", index))}, entry=entry)


def _indicator_row(plan: Plan, entry: ActionPlan, index: int, indicator: Indicator) -> PlanRow:
    values = {"programme": entry.program, "kind": indicator.jenis,
              "indicator_name": indicator.nama, "unit": indicator.satuan,
              "baseline": indicator.baseline, "target": indicator.target,
              "target_year": indicator.tahun_target}
    return PlanRow(INDICATORS, f"{entry.program}.{index}", values,
                   {"indicator": _place(plan, indicator, entry, ("indikator", index))},
                   entry=entry)


def _place(plan: Plan, item: Model, entry: ActionPlan, below: tuple[Any, ...]) -> Place:
    rel, loc = plan.origins.of(item)
    if rel:
        return rel, loc
    rel, loc = plan.origins.of(entry)
    return rel, (*loc, *below)


def cell_context(plan: Plan) -> Context:
    """What the cells of this plan's workbook are checked against."""
    period = (plan.manifest.periode.mulai, plan.manifest.periode.selesai) if plan.manifest \
        else (1945, 2100)
    dimensions = plan.catalog.dimensions if plan.catalog else ()
    choices = {
        "dimension": tuple(d.id for d in dimensions),
        "horizon": get_args(Horizon),
        "source": get_args(FundingSource),
        "indicator_kind": indicator_kinds(),
        "state": get_args(ProgrammeState),
    }
    aliases = {kind: {value.casefold(): value for value in values}
               for kind, values in choices.items()}
    for dimension in dimensions:
        for name in dimension.names.values():
            aliases["dimension"].setdefault(name.casefold(), dimension.id)
    return Context(period, choices, aliases)


def indicator_kinds() -> tuple[str, ...]:
    return tuple(get_args(Indicator.model_fields["jenis"].annotation))
