"""`ids`: the indicator ids the yearly reports use, and writing the proposed ones in.

An indicator without an `id` is reported under the id proposed for it (see
`kotacerdas.indicator_ids`). `--write` writes every proposed id into its action plan or
quick win, in place and as one change, so that it no longer moves. The seal does not
cover indicator ids, so this may be done after the signing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kotacerdas.commands.check import check_plan
from kotacerdas.diagnostics import CheckResult
from kotacerdas.edits import write_indicator_ids
from kotacerdas.errors import WorkflowError
from kotacerdas.indicator_ids import IndicatorRef, indicator_refs
from kotacerdas.model.common import Indicator
from kotacerdas.plan import find_root
from kotacerdas.source_document import Part
from kotacerdas.stages import IMPLEMENTATION, LAST
from kotacerdas.transaction import plan_lock, recover, write_files

#: The keys an `id` is written after, in the order the model lists them.
_BEFORE_ID = tuple(name for name in Indicator.model_fields if name != "id")


@dataclass
class IndicatorIds:
    root: Path
    result: CheckResult
    refs: list[IndicatorRef] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)  # id -> file:line
    written: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"indicators": [{"id": ref.id, "owner": ref.owner, "name": ref.indicator.nama,
                                "written": ref.written, "place": self.places.get(ref.id, "")}
                               for ref in self.refs],
                "written": [path.relative_to(self.root).as_posix() for path in self.written]}


def indicator_ids(start: Path, write: bool = False, language: str | None = None
                  ) -> IndicatorIds:
    """Every indicator with its written or proposed id; with ``write``, the proposed ids
    written into the plan (refused while stages 1 to 4 have errors)."""
    root = find_root(start)
    with plan_lock(root):
        recover(root, locked=True)
        plan, result = check_plan(root, stage=IMPLEMENTATION.number, language=language)
        found = IndicatorIds(root, result, indicator_refs(plan))
        by_file: dict[str, list[tuple[tuple[Part, ...], str]]] = {}
        for ref in found.refs:
            rel, loc = plan.origins.of(ref.indicator)
            line, _ = plan.files[rel].locate(loc) if rel in plan.files else (0, 0)
            found.places.setdefault(ref.id, f"{rel}:{line}")
            if not ref.written and rel:
                by_file.setdefault(rel, []).append((tuple(loc), ref.id))
        if not write or not by_file:
            return found
        if any(d.severity == "error" and _stage_of(d.file) <= LAST for d in result.diagnostics):
            raise WorkflowError.about("KC548", errors=len(result.errors))
        files = {rel: plan.files[rel].as_written(
            write_indicator_ids(plan.files[rel].text, ids, rel, _BEFORE_ID))
            for rel, ids in sorted(by_file.items())}
        found.written = write_files(root, files)
        return found


def _stage_of(rel: str) -> int:
    head = rel.split("-", 1)[0]
    return int(head) if head.isdigit() else 0
