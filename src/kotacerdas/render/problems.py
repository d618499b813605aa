"""The one exception of the render package: diagnostics that stop a build."""

from __future__ import annotations

from kotacerdas.diagnostics import Diagnostic


class BuildProblem(Exception):
    """Rendering cannot go on; ``diagnostics`` say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(f"{d.code} {d.file}:{d.line}" for d in diagnostics))
        self.diagnostics = diagnostics


def problem(code: str, file: str, line: int = 1, column: int = 1, **params: object) -> BuildProblem:
    """A build problem holding one diagnostic."""
    return BuildProblem([Diagnostic.new(code, file, line, column, **params)])
