"""Traceability: the chains SWOT item → strategy → programme → indicator, and their gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kotacerdas.budget import BudgetTotals, budget_totals
from kotacerdas.model.action import ActionPlan, DroppedProgramme
from kotacerdas.model.formulation import Programme, Strategy
from kotacerdas.plan import Plan, find_root, load_plan
from kotacerdas.stages import LAST


@dataclass(frozen=True)
class Link:
    """One row of the chain table; a missing link is None."""

    swot: str | None
    strategy: str | None
    programme: str | None
    indicators: tuple[str, ...] = ()
    dropped: bool = False


@dataclass(frozen=True)
class Gap:
    kind: str  # swot | strategy | programme | indicator
    id: str


@dataclass
class Coverage:
    region: str
    language: str
    links: list[Link] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    budget: BudgetTotals = field(default_factory=BudgetTotals)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the chains, the gaps and the budget totals."""
        return {
            "wilayah": self.region,
            "rantai": [
                {"swot": k.swot, "strategi": k.strategy, "program": k.programme,
                 "indikator": list(k.indicators), "batal": k.dropped}
                for k in self.links
            ],
            "celah": [{"jenis": g.kind, "id": g.id} for g in self.gaps],
            "anggaran": self.budget.as_dict(),
        }


def plan_coverage(start: Path, language: str | None = None) -> Coverage:
    """Load every stage that has files and trace its chains."""
    plan, _ = load_plan(find_root(start), LAST)
    return trace(plan, language)


def trace(plan: Plan, language: str | None = None) -> Coverage:
    """The chain table and gap list of a loaded plan."""
    region = plan.manifest.wilayah.nama if plan.manifest else plan.root.name
    found = Coverage(region, language or plan.language, budget=budget_totals(plan))
    swot = [item for _, item in plan.analysis.swot.items()] \
        if plan.analysis and plan.analysis.swot else []
    strategies = list(plan.formulation.strategi or []) if plan.formulation else []
    programmes = list(plan.formulation.program or []) if plan.formulation else []
    entries = _entries_by_programme(plan)
    answered: set[str] = set()
    for item in swot:
        answering = [s for s in strategies if item.id in s.swot]
        answered.update(s.id for s in answering)
        if not answering:
            found.links.append(Link(item.id, None, None))
            found.gaps.append(Gap("swot", item.id))
        for strategy in answering:
            found.links += _strategy_links(item.id, strategy, programmes, entries)
    for strategy in strategies:
        if strategy.id not in answered:
            found.links += _strategy_links(None, strategy, programmes, entries)
    found.gaps += _strategy_gaps(strategies, programmes)
    found.gaps += _programme_gaps(programmes, entries)
    return found


def _entries_by_programme(plan: Plan) -> dict[str, ActionPlan | DroppedProgramme]:
    entries = plan.action.rencana_aksi or [] if plan.action else []
    return {entry.program: entry for entry in reversed(entries)}


def _strategy_links(
    swot: str | None, strategy: Strategy, programmes: list[Programme], entries: dict
) -> list[Link]:
    serving = [p for p in programmes if strategy.id in p.strategi]
    if not serving:
        return [Link(swot, strategy.id, None)]
    return [_programme_link(swot, strategy.id, p, entries.get(p.id)) for p in serving]


def _programme_link(swot: str | None, strategy: str, programme: Programme, entry: Any) -> Link:
    if isinstance(entry, DroppedProgramme):
        return Link(swot, strategy, programme.id, dropped=True)
    names = tuple(i.nama for i in entry.indikator) if isinstance(entry, ActionPlan) else ()
    return Link(swot, strategy, programme.id, names)


def _strategy_gaps(strategies: list[Strategy], programmes: list[Programme]) -> list[Gap]:
    served = {ref for p in programmes for ref in p.strategi}
    return [Gap("strategy", s.id) for s in strategies if s.id not in served]


def _programme_gaps(programmes: list[Programme], entries: dict) -> list[Gap]:
    gaps = []
    for programme in programmes:
        entry = entries.get(programme.id)
        if entry is None:
            gaps.append(Gap("programme", programme.id))
        elif isinstance(entry, ActionPlan) and not entry.indikator:
            gaps.append(Gap("indicator", programme.id))
    return gaps
