"""Budget totals of the action plans: per year, per funding source, and both at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kotacerdas.model.action import ActionPlan
from kotacerdas.plan import Plan


@dataclass
class BudgetTotals:
    """Sums in Rupiah over every budget line of every (not dropped) action plan."""

    by_year: dict[int, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    cells: dict[tuple[int, str], int] = field(default_factory=dict)
    by_programme: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form: years and sources as string keys, in sorted order."""
        return {
            "total": self.total,
            "per_tahun": {str(year): amount for year, amount in self.by_year.items()},
            "per_sumber": dict(self.by_source),
            "per_tahun_sumber": [
                {"tahun": year, "sumber": source, "jumlah": amount}
                for (year, source), amount in self.cells.items()
            ],
            "per_program": dict(self.by_programme),
        }


def action_plans(plan: Plan) -> list[ActionPlan]:
    """The stage-3 entries that are action plans (dropped programmes left out)."""
    entries = plan.action.rencana_aksi or [] if plan.action else []
    return [entry for entry in entries if isinstance(entry, ActionPlan)]


def budget_totals(plan: Plan) -> BudgetTotals:
    """Add up the budget lines of the plan's action plans."""
    by_year: dict[int, int] = defaultdict(int)
    by_source: dict[str, int] = defaultdict(int)
    cells: dict[tuple[int, str], int] = defaultdict(int)
    by_programme: dict[str, int] = defaultdict(int)
    for entry in action_plans(plan):
        for line in entry.anggaran:
            by_year[line.tahun] += line.jumlah
            by_source[line.sumber] += line.jumlah
            cells[(line.tahun, line.sumber)] += line.jumlah
            by_programme[entry.program] += line.jumlah
    return BudgetTotals(
        by_year=dict(sorted(by_year.items())),
        by_source=dict(sorted(by_source.items())),
        cells=dict(sorted(cells.items())),
        by_programme=dict(by_programme),
        total=sum(by_year.values()),
    )
