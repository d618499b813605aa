"""KC515: the plan's content no longer matches the seal recorded when it was signed."""

from __future__ import annotations

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import Phrase
from kotacerdas.plan import Plan
from kotacerdas.seal import fingerprint, item_hashes, recorded_hashes
from kotacerdas.stages import LAST

STALE_SEAL = "KC515"


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    """KC515 when the content no longer matches the recorded seal."""
    commitment = plan.joint_commitment
    if upto < LAST or commitment is None or not commitment.segel or _unreadable(plan):
        return []
    hashes = item_hashes(plan)
    if fingerprint(hashes) == commitment.segel:
        return []
    changed = _changed(recorded_hashes(plan.root, commitment.segel), hashes)
    return [plan.at(commitment, "segel", code=STALE_SEAL, changed=changed)]


def _unreadable(plan: Plan) -> bool:
    """Whether part of stages 1 to 4 could not be read (the yearly reports do not count:
    the seal does not cover them)."""
    return any(stage <= LAST for stage, _ in plan.partial)


def _changed(before: dict[str, str] | None, now: dict[str, str]) -> str | Phrase:
    if before is None:
        return Phrase("workflow", "seal_unknown_items")
    names = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    return ", ".join(names)
