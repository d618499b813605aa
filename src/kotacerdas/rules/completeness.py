"""KC501: what each stage must hold before it can close."""

from __future__ import annotations

from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import Phrase
from kotacerdas.plan import Plan
from kotacerdas.stages import STAGES, Requirement, Stage


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for stage in STAGES[:upto]:
        data = plan.stages.get(stage.number)
        for requirement in stage.requirements:
            if plan.is_partial(stage.number, requirement.path[0]):
                continue
            if not _filled(data, requirement.path):
                found.append(_missing(plan, stage, requirement))
    return found


def _filled(data: Any, path: tuple[str, ...]) -> bool:
    node = data
    for name in path:
        node = getattr(node, name, None)
        if node is None:
            return False
    return bool(node) if isinstance(node, list) else True


def _missing(plan: Plan, stage: Stage, requirement: Requirement) -> Diagnostic:
    section = requirement.path[0]
    rel = plan.section_files.get((stage.number, section), stage.default_file(section))
    return plan.at_path(
        rel,
        requirement.path,
        code="KC501",
        key=True,
        stage=stage.number,
        what=Phrase("needs", requirement.key),
        advice=Phrase("todo", requirement.key),
    )
