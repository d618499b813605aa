"""The `kotacerdas` command line: a thin layer of Typer commands over `kotacerdas.commands`.

Only Typer is imported at start-up; every command imports what it needs when it runs,
so that `kotacerdas --help` stays fast.
"""

from __future__ import annotations

import gc

# Importing a command module registers its commands on `app`.
from kotacerdas.cli import build_command, plan_commands, stage_commands  # noqa: F401
from kotacerdas.cli.app import app


def main() -> None:
    # A command runs for a second or so and keeps nearly all it builds until it exits, so
    # the cycle collector would only walk the growing plan again and again (half the time
    # of a 10,000-programme check) and free nothing: peak memory is the same without it.
    gc.disable()
    app()
