"""Printing results and turning library exceptions into exit codes: the only place that does."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from kotacerdas.cli.options import Format
from kotacerdas.diagnostics import CheckResult

EXIT_PLAN_ERRORS, EXIT_USAGE = 1, 2


def err(text: str) -> None:
    print(text, file=sys.stderr)


@contextmanager
def user_errors(language: str = "id") -> Iterator[None]:
    """Map the library's known exceptions to a clear message and exit code 2."""
    from kotacerdas.plan import PlanNotFound
    from kotacerdas.scaffold import WouldOverwrite

    try:
        yield
    except PlanNotFound as missing:
        _fail_with("KC601", language, path=str(missing.start))
    except WouldOverwrite as clash:
        from kotacerdas.messages import say

        folder = clash.existing[0].parent
        err(say(language, "init", "exists", folder=folder))
        for path in clash.existing:
            err(f"  {path}")
        raise typer.Exit(EXIT_USAGE)


def say_code(code: str, language: str, **params: object) -> None:
    """Print a diagnostic about the command itself rather than a plan file."""
    from kotacerdas.diagnostics import Diagnostic
    from kotacerdas.report import as_text

    err(as_text(Diagnostic.new(code, "kotacerdas", 0, 0, **params), language))


def _fail_with(code: str, language: str, **params: object) -> None:
    say_code(code, language, **params)
    raise typer.Exit(EXIT_USAGE)


def fail_usage(code: str, language: str = "id", **params: object) -> None:
    _fail_with(code, language, **params)


def report(result: CheckResult, output: Format, *, strict: bool = False) -> int:
    """Print a check result in the chosen format; return the exit code it calls for."""
    from kotacerdas.report import json_report, text_report

    if output is Format.json:
        print(json_report(result, strict=strict))
    else:
        text = text_report(result)
        if text:
            err(text)
        err(_summary(result))
    return result.exit_code(strict=strict)


def _summary(result: CheckResult) -> str:
    from kotacerdas.messages import say

    files, lang = len(result.checked_files), result.language
    errors, warnings = len(result.errors), len(result.warnings)
    if not errors and not warnings:
        return say(lang, "status", "summary_ok", files=files)
    return say(lang, "status", "summary", errors=errors, warnings=warnings, files=files)


def plan_dir(path: Path | None) -> Path:
    return path if path is not None else Path.cwd()
