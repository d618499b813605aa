"""`build`: check the plan, then write its books in the formats asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kotacerdas.commands.check import check_plan
from kotacerdas.diagnostics import CheckResult
from kotacerdas.errors import BuildProblem, OutputProblem, UsageError
from kotacerdas.render.formats import (
    ALL,
    DEFAULT_FORMATS,
    WRITERS,
    check_settings,
    expand,
    load,
    unknown_formats,
)
from kotacerdas.render.formats.finishing import EngineProblem
from kotacerdas.render.sandbox import DEFAULT_TIMEOUT


@dataclass
class BuildOptions:
    """What to build and where; ``progress`` receives one line per file written.

    ``formats`` may hold ``all`` for every format; ``settings`` are the writers' own
    options by name (``{"pdf_engine": "chromium"}``); ``workers`` how many processes
    finish the PDF and Word books (None: one per core).
    """

    formats: tuple[str, ...] = DEFAULT_FORMATS
    language: str | None = None
    out: Path | None = None
    force: bool = False
    timeout: float = DEFAULT_TIMEOUT
    progress: Callable[[str], None] = lambda line: None
    settings: dict[str, str] = field(default_factory=dict)
    workers: int | None = None


@dataclass
class BuildResult:
    """The check of the plan (plus what stopped the build, if anything) and the files written.

    ``stopped`` is set when the plan could be built but a template, the outline, a label
    file or the output folder stopped it; the check result then holds why. It holds the
    warnings of the build too, such as a city template passed over. ``failed`` is set
    when the tool could not do its job: a PDF or Word engine that crashed or ran out of
    time (``engine`` then), or an output folder that could not be written.
    """

    check: CheckResult
    written: list[Path] = field(default_factory=list)
    built: bool = False
    stopped: bool = False
    failed: bool = False
    engine: bool = False


def build_plan(start: Path, options: BuildOptions) -> BuildResult:
    """Check the plan at ``start``; unless it has errors (or ``force``), write its books."""
    from kotacerdas.render.books import BookOptions, write_books

    unknown = unknown_formats(options.formats)
    if unknown or not options.formats:
        raise UsageError.about("KC622", value=",".join(unknown) or "''",
                               allowed=", ".join([*WRITERS, ALL]))
    formats = expand(options.formats)
    check_settings(options.settings)
    load(formats, options.settings)
    plan, checked = check_plan(start, language=options.language)
    result = BuildResult(checked)
    if checked.errors and not options.force:
        return result
    books = BookOptions(formats, options.out, options.timeout, options.progress,
                        settings=options.settings, workers=options.workers)
    try:
        result.written = write_books(plan, checked.language, books)
    except BuildProblem as stop:
        checked.add(stop.diagnostics)
        result.stopped = True
        result.failed = isinstance(stop, (EngineProblem, OutputProblem))
        result.engine = isinstance(stop, EngineProblem)
    checked.add(books.warnings)
    result.built = not result.stopped
    return result

