"""`export xlsx` and `import xlsx`: the programme matrix out to a workbook and back in.

Export writes the workbook (by default ``build/matriks-program.xlsx`` in the plan folder)
and touches nothing else. Import checks the workbook before it is opened, reads it
against the plan under the plan's lock, and writes every changed file as one change
(`kotacerdas.transaction`): all of it, or nothing when a single cell is wrong. The plan
is checked afterwards, as `check` would.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kotacerdas.diagnostics import CheckResult, Diagnostic
from kotacerdas.errors import KotacerdasError
from kotacerdas.plan import Plan, find_root, load_plan
from kotacerdas.source import write_atomic
from kotacerdas.spreadsheet import require
from kotacerdas.transaction import plan_lock, recover, write_files

if TYPE_CHECKING:
    from kotacerdas.spreadsheet.changes import Change

DEFAULT_OUT = "build/matriks-program.xlsx"
#: The stages whose files the workbook shows: they must be read whole for an import.
SHOWN_STAGES = (2, 3)


@dataclass
class Exported:
    path: Path
    programmes: int
    lines: int
    indicators: int
    notes: list[Diagnostic] = field(default_factory=list)


@dataclass
class Imported:
    root: Path
    workbook: str
    result: CheckResult
    changes: list[Change] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    unreadable: bool = False  # the plan was not read whole: nothing was compared
    sealed: bool = False  # the plan carries a commitment seal

    @property
    def rejected(self) -> bool:
        return bool(self.result.errors) and not self.written


def export_workbook(start: Path, out: Path | None = None,
                    language: str | None = None) -> Exported:
    """Write the workbook of the plan at ``start`` to ``out``."""
    require()
    from kotacerdas.spreadsheet.export import workbook_bytes
    from kotacerdas.spreadsheet.rows import plan_rows

    root = find_root(start)
    recovered = recover(root)
    plan, problems = load_plan(root)
    data = workbook_bytes(plan, language or plan.language)
    target = out if out is not None else root / DEFAULT_OUT
    _write(target, data)
    rows = plan_rows(plan)
    notes = list(recovered)
    unread = _unreadable(plan, problems)
    if unread:
        notes.append(Diagnostic.new("KC842", "kotacerdas", 0, 0, count=len(unread)))
    return Exported(target, len(rows["programmes"]), len(rows["budget"]),
                    len(rows["indicators"]), notes)


def import_workbook(start: Path, workbook: Path, *, dry_run: bool = False,
                    language: str | None = None) -> Imported:
    """Read ``workbook`` back into the plan at ``start`` (with ``dry_run``, only say what
    would change). KotacerdasError when the file is refused before it is opened."""
    require()
    from kotacerdas.spreadsheet.guard import check_workbook
    from kotacerdas.spreadsheet.reader import read_workbook

    data = read_workbook(check_workbook(workbook))
    root = find_root(start)
    with nullcontext() if dry_run else plan_lock(root):
        recovered = recover(root, locked=not dry_run)
        plan, problems = load_plan(root)
        outcome = Imported(root, workbook.name, CheckResult(language=language or plan.language),
                           dry_run=dry_run)
        outcome.result.add(recovered)
        outcome.sealed = bool(plan.joint_commitment and plan.joint_commitment.segel)
        files = _compare(plan, problems, data, outcome)
        if not files or dry_run:
            return outcome
        written = write_files(root, files)
    from kotacerdas.commands.check import check_plan

    _, checked = check_plan(root, language=outcome.result.language)
    outcome.result.add(checked.diagnostics)
    outcome.result.checked_files = checked.checked_files
    outcome.written = written
    return outcome


def _compare(plan: Plan, problems: list[Diagnostic], data: object,
             outcome: Imported) -> dict[str, str]:
    """The files to write (as written, byte-order marks kept); empty when nothing is to
    be written or something is wrong (the outcome says what)."""
    from kotacerdas.spreadsheet.merge import merge
    from kotacerdas.spreadsheet.reader import WorkbookData

    assert isinstance(data, WorkbookData)
    unread = _unreadable(plan, problems)
    if unread:
        outcome.result.add(unread)
        outcome.unreadable = True
        return {}
    found = merge(plan, data)
    outcome.result.add(found.diagnostics)
    outcome.changes = found.changes
    if outcome.result.errors:
        return {}
    return {rel: plan.files[rel].as_written(text) if rel in plan.files else text
            for rel, text in sorted(found.texts.items())}


def _unreadable(plan: Plan, problems: list[Diagnostic]) -> list[Diagnostic]:
    """The errors of the stage-2 and stage-3 files that left part of them unread."""
    partial = {number for number, _ in plan.partial if number in SHOWN_STAGES
               and number in plan.stages}
    if not partial:
        return []
    folders = tuple(f"{number}-" for number in partial)
    return [d for d in problems if d.severity == "error" and d.file.startswith(folders)]


def _write(target: Path, data: bytes) -> None:
    """Write the workbook so that readers see the old file or the new one, never half."""
    try:
        write_atomic(target, data)
    except OSError as failure:
        raise KotacerdasError.about("KC811", path=str(target),
                                    detail=failure.strerror or type(failure).__name__) from None
