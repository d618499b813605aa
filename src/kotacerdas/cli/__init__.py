"""The `kotacerdas` command line: a thin layer of Typer commands over the library.

Only Typer is imported at start-up; every command imports what it needs when it runs,
so that `kotacerdas --help` stays fast.
"""

from __future__ import annotations

from kotacerdas.cli.app import app
from kotacerdas.cli import plan_commands, stage_commands  # noqa: F401  (registers commands)
from kotacerdas.cli import build_command  # noqa: F401  (registers `build`)
from kotacerdas.cli import workflow_commands  # noqa: F401  (registers `stage advance`, `coverage`)


def main() -> None:
    app()
