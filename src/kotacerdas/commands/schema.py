"""`schema`: (re)write the JSON Schemas editors use for completion and hover help."""

from __future__ import annotations

from pathlib import Path

from kotacerdas.plan import find_root
from kotacerdas.schema import schema_files
from kotacerdas.transaction import plan_lock, recover, write_files


def write_schemas(start: Path) -> tuple[Path, list[Path]]:
    """Write every schema of the plan at ``start``; returns its root and the paths written."""
    root = find_root(start)
    with plan_lock(root):
        recover(root, locked=True)
        return root, write_files(root, schema_files())
