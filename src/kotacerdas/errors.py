"""The one exception tree of the library: everything it refuses or cannot do, on purpose.

Each error carries the diagnostics that say what happened (a stable code, its
parameters and, where there is one, the file and line), so that the command line can
print it in the reader's language like any other diagnostic. Problems found *in* a plan
are not exceptions: they are collected in a `CheckResult`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kotacerdas.diagnostics import Diagnostic

#: Where a diagnostic about the command itself, not about a plan file, is located.
TOOL = "kotacerdas"


class KotacerdasError(Exception):
    """A refusal or failure of the library, as one or more located diagnostics."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__("; ".join(f"{d.code} {d.file}:{d.line}" for d in diagnostics))
        self.diagnostics = list(diagnostics)

    @classmethod
    def about(cls, code: str, file: str = TOOL, line: int = 0, column: int = 0,
              **params: Any) -> KotacerdasError:
        """An error holding one diagnostic ``code`` at ``file`` (the tool itself by default)."""
        return cls(Diagnostic.new(code, file, line, column, **params))


class UsageError(KotacerdasError):
    """A command was asked for something it cannot take: a stage, a date, a format."""


class PlanNotFound(KotacerdasError):
    """No folder at or above the starting point holds a manifest."""

    def __init__(self, start: Path) -> None:
        super().__init__(Diagnostic.new("KC601", TOOL, 0, 0, path=str(start)))
        self.start = start


class WouldOverwrite(KotacerdasError):
    """Some file to be written already exists; nothing was written."""

    def __init__(self, existing: list[Path], code: str = "KC703") -> None:
        super().__init__(*(Diagnostic.new(code, TOOL, 0, 0, path=str(p)) for p in existing))
        self.existing = existing


class WorkflowError(KotacerdasError):
    """A stage cannot be closed or sealed in the state the plan is in."""


class BuildProblem(KotacerdasError):
    """Rendering cannot go on; the diagnostics say where and why."""


class OutputProblem(BuildProblem):
    """The output folder or a file in it could not be written (a full disk, a read-only
    folder): the tool could not do its job, the plan is not at fault."""


def build_problem(code: str, file: str, line: int = 1, column: int = 1,
                  **params: Any) -> BuildProblem:
    """A build problem in ``file`` (a template, an outline, the output folder)."""
    return BuildProblem(Diagnostic.new(code, file, line, column, **params))


def output_problem(path: str, failure: OSError) -> OutputProblem:
    """KC620: ``path`` in the output folder could not be written, and why."""
    return OutputProblem(Diagnostic.new("KC620", path, 1, 1, path=path,
                                        detail=failure.strerror or str(failure)))
