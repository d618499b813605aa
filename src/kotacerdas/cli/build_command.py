"""`kotacerdas build`: check the plan, then write its books in every format asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kotacerdas.cli.app import EXIT_PLAN_ERRORS, EXIT_USAGE, app, command, language
from kotacerdas.cli.options import Format, Lang, PlanDir
from kotacerdas.cli.output import err, here, inform, progress, report
from kotacerdas.render.formats import ALL, DEFAULT_FORMATS, WRITERS, all_settings

OutDir = Annotated[
    Optional[Path],
    typer.Option("--out", "-o", help="Folder keluaran (bawaan: <rencana>/build). / Output folder."),
]
Formats = Annotated[
    str,
    typer.Option("--format", "-f", help="Format dipisah koma / Comma-separated formats: "
                 + "; ".join(f"{w.name} = {w.description}" for w in WRITERS.values())
                 + f"; {ALL} = semua / every format."),
]
PdfEngine = Annotated[
    Optional[str],
    typer.Option("--pdf-engine", metavar="ENGINE",
                 help="Mesin PDF / PDF engine: "
                 + ", ".join(all_settings().get("pdf_engine", ()))
                 + " (bawaan yang pertama / the first is the default)."),
]
Force = Annotated[
    bool, typer.Option("--force", help="Tetap buat buku walau ada galat. / Build despite errors.")
]
Timeout = Annotated[
    float,
    typer.Option("--template-timeout", min=0.1,
                 help="Batas waktu templat kota, detik. / Time limit for city templates (s)."),
]


@command(app, "build")
def build(
    folder: PlanDir = None,
    out: OutDir = None,
    formats: Formats = ",".join(DEFAULT_FORMATS),
    lang: Lang = None,
    force: Force = False,
    template_timeout: Timeout = 10.0,
    pdf_engine: PdfEngine = None,
) -> int:
    """Buat buku masterplan. / Build the masterplan books."""
    from kotacerdas.commands.build import BuildOptions, build_plan
    from kotacerdas.messages import say

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    settings = {"pdf_engine": pdf_engine} if pdf_engine else {}
    options = BuildOptions(chosen, language(), out, force, template_timeout, progress=progress,
                           settings=settings)
    result = build_plan(here(folder), options)
    code = report(result.check, Format.text)
    words = result.check.language
    if result.stopped:
        err(say(words, "build", "stopped"))
        return EXIT_USAGE if result.failed else code or EXIT_PLAN_ERRORS
    if not result.built:
        err(say(words, "build", "not_built"))
        return code or EXIT_PLAN_ERRORS
    folder_out = result.written[0].parent if result.written else out
    inform(say(words, "build", "done", count=len(result.written), folder=folder_out))
    return code
