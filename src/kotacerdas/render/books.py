"""Writing the books of a checked plan: outline, context, render, write the files.

Rendering never checks the plan itself: `kotacerdas.commands.build` checks it first and
decides whether it may be built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kotacerdas.clock import source_date
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import BuildProblem, build_problem
from kotacerdas.plan import Plan
from kotacerdas.region import region_words
from kotacerdas.render import config, output, viewmodel
from kotacerdas.render.formats import WRITERS, Writer
from kotacerdas.render.sandbox import DEFAULT_TIMEOUT, render_sandboxed


@dataclass
class BookOptions:
    """Which formats to write, where, and what to tell on the way.

    ``warnings`` receives what the build went on despite (a city template passed over).
    """

    formats: tuple[str, ...]
    out: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    progress: Callable[[str], None] = lambda line: None
    warnings: list[Diagnostic] = field(default_factory=list)


def write_books(plan: Plan, language: str, options: BookOptions) -> list[Path]:
    """Render and write the books of ``plan`` in ``language``; returns the files written.

    A broken city template, outline or label file, or an output folder that may not or
    cannot be written, raises BuildProblem; nothing is written before the books are ready.
    """
    from kotacerdas.messages import say

    options.warnings.extend(config.passed_over_city_files(plan.root))
    out = output.claim(options.out or plan.root / "build", plan.root)
    outline = config.load_outline(plan.root, config.chapter_names(plan.root))
    context = viewmodel.build_context(plan, language, _generated_on())
    context["L"] = config.load_labels(plan.root, language)
    context["meta"]["daerah"] = _region_title(context)
    context["letak"] = _placement(outline, viewmodel.anchors(context))
    context["buku_semua"] = [_book_view(b, outline, context["L"]) for b in outline.books]
    writers = [WRITERS[name] for name in options.formats]
    jobs = _jobs(context["buku_semua"], writers, context["L"]["halaman_indeks"])
    texts = _render(plan.root, language, jobs, context, options.timeout)
    out.create()
    written = []
    for job, text in zip(jobs, texts):
        written.append(out.write(job["name"], text))
        options.progress(say(language, "build", "wrote", book=job["title"], file=job["name"]))
    for name in out.remove_stale(tuple(writer.name for writer in writers)):
        options.progress(say(language, "build", "removed", file=name))
    return written


def _region_title(context: dict[str, Any]) -> str:
    meta = context["meta"]
    return region_words(meta["jenis"], meta["nama"], context["L"]).title


def _generated_on() -> str | None:
    """The build date from ``SOURCE_DATE_EPOCH`` (ISO), or None: builds never read the clock."""
    day = source_date()
    return day.isoformat() if day else None


def _placement(outline: config.Outline, anchors: dict[str, list[str]]) -> dict[str, str]:
    """Which book file holds the anchor of every id (the first book that shows it)."""
    placed: dict[str, str] = {}
    for book in outline.books:
        for chapter in book.chapters:
            for target in anchors.get(chapter.template, []):
                placed.setdefault(target, book.file)
    return placed


def _book_view(book: config.Book, outline: config.Outline,
               labels: dict[str, Any]) -> dict[str, Any]:
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


def _jobs(books: list[dict[str, Any]], writers: list[Writer],
          index: str) -> list[dict[str, Any]]:
    jobs = [{"family": w.family, "template": w.book_template, "extra": {"buku": book},
             "name": w.file_name(book["berkas"]), "title": book["judul"]}
            for book in books for w in writers]
    for writer in writers:
        if writer.index_page:
            jobs.append({"family": writer.family, "template": writer.index_page, "extra": {},
                         "name": writer.file_name("index"), "title": index})
    return jobs


def _render(root: Path, language: str, jobs: list[dict[str, Any]], context: dict[str, Any],
            timeout: float) -> list[str]:
    from kotacerdas.render.environment import render_jobs
    from kotacerdas.render.sandbox import describe_error, to_diagnostic

    shipped = config.shipped_dir()
    if config.has_template_overrides(root):
        own = config.override_dir(root)
        if not own.resolve().is_relative_to(root.resolve()):
            raise build_problem("KC614", config.PLAN_TEMPLATES, detail=str(own.resolve()),
                                template=config.PLAN_TEMPLATES)
        folders = [str(own), str(shipped)]
        request = {"folders": folders, "language": language, "context": context,
                   "jobs": [{k: j[k] for k in ("family", "template", "extra")} for j in jobs]}
        return render_sandboxed(root, request, timeout)
    try:
        return render_jobs([shipped], language, jobs, context, sandboxed=False)
    except Exception as error:  # a broken shipped template still ends as a diagnostic
        raise BuildProblem(to_diagnostic(describe_error(error), root)) from None
