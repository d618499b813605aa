"""`export xlsx` and `import xlsx`: the programme matrix, or a year's realisation, as a
workbook, out and back in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kotacerdas.cli.app import EXIT_PLAN_ERRORS, app, command, language
from kotacerdas.cli.options import Format, Lang, OutputFormat, PlanDir, Strict
from kotacerdas.cli.output import here, inform, report, report_notes

if TYPE_CHECKING:
    from kotacerdas.commands.sheets import Imported
    from kotacerdas.spreadsheet.changes import Change

export_app = typer.Typer(
    help="Ekspor rencana ke berkas untuk aplikasi lain. / Export the plan for other tools.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
import_app = typer.Typer(
    help="Baca kembali berkas yang diekspor. / Read an exported file back into the plan.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

OutFile = Annotated[
    Optional[Path],
    typer.Option("--out", "-o", help="Berkas tujuan (bawaan: DIR/build/matriks-program.xlsx, "
                 "atau DIR/build/realisasi-YYYY.xlsx). / Target file (default: "
                 "DIR/build/matriks-program.xlsx, or DIR/build/realisasi-YYYY.xlsx).",
                 metavar="FILE"),
]
RealisationYear = Annotated[
    Optional[int],
    typer.Option("--realisation", "--realisasi",
                 help="Buku kerja realisasi tahun ini, bukan matriks program. "
                 "/ The realisation workbook of this year instead of the programme matrix.",
                 metavar="YYYY", show_default=False),
]
Agency = Annotated[
    Optional[str],
    typer.Option("--agency", "--opd",
                 help="Hanya program dan quick win OPD ini (dengan --realisation). / "
                 "Only this agency's programmes and quick wins (with --realisation).",
                 metavar="NAME", show_default=False),
]
Workbook = Annotated[
    Path,
    typer.Argument(help="Buku kerja hasil `export xlsx` (matriks program atau realisasi) "
                   "yang sudah disunting. / The edited workbook from `export xlsx` (the "
                   "programme matrix or a realisation).", metavar="FILE", show_default=False),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Tampilkan perubahan tanpa menulis apa pun. / Show the "
                 "changes and write nothing."),
]


@command(export_app, "xlsx")
def export_xlsx(folder: PlanDir = None, out: OutFile = None, realisasi: RealisationYear = None,
                opd: Agency = None, lang: Lang = None) -> None:
    """Matriks program sebagai buku kerja Excel untuk OPD: program dan rencana aksinya,
    anggaran, indikator, dengan daftar pilihan dan total; dengan --realisation YYYY,
    realisasi tahun itu untuk diisi OPD.

    The programme matrix as an Excel workbook for the agencies: programmes and their
    action plans, budget lines, indicators, with dropdowns and totals; with --realisation
    YYYY, that year's realisation for the agencies to fill in.
    """
    from kotacerdas.commands.sheets import export_realisation, export_workbook
    from kotacerdas.errors import UsageError
    from kotacerdas.messages import say
    from kotacerdas.text_safety import visible

    if realisasi is None:
        if opd is not None:
            raise UsageError.about("KC845")
        done = export_workbook(here(folder), out, language=language())
        report_notes(done.notes)
        inform(say(language(), "sheets", "exported", path=visible(str(done.path)),
                  programmes=done.programmes, lines=done.lines, indicators=done.indicators))
        return
    done = export_realisation(here(folder), realisasi, agency=opd, out=out, language=language())
    report_notes(done.notes)
    inform(say(language(), "sheets", "exported_realisation", path=visible(str(done.path)),
              year=done.year, reports=done.programmes, lines=done.lines,
              values=done.indicators))


@command(import_app, "xlsx")
def import_xlsx(
    file: Workbook,
    folder: PlanDir = None,
    dry_run: DryRun = False,
    output: OutputFormat = Format.text,
    lang: Lang = None,
    strict: Strict = False,
) -> int:
    """Tulis sel yang berubah di buku kerja kembali ke berkas YAML, tepat di tempatnya;
    bila satu sel saja salah, tidak ada yang ditulis.

    Write the cells that changed in the workbook back into the YAML files, in place;
    if a single cell is wrong, nothing is written.
    """
    from kotacerdas.commands.sheets import import_workbook

    done = import_workbook(here(folder), file, dry_run=dry_run, language=language())
    if output is Format.json:
        return _json(done, strict)
    _tell(done)
    if done.written:  # the plan was checked: its report, as `check` gives it
        code = report(done.result, Format.text, strict=strict)
    else:
        code = _diagnostics(done, strict)
    _closing(done)
    return code or (EXIT_PLAN_ERRORS if done.rejected else 0)


def _diagnostics(done: Imported, strict: bool) -> int:
    from kotacerdas.cli.output import painter
    from kotacerdas.report import text_report

    if done.result.diagnostics:
        print(text_report(done.result, painter(sys.stdout)))
    return done.result.exit_code(strict=strict)


def _tell(done: Imported) -> None:
    from kotacerdas.messages import say
    from kotacerdas.text_safety import visible

    lang = done.result.language
    if done.changes:
        print(say(lang, "sheets", "changes", file=visible(str(done.workbook))))
        for change in done.changes:
            for line in _change_lines(change, lang):
                print(line)
    elif not done.result.errors:
        missing = any(d.code == "KC849" for d in done.result.diagnostics)
        print(say(lang, "sheets", "nothing_written" if missing else "no_changes"))
    if done.written:
        print(say(lang, "sheets", "written", files=len(done.written)))
        for path in done.written:
            print(f"  {path.relative_to(done.root).as_posix()}")


def _closing(done: Imported) -> None:
    from kotacerdas.cli.output import err
    from kotacerdas.messages import say

    lang = done.result.language
    if done.unreadable:
        err(say(lang, "sheets", "unreadable"))
    elif done.rejected:
        err(say(lang, "sheets", "rejected", errors=len(done.result.errors)))
    elif done.dry_run and done.changes:
        print(say(lang, "sheets", "dry_run"))
    if done.sealed and done.changes and (done.written or done.dry_run) and not done.rejected:
        print(say(lang, "sheets", "sealed_dry_run" if done.dry_run else "sealed"))


def _change_lines(change: Change, lang: str) -> list[str]:
    from kotacerdas.messages import say, text

    head = say(lang, "sheets", "added" if change.added else "changed",
               item=text(lang, change.item), file=change.file, row=change.row)
    lines = [head]
    for found in change.fields:
        column = say(lang, "sheet_headers", found.column)
        new = _shown(lang, found.new)
        if change.added:
            lines.append(say(lang, "sheets", "new_field", field=column, new=new))
        else:
            lines.append(say(lang, "sheets", "field", field=column,
                             old=_shown(lang, found.old), new=new))
    if change.assigned:
        ident, dimension = change.assigned
        lines.append(say(lang, "sheets", "id_assigned", id=ident, dimension=dimension))
    return lines


def _shown(lang: str, value: Any) -> str:
    from kotacerdas.messages import text
    from kotacerdas.spreadsheet.changes import show
    from kotacerdas.text_safety import visible

    return visible(text(lang, show(value)))


def _json(done: Imported, strict: bool) -> int:
    from kotacerdas.messages import text
    from kotacerdas.report import json_report

    lang = done.result.language
    changes = [{
        "item": text(lang, change.item), "part": change.part, "file": change.file,
        "row": change.row, "action": "added" if change.added else "changed",
        "fields": [{"field": f.key, "old": f.old, "new": f.new} for f in change.fields],
        "id_assigned": change.assigned[0] if change.assigned else None,
    } for change in done.changes]
    print(json_report(done.result, strict=strict, workbook=done.workbook,
                      dry_run=done.dry_run, changes=changes,
                      written=[p.relative_to(done.root).as_posix() for p in done.written],
                      sealed=done.sealed))
    code = done.result.exit_code(strict=strict)
    return code or (EXIT_PLAN_ERRORS if done.rejected else 0)

