"""`init`, `check` and `status`: commands over a whole plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kotacerdas.cli.app import app
from kotacerdas.cli.options import (
    Format,
    Lang,
    Language,
    OutputFormat,
    PlanDir,
    RegionKind,
    Strict,
)
from kotacerdas.cli.output import plan_dir, report, user_errors


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder rencana baru. / New plan folder.")],
    name: Annotated[str, typer.Option("--name", "-n", help="Nama daerah, misalnya Batam.")],
    province: Annotated[str, typer.Option("--province", "-p", help="Provinsi. / Province.")],
    kind: Annotated[RegionKind, typer.Option("--kind", "-k", help="kota atau kabupaten.")] = (
        RegionKind.kota
    ),
    start: Annotated[int, typer.Option("--start", help="Tahun pertama rencana.")] = 2025,
    end: Annotated[
        Optional[int], typer.Option("--end", help="Tahun terakhir (bawaan: mulai + 9).")
    ] = None,
    code: Annotated[
        Optional[str], typer.Option("--code", help="Kode wilayah Kemendagri, misalnya 21.71.")
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", help="Bahasa buku: id atau en.")] = (
        Language.id
    ),
) -> None:
    """Mulai rencana baru: manifes dan berkas tahap 1 berisi contoh. Tidak menimpa apa pun.

    Start a new plan: the manifest and stage-1 files with examples. Never overwrites.
    """
    from kotacerdas.messages import say
    from kotacerdas.scaffold import Region, init_plan

    region = Region(name, kind.value, province, start, end or start + 9, code, lang.value)
    with user_errors(lang.value):
        written = init_plan(folder, region)
    print(say(lang.value, "init", "written", folder=folder))
    for path in written:
        print(f"  {path.relative_to(folder).as_posix()}")
    print(say(lang.value, "init", "next", folder=folder))


@app.command()
def check(
    folder: PlanDir = None,  # type: ignore[assignment]
    output: OutputFormat = Format.text,
    lang: Lang = None,
    strict: Strict = False,
) -> None:
    """Periksa setiap tahap yang sudah dimulai. / Check every stage that has started."""
    from kotacerdas.check import check_plan

    with user_errors(lang.value if lang else "id"):
        _, result = check_plan(plan_dir(folder), language=lang.value if lang else None)
    raise typer.Exit(report(result, output, strict=strict))


@app.command()
def status(folder: PlanDir = None, lang: Lang = None) -> None:  # type: ignore[assignment]
    """Keempat tahap dalam satu tabel. / The four stages in one table."""
    from kotacerdas.cli.status_view import show_status
    from kotacerdas.status import plan_status

    with user_errors(lang.value if lang else "id"):
        found = plan_status(plan_dir(folder), language=lang.value if lang else None)
    show_status(found)


@app.command()
def schema(folder: PlanDir = None, lang: Lang = None) -> None:  # type: ignore[assignment]
    """Tulis JSON Schema untuk editor ke .kotacerdas/skema/. / Write editor JSON Schemas."""
    from kotacerdas.messages import say
    from kotacerdas.plan import find_root
    from kotacerdas.schema import write_schemas

    language = lang.value if lang else "id"
    with user_errors(language):
        root = find_root(plan_dir(folder))
    for path in write_schemas(root):
        print(say(language, "init", "schema_written", path=path.relative_to(root).as_posix()))
