"""`init`: start a plan for a new region, never over an existing file.

Inside an existing git repository, an existing `.gitignore` gains the lines the plan
needs instead of stopping the start; every other existing file does stop it.
"""

from __future__ import annotations

from pathlib import Path

from kotacerdas.plan import MANIFEST
from kotacerdas.scaffold import Region, ci_files, init_files, refuse_existing
from kotacerdas.schema import schema_files
from kotacerdas.transaction import plan_lock, write_files

#: Init's own code for "a file is already there, nothing was written".
EXISTS = "KC707"
IGNORE = ".gitignore"


def init_plan(folder: Path, region: Region, ci: bool = False) -> list[Path]:
    """Write the manifest, the stage-1 files and the editor schemas of a new plan (and,
    with ``ci``, a CI workflow that checks it on every push)."""
    refuse_existing(folder, [MANIFEST], EXISTS)
    files = {**init_files(region), **(ci_files(region) if ci else {})}
    if IGNORE in files and (folder / IGNORE).is_file() and _in_git_repository(folder):
        files[IGNORE] = _with_lines(_read(folder / IGNORE), files[IGNORE])
        refuse_existing(folder, [name for name in files if name != IGNORE], EXISTS)
    else:
        refuse_existing(folder, list(files), EXISTS)
    with plan_lock(folder):
        return write_files(folder, {**files, **schema_files()})


def _in_git_repository(folder: Path) -> bool:
    start = folder.resolve()
    return any((parent / ".git").exists() for parent in (start, *start.parents))


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")  # its own line endings, not translated
    except (OSError, UnicodeDecodeError):
        return ""


def _with_lines(existing: str, ours: str) -> str:
    """``existing`` with the lines of ``ours`` it lacks added at its end, in its own line
    endings."""
    newline = "\r\n" if "\r\n" in existing else "\n"
    present = {line.strip() for line in existing.splitlines()}
    missing = [line for line in ours.splitlines() if line.strip() not in present]
    if not missing:
        return existing
    joint = "" if not existing or existing.endswith(("\n", "\r")) else newline
    return existing + joint + newline.join(missing) + newline
