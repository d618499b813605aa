"""`check` and `stage check`: load, validate, run the rules, apply waivers."""

from __future__ import annotations

from pathlib import Path

from kotacerdas import rules
from kotacerdas.diagnostics import CheckResult, Diagnostic
from kotacerdas.plan import Plan, find_root, load_plan
from kotacerdas.transaction import recover
from kotacerdas.waivers import apply_waivers


def open_plan(start: Path) -> tuple[Path, list[Diagnostic]]:
    """The plan folder at or above ``start``, with any interrupted change finished first."""
    root = find_root(start)
    return root, recover(root)


def check_plan(
    start: Path, stage: int | None = None, language: str | None = None
) -> tuple[Plan, CheckResult]:
    """Check stages 1..``stage`` (default: every started stage) of the plan at ``start``."""
    root, recovered = open_plan(start)
    plan, problems = load_plan(root, stage)
    upto = stage if stage is not None else plan.checked_stage
    result = CheckResult(language=language or plan.language)
    result.add(apply_waivers(plan, [*problems, *rules.run(plan, upto)], upto))
    result.add(recovered)
    result.checked_files = sorted(plan.files)
    return plan, result
