"""`kotacerdas build`: check the plan, then write its books in Markdown and HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kotacerdas.cli.app import app
from kotacerdas.cli.options import Format, Lang, PlanDir
from kotacerdas.cli.output import EXIT_USAGE, err, plan_dir, report, user_errors

OutDir = Annotated[
    Optional[Path],
    typer.Option("--out", "-o", help="Folder keluaran (bawaan: <rencana>/build). / Output folder."),
]
Formats = Annotated[
    str, typer.Option("--format", "-f", help="Format dipisah koma: md,html. / Formats: md,html.")
]
Force = Annotated[
    bool, typer.Option("--force", help="Tetap buat buku walau ada galat. / Build despite errors.")
]
Timeout = Annotated[
    float,
    typer.Option("--template-timeout", min=0.1,
                 help="Batas waktu templat kota, detik. / Time limit for city templates (s)."),
]


@app.command("build")
def build(
    folder: PlanDir = None,  # type: ignore[assignment]
    out: OutDir = None,
    formats: Formats = "md,html",
    lang: Lang = None,
    force: Force = False,
    template_timeout: Timeout = 10.0,
) -> None:
    """Buat buku masterplan (Markdown dan HTML). / Build the masterplan books."""
    from kotacerdas.messages import say
    from kotacerdas.render.build import FORMATS, BuildOptions, build_plan

    language = lang.value if lang else None
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if not chosen or any(f not in FORMATS for f in chosen):
        err(say(language or "id", "build", "bad_format", value=formats))
        raise typer.Exit(EXIT_USAGE)
    options = BuildOptions(chosen, language, out, force, template_timeout, progress=err)
    with user_errors(language or "id"):
        result = build_plan(plan_dir(folder), options)
    code = report(result.check, Format.text)
    if not result.built:
        err(say(result.check.language, "build", "not_built"))
        raise typer.Exit(code or 1)
    folder_out = result.written[0].parent if result.written else out
    err(say(result.check.language, "build", "done", count=len(result.written), folder=folder_out))
    raise typer.Exit(code)
