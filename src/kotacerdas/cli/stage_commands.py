"""`stage check N`: one stage at a time."""

from __future__ import annotations

from typing import Annotated

import typer

from kotacerdas.cli.app import stage_app
from kotacerdas.cli.options import Format, Lang, OutputFormat, PlanDir, Strict
from kotacerdas.cli.output import fail_usage, plan_dir, report, user_errors


@stage_app.command("check")
def stage_check(
    number: Annotated[
        int, typer.Argument(help="Nomor tahap, 1 sampai 4. / Stage number.", metavar="N")
    ],
    folder: PlanDir = None,  # type: ignore[assignment]
    output: OutputFormat = Format.text,
    lang: Lang = None,
    strict: Strict = False,
) -> None:
    """Periksa tahap N beserta tahap-tahap sebelumnya. / Check stage N and the stages before it."""
    from kotacerdas.check import check_plan
    from kotacerdas.stages import FIRST, LAST

    language = lang.value if lang else None
    if not FIRST <= number <= LAST:
        fail_usage("KC602", language or "id", value=number)
    with user_errors(language or "id"):
        _, result = check_plan(plan_dir(folder), stage=number, language=language)
    raise typer.Exit(report(result, output, strict=strict))
