"""Indicator ids: the names the yearly reports of stage 5 give the indicators of an
action plan or a quick win.

An indicator may carry its own `id` (`GOV-01-I1`). One without is given the id proposed
for it: its owner's id, ``-I`` and its place in the owner's list (the next free number
when that one is taken). Proposed ids keep a plan without ids reportable, but they move
when an indicator is inserted above another, so `kotacerdas ids --write` writes them
into the plan's files, where they stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from kotacerdas.model.action import ActionPlan
from kotacerdas.model.commitment import QuickWin
from kotacerdas.model.common import Indicator
from kotacerdas.plan import Plan


@dataclass(frozen=True)
class IndicatorRef:
    """One indicator as the reports name it."""

    id: str
    owner: str  # the programme or quick win it measures
    index: int  # its place in the owner's `indikator` list
    indicator: Indicator
    holder: ActionPlan | QuickWin
    written: bool  # the id is written in the plan, not proposed


def indicator_refs(plan: Plan) -> list[IndicatorRef]:
    """Every indicator of the plan's action plans (the first entry of each programme)
    and quick wins, in file order, with its written or proposed id."""
    holders: list[tuple[str, ActionPlan | QuickWin]] = [
        (entry.program, entry) for entry in plan.action_plans
        if plan.entry_of(entry.program) is entry]
    holders += [(quick_win.id, quick_win) for quick_win in plan.quick_wins]
    taken = {indicator.id for _, holder in holders for indicator in holder.indikator
             if indicator.id}
    found = []
    for owner, holder in holders:
        for index, indicator in enumerate(holder.indikator):
            ident = indicator.id
            if ident is None:
                ident = _proposed(owner, index, taken)
                taken.add(ident)
            found.append(IndicatorRef(ident, owner, index, indicator, holder,
                                      indicator.id is not None))
    return found


def _proposed(owner: str, index: int, taken: set[str]) -> str:
    number = index + 1
    while f"{owner}-I{number}" in taken:
        number += 1
    return f"{owner}-I{number}"


def by_owner(refs: list[IndicatorRef]) -> dict[str, dict[str, IndicatorRef]]:
    """Owner id -> that owner's indicators by id (the first of a repeated id counts)."""
    found: dict[str, dict[str, IndicatorRef]] = {}
    for ref in refs:
        found.setdefault(ref.owner, {}).setdefault(ref.id, ref)
    return found
