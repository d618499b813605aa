"""Printing what a command found: diagnostics as text (stderr) or JSON (stdout)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotacerdas.cli.app import language
from kotacerdas.cli.options import Format

if TYPE_CHECKING:
    from kotacerdas.diagnostics import CheckResult, Diagnostic


def err(text: str) -> None:
    print(text, file=sys.stderr)


def say_code(code: str, language: str, **params: Any) -> None:
    """Print a diagnostic about the command itself rather than a plan file."""
    from kotacerdas.diagnostics import Diagnostic
    from kotacerdas.errors import TOOL
    from kotacerdas.report import as_text

    err(as_text(Diagnostic.new(code, TOOL, 0, 0, **params), language))


def report_notes(notes: list[Diagnostic]) -> None:
    """Print diagnostics a command found beside its own output (to stderr, as text)."""
    from kotacerdas.report import as_text

    for note in notes:
        err(as_text(note, language()))


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


def here(path: Path | None) -> Path:
    """The plan folder a command works on: the one named, else the current folder."""
    return path if path is not None else Path.cwd()
