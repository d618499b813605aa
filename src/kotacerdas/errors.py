"""The one exception tree of the library: everything it refuses or cannot do, on purpose.

Each error carries the diagnostics that say what happened (a stable code, its
parameters and, where there is one, the file and line), so that the command line can
print it in the reader's language like any other diagnostic. Problems found *in* a plan
are not exceptions: they are collected in a `CheckResult`.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import Phrase

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
                                        detail=system_reason(failure)))


#: The system's refusals a user meets, said in the reader's language (`words.toml`).
_SYSTEM_REASONS = {
    errno.ENOENT: "os_missing", errno.EACCES: "os_denied", errno.EPERM: "os_not_permitted",
    errno.ENOTDIR: "os_not_a_folder", errno.EISDIR: "os_a_folder", errno.ENOSPC: "os_full",
    errno.EDQUOT: "os_quota", errno.EROFS: "os_read_only", errno.EEXIST: "os_exists",
    errno.ENAMETOOLONG: "os_too_long", errno.ELOOP: "os_link_loop", errno.EBUSY: "os_busy",
}


def system_reason(failure: BaseException) -> Phrase | str:
    """Why the system refused, in the reader's language where the refusal is a common one;
    else the system's own words."""
    code = getattr(failure, "errno", None)
    if code in _SYSTEM_REASONS:
        return Phrase("words", _SYSTEM_REASONS[code])
    return getattr(failure, "strerror", None) or str(failure) or type(failure).__name__
