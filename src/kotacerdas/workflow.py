"""`stage advance`: close the current stage when it passes, and scaffold the next one.

Closing edits the manifest's `tahapan` log in place (round trip: comments, key order and
blank lines stay), then writes the next stage's files from the plan language's
`templates/scaffold/<id|en>/stage-N`, filled from what the earlier stages hold. Closing
stage 4 records the commitment seal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from kotacerdas.budget import action_plans
from kotacerdas.check import check_plan
from kotacerdas.diagnostics import CheckResult
from kotacerdas.plan import MANIFEST, Plan
from kotacerdas.rules.planning import horizon_of
from kotacerdas.scaffold import render_tree, scaffold_dir, write_new_files
from kotacerdas.seal import STALE_SEAL, seal_plan
from kotacerdas.source import dump_round_trip, load_round_trip, write_atomic
from kotacerdas.stages import LAST, stage


class AllStagesClosed(Exception):
    """Every stage in the manifest's log is already `selesai`."""


class CommitmentNotClosed(Exception):
    """A seal was asked for while stage 4 is still open: `stage advance` seals it."""


class StageLogNotEditable(Exception):
    """The manifest's `tahapan` log is not a mapping the tool can edit in place."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass
class Advance:
    """What `stage advance` found and did."""

    root: Path
    stage: int
    result: CheckResult
    closed: bool = False
    on: date | None = None
    written: list[Path] = field(default_factory=list)
    seal: str | None = None


def today() -> date:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


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
    (``scaffold.WouldOverwrite`` is raised before anything is written).
    """
    plan, result = check_plan(start, language=language)
    if plan.manifest and all(
        plan.manifest.tahapan.entry(n).status == "selesai" for n in range(1, LAST + 1)
    ):
        raise AllStagesClosed()
    number = plan.current_stage
    outcome = Advance(root=plan.root, stage=number, result=result)
    if result.exit_code(strict=strict) != 0:
        return outcome
    outcome.on = on or today()
    manifest_text = close_in_manifest(_manifest_text(plan), number, outcome.on)
    if scaffold and number < LAST:
        outcome.written = write_new_files(plan.root, next_stage_files(plan, number + 1))
    if number == LAST:
        outcome.seal = seal_plan(plan)
    write_atomic(plan.root / MANIFEST, manifest_text)
    outcome.closed = True
    return outcome


def reseal(start: Path, *, strict: bool = False, language: str | None = None) -> Advance:
    """Record a new seal for a plan whose stage 4 is closed, after the city signs again.

    The plan must still pass stage 4; a warning that the old seal no longer matches is
    what resealing answers, so it does not count.
    """
    plan, result = check_plan(start, stage=LAST, language=language)
    if plan.manifest is not None and plan.manifest.tahapan.entry(LAST).status != "selesai":
        raise CommitmentNotClosed()
    result.diagnostics = [d for d in result.diagnostics if d.code != STALE_SEAL]
    outcome = Advance(root=plan.root, stage=LAST, result=result)
    if result.exit_code(strict=strict) == 0:
        outcome.seal = seal_plan(plan)
        outcome.closed = True
    return outcome


def _manifest_text(plan: Plan) -> str:
    return plan.files[MANIFEST].text


def close_in_manifest(text: str, number: int, on: date) -> str:
    """The manifest text with stage ``number`` closed on ``on`` and the next one started."""
    tree = load_round_trip(text)
    if not isinstance(tree, dict):
        raise StageLogNotEditable("kotacerdas.yaml")
    log = _mapping(tree, "tahapan")
    entry = _mapping(log, stage(number).slug)
    entry["status"] = "selesai"
    entry["ditutup"] = on
    if number < LAST:
        _mapping(log, stage(number + 1).slug)["status"] = "berjalan"
    return dump_round_trip(tree)


def _mapping(parent: Any, key: str) -> Any:
    if parent.get(key) is None:
        parent[key] = {}
        return parent[key]
    if not isinstance(parent[key], dict):
        raise StageLogNotEditable(key)
    return parent[key]


def next_stage_files(plan: Plan, number: int) -> dict[str, str]:
    """The files of stage ``number``, rendered from its scaffold templates."""
    folder = scaffold_dir(f"stage-{number}", plan.language)
    rendered = render_tree(folder, scaffold_context(plan, number))
    return {f"{stage(number).folder}/{name}": text for name, text in rendered.items()}


def scaffold_context(plan: Plan, number: int) -> dict[str, Any]:
    """What the stage-``number`` templates are filled with, taken from earlier stages."""
    assert plan.manifest is not None
    context: dict[str, Any] = {
        "region": plan.manifest.wilayah.nama,
        "start": plan.manifest.periode.mulai,
        "end": plan.manifest.periode.selesai,
    }
    builders = {2: _formulation_context, 3: _action_context, 4: _commitment_context}
    context.update(builders[number](plan))
    return context


def _formulation_context(plan: Plan) -> dict[str, Any]:
    analysis = plan.analysis
    profile = analysis.profil if analysis else None
    swot = analysis.swot if analysis else None
    catalog = plan.catalog
    return {
        "keywords": list(analysis.kata_kunci_visi or []) if analysis else [],
        "rpjmd": profile.rpjmd if profile else None,
        "swot": [(quadrant, [item for q, item in swot.items() if q == quadrant])
                 for quadrant in swot.QUADRANT_PREFIX] if swot else [],
        "dimensions": [(d.id, [e.id for e in d.elements]) for d in catalog.dimensions]
        if catalog else [],
    }


def _action_context(plan: Plan) -> dict[str, Any]:
    assert plan.manifest is not None
    period, bands = plan.manifest.periode, plan.manifest.jangka
    rows = []
    for programme in plan.formulation.program or [] if plan.formulation else []:
        length = getattr(bands, programme.jangka)
        end = min(period.mulai + length - 1, period.selesai)
        rows.append({"programme": programme, "start": period.mulai, "end": end})
    return {"programmes": rows}


def _commitment_context(plan: Plan) -> dict[str, Any]:
    programmes = {p.id: p for p in plan.formulation.program or []} if plan.formulation else {}
    candidates = []
    for entry in action_plans(plan):
        programme = programmes.get(entry.program)
        if programme is not None and horizon_of(plan, entry.tahun_selesai) == "pendek":
            candidates.append({"id": f"QW-{len(candidates) + 1:02d}", "programme": programme,
                               "plan": entry})
    return {"candidates": candidates}
