"""`stage check N`, `stage advance` and `stage seal`: one workshop stage at a time."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kotacerdas.cli.app import EXIT_PLAN_ERRORS, command, language, stage_app
from kotacerdas.cli.options import (
    CheckFormat,
    CheckOutputFormat,
    Format,
    Lang,
    OutputFormat,
    PlanDir,
    Strict,
)
from kotacerdas.cli.output import here, report, say_code
from kotacerdas.dates import PlanDay, iso

if TYPE_CHECKING:
    from kotacerdas.commands.stage import Advance

DateOption = Annotated[
    Optional[str],
    typer.Option("--date", help="Tanggal penutupan TTTT-BB-HH atau TTTT-BB (bawaan: hari terakhir "
                 "bimtek yang sudah lewat, atau hari ini). / Closing date (default: the last "
                 "workshop day once past, else today)."),
]
NoScaffold = Annotated[
    bool,
    typer.Option("--no-scaffold", help="Tutup tahap tanpa menulis berkas tahap berikutnya."),
]


@command(stage_app, "check")
def stage_check(
    number: Annotated[
        int, typer.Argument(help="Nomor tahap, 1 sampai 5. / Stage number.", metavar="N")
    ],
    folder: PlanDir = None,
    output: CheckOutputFormat = CheckFormat.text,
    lang: Lang = None,
    strict: Strict = False,
) -> int:
    """Periksa tahap N beserta tahap-tahap sebelumnya. / Check stage N and the stages before it."""
    from kotacerdas.commands.check import check_plan
    from kotacerdas.errors import UsageError
    from kotacerdas.stages import FINAL, FIRST

    if not FIRST <= number <= FINAL:
        raise UsageError.about("KC602", value=number)
    plan, result = check_plan(here(folder), stage=number, language=language())
    return report(result, output, strict=strict, root=plan.root)


@command(stage_app, "advance")
def stage_advance(
    folder: PlanDir = None,
    on: DateOption = None,
    no_scaffold: NoScaffold = False,
    output: OutputFormat = Format.text,
    lang: Lang = None,
    strict: Strict = False,
) -> int:
    """Tutup tahap berjalan bila lolos, lalu siapkan berkas tahap berikutnya; sesudah
    tahap 4, buka tahap 5 (pelaksanaan) dan siapkan realisasi tahun ini.

    Close the current stage if it passes, then scaffold the next stage's files; after
    stage 4, open stage 5 (implementation) with this year's realisation file.
    """
    from kotacerdas.commands.stage import advance

    done = advance(here(folder), on=_date(on), scaffold=not no_scaffold, strict=strict,
                   language=language())
    if output is Format.json:
        return _json(done, strict)
    return _report_or_stop(done) or _tell(done)


Reason = Annotated[
    Optional[str],
    typer.Option("--reason", "--alasan",
                 help="Mengapa komitmen ditandatangani ulang (dicatat di riwayat segel dan "
                 "dicetak di Buku III). / Why the commitment was signed again."),
]

SealDate = Annotated[
    Optional[str],
    typer.Option("--date", help="Tanggal penandatanganan ulang TTTT-BB-HH (bawaan: hari ini). "
                 "/ Date of the new signing (default: today)."),
]


@command(stage_app, "seal")
def stage_seal(
    folder: PlanDir = None,
    reason: Reason = None,
    on: SealDate = None,
    output: OutputFormat = Format.text,
    lang: Lang = None,
    strict: Strict = False,
) -> int:
    """Catat segel baru setelah komitmen ditandatangani ulang (tahap 4 sudah ditutup).

    Record a new seal after the commitment is signed again (stage 4 already closed).
    """
    from kotacerdas.commands.stage import reseal
    from kotacerdas.messages import say

    day = _date(on)
    if day is not None and not isinstance(day, date):
        from kotacerdas.errors import UsageError

        raise UsageError.about("KC704", value=on)
    done = reseal(here(folder), strict=strict, language=language(), reason=reason, on=day)
    if output is Format.json:
        return _json(done, strict)
    stopped = _report_or_stop(done)
    if not stopped:
        print(say(done.result.language, "workflow", "sealed", seal=done.seal))
    return stopped


YearOption = Annotated[
    Optional[int],
    typer.Option("--year", help="Tahun laporan tahap 5 (bawaan: tahun ini). / The year of "
                 "stage 5's files (default: this year).", show_default=False),
]


@command(stage_app, "scaffold")
def stage_scaffold(
    number: Annotated[Optional[int], typer.Argument(
        help="Nomor tahap, 1 sampai 5 (bawaan: tahap berjalan). / Stage number (default: "
        "the current one).", metavar="[N]", show_default=False)] = None,
    folder: PlanDir = None,
    year: YearOption = None,
    lang: Lang = None,
) -> int:
    """Tulis berkas kerangka tahap N yang belum ada; berkas yang ada tidak disentuh.

    Write the stage's scaffold files that are missing; existing files are never touched.
    Stage 5: the year's realisation, then (once that exists) its evaluation.
    """
    from kotacerdas.commands.stage import write_scaffold
    from kotacerdas.errors import UsageError
    from kotacerdas.messages import say
    from kotacerdas.stages import FINAL, FIRST

    if number is not None and not FIRST <= number <= FINAL:
        raise UsageError.about("KC602", value=number)
    done = write_scaffold(here(folder), number, language(), year)
    if not done.written:
        print(say(language(), "workflow", "nothing_missing", stage=done.stage))
    else:
        print(say(language(), "workflow", "written", stage=done.stage))
        for path in done.written:
            print(f"  {path.relative_to(done.root).as_posix()}")
    if done.evaluation_later:
        print(say(language(), "workflow", "evaluation_later", year=done.year))
    return 0


def _date(value: str | None) -> PlanDay | None:
    from kotacerdas.dates import parse
    from kotacerdas.errors import UsageError

    if value is None:
        return None
    day = parse(value)
    if day is None:
        raise UsageError.about("KC704", value=value)
    return day


def _json(done: Advance, strict: bool) -> int:
    """Print what the command found and did as one JSON object (exit 1: not closed)."""
    from kotacerdas.report import json_report
    from kotacerdas.stages import IMPLEMENTATION

    written = [path.relative_to(done.root).as_posix() for path in done.written]
    opened = {"opened": done.opened} if done.stage == IMPLEMENTATION.number else {}
    print(json_report(done.result, strict=strict, stage=done.stage, closed=done.closed,
                      **opened, date=iso(done.on) if done.on else None, date_from=done.why,
                      written=written, seal=done.seal))
    return 0 if done.closed or done.opened else EXIT_PLAN_ERRORS


def _report_or_stop(done: Advance) -> int:
    """Print what the check found; KC701 and exit 1 when the stage did not pass."""
    result = done.result
    if result.diagnostics:
        report(result, Format.text)
    if done.closed or done.opened:
        return 0
    say_code("KC701", result.language, stage=done.stage, errors=len(result.errors),
             warnings=len(result.warnings))
    return EXIT_PLAN_ERRORS


def _tell(done: Advance) -> int:
    from kotacerdas.messages import say
    from kotacerdas.stages import LAST, stage

    lang = done.result.language
    when = say(lang, "workflow", f"closing_{done.why}", date=iso(done.on) if done.on else "")
    if done.opened:
        print(say(lang, "workflow", "implementation_opened", date=when))
        _written(done, lang)
        print(say(lang, "workflow", "next_realisation", folder=stage_folder(done.stage)))
        return 0
    if done.stage == LAST:
        print(say(lang, "workflow", "closed_last", stage=done.stage, date=when))
        print(say(lang, "workflow", "sealed", seal=done.seal))
        print(say(lang, "workflow", "open_implementation"))
        return 0
    print(say(lang, "workflow", "closed", stage=done.stage, date=when, next=done.stage + 1))
    if done.written:
        print(say(lang, "workflow", "written", stage=done.stage + 1))
        for path in done.written:
            print(f"  {path.relative_to(done.root).as_posix()}")
    folder = stage(done.stage + 1).folder
    print(say(lang, "workflow", "next", folder=folder, stage=done.stage + 1))
    return 0


def _written(done: Advance, lang: str) -> None:
    from kotacerdas.messages import say

    if done.written:
        print(say(lang, "workflow", "written", stage=done.stage))
        for path in done.written:
            print(f"  {path.relative_to(done.root).as_posix()}")


def stage_folder(number: int) -> str:
    from kotacerdas.stages import IMPLEMENTATION, stage

    return IMPLEMENTATION.folder if number == IMPLEMENTATION.number else stage(number).folder
