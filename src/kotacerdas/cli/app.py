"""The Typer application, and the one place where a command's outcome becomes an exit code.

Every command is registered with ``@command(group)``: it returns its exit code, and any
error the library raises on purpose (`KotacerdasError`) is printed here as located
diagnostics in the reader's language, with exit code 2. The reader's language is worked
out here too, once per run: ``--lang``, else the plan's `bahasa`, else Indonesian.
"""

from __future__ import annotations

import errno
import functools
import inspect
import os
import sys
import typing
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

EXIT_OK, EXIT_PLAN_ERRORS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="kotacerdas",
    help="Tulis, periksa, dan terbitkan Masterplan Smart City dari berkas YAML di git.\n\n"
    "Write, check and publish a smart-city masterplan from YAML files in git.",
    add_completion=True,
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
_QUIET: ContextVar[bool] = ContextVar("quiet", default=False)
_COLOUR: ContextVar[bool | None] = ContextVar("colour", default=None)

Command = Callable[..., int | None]


def language() -> str:
    """The language this run speaks: ``--lang``, else the plan's `bahasa`, else ``id``."""
    return _LANGUAGE.get()


def quiet() -> bool:
    """Whether this run was asked to print only problems and the data it was asked for."""
    return _QUIET.get()


def colour() -> bool | None:
    """``--color`` (True), ``--no-color`` (False), or neither (None: decide by the stream)."""
    return _COLOUR.get()


Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Cetak hanya masalah dan data yang diminta, tanpa ringkasan atau "
    "kemajuan. / Print only problems and the data asked for.")]
Colour = Annotated[Optional[bool], typer.Option(
    "--color/--no-color", help="Warna di terminal (bawaan: hanya bila keluaran ke terminal dan "
    "NO_COLOR tidak diatur). / Colours (default: on a terminal, unless NO_COLOR is set).",
    show_default=False)]
#: The options every command takes besides its own.
_SHARED = (inspect.Parameter("quiet", inspect.Parameter.KEYWORD_ONLY, default=False,
                             annotation=Quiet),
           inspect.Parameter("color", inspect.Parameter.KEYWORD_ONLY, default=None,
                             annotation=Colour))


def command(group: typer.Typer, name: str | None = None) -> Callable[[Command], Command]:
    """Register a command on ``group``; its return value is the exit code. Every command
    also takes ``--quiet`` and ``--color/--no-color``, handled here."""

    def register(function: Command) -> Command:
        @functools.wraps(function)
        def run(**options: Any) -> None:
            _QUIET.set(bool(options.pop("quiet", False)))
            _COLOUR.set(options.pop("color", None))
            _exit(_guarded(function, options))

        own = inspect.signature(function, eval_str=True)
        run.__signature__ = own.replace(  # type: ignore[attr-defined]
            parameters=[*own.parameters.values(), *_SHARED])
        run.__annotations__ = {**typing.get_type_hints(function, include_extras=True),
                               **{p.name: p.annotation for p in _SHARED}}
        group.command(name)(run)
        return function

    return register


def show_version(value: bool) -> None:
    if value:
        from kotacerdas import __version__

        print(f"kotacerdas {__version__}")
        _exit(EXIT_OK)


@app.callback()
def main_options(version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=show_version,
        help="Tampilkan versi. / Show the version.")] = False) -> None:
    """Tulis, periksa, dan terbitkan Masterplan Smart City dari berkas YAML di git.

    Write, check and publish a smart-city masterplan from YAML files in git.
    """


def _exit(code: int) -> typing.NoReturn:
    raise typer.Exit(code)


def _guarded(function: Command, options: dict[str, Any]) -> int:
    """The command's exit code; a file, folder or stream the system refused (a name too
    long, a working folder deleted, a full disk, a closed pipe) ends it with a
    diagnostic naming it, exit 2, rather than a traceback."""
    closed = [name for name in ("stdout", "stderr") if getattr(sys, name) is None]
    for name in closed:
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    try:
        if "stdout" in closed:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        _LANGUAGE.set(_resolve_language(options))
        code = _outcome(function, options)
        sys.stdout.flush()
        return code
    except OSError as failure:
        return refused(failure)


def refused(failure: OSError) -> int:
    """Exit code 2, after a diagnostic naming what the system refused (none when the
    reader of stdout stopped reading, as ``| head`` does: nobody is listening)."""
    from kotacerdas.cli.output import report_notes
    from kotacerdas.errors import KotacerdasError, system_reason

    where = failure.filename or ("stdout" if failure.errno in _STREAM_ERRORS else ".")
    if where == "stdout":
        _drop_stdout()
    if isinstance(failure, BrokenPipeError):
        return EXIT_USAGE
    error = KotacerdasError.about(
        "KC634", path=str(where), detail=system_reason(failure))
    try:
        report_notes(error.diagnostics)
    except OSError:
        pass
    return EXIT_USAGE


def misused(error: typer.TyperException) -> int:
    """Exit code 2, after KC636 saying what the command line got wrong and how to see
    what it takes; or the help text, for a group given no command."""
    from kotacerdas.cli.output import report_notes
    from kotacerdas.cli.usage_errors import command_path, described, reader_language
    from kotacerdas.errors import KotacerdasError

    context = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
        print(context.get_help(), file=sys.stderr)
        return EXIT_USAGE
    _LANGUAGE.set(reader_language(sys.argv[1:]))
    report_notes(KotacerdasError.about("KC636", detail=described(error, language()),
                                       command=command_path(error)).diagnostics)
    return EXIT_USAGE


def _drop_stdout() -> None:
    """Send what is still buffered for stdout nowhere, so that leaving does not fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


#: What writing to a full or closed stream fails with.
_STREAM_ERRORS = (errno.ENOSPC, errno.EBADF, errno.EPIPE, errno.EIO)


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


def speak_for(folder: Path, chosen: Any) -> None:
    """Speak the language of the plan at ``folder`` unless ``--lang`` chose one: for a
    command that finds its plan folder among other arguments."""
    if chosen is None:
        from kotacerdas.plan import language_at

        _LANGUAGE.set(language_at(folder))


def _resolve_language(options: dict[str, Any]) -> str:
    chosen = options.get("lang")
    if chosen is not None:
        return str(chosen.value)
    from kotacerdas.plan import language_at

    return language_at(options.get("folder") or Path.cwd())
