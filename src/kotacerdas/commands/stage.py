"""`stage advance` and `stage seal`: close the current stage, seal the signed commitment.

Closing edits the manifest's `tahapan` log in place (round trip: comments, key order and
blank lines stay) and writes the next stage's scaffold files, filled from what the
earlier stages hold. Closing stage 4 records the commitment seal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kotacerdas.clock import today
from kotacerdas.commands.check import check_plan
from kotacerdas.diagnostics import CheckResult
from kotacerdas.edits import close_stage
from kotacerdas.errors import WorkflowError
from kotacerdas.plan import MANIFEST
from kotacerdas.rules.seal import STALE_SEAL
from kotacerdas.scaffold import next_stage_files, refuse_existing
from kotacerdas.seal import sealed_files
from kotacerdas.stages import LAST
from kotacerdas.transaction import write_files


@dataclass
class Advance:
    """What `stage advance` (or `stage seal`) found and did."""

    root: Path
    stage: int
    result: CheckResult
    closed: bool = False
    on: date | None = None
    written: list[Path] = field(default_factory=list)
    seal: str | None = None


def advance(
    start: Path,
    *,
    on: date | None = None,
    scaffold: bool = True,
    strict: bool = False,
    language: str | None = None,
) -> Advance:
    """Close the current stage of the plan at ``start`` if it passes its check.

    Nothing is written when the stage does not pass, or when a file to scaffold exists
    (``WouldOverwrite`` is raised before anything is written).
    """
    plan, result = check_plan(start, language=language)
    if plan.manifest and all(
        plan.manifest.tahapan.entry(n).status == "selesai" for n in range(1, LAST + 1)
    ):
        raise WorkflowError.about("KC702")
    number = plan.current_stage
    outcome = Advance(root=plan.root, stage=number, result=result)
    if result.exit_code(strict=strict) != 0:
        return outcome
    outcome.on = on or today()
    files = {MANIFEST: close_stage(plan.files[MANIFEST].text, number, outcome.on)}
    scaffolded: dict[str, str] = {}
    if scaffold and number < LAST:
        scaffolded = next_stage_files(plan, number + 1)
        refuse_existing(plan.root, list(scaffolded))
    if number == LAST:
        outcome.seal, sealing = sealed_files(plan)
        files.update(sealing)
    write_files(plan.root, {**scaffolded, **files}, last=MANIFEST)
    outcome.written = [plan.root / name for name in scaffolded]
    outcome.closed = True
    return outcome


def reseal(start: Path, *, strict: bool = False, language: str | None = None) -> Advance:
    """Record a new seal for a plan whose stage 4 is closed, after the city signs again.

    The plan must still pass stage 4; a warning that the old seal no longer matches is
    what resealing answers, so it does not count.
    """
    plan, result = check_plan(start, stage=LAST, language=language)
    if plan.manifest is not None and plan.manifest.tahapan.entry(LAST).status != "selesai":
        raise WorkflowError.about("KC706")
    result.diagnostics = [d for d in result.diagnostics if d.code != STALE_SEAL]
    outcome = Advance(root=plan.root, stage=LAST, result=result)
    if result.exit_code(strict=strict) == 0:
        outcome.seal, files = sealed_files(plan)
        write_files(plan.root, files)
        outcome.closed = True
    return outcome
