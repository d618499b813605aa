"""The Typer application, and the one place where a command's outcome becomes an exit code.

Every command is registered with ``@command(group)``: it returns its exit code, and any
error the library raises on purpose (`KotacerdasError`) is printed here as located
diagnostics in the reader's language, with exit code 2. The reader's language is worked
out here too, once per run: ``--lang``, else the plan's `bahasa`, else Indonesian.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import typer

EXIT_OK, EXIT_PLAN_ERRORS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="kotacerdas",
    help="Tulis, periksa, dan terbitkan Masterplan Smart City dari berkas YAML di git.\n\n"
    "Write, check and publish a smart-city masterplan from YAML files in git.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

stage_app = typer.Typer(
    help="Periksa, tutup, atau segel satu tahap bimtek. / Check, close or seal a workshop stage.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(stage_app, name="stage")

_LANGUAGE: ContextVar[str] = ContextVar("language", default="id")

Command = Callable[..., int | None]


def language() -> str:
    """The language this run speaks: ``--lang``, else the plan's `bahasa`, else ``id``."""
    return _LANGUAGE.get()


def command(group: typer.Typer, name: str | None = None) -> Callable[[Command], Command]:
    """Register a command on ``group``; its return value is the exit code."""

    def register(function: Command) -> Command:
        @functools.wraps(function)
        def run(**options: Any) -> None:
            _LANGUAGE.set(_resolve_language(options))
            raise typer.Exit(_outcome(function, options))

        group.command(name)(run)
        return function

    return register


def _outcome(function: Command, options: dict[str, Any]) -> int:
    from kotacerdas.cli.output import report_notes
    from kotacerdas.clock import epoch_problem
    from kotacerdas.errors import KotacerdasError

    unusable_epoch = epoch_problem()
    if unusable_epoch:
        report_notes([unusable_epoch])
    try:
        return function(**options) or EXIT_OK
    except KotacerdasError as error:
        report_notes(error.diagnostics)
        return EXIT_USAGE


def _resolve_language(options: dict[str, Any]) -> str:
    chosen = options.get("lang")
    if chosen is not None:
        return str(chosen.value)
    from kotacerdas.plan import language_at

    return language_at(options.get("folder") or Path.cwd())
