"""KC401-KC407, KC502: ids are unique, well placed, every reference resolves and every
link the plan's logic needs is there."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import term
from kotacerdas.model.analysis import Rpjmd, RpjmdMission, Swot, SwotItem
from kotacerdas.model.commitment import QuickWin
from kotacerdas.model.common import Model
from kotacerdas.model.formulation import Mission, Programme, Strategy
from kotacerdas.plan import Plan
from kotacerdas.rules._suggest import suggestion


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    found = [*_duplicate_ids(plan), *_swot_quadrants(plan)]
    found += _references(plan)
    if upto >= 2:
        found += _unlinked(plan)
    if upto >= 3:
        found += _unplanned_programmes(plan) + _repeated_entries(plan)
    return found


Identified = SwotItem | Rpjmd | RpjmdMission | Mission | Strategy | Programme | QuickWin


def identified(plan: Plan) -> Iterator[Identified]:
    """Every item of the plan that carries an id, in file order."""
    yield from (item for _, item in plan.swot_items)
    yield from plan.rpjmd_missions
    yield from (period for period in plan.rpjmd_periods if period.id)
    yield from plan.missions
    yield from plan.strategies
    yield from plan.programmes
    yield from plan.quick_wins


def _duplicate_ids(plan: Plan) -> list[Diagnostic]:
    first: dict[str, Identified] = {}
    found = []
    for item in identified(plan):
        ident = item.id
        if ident is None:
            continue
        if ident in first:
            found.append(plan.at(item, "id", code="KC402", value=ident,
                                 other=plan.place_of(first[ident], "id")))
        else:
            first[ident] = item
    return found


def _swot_quadrants(plan: Plan) -> list[Diagnostic]:
    found = []
    for quadrant, item in plan.swot_items:
        prefix = Swot.QUADRANT_PREFIX[quadrant]
        if not item.id.startswith(prefix + "-"):
            found.append(plan.at(item, "id", code="KC403", value=item.id,
                                 quadrant=quadrant, prefix=prefix))
    return found


def _ids(items: Iterable[Any]) -> dict[str, None]:
    """The ids of ``items`` in order, as a dict so that membership is a single lookup."""
    return dict.fromkeys(item.id for item in items)


def _references(plan: Plan) -> list[Diagnostic]:
    swot = _ids(item for _, item in plan.swot_items)
    rpjmd = _ids([*plan.rpjmd_missions, *(p for p in plan.rpjmd_periods if p.id)])
    missions = _ids(plan.missions)
    strategies = _ids(plan.strategies)
    found: list[Diagnostic] = []
    for mission in plan.missions:
        found += _unknown(plan, mission, "rpjmd", mission.rpjmd, rpjmd, "ref_rpjmd")
    for strategy in plan.strategies:
        found += _unknown(plan, strategy, "swot", strategy.swot, swot, "ref_swot")
    for programme in plan.programmes:
        found += _unknown(plan, programme, "strategi", programme.strategi, strategies,
                          "ref_strategy")
        found += _unknown(plan, programme, "misi", programme.misi, missions, "ref_mission")
    found += _programme_links(plan)
    return found


def _programme_links(plan: Plan) -> list[Diagnostic]:
    programmes = _ids(plan.programmes)
    dropped = plan.dropped_programmes
    found: list[Diagnostic] = []
    for entry in plan.action_entries:
        found += _unknown(plan, entry, "program", [entry.program], programmes, "ref_programme")
    live = dict.fromkeys(p for p in programmes if p not in dropped)
    for quick_win in plan.quick_wins:
        if quick_win.program in dropped:
            found.append(plan.at(quick_win, "program", code="KC407", value=quick_win.program))
        else:
            found += _unknown(plan, quick_win, "program", [quick_win.program], live,
                              "ref_live_programme")
    return found


def _unlinked(plan: Plan) -> list[Diagnostic]:
    """Strategies that answer no SWOT item, programmes that serve no strategy."""
    found = [plan.at(s, "id", code="KC404", value=s.id) for s in plan.strategies if not s.swot]
    found += [plan.at(p, "id", code="KC405", value=p.id)
              for p in plan.programmes if not p.strategi]
    return found


def _repeated_entries(plan: Plan) -> list[Diagnostic]:
    first: dict[str, Model] = {}
    found = []
    for entry in plan.action_entries:
        if entry.program in first:
            found.append(plan.at(entry, "program", code="KC406", value=entry.program,
                                 other=plan.place_of(first[entry.program], "program")))
        else:
            first[entry.program] = entry
    return found


#: Where the ids each kind of reference points to are written: (stage, section).
_TARGETS = {
    "ref_swot": (1, "swot"),
    "ref_rpjmd": (1, "profil"),
    "ref_mission": (2, "misi"),
    "ref_strategy": (2, "strategi"),
    "ref_programme": (2, "program"),
    "ref_live_programme": (3, "rencana_aksi"),
}


def _unknown(
    plan: Plan, item: Model, field: str, refs: list[str], known: dict[str, None], kind: str
) -> list[Diagnostic]:
    targets = [_TARGETS[kind], *([(2, "program")] if kind == "ref_live_programme" else [])]
    if any(plan.is_opaque(*target) for target in targets):
        return []  # the id may sit in the part that could not be read
    unreadable = set().union(*(plan.unreadable_ids(*target) for target in targets))
    found = []
    for index, ref in enumerate(refs):
        if ref not in known and ref not in unreadable:
            path = (field, index) if isinstance(getattr(item, field), list) else (field,)
            found.append(plan.at(item, *path, code="KC401", kind=term(kind), value=ref,
                                 suggestion=suggestion(ref, known)))
    return found


def _unplanned_programmes(plan: Plan) -> list[Diagnostic]:
    if plan.is_opaque(3, "rencana_aksi"):
        return []
    planned = {entry.program for entry in plan.action_entries}
    planned |= plan.unreadable_ids(3, "rencana_aksi")
    return [plan.at(p, "id", code="KC502", value=p.id)
            for p in plan.programmes if p.id not in planned]
