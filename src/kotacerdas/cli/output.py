"""Printing what a command found.

Diagnostics and summaries go to stdout, whatever their format, so that `check >
laporan.txt` and pipes hold them; the tool's own progress and failures go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kotacerdas.cli.app import colour, language, quiet
from kotacerdas.cli.options import CheckFormat, Format

if TYPE_CHECKING:
    from kotacerdas.diagnostics import CheckResult, Diagnostic


def err(text: str) -> None:
    print(text, file=sys.stderr)


def progress(text: str) -> None:
    """Print a progress line on stderr, unless the run is quiet."""
    if not quiet():
        err(text)


def inform(text: str) -> None:
    """Print a summary on stdout, unless the run is quiet."""
    if not quiet():
        print(text)


#: ANSI colours of the severities (and of what a diff adds and removes).
_COLOURS = {"error": "1;31", "warning": "1;33", "info": "36", "added": "32", "removed": "31"}


def painter(stream: TextIO) -> Callable[[str, str], str]:
    """Colour text by role on ``stream``: with ``--color``, or on a terminal when neither
    ``--no-color`` nor ``NO_COLOR`` says otherwise; else leave it plain."""
    import os

    chosen = colour()
    if chosen is None:
        chosen = (not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
                  and getattr(stream, "isatty", lambda: False)())
    if not chosen:
        return lambda role, text: text
    return lambda role, text: f"\033[{_COLOURS[role]}m{text}\033[0m" if role in _COLOURS \
        else text


def say_code(code: str, language: str, **params: Any) -> None:
    """Print a diagnostic about the command itself rather than a plan file."""
    from kotacerdas.diagnostics import Diagnostic
    from kotacerdas.errors import TOOL
    from kotacerdas.report import as_text

    err(as_text(Diagnostic.new(code, TOOL, 0, 0, **params), language))


def report_notes(notes: list[Diagnostic]) -> None:
    """Print diagnostics a command found beside its own output (to stderr, as text)."""
    from kotacerdas.report import as_text

    paint = painter(sys.stderr)
    for note in notes:
        err(as_text(note, language(), paint))


def report(result: CheckResult, output: Format | CheckFormat, *, strict: bool = False,
           root: Path | None = None) -> int:
    """Print a check result in the chosen format; return the exit code it calls for.
    ``root``, the plan folder, places the files of SARIF and GitHub reports."""
    from kotacerdas.report import github_report, json_report, sarif_report, text_report

    if output.value == "json":
        print(json_report(result, strict=strict))
    elif output.value == "sarif":
        print(sarif_report(result, root or Path.cwd()))
    elif output.value == "github":
        annotations = github_report(result, _from_here(root or Path.cwd()))
        if annotations:
            print(annotations)
        inform(_summary(result))
    else:
        text = text_report(result, painter(sys.stdout), notes=not quiet())
        if text:
            print(text)
        inform(_summary(result))
    return result.exit_code(strict=strict)


def _summary(result: CheckResult) -> str:
    from kotacerdas.messages import say

    files, lang = len(result.checked_files), result.language
    errors, warnings = len(result.errors), len(result.warnings)
    if not errors and not warnings:
        return say(lang, "status", "summary_ok", files=files)
    return say(lang, "status", "summary", errors=errors, warnings=warnings, files=files)


def _from_here(root: Path, start: Path | None = None) -> str:
    """The plan folder as a path from ``start`` (default: the current folder, where a
    workflow runs)."""
    import os

    try:
        return Path(os.path.relpath(root.resolve(), (start or Path.cwd()).resolve())).as_posix()
    except ValueError:  # another drive
        return root.resolve().as_posix()


def line_links(root: Path) -> Callable[[str, int], str]:
    """Addresses of a plan file's lines: on GitHub Actions the file at the commit being
    checked, elsewhere a path from the current folder."""
    import os
    from urllib.parse import quote

    server, repository, commit = (os.environ.get(name, "") for name in
                                  ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    workspace = os.environ.get("GITHUB_WORKSPACE")
    base = _from_here(root, Path(workspace) if workspace else None)

    def link(file: str, line: int) -> str:
        path = quote(file if base == "." else f"{base}/{file}")
        if server and repository and commit:
            return f"{server}/{repository}/blob/{commit}/{path}#L{line}"
        return f"{path}#L{line}"

    return link


def here(path: Path | None) -> Path:
    """The plan folder a command works on: the one named, else the current folder."""
    return path if path is not None else Path.cwd()
