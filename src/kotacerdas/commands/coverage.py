"""Traceability: the chains SWOT item → strategy → programme → indicator, and their gaps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kotacerdas.budget import BudgetTotals, budget_totals
from kotacerdas.commands.check import open_plan
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.model.action import ActionEntry, ActionPlan, DroppedProgramme
from kotacerdas.model.formulation import Programme, Strategy
from kotacerdas.plan import Plan, load_plan
from kotacerdas.stages import LAST

T = TypeVar("T")


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
    notes: list[Diagnostic] = field(default_factory=list)  # an interrupted change finished

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the chains, the gaps and the budget totals."""
        return {
            "region": self.region,
            "language": self.language,
            "chains": [
                {"swot": k.swot, "strategy": k.strategy, "programme": k.programme,
                 "indicators": list(k.indicators), "dropped": k.dropped}
                for k in self.links
            ],
            "gaps": [{"kind": g.kind, "id": g.id} for g in self.gaps],
            "budget": self.budget.as_dict(),
        }


def plan_coverage(start: Path, language: str | None = None) -> Coverage:
    """Load every stage that has files and trace its chains."""
    root, notes = open_plan(start)
    plan, _ = load_plan(root, LAST)
    found = trace(plan, language)
    found.notes = notes
    return found


def trace(plan: Plan, language: str | None = None) -> Coverage:
    """The chain table and gap list of a loaded plan."""
    region = plan.manifest.wilayah.nama if plan.manifest else plan.root.name
    found = Coverage(region, language or plan.language, budget=budget_totals(plan))
    answering = _index(plan.strategies, lambda s: s.swot)
    serving = _index(plan.programmes, lambda p: p.strategi)
    answered: set[str] = set()
    for _, item in plan.swot_items:
        strategies = answering.get(item.id, [])
        answered.update(s.id for s in strategies)
        if not strategies:
            found.links.append(Link(item.id, None, None))
            found.gaps.append(Gap("swot", item.id))
        for strategy in strategies:
            found.links += _strategy_links(plan, item.id, strategy, serving)
    for strategy in plan.strategies:
        if strategy.id not in answered:
            found.links += _strategy_links(plan, None, strategy, serving)
    found.gaps += [Gap("strategy", s.id) for s in plan.strategies if s.id not in serving]
    found.gaps += _programme_gaps(plan)
    return found


def _index(items: list[T], refs: Callable[[T], list[str]]) -> dict[str, list[T]]:
    """Id -> the items that name it, in item order (each item once per id)."""
    found: dict[str, list[T]] = {}
    for item in items:
        for ref in dict.fromkeys(refs(item)):
            found.setdefault(ref, []).append(item)
    return found


def _strategy_links(plan: Plan, swot: str | None, strategy: Strategy,
                    serving: dict[str, list[Programme]]) -> list[Link]:
    programmes = serving.get(strategy.id)
    if not programmes:
        return [Link(swot, strategy.id, None)]
    return [_programme_link(swot, strategy.id, p, plan.entry_of(p.id)) for p in programmes]


def _programme_link(swot: str | None, strategy: str, programme: Programme,
                    entry: ActionEntry | None) -> Link:
    if isinstance(entry, DroppedProgramme):
        return Link(swot, strategy, programme.id, dropped=True)
    names = tuple(i.nama for i in entry.indikator) if isinstance(entry, ActionPlan) else ()
    return Link(swot, strategy, programme.id, names)


def _programme_gaps(plan: Plan) -> list[Gap]:
    gaps = []
    for programme in plan.programmes:
        entry = plan.entry_of(programme.id)
        if entry is None:
            gaps.append(Gap("programme", programme.id))
        elif isinstance(entry, ActionPlan) and not entry.indikator:
            gaps.append(Gap("indicator", programme.id))
    return gaps
