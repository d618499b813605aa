"""`export xlsx` and `import xlsx`: the programme matrix, or a year's realisation, out to
a workbook and back in.

Export writes the workbook (by default ``build/matriks-program.xlsx``, or
``build/realisasi-YYYY.xlsx``, in the plan folder) and touches nothing else. Import
checks the workbook before it is opened, tells the two kinds apart by their hidden
sheet, reads it against the plan under the plan's lock, and writes every changed file
as one change (`kotacerdas.transaction`): all of it, or nothing when a single cell is
wrong. A realisation workbook writes only its year's `realisasi-YYYY.yaml`. The plan is
checked afterwards, as `check` would.
"""

from __future__ import annotations

import os
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kotacerdas.diagnostics import CheckResult, Diagnostic
from kotacerdas.errors import KotacerdasError, UsageError, system_reason
from kotacerdas.plan import Plan, find_root, load_plan
from kotacerdas.source import write_atomic
from kotacerdas.spreadsheet import require
from kotacerdas.stages import IMPLEMENTATION
from kotacerdas.transaction import plan_lock, recover, write_files

if TYPE_CHECKING:
    from kotacerdas.spreadsheet.changes import Change
    from kotacerdas.spreadsheet.merge import Merge
    from kotacerdas.spreadsheet.reader import WorkbookData

DEFAULT_OUT = "build/matriks-program.xlsx"
DEFAULT_REALISATION_OUT = "build/realisasi-{year}.xlsx"
#: The stages whose files the workbook shows: they must be read whole for an import.
SHOWN_STAGES = (2, 3)
#: Those a realisation workbook shows beside its year's file (agencies, budgets, targets).
REALISATION_STAGES = (3, 4)


@dataclass
class Exported:
    path: Path
    programmes: int  # reports, in a realisation workbook
    lines: int  # spending lines, in a realisation workbook
    indicators: int  # indicator values, in a realisation workbook
    notes: list[Diagnostic] = field(default_factory=list)
    year: int | None = None  # the year of a realisation workbook


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


def export_realisation(start: Path, year: int, *, agency: str | None = None,
                       out: Path | None = None, language: str | None = None) -> Exported:
    """Write the realisation workbook of ``year`` (of ``agency``'s rows only, when given)
    of the plan at ``start`` to ``out``."""
    require()
    from kotacerdas.commands.stage import reporting_year
    from kotacerdas.spreadsheet.export import realisation_bytes
    from kotacerdas.spreadsheet.realisation import year_rows

    root = find_root(start)
    recovered = recover(root)
    plan, problems = load_plan(root, IMPLEMENTATION.number)
    found = year_rows(plan, reporting_year(plan, year))
    if agency is not None:
        chosen = found.of_agency(agency)
        if not chosen.rows["reports"]:
            raise UsageError.about("KC844", agency=agency, year=found.year,
                                   agencies="; ".join(found.agencies()) or "—")
        found, agency = chosen, str(chosen.rows["reports"][0].values["agency"])
    data = realisation_bytes(plan, found, language or plan.language, agency)
    target = out if out is not None else root / DEFAULT_REALISATION_OUT.format(year=found.year)
    _write(target, data)
    notes = list(recovered)
    unread = _unreadable(plan, problems, REALISATION_STAGES, found.rel)
    if unread:
        notes.append(Diagnostic.new("KC842", "kotacerdas", 0, 0, count=len(unread)))
    rows = found.rows
    return Exported(target, len(rows["reports"]), len(rows["spending"]),
                    len(rows["achievements"]), notes, found.year)


def import_workbook(start: Path, workbook: Path, *, dry_run: bool = False,
                    language: str | None = None) -> Imported:
    """Read ``workbook`` back into the plan at ``start`` (with ``dry_run``, only say what
    would change). KotacerdasError when the file is refused before it is opened."""
    require()
    from kotacerdas.spreadsheet.guard import check_workbook
    from kotacerdas.spreadsheet.layout import REALISATION
    from kotacerdas.spreadsheet.reader import read_workbook

    data = read_workbook(check_workbook(workbook))
    realisation = data.kind == REALISATION
    root = find_root(start)
    with nullcontext() if dry_run else plan_lock(root):
        recovered = recover(root, locked=not dry_run)
        plan, problems = load_plan(root, IMPLEMENTATION.number if realisation else None)
        outcome = Imported(root, workbook.name, CheckResult(language=language or plan.language),
                           dry_run=dry_run)
        outcome.result.add(recovered)
        if realisation:  # stage 5 is not sealed
            files = _compare_realisation(plan, problems, data, outcome)
        else:
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


def _compare(plan: Plan, problems: list[Diagnostic], data: WorkbookData,
             outcome: Imported) -> dict[str, str]:
    """The files to write (as written, byte-order marks kept); empty when nothing is to
    be written or something is wrong (the outcome says what)."""
    from kotacerdas.spreadsheet.merge import merge

    unread = _unreadable(plan, problems)
    if unread:
        outcome.result.add(unread)
        outcome.unreadable = True
        return {}
    return _files(plan, merge(plan, data), outcome)


def _compare_realisation(plan: Plan, problems: list[Diagnostic], data: WorkbookData,
                         outcome: Imported) -> dict[str, str]:
    """The year's realisation file to write, as `_compare` gives the matrix's files."""
    from kotacerdas.commands.stage import reporting_year
    from kotacerdas.spreadsheet.guard import refuse
    from kotacerdas.spreadsheet.realisation import year_rows
    from kotacerdas.spreadsheet.realisation_merge import merge_realisation

    year = data.meta.get("tahun")
    if not isinstance(year, int) or isinstance(year, bool):
        raise refuse("KC808", Path(data.name), detail=f"tahun {year}")
    found = year_rows(plan, reporting_year(plan, year))
    unread = _unreadable(plan, problems, REALISATION_STAGES, found.rel)
    if unread:
        outcome.result.add(unread)
        outcome.unreadable = True
        return {}
    merged = merge_realisation(plan, data, found)
    if not found.exists and not merged.changes and not merged.diagnostics:
        merged.diagnostics.append(Diagnostic.new("KC849", data.name, 0, 0, target=found.rel,
                                                 year=found.year))
    return _files(plan, merged, outcome)


def _files(plan: Plan, found: Merge, outcome: Imported) -> dict[str, str]:
    outcome.result.add(found.diagnostics)
    outcome.changes = found.changes
    if outcome.result.errors:
        return {}
    return {rel: plan.files[rel].as_written(text) if rel in plan.files else text
            for rel, text in sorted(found.texts.items())}


def _unreadable(plan: Plan, problems: list[Diagnostic], stages: tuple[int, ...] = SHOWN_STAGES,
                yearly: str | None = None) -> list[Diagnostic]:
    """The errors of the files of ``stages`` (and of the stage-5 file ``yearly``) that
    left part of them unread."""
    partial = {number for number, _ in plan.partial if number in stages
               and number in plan.stages}
    folders = tuple(f"{number}-" for number in partial)
    broken = yearly is not None and (IMPLEMENTATION.number, yearly) in plan.partial
    if not partial and not broken:
        return []
    return [d for d in problems if d.severity == "error" and
            ((folders and d.file.startswith(folders)) or (broken and d.file == yearly))]


def _write(target: Path, data: bytes) -> None:
    """Write the workbook so that readers see the old file or the new one, never half.
    Only a workbook is replaced: not a plan file, a link, a device or a folder."""
    if target.suffix.lower() != ".xlsx" or (os.path.lexists(target) and not _workbook(target)):
        raise KotacerdasError.about("KC846", path=str(target))
    try:
        write_atomic(target, data)
    except OSError as failure:
        raise KotacerdasError.about("KC811", path=str(target),
                                    detail=system_reason(failure)) from None


def _workbook(path: Path) -> bool:
    """Whether ``path`` is a regular file holding a workbook kotacerdas wrote: its
    document properties name kotacerdas as its author, as a spreadsheet program that
    saves it again leaves them."""
    import zipfile
    import zlib

    if path.is_symlink() or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > _CORE_LIMIT:
                return False
            core = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError,
            zlib.error, NotImplementedError):  # damaged or packed in a way zipfile cannot read
        return False
    return _AUTHOR.search(core) is not None


#: How the document properties of an exported workbook name its author (with or without
#: a namespace declared in place), and how large they may be (a few hundred bytes).
_AUTHOR = re.compile(rb"<(?:\w+:)?creator\b[^>]*>kotacerdas</(?:\w+:)?creator>")
_CORE_LIMIT = 64_000
