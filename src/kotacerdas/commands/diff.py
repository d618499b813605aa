"""`diff`: what changed in a plan between two git revisions, or since one."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kotacerdas.commands.check import open_plan
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.plan import Plan, load_plan
from kotacerdas.plan_diff import Delta, FieldChange, PlanDiff, compare
from kotacerdas.region import region_words
from kotacerdas.revisions import Repository, commit_of, plan_at, repository_of
from kotacerdas.stages import IMPLEMENTATION


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a revision as the user named it and its commit, or the
    work tree (``revision`` and ``commit`` empty)."""

    revision: str
    commit: str = ""


@dataclass
class DiffResult:
    old: Side
    new: Side
    region: str
    language: str
    diff: PlanDiff = field(default_factory=PlanDiff)
    #: Why a side could not be compared: its reading and schema errors.
    unreadable: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)


def diff_plan(start: Path, old: str = "HEAD", new: str | None = None,
              language: str | None = None) -> DiffResult:
    """Compare the plan at ``start`` between revisions ``old`` and ``new`` (None: the
    files as they are now). A blank revision is refused (KC902), never taken for them."""
    root, notes = open_plan(start)
    repository = repository_of(root)
    sides = [Side("") if rev is None else Side(rev, commit_of(repository, rev))
             for rev in (old, new)]
    with ExitStack() as stack:
        plans = [_load(stack, root, repository, side) for side in sides]
    newer = plans[1][0]
    result = DiffResult(sides[0], sides[1], _title(newer), language or newer.language,
                        notes=notes)
    for (_, problems), side in zip(plans, sides, strict=True):
        result.unreadable.extend(_labelled(problems, side))
    if not result.unreadable:
        result.diff = compare(plans[0][0], newer)
    return result


def _title(plan: Plan) -> str:
    if plan.manifest is None:
        return plan.root.name
    return region_words(plan.manifest.wilayah.jenis, plan.manifest.wilayah.nama).title


def _load(stack: ExitStack, root: Path, repository: Repository, side: Side
          ) -> tuple[Plan, list[Diagnostic]]:
    folder = root if side.commit == "" else stack.enter_context(
        plan_at(repository, side.commit, side.revision))
    return load_plan(folder, IMPLEMENTATION.number)


def _labelled(problems: list[Diagnostic], side: Side) -> list[Diagnostic]:
    """The reading and schema errors of one side, their files named ``REV:path`` as git
    names a file at a revision."""
    unreadable = [d for d in problems if d.severity == "error" and d.code[:3] in ("KC1", "KC2")]
    if not side.revision:
        return unreadable
    return [replace(d, file=f"{side.revision}:{d.file}") for d in unreadable]


def diff_as_dict(result: DiffResult) -> dict[str, object]:
    """A JSON-ready form of a comparison: English keys, plan values as written."""
    found = result.diff

    def side(s: Side) -> dict[str, str | None]:
        return {"revision": s.revision or None, "commit": s.commit or None}

    def fields(changes: tuple[FieldChange, ...]) -> list[dict[str, object]]:
        return [{"path": c.path, "old": c.old, "new": c.new} for c in changes]

    def deltas(table: dict[Any, Delta], key: str) -> list[dict[str, object]]:
        return [{key: k, "old": d.old, "new": d.new, "change": d.change}
                for k, d in table.items()]

    budget = found.budget
    return {
        "old": side(result.old),
        "new": side(result.new),
        "region": result.region,
        "language": result.language,
        "summary": found.counts(),
        "changes": [{"kind": item.kind, "id": item.key or None, "name": item.name,
                     "change": item.change, "fields": fields(item.fields)}
                    for item in found.items],
        "budget": {
            "total": {"old": budget.total.old, "new": budget.total.new,
                      "change": budget.total.change},
            "by_year": deltas(budget.by_year, "year"),
            "by_source": deltas(budget.by_source, "source"),
            "by_programme": deltas(budget.by_programme, "programme"),
        },
        "stages": [{"stage": number, "fields": fields(changes)}
                   for number, changes in found.stages.items()],
        "seal": None if found.seal is None else {"old": found.seal.old, "new": found.seal.new},
    }
