"""`init`: start a plan for a new region, never over an existing file."""

from __future__ import annotations

from pathlib import Path

from kotacerdas.plan import MANIFEST
from kotacerdas.scaffold import Region, init_files, refuse_existing
from kotacerdas.schema import schema_files
from kotacerdas.transaction import plan_lock, write_files

#: Init's own code for "a file is already there, nothing was written".
EXISTS = "KC707"


def init_plan(folder: Path, region: Region) -> list[Path]:
    """Write the manifest, the stage-1 files and the editor schemas of a new plan."""
    refuse_existing(folder, [MANIFEST], EXISTS)
    files = init_files(region)
    refuse_existing(folder, list(files), EXISTS)
    with plan_lock(folder):
        return write_files(folder, {**files, **schema_files()})
