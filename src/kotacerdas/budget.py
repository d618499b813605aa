"""Budget sums: per year, per funding source, and both at once, in whole Rupiah.

Every total the toolkit shows (the coverage report, the books' tables and charts) is
added up here, so that they all agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kotacerdas.plan import Plan

#: One budget line as the sums see it: (year, funding source, amount).
Line = tuple[int, str, int]


@dataclass
class BudgetSums:
    """Sums over budget lines, keyed in sorted order."""

    cells: dict[tuple[int, str], int] = field(default_factory=dict)
    by_year: dict[int, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    total: int = 0


@dataclass
class BudgetTotals(BudgetSums):
    """The sums over every budget line of every (not dropped) action plan of a plan."""

    by_programme: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form: years and sources as string keys, in sorted order."""
        return {
            "total": self.total,
            "by_year": {str(year): amount for year, amount in self.by_year.items()},
            "by_source": dict(self.by_source),
            "by_year_and_source": [
                {"year": year, "source": source, "amount": amount}
                for (year, source), amount in self.cells.items()
            ],
            "by_programme": dict(self.by_programme),
        }


def sum_lines(lines: Iterable[Line]) -> BudgetSums:
    """Add up budget lines per year, per source and per (year, source)."""
    cells: dict[tuple[int, str], int] = defaultdict(int)
    for year, source, amount in lines:
        cells[(year, source)] += amount
    by_year: dict[int, int] = defaultdict(int)
    by_source: dict[str, int] = defaultdict(int)
    for (year, source), amount in cells.items():
        by_year[year] += amount
        by_source[source] += amount
    return BudgetSums(dict(sorted(cells.items())), dict(sorted(by_year.items())),
                      dict(sorted(by_source.items())), sum(by_year.values()))


def budget_totals(plan: Plan) -> BudgetTotals:
    """Add up the budget lines of the plan's action plans."""
    by_programme: dict[str, int] = defaultdict(int)
    lines: list[Line] = []
    for entry in plan.action_plans:
        for line in entry.anggaran:
            lines.append((line.tahun, line.sumber, line.jumlah))
            by_programme[entry.program] += line.jumlah
    sums = sum_lines(lines)
    return BudgetTotals(sums.cells, sums.by_year, sums.by_source, sums.total,
                        by_programme=dict(by_programme))
