"""`stage advance`, `stage seal` and `coverage`: moving the plan forward, sealing the signed
commitment, and seeing the plan's chains."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from kotacerdas.cli.app import app, stage_app
from kotacerdas.cli.options import Format, Lang, OutputFormat, PlanDir, Strict
from kotacerdas.cli.output import (
    EXIT_PLAN_ERRORS,
    EXIT_USAGE,
    fail_usage,
    plan_dir,
    report,
    say_code,
    user_errors,
)

DateOption = Annotated[
    Optional[str],
    typer.Option("--date", help="Tanggal penutupan TTTT-BB-HH (bawaan: hari ini). / Closing date."),
]
NoScaffold = Annotated[
    bool,
    typer.Option("--no-scaffold", help="Tutup tahap tanpa menulis berkas tahap berikutnya."),
]


@stage_app.command("advance")
def stage_advance(
    folder: PlanDir = None,  # type: ignore[assignment]
    on: DateOption = None,
    no_scaffold: NoScaffold = False,
    output: OutputFormat = Format.text,
    lang: Lang = None,
    strict: Strict = False,
) -> None:
    """Tutup tahap berjalan bila lolos, lalu siapkan berkas tahap berikutnya.

    Close the current stage if it passes, then scaffold the next stage's files.
    """
    from kotacerdas.scaffold import WouldOverwrite
    from kotacerdas.workflow import AllStagesClosed, StageLogNotEditable, advance

    language = lang.value if lang else "id"
    closing = _parse_date(on, language)
    with user_errors(language):
        try:
            done = advance(plan_dir(folder), on=closing, scaffold=not no_scaffold,
                           strict=strict, language=lang.value if lang else None)
        except AllStagesClosed:
            fail_usage("KC702", language)
        except StageLogNotEditable as problem:
            fail_usage("KC705", language, detail=problem.detail)
        except WouldOverwrite as clash:
            for path in clash.existing:
                say_code("KC703", language, path=path)
            raise typer.Exit(EXIT_USAGE)
    if output is Format.json:
        _json(done, strict)
    _tell(done)


@stage_app.command("seal")
def stage_seal(
    folder: PlanDir = None,  # type: ignore[assignment]
    output: OutputFormat = Format.text,
    lang: Lang = None,
    strict: Strict = False,
) -> None:
    """Catat segel baru setelah komitmen ditandatangani ulang (tahap 4 sudah ditutup).

    Record a new seal after the commitment is signed again (stage 4 already closed).
    """
    from kotacerdas.messages import say
    from kotacerdas.workflow import CommitmentNotClosed, reseal

    language = lang.value if lang else "id"
    with user_errors(language):
        try:
            done = reseal(plan_dir(folder), strict=strict, language=lang.value if lang else None)
        except CommitmentNotClosed:
            fail_usage("KC706", language)
    if output is Format.json:
        _json(done, strict)
    _report_or_stop(done)
    print(say(done.result.language, "workflow", "sealed", seal=done.seal))


def _parse_date(value: str | None, language: str) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail_usage("KC704", language, value=value)


def _json(done: Any, strict: bool) -> None:
    """Print what the command found and did as one JSON object, then stop (1: not closed)."""
    from kotacerdas.report import json_report

    written = [path.relative_to(done.root).as_posix() for path in done.written]
    print(json_report(done.result, strict=strict, stage=done.stage, closed=done.closed,
                      date=done.on.isoformat() if done.on else None, written=written,
                      seal=done.seal))
    raise typer.Exit(0 if done.closed else EXIT_PLAN_ERRORS)


def _report_or_stop(done: Any) -> None:
    """Print what the check found; stop with KC701 when the stage did not pass."""
    result = done.result
    if result.diagnostics:
        report(result, Format.text)
    if not done.closed:
        say_code("KC701", result.language, stage=done.stage, errors=len(result.errors),
                  warnings=len(result.warnings))
        raise typer.Exit(EXIT_PLAN_ERRORS)


def _tell(done: Any) -> None:
    from kotacerdas.messages import say
    from kotacerdas.stages import LAST, stage

    _report_or_stop(done)
    lang = done.result.language
    when = done.on.isoformat()
    if done.stage == LAST:
        print(say(lang, "workflow", "closed_last", stage=done.stage, date=when))
        print(say(lang, "workflow", "sealed", seal=done.seal))
        return
    print(say(lang, "workflow", "closed", stage=done.stage, date=when, next=done.stage + 1))
    if done.written:
        print(say(lang, "workflow", "written", stage=done.stage + 1))
        for path in done.written:
            print(f"  {path.relative_to(done.root).as_posix()}")
    folder = stage(done.stage + 1).folder
    print(say(lang, "workflow", "next", folder=folder, stage=done.stage + 1))


@app.command()
def coverage(
    folder: PlanDir = None,  # type: ignore[assignment]
    output: OutputFormat = Format.text,
    lang: Lang = None,
) -> None:
    """Rantai SWOT → strategi → program → indikator, celahnya, dan anggaran.

    The chains SWOT → strategy → programme → indicator, their gaps, and the budget.
    """
    import json

    from kotacerdas.coverage import plan_coverage

    with user_errors(lang.value if lang else "id"):
        found = plan_coverage(plan_dir(folder), language=lang.value if lang else None)
    if output is Format.json:
        print(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    from kotacerdas.cli.coverage_view import show_coverage

    show_coverage(found)
