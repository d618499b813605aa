"""The state of every stage at a glance: dates, completeness, problems, the next step."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kotacerdas.commands.check import check_plan
from kotacerdas.dates import PlanDay, is_month, iso
from kotacerdas.diagnostics import CheckResult, Diagnostic
from kotacerdas.plan import MANIFEST, Plan
from kotacerdas.progress import Ledger, year_ended
from kotacerdas.stages import IMPLEMENTATION, STAGES, Stage


@dataclass
class StageStatus:
    number: int
    slug: str
    state: str
    workshop: list[PlanDay] = field(default_factory=list)
    closed: PlanDay | None = None
    counts: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    opened: PlanDay | None = None  # stage 5, which opens and never closes


@dataclass
class PlanStatus:
    plan: Plan
    result: CheckResult
    stages: list[StageStatus]
    current: int
    report_due: int | None = None  # stage 5: the first year whose realisation is awaited

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form: the stages with their dates, contents and problems."""
        key, params = self.next_step
        return {
            "region": self.plan.manifest.wilayah.nama if self.plan.manifest else
            self.plan.root.name,
            "language": self.result.language,
            "current_stage": self.current,
            "errors": len(self.result.errors),
            "warnings": len(self.result.warnings),
            "stages": [{"number": s.number, "slug": s.slug, "state": s.state,
                        "workshop": [iso(day) for day in s.workshop],
                        "closed": iso(s.closed) if s.closed else None,
                        "approximate": any(map(is_month, [*s.workshop, *(
                            [s.closed] if s.closed else [])])),
                        "counts": s.counts, "errors": s.errors, "warnings": s.warnings,
                        **({"opened": iso(s.opened)} if s.opened else {})}
                       for s in self.stages],
            "next_step": {"step": key, **params},
        }

    @property
    def next_step(self) -> tuple[str, dict[str, object]]:
        """A key of the ``status`` message table and its parameters."""
        current = self.stages[self.current - 1]
        errors = len(self.result.errors)
        if current.errors:
            return "fix", {"count": current.errors, "stage": current.number}
        if errors:  # in the manifest, or in a stage already closed
            return "fix_any", {"count": errors}
        if current.number == IMPLEMENTATION.number:
            if self.report_due is not None:
                return "report_due", {"year": self.report_due}
            return "monitoring", {}
        if current.state == "selesai":
            return "done", {}
        return "advance", {"stage": current.number}


def plan_status(start: Path, language: str | None = None) -> PlanStatus:
    plan, result = check_plan(start, language=language)
    rows = [_row(plan, result, stage) for stage in STAGES]
    found = PlanStatus(plan, result, rows, plan.current_stage)
    if plan.implementation_open:
        rows.append(_implementation_row(plan, result))
        found.report_due = _report_due(plan)
    return found


def _implementation_row(plan: Plan, result: CheckResult) -> StageStatus:
    log = plan.implementation_log
    mine = [d for d in result.diagnostics if stage_of(d) == IMPLEMENTATION.number]
    counts = {"realisations": len(plan.realisations)}
    if plan.evaluations:
        counts["evaluations"] = len(plan.evaluations)
    return StageStatus(
        number=IMPLEMENTATION.number, slug=IMPLEMENTATION.slug,
        state=log.status if log else "belum", counts=counts,
        errors=sum(d.severity == "error" for d in mine),
        warnings=sum(d.severity == "warning" and not d.waived for d in mine),
        opened=log.dibuka if log else None,
    )


def _report_due(plan: Plan) -> int | None:
    """The first year that has ended with something active and no realisation file, else
    this year while its file is not written yet."""
    ledger = Ledger(plan)
    current = None
    for year in ledger.reporting_years():
        if year in plan.realisations:
            continue
        if not year_ended(year):
            current = current or year
            break
        if ledger.active_programmes(year) or ledger.active_quick_wins(year):
            return year
    return current


#: Problems found in one stage's files whose missing work belongs to another stage: a
#: programme without an action plan is stage 3's, a weakness no strategy answers stage 2's.
_OWNER = {"KC502": 3, "KC508": 2}


def stage_of(diagnostic: Diagnostic) -> int | None:
    """The stage whose work a problem is about: by its code, its `stage`, or its file."""
    if diagnostic.code in _OWNER:
        return _OWNER[diagnostic.code]
    stage = diagnostic.params.get("stage")
    if diagnostic.file == MANIFEST and isinstance(stage, int):
        return stage
    if diagnostic.file.startswith(IMPLEMENTATION.folder + "/"):
        return IMPLEMENTATION.number
    return next((s.number for s in STAGES if diagnostic.file.startswith(s.folder + "/")), None)


def _row(plan: Plan, result: CheckResult, stage: Stage) -> StageStatus:
    entry = plan.manifest.tahapan.entry(stage.number) if plan.manifest else None
    mine = [d for d in result.diagnostics if stage_of(d) == stage.number]
    return StageStatus(
        number=stage.number,
        slug=stage.slug,
        state=entry.status if entry else "belum",
        workshop=list(entry.lokakarya) if entry else [],
        closed=entry.ditutup if entry else None,
        counts=_counts(plan, stage.number),
        errors=sum(d.severity == "error" for d in mine),
        warnings=sum(d.severity == "warning" and not d.waived for d in mine),
    )


def _counts(plan: Plan, number: int) -> dict[str, int]:
    if number not in plan.stages:
        return {}
    if number == 1:
        readiness = plan.readiness
        team = plan.team
        return {
            "team": len(team.dewan) + len(team.pelaksana) if team else 0,
            "readiness": sum(len(getattr(readiness, c)) for c in
                             ("struktur", "infrastruktur", "suprastruktur")) if readiness else 0,
            "swot": len(plan.swot_items),
        }
    if number == 2:
        return {"strategies": len(plan.strategies), "programmes": len(plan.programmes)}
    if number == 3:
        dropped = len(plan.dropped_programmes)
        return {"action_plans": len(plan.action_plans), **({"dropped": dropped} if dropped else {})}
    commitment = plan.joint_commitment
    return {
        "quick_wins": len(plan.quick_wins),
        "signatories": len(commitment.penandatangan) if commitment else 0,
    }
