"""The build driver: check the plan, compute the book context, render, write the files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from kotacerdas.diagnostics import CheckResult
from kotacerdas.render import config, output, viewmodel
from kotacerdas.render.problems import BuildProblem, problem
from kotacerdas.render.sandbox import DEFAULT_TIMEOUT, render_sandboxed

FORMATS = ("md", "html")


@dataclass
class BuildOptions:
    """What to build and where; ``progress`` receives one line per file written."""

    formats: tuple[str, ...] = FORMATS
    language: str | None = None
    out: Path | None = None
    force: bool = False
    timeout: float = DEFAULT_TIMEOUT
    progress: Callable[[str], None] = lambda line: None


@dataclass
class BuildResult:
    """The check of the plan (plus any build problem) and the files written."""

    check: CheckResult
    written: list[Path] = field(default_factory=list)
    built: bool = False


def build_plan(start: Path, options: BuildOptions) -> BuildResult:
    """Check the plan at ``start``; unless it has errors (or ``force``), write its books."""
    from kotacerdas.check import check_plan

    plan, checked = check_plan(start, language=options.language)
    result = BuildResult(checked)
    if checked.errors and not options.force:
        return result
    try:
        _build(plan, options, result)
    except BuildProblem as stop:
        checked.add(stop.diagnostics)
    return result


def _build(plan: Any, options: BuildOptions, result: BuildResult) -> None:
    from kotacerdas.messages import say

    language = result.check.language
    outline = config.load_outline(plan.root, config.chapter_names(plan.root))
    context = viewmodel.build_context(plan, language, generated_on())
    context["L"] = config.load_labels(plan.root, language)
    context["meta"]["daerah"] = _region_title(context)
    context["letak"] = _placement(outline, viewmodel.anchors(context))
    context["buku_semua"] = [_book_view(b, outline, context["L"]) for b in outline.books]
    jobs = _jobs(context["buku_semua"], options.formats, context["L"]["halaman_indeks"])
    texts = _render(plan.root, language, jobs, context, options.timeout)
    out = output.prepare(options.out or plan.root / "build")
    for job, text in zip(jobs, texts):
        result.written.append(output.write(out, job["name"], text))
        options.progress(say(language, "build", "wrote", book=job["title"],
                             file=job["name"]))
    for name in output.remove_stale(out, [job["name"] for job in jobs], options.formats):
        options.progress(say(language, "build", "removed", file=name))
    result.built = True


def _region_title(context: dict[str, Any]) -> str:
    from kotacerdas.render.filters import fill

    meta = context["meta"]
    return fill(context["L"]["wilayah"][meta["jenis"]], nama=meta["nama"])


def generated_on() -> str | None:
    """The build date from ``SOURCE_DATE_EPOCH`` (ISO), or None: builds never read the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), tz=timezone.utc).date().isoformat()


def _placement(outline: config.Outline, anchors: dict[str, list[str]]) -> dict[str, str]:
    """Which book file holds the anchor of every id (the first book that shows it)."""
    placed: dict[str, str] = {}
    for book in outline.books:
        for chapter in book.chapters:
            for target in anchors.get(chapter.template, []):
                placed.setdefault(target, book.file)
    return placed


def _book_view(book: config.Book, outline: config.Outline, labels: dict) -> dict[str, Any]:
    from kotacerdas.render.filters import roman

    chapters = []
    for number, chapter in enumerate(book.chapters, 1):
        shown = roman(number) if outline.numbering == "romawi" else str(number)
        title = chapter.title or labels["bab"].get(chapter.template, chapter.template)
        chapters.append({"templat": chapter.template, "judul": title,
                         "nomor": shown if book.numbered else "",
                         "id": f"bab-{chapter.template}"})
    return {"id": book.id, "berkas": book.file, "bab": chapters,
            "judul": labels["buku"].get(book.title, book.title)}


def _jobs(books: list[dict[str, Any]], formats: tuple[str, ...], index: str) -> list[dict]:
    jobs = [{"format": fmt, "template": f"{fmt}/buku.{fmt}.j2", "extra": {"buku": book},
             "name": f"{book['berkas']}.{fmt}", "title": book["judul"]}
            for book in books for fmt in formats]
    if "html" in formats:
        jobs.append({"format": "html", "template": "html/index.html.j2", "extra": {},
                     "name": "index.html", "title": index})
    return jobs


def _render(root: Path, language: str, jobs: list[dict], context: dict, timeout: float) -> list:
    from kotacerdas.render.environment import render_jobs
    from kotacerdas.render.sandbox import describe_error, to_diagnostic

    shipped = config.shipped_dir()
    if config.has_template_overrides(root):
        own = config.override_dir(root)
        if not own.resolve().is_relative_to(root.resolve()):
            raise problem("KC614", config.PLAN_TEMPLATES, detail=str(own.resolve()),
                          template=config.PLAN_TEMPLATES)
        folders = [str(own), str(shipped)]
        request = {"folders": folders, "language": language, "context": context,
                   "jobs": [{k: j[k] for k in ("format", "template", "extra")} for j in jobs]}
        return render_sandboxed(root, request, timeout)
    try:
        return render_jobs([shipped], language, jobs, context, sandboxed=False)
    except Exception as error:  # a broken shipped template still ends as a diagnostic
        raise BuildProblem([to_diagnostic(describe_error(error), root)]) from None
