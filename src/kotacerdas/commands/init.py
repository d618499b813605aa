"""`init`: start a plan for a new region, never over an existing file.

Inside an existing git repository, an existing `.gitignore` gains the lines the plan
needs instead of stopping the start; every other existing file does stop it.
"""

from __future__ import annotations

import re
from pathlib import Path

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import TOOL, KotacerdasError
from kotacerdas.messages import Phrase
from kotacerdas.model.common import FIRST_YEAR, LAST_YEAR
from kotacerdas.model.manifest import REGION_CODE
from kotacerdas.plan import MANIFEST
from kotacerdas.scaffold import PLAN_YEARS, Region, ci_files, init_files, refuse_existing
from kotacerdas.schema import schema_files
from kotacerdas.text_safety import UNSAFE_IN_A_LINE, visible
from kotacerdas.transaction import plan_lock, write_files

#: Init's own code for "a file is already there, nothing was written".
EXISTS = "KC707"
IGNORE = ".gitignore"


def init_plan(folder: Path, region: Region, ci: bool = False) -> list[Path]:
    """Write the manifest, the stage-1 files and the editor schemas of a new plan (and,
    with ``ci``, a CI workflow that checks it on every push)."""
    _refuse_bad_region(region)
    refuse_existing(folder, [MANIFEST], EXISTS)
    files = {**init_files(region), **(ci_files(region) if ci else {})}
    if IGNORE in files and (folder / IGNORE).is_file() and _in_git_repository(folder):
        files[IGNORE] = _with_lines(_read(folder / IGNORE), files[IGNORE])
        refuse_existing(folder, [name for name in files if name != IGNORE], EXISTS)
    else:
        refuse_existing(folder, list(files), EXISTS)
    with plan_lock(folder):
        return write_files(folder, {**files, **schema_files()})


def _refuse_bad_region(region: Region) -> None:
    """KC635 for every option that would give a manifest the plan itself refuses: the
    new plan must pass its own first check."""
    problems = []

    def bad(option: str, value: object, reason: str, **params: object) -> None:
        problems.append(Diagnostic.new("KC635", TOOL, 0, 0, option=option,
                                       value=visible(str(value)),
                                       reason=Phrase("words", reason, params)))

    for option, text in (("--name", region.name), ("--province", region.province)):
        if not text.strip():
            bad(option, text, "option_empty")
        elif UNSAFE_IN_A_LINE.search(text):
            bad(option, text, "option_unsafe")
    start_ok = FIRST_YEAR <= region.start <= LAST_YEAR
    if not start_ok:
        bad("--start", region.start, "option_year", first=FIRST_YEAR, last=LAST_YEAR)
    worked_out = region.end == region.start + PLAN_YEARS - 1  # from a start refused above
    if not FIRST_YEAR <= region.end <= LAST_YEAR and (start_ok or not worked_out):
        bad("--end", region.end, "option_year", first=FIRST_YEAR, last=LAST_YEAR)
    if region.start > region.end:
        bad("--end", region.end, "option_before_start")
    if region.code is not None and not re.match(REGION_CODE, region.code):
        bad("--code", region.code, "option_code")
    if problems:
        raise KotacerdasError(*problems)


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
