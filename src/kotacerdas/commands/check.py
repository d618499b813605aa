"""`check` and `stage check`: load, validate, run the rules, apply waivers."""

from __future__ import annotations

from pathlib import Path

from kotacerdas import rules
from kotacerdas.diagnostics import CheckResult
from kotacerdas.plan import Plan, find_root, load_plan
from kotacerdas.waivers import apply_waivers


def check_plan(
    start: Path, stage: int | None = None, language: str | None = None
) -> tuple[Plan, CheckResult]:
    """Check stages 1..``stage`` (default: every started stage) of the plan at ``start``."""
    root = find_root(start)
    plan, problems = load_plan(root, stage)
    upto = stage if stage is not None else plan.current_stage
    result = CheckResult(language=language or plan.language)
    result.add(apply_waivers(plan, [*problems, *rules.run(plan, upto)], upto))
    result.checked_files = sorted(plan.files)
    return plan, result
