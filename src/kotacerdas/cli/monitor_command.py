"""`kotacerdas monitor`: the plan against its realisation in one year."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from kotacerdas.cli.app import EXIT_PLAN_ERRORS, app, command, language
from kotacerdas.cli.options import Format, Lang, PlanDir
from kotacerdas.cli.output import here

MonitorFormat = Annotated[
    Format, typer.Option("--format", "-f", help="text atau json (stdout). / text or json.")
]
Year = Annotated[
    Optional[int],
    typer.Option("--year", help="Tahun yang dipantau (bawaan: tahun terakhir yang dilaporkan)."
                 " / The year (default: the latest year reported).", show_default=False),
]


@command(app)
def monitor(folder: PlanDir = None, year: Year = None, output: MonitorFormat = Format.text,
            lang: Lang = None) -> int:
    """Rencana terhadap realisasi satu tahun: serapan anggaran, program, indikator.

    Plan against realisation in one year: budget absorbed, programmes, indicators, quick
    wins, and what the year's report still lacks. Exit 1 when the plan has errors.
    """
    from kotacerdas.commands.monitor import monitor as figures

    found = figures(here(folder), year, language())
    if output is Format.json:
        import json

        print(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
    else:
        from kotacerdas.cli.monitor_view import show_monitor

        show_monitor(found)
    return EXIT_PLAN_ERRORS if found.result.errors else 0
