"""Rendering a city's own templates: sandboxed Jinja in a child process with a time limit.

The parent sends the folders, jobs, context and time limit as JSON on stdin; the child
answers with the rendered books (each its text and the files beside it), or with the
first template error, as JSON on stdout. The child stops itself when its time is up,
inside the template that is running, so the diagnostic can name that file and line; the
parent kills a child that fails to stop.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import BuildProblem, build_problem

MEMORY_LIMIT = 1024**3
OUTPUT_LIMIT = 64 * 1024**2
DEFAULT_TIMEOUT = 10.0
#: How long past the time limit the parent waits for the child to stop itself.
GRACE = 1.0


class TimeUp(Exception):
    """Raised in the child, inside whatever template is running, when its time is up."""


def describe_error(error: BaseException, city_templates: bool = False) -> dict[str, Any]:
    """A template failure as data: which code, which template file and line, what detail.

    With ``city_templates`` (the sandbox renders a city's templates beside the shipped
    ones), exhausted memory or recursion is laid at a city template's door.
    """
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError, TemplatesNotFound

    from kotacerdas.render.environment import CompileExhausted

    code = "KC615"
    if isinstance(error, TimeUp):
        # Only a city template can run on for ever; when time ran out while a shipped book
        # was passing on a city chapter's text, the city's templates take the blame.
        file, line = _template_frame(error, city_only=True)
        return {"code": "KC613", "file": file, "line": line, "detail": ""}
    if isinstance(error, CompileExhausted):
        return {"code": code, "file": error.filename, "line": 1, "detail": str(error)[:300]}
    if isinstance(error, (MemoryError, RecursionError)):
        file, line = _template_frame(error, city_only=city_templates)
        return {"code": code, "file": file, "line": line, "detail": _named(error)}
    if isinstance(error, TemplateSyntaxError):
        return {"code": "KC610", "file": error.filename or error.name or "",
                "line": error.lineno or 1, "detail": error.message or str(error)}
    if isinstance(error, UndefinedError):
        code = "KC611"
    elif isinstance(error, SecurityError):
        code = "KC612"
    elif isinstance(error, (TemplateNotFound, TemplatesNotFound)):
        code = "KC614"
    file, line = _template_frame(error)
    detail = str(error) if code != "KC615" else _named(error)
    return {"code": code, "file": file, "line": line, "detail": detail[:300]}


def _named(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def _template_frame(error: BaseException, city_only: bool = False) -> tuple[str, int]:
    """The last template file and line in the traceback (Jinja maps frames to templates);
    with ``city_only``, the last one that is not a shipped template."""
    from kotacerdas.render.config import shipped_dir

    shipped = shipped_dir().resolve()
    found = ("", 1)
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith(".j2") and not (
            city_only and Path(name).resolve().is_relative_to(shipped)
        ):
            found = (name, trace.tb_lineno)
        trace = trace.tb_next
    return found


def to_diagnostic(failure: dict[str, Any], root: Path) -> Diagnostic:
    """A child's failure report as a diagnostic located in the plan's template file."""
    file = failure.get("file")
    shown = _relative(Path(file), root) if file else _suspect(root)
    return Diagnostic.new(failure["code"], shown, int(failure.get("line") or 1), 1,
                          detail=failure.get("detail", ""), template=shown,
                          seconds=failure.get("seconds", ""))


def _relative(path: Path, root: Path) -> str:
    from kotacerdas.render.config import shipped_dir

    for base, prefix in ((root, ""), (shipped_dir(), "kotacerdas:templates/books/")):
        try:
            return prefix + path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return path.as_posix()


def render_sandboxed(root: Path, request: dict[str, Any],
                     timeout: float) -> list[dict[str, Any]]:
    """Render ``request`` in a sandboxed child; a failure or overrun raises BuildProblem."""
    command = [sys.executable, "-I", "-m", "kotacerdas.render.sandbox"]
    try:
        done = subprocess.run(command, input=json.dumps({**request, "timeout": timeout}),
                              capture_output=True, text=True, timeout=timeout + GRACE,
                              cwd=root)
    except subprocess.TimeoutExpired:
        culprit = _suspect(root)
        raise build_problem("KC613", culprit, seconds=f"{timeout:g}",
                            template=culprit) from None
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        answer = {"error": {"code": "KC615", "file": "", "line": 1,
                            "detail": (done.stderr.strip().splitlines() or ["?"])[-1][:300]}}
    if "error" in answer:
        raise BuildProblem(to_diagnostic({**answer["error"], "seconds": f"{timeout:g}"}, root))
    books: list[dict[str, Any]] = answer["books"]
    return books


def _suspect(root: Path) -> str:
    """The plan's own template when there is only one, else its templates folder."""
    from kotacerdas.render.config import override_dir

    own = sorted(override_dir(root).rglob("*.j2"))
    return _relative(own[0] if len(own) == 1 else override_dir(root), root)


def _start_clock(seconds: float) -> None:
    if not hasattr(signal, "setitimer"):  # Windows: the parent's time limit still holds
        return

    def time_up(signum: int, frame: Any) -> None:
        raise TimeUp()

    signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _stop_clock() -> None:
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass


def main() -> None:
    """Child side: read the request, render every job sandboxed, answer in JSON."""
    _limit_memory()
    request = json.loads(sys.stdin.read())
    _start_clock(request["timeout"])
    try:
        answer = _render(request)
    finally:
        _stop_clock()
    sys.stdout.write(json.dumps(answer))


def _render(request: dict[str, Any]) -> dict[str, Any]:
    from kotacerdas.render.environment import render_jobs

    folders = [Path(f) for f in request["folders"]]
    try:
        books = render_jobs(folders, request["language"], request["jobs"],
                            request["context"], sandboxed=True)
        if sum(len(book["text"]) + sum(map(len, book["files"].values()))
               for book in books) > OUTPUT_LIMIT:
            raise MemoryError(f"books larger than {OUTPUT_LIMIT // 1024**2} MiB")
    except (Exception, RecursionError, MemoryError) as error:  # every template failure
        return {"error": describe_error(error, city_templates=True)}
    return {"books": books}


if __name__ == "__main__":
    main()
