"""`kotacerdas build`: check the plan, then write its books in every format asked for."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from kotacerdas.cli.app import EXIT_PLAN_ERRORS, EXIT_USAGE, app, command, language
from kotacerdas.cli.options import Format, Lang, PlanDir
from kotacerdas.cli.output import err, here, inform, progress, report
from kotacerdas.render.formats import ALL, DEFAULT_FORMATS, WRITERS, setting_options

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
Force = Annotated[
    bool, typer.Option("--force", help="Tetap buat buku walau ada galat. / Build despite errors.")
]


def _finite(value: float) -> float:
    """A time limit is a number of seconds: neither infinity nor 'not a number'."""
    if not math.isfinite(value):
        raise typer.BadParameter(f"{str(value)!r} is not a valid float.")
    return value


Timeout = Annotated[
    float,
    typer.Option("--template-timeout", min=0.1, callback=_finite,
                 help="Batas waktu templat kota, detik. / Time limit for city templates (s)."),
]




def with_writer_settings(function: Callable[..., int]) -> Callable[..., int]:
    """``function`` taking, in place of its ``**settings``, one option per setting the
    writers declare (``--<setting> VALUE``), so that no engine is named here."""
    own = inspect.signature(function, eval_str=True)
    fixed = [p for p in own.parameters.values() if p.kind is not p.VAR_KEYWORD]
    added = []
    for option in setting_options():
        shown = option.help + ": " + ", ".join(option.allowed) + \
            " (bawaan yang pertama / the first is the default)."
        kind = Annotated[Optional[str], typer.Option(option.flag, metavar=option.metavar,
                                                     help=shown)]
        added.append(inspect.Parameter(option.key, inspect.Parameter.KEYWORD_ONLY,
                                       default=None, annotation=kind))
    function.__signature__ = own.replace(parameters=[*fixed, *added])  # type: ignore[attr-defined]
    function.__annotations__ = {**function.__annotations__,
                                **{p.name: p.annotation for p in added}}
    return function


@command(app, "build")
@with_writer_settings
def build(
    folder: PlanDir = None,
    out: OutDir = None,
    formats: Formats = ",".join(DEFAULT_FORMATS),
    lang: Lang = None,
    force: Force = False,
    template_timeout: Timeout = 10.0,
    **settings: Optional[str],
) -> int:
    """Buat buku masterplan. / Build the masterplan books."""
    from kotacerdas.commands.build import BuildOptions, build_plan
    from kotacerdas.messages import say

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    given = {key: value for key, value in settings.items() if value}
    options = BuildOptions(chosen, language(), out, force, template_timeout, progress=progress,
                           settings=given)
    result = build_plan(here(folder), options)
    code = report(result.check, Format.text)
    words = result.check.language
    if result.stopped:
        err(say(words, "build", "engine_stopped" if result.engine else "stopped"))
        return EXIT_USAGE if result.failed else code or EXIT_PLAN_ERRORS
    if not result.built:
        err(say(words, "build", "not_built"))
        return code or EXIT_PLAN_ERRORS
    folder_out = result.written[0].parent if result.written else out
    inform(say(words, "build", "done", count=len(result.written), folder=folder_out))
    return code
