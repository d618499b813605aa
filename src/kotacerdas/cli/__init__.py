"""The `kotacerdas` command line: a thin layer of Typer commands over `kotacerdas.commands`.

Only Typer is imported at start-up; every command imports what it needs when it runs,
so that `kotacerdas --help` stays fast.
"""

from __future__ import annotations

import gc
import os
import sys

import typer


def main() -> None:
    # A command runs for a second or so and keeps nearly all it builds until it exits, so
    # the cycle collector would only walk the growing plan again and again (half the time
    # of a 10,000-programme check) and free nothing: peak memory is the same without it.
    # It is off before the commands are imported, which alone saves a tenth of `--help`.
    gc.disable()
    # Pydantic would otherwise read the entry points of every installed package, looking
    # for plugins that watch validation; the plan's checks want none, and the search
    # alone costs a twentieth of a second in a full environment.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _tolerate_narrow_encodings()
    command = application()
    try:
        code = command(prog_name="kotacerdas", standalone_mode=False)
    except OSError as failure:  # the help text, written before any command runs
        from kotacerdas.cli.app import refused

        sys.exit(refused(failure))
    except typer.TyperException as error:  # an option or argument the command refuses
        from kotacerdas.cli.app import misused

        sys.exit(misused(error))
    except typer.Abort:
        sys.exit(2)
    except SystemExit:
        # Click leaves with 1 when the reader of its help text stops reading (`| head`),
        # after swapping in a stdout that swallows the rest: exit as every command does.
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(2)
        raise
    sys.exit(code if isinstance(code, int) else 0)


def application() -> typer.Typer:
    """The Typer application with every command registered on it."""
    # Importing a command module registers its commands on `app`.
    import kotacerdas.cli.sheet_commands  # noqa: F401
    from kotacerdas.cli import (  # noqa: F401
        build_command,
        diff_command,
        ids_command,
        monitor_command,
        plan_commands,
        stage_commands,
    )
    from kotacerdas.cli.app import app

    return app


def _tolerate_narrow_encodings() -> None:
    """On a terminal or pipe that cannot show every character (cp1252, ASCII), print what
    it can and a stand-in for the rest, rather than stop half way."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", None) or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
