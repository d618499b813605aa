"""`init`, `check`, `status`, `coverage` and `schema`: commands over a whole plan."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kotacerdas.cli.app import app, command, language
from kotacerdas.cli.options import (
    CheckFormat,
    CheckOutputFormat,
    Format,
    Lang,
    Language,
    OutputFormat,
    PlanDir,
    RegionKind,
    Strict,
)
from kotacerdas.cli.output import here, inform, line_links, report, report_notes


@command(app)
def init(
    folder: Annotated[Path, typer.Argument(help="Folder rencana baru. / New plan folder.")],
    name: Annotated[str, typer.Option("--name", "-n", help="Nama daerah, misalnya Batam.")],
    province: Annotated[str, typer.Option("--province", "-p", help="Provinsi. / Province.")],
    kind: Annotated[RegionKind, typer.Option("--kind", "-k", help="kota atau kabupaten.")] = (
        RegionKind.kota
    ),
    start: Annotated[Optional[int], typer.Option(
        "--start", help="Tahun pertama rencana (bawaan: tahun depan). / First plan year "
        "(default: next year).")] = None,
    end: Annotated[
        Optional[int], typer.Option("--end", help="Tahun terakhir (bawaan: mulai + 9).")
    ] = None,
    code: Annotated[
        Optional[str], typer.Option("--code", help="Kode wilayah Kemendagri, misalnya 21.71.")
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", help="Bahasa buku: id atau en.")] = (
        Language.id
    ),
    ci: Annotated[bool, typer.Option(
        "--ci", help="Tulis juga alur kerja GitHub Actions yang memeriksa rencana di setiap "
        "push. / Also write a GitHub Actions workflow that checks the plan on every push.")
    ] = False,
) -> None:
    """Mulai rencana baru: manifes dan berkas tahap 1 berisi contoh. Tidak menimpa apa pun.

    Start a new plan: the manifest and stage-1 files with examples. Never overwrites.
    """
    from kotacerdas.clock import today
    from kotacerdas.commands.init import init_plan
    from kotacerdas.messages import say
    from kotacerdas.scaffold import PLAN_YEARS, Region

    first = today().year + 1 if start is None else start
    last = first + PLAN_YEARS - 1 if end is None else end
    region = Region(name, kind.value, province, first, last, code, language())
    written = init_plan(folder, region, ci=ci)
    inform(say(language(), "init", "written", folder=folder))
    inform(say(language(), "init", "period", start=region.start, end=region.end))
    for path in written:
        inform(f"  {path.relative_to(folder).as_posix()}")
    inform(say(language(), "init", "next", folder=folder))


@command(app)
def check(
    folder: PlanDir = None,
    output: CheckOutputFormat = CheckFormat.text,
    lang: Lang = None,
    strict: Strict = False,
) -> int:
    """Periksa setiap tahap yang sudah dimulai. / Check every stage that has started."""
    from kotacerdas.commands.check import check_plan

    plan, result = check_plan(here(folder), language=language())
    return report(result, output, strict=strict, root=plan.root)


class StatusFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@command(app)
def status(
    folder: PlanDir = None,
    output: Annotated[StatusFormat, typer.Option(
        "--format", "-f", help="text, json, atau markdown (ringkasan untuk CI, dengan tautan "
        "ke baris / a CI job summary linking every problem to its line).")] = StatusFormat.text,
    lang: Lang = None,
) -> None:
    """Keempat tahap dalam satu tabel. / The four stages in one table."""
    from kotacerdas.commands.status import plan_status

    found = plan_status(here(folder), language=language())
    if output is StatusFormat.json:
        import json

        print(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    from kotacerdas.cli import status_view

    if output is StatusFormat.markdown:
        print(status_view.status_markdown(found, line_links(found.plan.root)), end="")
        return
    status_view.show_status(found)


@command(app)
def coverage(
    folder: PlanDir = None,
    output: OutputFormat = Format.text,
    lang: Lang = None,
) -> None:
    """Rantai SWOT → strategi → program → indikator, celahnya, dan anggaran.

    The chains SWOT → strategy → programme → indicator, their gaps, and the budget.
    """
    from kotacerdas.commands.coverage import plan_coverage

    found = plan_coverage(here(folder), language=language())
    if found.notes:
        report_notes(found.notes)
    if output is Format.json:
        import json

        print(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    from kotacerdas.cli.coverage_view import show_coverage

    show_coverage(found)


@command(app)
def schema(folder: PlanDir = None, lang: Lang = None) -> None:
    """Tulis JSON Schema untuk editor ke .kotacerdas/skema/. / Write editor JSON Schemas."""
    from kotacerdas.commands.schema import write_schemas
    from kotacerdas.messages import say

    root, written = write_schemas(here(folder))
    for path in written:
        inform(say(language(), "init", "schema_written", path=path.relative_to(root).as_posix()))
