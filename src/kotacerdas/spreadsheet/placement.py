"""Where a new item from the workbook goes, and the id a new programme gets.

A new programme joins the file that holds its dimension's programmes; a plan that keeps
one file per dimension (``program-governance.yaml``, ...) gets a new file of that name
for a dimension it has none of yet; otherwise the first programme file. Action plans
follow the same rule in stage 3. A programme without an id gets the next free one of
its dimension's code (``GOV-07`` after ``GOV-06``), in the width the plan already uses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath

from kotacerdas.plan import Plan
from kotacerdas.rules.references import identified
from kotacerdas.stages import stage

#: The first lines of a file the import starts, per stage: the editor schema and version.
NEW_FILE = {
    2: "# yaml-language-server: $schema=../.kotacerdas/skema/perumusan.schema.json\n"
       "versi_skema: 1\n\nprogram: []\n",
    3: "# yaml-language-server: $schema=../.kotacerdas/skema/finalisasi.schema.json\n"
       "versi_skema: 1\n\nrencana_aksi: []\n",
}


def programme_file(plan: Plan, dimension: str) -> str:
    owners = [(plan.origins.of(p)[0], p.dimensi) for p in plan.programmes]
    return _choose(plan, owners, dimension, 2, "program")


def action_file(plan: Plan, dimension: str) -> str:
    dimensions = {p.id: p.dimensi for p in plan.programmes}
    owners = [(plan.origins.of(entry)[0], dimensions.get(entry.program, ""))
              for entry in plan.action_entries]
    return _choose(plan, owners, dimension, 3, "rencana_aksi")


def _choose(plan: Plan, owners: list[tuple[str, str]], dimension: str, number: int,
            section: str) -> str:
    same = [rel for rel, found in owners if rel and found == dimension]
    if same:
        return same[-1]
    by_file: dict[str, set[str]] = defaultdict(set)
    for rel, found in owners:
        if rel:
            by_file[rel].add(found)
    split = _split_by_dimension(by_file)
    if split is not None:
        return f"{split}-{dimension}.yaml"
    return plan.section_files.get((number, section)) or (
        sorted(by_file)[0] if by_file else stage(number).default_file(section))


def _split_by_dimension(by_file: dict[str, set[str]]) -> str | None:
    """``folder/prefix`` when every file holds one dimension named at the end of its
    name (and there are several), else None."""
    prefixes = set()
    for rel, dimensions in by_file.items():
        path = PurePosixPath(rel)
        if len(dimensions) != 1 or not path.stem.endswith("-" + next(iter(dimensions))):
            return None
        prefixes.add(f"{path.parent}/{path.stem.removesuffix('-' + next(iter(dimensions)))}")
    return prefixes.pop() if len(by_file) > 1 and len(prefixes) == 1 else None


def plan_ids(plan: Plan) -> set[str]:
    """Every id the plan gives an item (ids are unique across the plan)."""
    return {item.id for item in identified(plan) if item.id}


def next_id(code: str, taken: set[str]) -> str:
    """The id after the highest ``CODE-n`` taken, written as wide as those are."""
    pattern = re.compile(rf"^{re.escape(code)}-(\d+)$")
    numbers = [match.group(1) for ident in taken if (match := pattern.match(ident))]
    width = max((len(digits) for digits in numbers), default=2)
    number = max((int(digits) for digits in numbers), default=0) + 1
    while f"{code}-{number:0{width}d}" in taken:
        number += 1
    return f"{code}-{number:0{width}d}"
