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
from kotacerdas.render import config, monitoring_report, output, viewmodel
from kotacerdas.render.formats import WRITERS, Writer
from kotacerdas.render.formats.finishing import FINISH_TIMEOUT, Task, cores, finish_all
from kotacerdas.render.sandbox import DEFAULT_TIMEOUT, render_sandboxed


@dataclass
class BookOptions:
    """Which formats to write, where, and what to tell on the way.

    ``warnings`` receives what the build went on despite (a city template passed over).
    ``settings`` are the writers' own options (``pdf_engine``); ``workers`` how many
    processes finish the PDF and Word books (None: one per core); ``finish_timeout`` how
    long one such book may take.
    """

    formats: tuple[str, ...]
    out: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    progress: Callable[[str], None] = lambda line: None
    warnings: list[Diagnostic] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    workers: int | None = None
    finish_timeout: float = FINISH_TIMEOUT


def write_books(plan: Plan, language: str, options: BookOptions) -> list[Path]:
    """Render and write the books of ``plan`` in ``language``; returns the files written.

    A broken city template, outline or label file, a city file a writer refuses, a
    finishing step that fails, or an output folder that may not or cannot be written,
    raises BuildProblem; nothing is written before the books are ready.
    """
    from kotacerdas.messages import say

    writers = [WRITERS[name] for name in options.formats]
    options.warnings.extend(config.passed_over_city_files(plan.root, _city_files(writers)))
    out = output.claim(options.out or plan.root / "build", plan.root)
    outline = config.load_outline(plan.root, config.chapter_names(plan.root))
    prepared = {w.name: w.prepare(plan.root, options.settings) for w in writers if w.prepare}
    context = viewmodel.build_context(plan, language, _generated_on())
    context["L"] = config.load_labels(plan.root, language)
    context["meta"]["daerah"] = _region_title(context)
    context["letak"] = _placement(outline, viewmodel.anchors(context))
    context["buku_semua"] = [_book_view(b, outline, context["L"]) for b in outline.books]
    context["keluaran"] = [{"nama": w.name, "label": w.label or w.name} for w in writers]
    reports = monitoring_report.reports(plan, language, context["dimensi"], viewmodel.SOURCES)
    context["laporan_semua"] = [_report_view(r["tahun"], outline, context["L"])
                                for r in reports]
    jobs = _jobs(context["buku_semua"], writers, context["L"]["halaman_indeks"])
    jobs += _report_jobs(reports, context["laporan_semua"], writers)
    rendered = _render(plan.root, language, jobs, context, options)
    texts = [book["text"] for book in rendered]

    def ready(index: int) -> None:
        job = jobs[index]
        options.progress(say(language, "build", "wrote", book=job["title"], file=job["name"]))
        for name in _files_beside(job, rendered[index]):
            options.progress(say(language, "build", "wrote", book=job["title"], file=name))

    for index, job in enumerate(jobs):
        if not job["writer"].binary:
            ready(index)
    shared = _finish_data(context, outline, language, options)
    contents = _finished(plan.root, jobs, texts, {**shared, "prepared": prepared}, options,
                         ready)
    beside = {name: text for job, book in zip(jobs, rendered)
              for name, text in _files_beside(job, book).items()}
    out.create(tuple(sorted({name.partition("/")[0] for name in beside})))
    try:
        written = [out.write(job["name"], content) for job, content in zip(jobs, contents)]
        written.extend(out.write(name, text) for name, text in beside.items())
    except BuildProblem:
        out.record_written()
        raise
    folders = tuple(w.files_folder for w in writers if w.files_folder)
    for name in out.remove_stale(tuple(writer.name for writer in writers), folders):
        options.progress(say(language, "build", "removed", file=name))
    return written


def _files_beside(job: dict[str, Any], book: dict[str, Any]) -> dict[str, str]:
    """The files a job's templates put beside its book, each in its writer's folder (none
    for a writer without one)."""
    folder = job["writer"].files_folder
    if folder is None or job["writer"].binary:
        return {}
    files: dict[str, str] = book["files"]
    return {name: files[name] for name in files if name.startswith(f"{folder}/")}


def _finished(root: Path, jobs: list[dict[str, Any]], texts: list[str],
              shared: dict[str, Any], options: BookOptions,
              ready: Callable[[int], None]) -> list[str | bytes]:
    """The content of every job's file: its text, or for a PDF or Word book the bytes its
    writer's ``finish`` step made of it (``ready(index)`` as each is done)."""
    contents: list[str | bytes] = list(texts)
    finishing = [index for index, job in enumerate(jobs) if job["writer"].binary]
    if not finishing:
        return contents
    prepared = shared.pop("prepared")
    tasks = [Task(jobs[i]["writer"].name, texts[i],
                  {**shared, "name": jobs[i]["name"], "title": jobs[i]["title"],
                   "book": jobs[i]["extra"].get("buku"),
                   "engine": _engine(jobs[i]["writer"], options.settings),
                   "prepared": prepared.get(jobs[i]["writer"].name, {})})
             for i in finishing]
    done = finish_all(tasks, options.workers or cores(), options.finish_timeout,
                      lambda task, outcome: ready(finishing[task]))
    for index, finished in zip(finishing, done):
        contents[index] = finished.data
        options.warnings.extend(_notes(root, jobs[index], finished.notes))
    return contents


def _city_files(writers: list[Writer]) -> tuple[str, ...]:
    return tuple(name for writer in writers for name in writer.city_files)


def _engine(writer: Writer, settings: dict[str, str]) -> str:
    """The engine a writer works with, as named in its diagnostics."""
    engines = [key for key, _ in writer.settings if key.endswith("_engine")]
    return writer.setting(settings, engines[0]) if engines else writer.name


def _finish_data(context: dict[str, Any], outline: config.Outline, language: str,
                 options: BookOptions) -> dict[str, Any]:
    """What every finishing step is given beside its book's text."""
    return {"language": language, "labels": context["L"], "meta": context["meta"],
            "date": _pinned_date(context), "numbering": outline.numbering,
            "settings": dict(options.settings), "timeout": options.finish_timeout}


def _pinned_date(context: dict[str, Any]) -> str:
    """The date a PDF or Word file records as its creation: ``SOURCE_DATE_EPOCH``, else the
    day the commitment was signed, else a fixed day; never the clock."""
    day = source_date()
    if day:
        return day.isoformat()
    signed = (context.get("komitmen") or {}).get("tanggal")
    return str(signed) if signed else FIXED_DATE


#: The creation date of a book when neither SOURCE_DATE_EPOCH nor a commitment gives one.
FIXED_DATE = "2000-01-01"


def _notes(root: Path, job: dict[str, Any], notes: list[dict[str, Any]]) -> list[Diagnostic]:
    """A finishing step's notes as warnings located in the template that made the text."""
    found = []
    for note in notes:
        shown = _report_template(root, job) if "laporan" in job["extra"] else \
            config.responsible_template(root, job["family"], note.get("chapter") or "")
        found.append(Diagnostic.new(note["code"], shown, 1, 1, template=shown,
                                    book=job["name"], **note.get("params", {})))
    return found


def _report_template(root: Path, job: dict[str, Any]) -> str:
    """The template to blame for what a monitoring book shows: the city's own when it has
    one, else the shipped one."""
    own = config.city_file(root, job["template"])
    return f"{config.PLAN_TEMPLATES}/{job['template']}" if own is not None \
        else f"kotacerdas:templates/books/{job['template']}"


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
                         "urut": str(number) if book.numbered else "",
                         "id": f"bab-{chapter.template}"})
    return {"id": book.id, "berkas": book.file, "bab": chapters,
            "judul": labels["buku"].get(book.title, book.title)}


def _report_view(year: int, outline: config.Outline, labels: dict[str, Any]) -> dict[str, Any]:
    """The monitoring book of ``year`` as the templates see a book: file, title, chapters."""
    from kotacerdas.render.filters import fill, roman

    words = labels["laporan"]
    chapters = []
    for number, name in enumerate(monitoring_report.CHAPTERS, 1):
        shown = roman(number) if outline.numbering == "romawi" else str(number)
        chapters.append({"templat": name, "judul": words["bab"][name], "nomor": shown,
                         "urut": str(number), "id": f"laporan-{name}"})
    return {"id": f"laporan-{year}", "berkas": monitoring_report.FILE.format(tahun=year),
            "bab": chapters, "judul": fill(words["judul"], tahun=year), "tahun": year}


def _report_jobs(reports: list[dict[str, Any]], books: list[dict[str, Any]],
                 writers: list[Writer]) -> list[dict[str, Any]]:
    """One job per monitoring book and format, beside the outline's books."""
    return [{"family": w.family, "template": f"{w.family}/laporan/laporan.{w.family}.j2",
             "extra": {"buku": book, "laporan": report}, "suffix": w.name, "writer": w,
             "name": w.file_name(book["berkas"]), "title": book["judul"]}
            for report, book in zip(reports, books) for w in writers]


def _jobs(books: list[dict[str, Any]], writers: list[Writer],
          index: str) -> list[dict[str, Any]]:
    jobs = [{"family": w.family, "template": w.book_template, "extra": {"buku": book},
             "suffix": w.name, "writer": w, "name": w.file_name(book["berkas"]),
             "title": book["judul"]}
            for book in books for w in writers]
    for writer in writers:
        if writer.index_page:
            jobs.append({"family": writer.family, "template": writer.index_page, "extra": {},
                         "suffix": writer.name, "writer": writer,
                         "name": writer.file_name("index"), "title": index})
    return jobs


def _render(root: Path, language: str, jobs: list[dict[str, Any]], context: dict[str, Any],
            options: BookOptions) -> list[dict[str, Any]]:
    from kotacerdas.render.parallel import RenderFailed, render_on_cores
    from kotacerdas.render.sandbox import describe_error, to_diagnostic

    shipped = config.shipped_dir()
    if config.has_template_overrides(root):
        own = config.override_dir(root)
        if not own.resolve().is_relative_to(root.resolve()):
            raise build_problem("KC614", config.PLAN_TEMPLATES, detail=str(own.resolve()),
                                template=config.PLAN_TEMPLATES)
        folders = [str(own), str(shipped)]
        request = {"folders": folders, "language": language, "context": context,
                   "jobs": [{k: j[k] for k in ("family", "template", "extra", "suffix")}
                            for j in jobs]}
        return render_sandboxed(root, request, options.timeout)
    try:
        return render_on_cores([shipped], language, jobs, context, options.workers or cores())
    except RenderFailed as failed:
        raise BuildProblem(to_diagnostic(failed.failure, root)) from None
    except Exception as error:  # a broken shipped template still ends as a diagnostic
        raise BuildProblem(to_diagnostic(describe_error(error), root)) from None
