"""`stage advance`, `stage seal` and `stage scaffold`: close the current stage, seal the
signed commitment, open the yearly implementation stage, write missing scaffold files.

All run under the plan's lock and write as one change (`kotacerdas.transaction`):
closing edits the manifest's `tahapan` log in place and writes the next stage's scaffold
files, filled from what the earlier stages hold; closing stage 4 records the seal. Once
stage 4 is closed, `stage advance` opens stage 5, which is never closed, and writes the
realisation file of the current year; it touches no file of stages 1 to 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kotacerdas.clock import today
from kotacerdas.commands.check import check_plan
from kotacerdas.dates import PlanDay, first_day, iso, last_day
from kotacerdas.diagnostics import CheckResult
from kotacerdas.edits import close_stage, open_implementation
from kotacerdas.errors import UsageError, WorkflowError
from kotacerdas.model.manifest import StageEntry
from kotacerdas.plan import MANIFEST, Plan, find_root, load_plan
from kotacerdas.progress import Ledger
from kotacerdas.rules.chronology import reseal_out_of_order
from kotacerdas.rules.seal import STALE_SEAL
from kotacerdas.scaffold import next_stage_files, refuse_existing, stage_scaffold, yearly_files
from kotacerdas.seal import sealed_files
from kotacerdas.stages import IMPLEMENTATION, LAST, REALISATION
from kotacerdas.text_safety import UNSAFE_IN_A_LINE, visible
from kotacerdas.transaction import plan_lock, recover, write_files


@dataclass
class Advance:
    """What `stage advance` (or `stage seal`) found and did."""

    root: Path
    stage: int
    result: CheckResult
    closed: bool = False
    opened: bool = False  # stage 5 was opened (it is never closed)
    on: PlanDay | None = None
    why: str = "given"  # how the closing date was chosen: given | workshop | today
    written: list[Path] = field(default_factory=list)
    seal: str | None = None


def closing_day(entry: StageEntry, given: PlanDay | None) -> tuple[PlanDay, str]:
    """The day a stage closes, and why that one: the date given; else the last day of its
    workshop once that has passed; else today. A workshop still ahead is KC711."""
    if given is not None:
        return given, "given"
    now = today()
    last = max(entry.lokakarya, key=last_day) if entry.lokakarya else None
    if last is None or first_day(last) <= now <= last_day(last):
        return now, "today"
    if last_day(last) < now:
        return last, "workshop"
    raise WorkflowError.about("KC711", workshop=iso(last), today=now.isoformat())


def advance(
    start: Path,
    *,
    on: PlanDay | None = None,
    scaffold: bool = True,
    strict: bool = False,
    language: str | None = None,
) -> Advance:
    """Close the current stage of the plan at ``start`` if it passes its check.

    Nothing is written when the stage does not pass, or when a file to scaffold exists
    (``WouldOverwrite`` is raised before anything is written).
    """
    root = find_root(start)
    with plan_lock(root):
        recovered = recover(root, locked=True)
        plan, result = check_plan(root, language=language)
        result.add(recovered)
        if plan.manifest and all(
            plan.manifest.tahapan.entry(n).status == "selesai" for n in range(1, LAST + 1)
        ):
            if plan.implementation_open:
                raise WorkflowError.about("KC702")
            return _open_implementation(plan, result, on, scaffold, strict)
        outcome = Advance(root=root, stage=plan.current_stage, result=result)
        if result.exit_code(strict=strict) != 0:
            return outcome
        assert plan.manifest is not None  # a plan without one does not pass its check
        outcome.on, outcome.why = closing_day(plan.manifest.tahapan.entry(outcome.stage), on)
        manifest = plan.files[MANIFEST]
        files = {MANIFEST: manifest.as_written(
            close_stage(manifest.text, outcome.stage, outcome.on, MANIFEST))}
        scaffolded: dict[str, str] = {}
        if scaffold and outcome.stage < LAST:
            scaffolded = next_stage_files(plan, outcome.stage + 1)
            refuse_existing(root, list(scaffolded))
        if outcome.stage == LAST:
            outcome.seal, sealing = sealed_files(plan)
            files.update(sealing)
        write_files(root, {**scaffolded, **files}, last=MANIFEST)
    outcome.written = [root / name for name in scaffolded]
    outcome.closed = True
    return outcome


def _open_implementation(plan: Plan, result: CheckResult, on: PlanDay | None, scaffold: bool,
                         strict: bool) -> Advance:
    """Open stage 5 (the commitment passing its check) on ``on`` or today, and write the
    realisation file of that year. The caller holds the plan's lock."""
    outcome = Advance(root=plan.root, stage=IMPLEMENTATION.number, result=result)
    if result.exit_code(strict=strict) != 0:
        return outcome
    outcome.on, outcome.why = (on, "given") if on is not None else (today(), "today")
    manifest = plan.files[MANIFEST]
    files = {MANIFEST: manifest.as_written(open_implementation(manifest.text, outcome.on,
                                                               MANIFEST))}
    scaffolded: dict[str, str] = {}
    if scaffold:
        scaffolded = yearly_files(plan, _year_of(Ledger(plan), first_day(outcome.on).year),
                                  evaluation=False)
        refuse_existing(plan.root, list(scaffolded))
    write_files(plan.root, {**scaffolded, **files}, last=MANIFEST)
    outcome.written = [plan.root / name for name in scaffolded]
    outcome.opened = True
    return outcome


def _year_of(ledger: Ledger, year: int) -> int:
    """``year`` moved into the years a report can be written for."""
    years = ledger.reporting_years()
    return min(max(year, years[0]), years[-1]) if years else year


def reseal(start: Path, *, strict: bool = False, language: str | None = None,
           reason: str | None = None, on: date | None = None) -> Advance:
    """Record a new seal for a plan whose stage 4 is closed, after the city signs again.

    The plan must still pass stage 4; a warning that the old seal no longer matches is
    what resealing answers, so it does not count. With a ``reason``, the seal is added to
    the commitment's `riwayat_segel` with that reason and the date (``on``, else today).
    """
    if reason is not None and UNSAFE_IN_A_LINE.search(reason):
        raise UsageError.about("KC713", value=visible(reason))
    root = find_root(start)
    with plan_lock(root):
        recovered = recover(root, locked=True)
        plan, result = check_plan(root, stage=LAST, language=language)
        if plan.manifest is not None and plan.manifest.tahapan.entry(LAST).status != "selesai":
            raise WorkflowError.about("KC706")
        result.diagnostics = [d for d in result.diagnostics if d.code != STALE_SEAL]
        result.add(recovered)
        outcome = Advance(root=root, stage=LAST, result=result)
        if result.exit_code(strict=strict) == 0:
            history = (on or today(), reason) if reason else None
            _refuse_out_of_order(plan, history)
            outcome.seal, files = sealed_files(plan, history)
            outcome.on = history[0] if history else None
            write_files(root, files)
            outcome.closed = True
    return outcome


def _refuse_out_of_order(plan: Plan, history: tuple[date, str] | None) -> None:
    """KC527 before anything is written, for a re-seal the next check would refuse."""
    commitment = plan.joint_commitment
    if history is None or commitment is None:
        return
    why = reseal_out_of_order(commitment, history[0])
    if why is not None:
        raise UsageError.about("KC527", value=history[0].isoformat(), what=why)


@dataclass
class Scaffolded:
    """What `stage scaffold` wrote: for stage 5, the files of one year."""

    root: Path
    stage: int
    written: list[Path] = field(default_factory=list)
    year: int | None = None
    evaluation_later: bool = False  # the evaluation waits for the year's realisation


def write_scaffold(start: Path, number: int | None = None, language: str | None = None,
                   year: int | None = None) -> Scaffolded:
    """Write the scaffold files of stage ``number`` (default: the current stage; with a
    ``year``, stage 5) that are missing; an existing file is never touched. Stage 5's are
    the files of ``year`` (default: this year): the realisation, and once that exists,
    the evaluation prefilled from it."""
    root = find_root(start)
    with plan_lock(root):
        recover(root, locked=True)
        plan, _ = load_plan(root, IMPLEMENTATION.number)
        if plan.manifest is None:
            raise WorkflowError.about("KC712")
        number = number or (IMPLEMENTATION.number if year is not None else plan.current_stage)
        done = Scaffolded(root, number)
        if number != IMPLEMENTATION.number:
            if year is not None:
                raise UsageError.about("KC547", value=number)
            found = stage_scaffold(plan, number)
        else:
            done.year = reporting_year(plan, year)
            realised = plan.yearly_file(REALISATION, done.year)
            done.evaluation_later = not (root / realised).exists()
            found = stage_scaffold(plan, number, done.year, not done.evaluation_later)
        files = {name: text for name, text in found.items()
                 if not (root / name).exists() and not (root / name).is_symlink()}
        done.written = write_files(root, files) if files else []
        return done


def reporting_year(plan: Plan, year: int | None, ledger: Ledger | None = None) -> int:
    """The year stage 5's files are asked for (default: this year, moved into the years a
    report can be written for); a year no report can be for is KC549."""
    ledger = ledger or Ledger(plan)
    if year is None:
        return _year_of(ledger, today().year)
    why = ledger.unreportable(year)
    if why is None:
        return year
    years = ledger.reporting_years()
    first, last = (years[0], years[-1]) if years else (year, year)
    raise UsageError.about("KC549", value=year, why=why, first=first, last=last)
