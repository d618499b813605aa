"""The output formats of the books: one writer module each, registered here.

A writer says which template family renders its books (the folder under
``templates/books``), how that family's Jinja environment is set up, and what it adds
beside the books. A writer whose books are not text (PDF, Word) renders the family of
another (HTML) and turns that text into its file's bytes in a ``finish`` step, which the
build runs on every core. A writer's templates may also put files beside its books, in
a folder of the writer's own (``files_folder``). Adding a format is one new module here
and one line in ``WRITERS``; no other module names a format. Nothing heavy is imported
until a book is rendered, so the command line can read this registry for its help text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: ``--format all`` asks for every registered format.
ALL = "all"


@dataclass
class Finished:
    """What a ``finish`` step made of a book: the file's bytes, and what it went on despite
    (``notes``: ``{"code", "chapter", "params"}`` each, turned into warnings by the build)."""

    data: bytes
    notes: list[dict[str, Any]] = field(default_factory=list)


#: ``finish(text, job)``: the book rendered by the writer's family, as the file's bytes.
Finish = Callable[[str, dict[str, Any]], Finished]


@dataclass(frozen=True)
class Writer:
    """One output format of the books."""

    name: str  # what `build --format` takes; also the file suffix of its books
    description: str  # one line for the help text
    family: str  # the template folder its text is rendered from
    autoescape: bool  # whether plan text is HTML-escaped in its templates
    configure: Callable[[Any, str], None]  # adds the family's filters and globals
    index_page: str | None = None  # a page written beside the books, if any
    label: str = ""  # how the index page names the format
    #: Turns the family's text into the bytes of the book (None: the text is the book).
    finish: Finish | None = None
    #: ``load(settings)``: imports what ``finish`` needs; raises UsageError naming what
    #: to install when it is missing.
    load: Callable[[dict[str, str]], None] | None = None
    #: Reads and checks the plan's own files the writer uses (``city_files``) before
    #: anything is rendered; what it returns goes to ``finish`` as ``job["prepared"]``.
    prepare: Callable[[Path, dict[str, str]], dict[str, Any]] | None = None
    #: The command-line settings the writer takes, each with its allowed values, the
    #: default first: ``(("pdf_engine", ("weasyprint", "chromium")),)``. Each is the
    #: option ``--pdf-engine`` of `build`.
    settings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: What each setting is, for the help text: ``(("pdf_engine", "Mesin PDF / PDF engine"),)``.
    setting_help: tuple[tuple[str, str], ...] = ()
    #: Files under the plan's ``templates/`` the writer reads besides templates.
    city_files: tuple[str, ...] = ()
    #: The folder beside the books where the writer's templates put files of their own
    #: (the charts of the Markdown books), if any.
    files_folder: str | None = None

    @property
    def binary(self) -> bool:
        """Whether the book is bytes made by ``finish`` rather than the rendered text."""
        return self.finish is not None

    @property
    def book_template(self) -> str:
        return f"{self.family}/buku.{self.family}.j2"

    @property
    def chapter_folder(self) -> str:
        return f"{self.family}/bab"

    @property
    def chapter_suffix(self) -> str:
        return f".{self.family}.j2"

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.name}"

    def setting(self, settings: dict[str, str], key: str) -> str:
        """The value of the writer's setting ``key``: the one given, else its default."""
        allowed = dict(self.settings)[key]
        return settings.get(key) or allowed[0]


def missing_library(name: str, library: str, extra: str, failure: BaseException) -> Any:
    """The UsageError (KC626) for a writer whose Python library cannot be imported."""
    from kotacerdas.errors import UsageError

    detail = " ".join(str(failure).split())[:200] or type(failure).__name__
    return UsageError.about("KC626", format=name, library=library, extra=extra, detail=detail)


def _registered() -> dict[str, Writer]:
    from kotacerdas.render.formats import docx, html, markdown, pdf

    return {writer.name: writer for writer in (markdown.WRITER, html.WRITER, pdf.WRITER,
                                               docx.WRITER)}


WRITERS: dict[str, Writer] = _registered()
#: What `build` writes when no format is asked for: the text formats, which need no
#: extra library and take a fraction of a second.
DEFAULT_FORMATS: tuple[str, ...] = ("md", "html")


def writer_of_family(family: str) -> Writer:
    """The writer whose templates are the ``family`` folder (the one writing its text)."""
    return next(w for w in WRITERS.values() if w.family == family and not w.binary)


def families() -> list[str]:
    """Every template family a chapter must have a template in, in registry order."""
    return list(dict.fromkeys(w.family for w in WRITERS.values()))


def expand(names: tuple[str, ...]) -> tuple[str, ...]:
    """The formats ``names`` asks for, ``all`` standing for every registered one."""
    found: list[str] = []
    for name in names:
        found.extend(WRITERS if name == ALL else [name])
    return tuple(dict.fromkeys(found))


def unknown_formats(names: tuple[str, ...]) -> list[str]:
    """The names among ``names`` that no writer answers to."""
    return [name for name in names if name not in WRITERS and name != ALL]


def all_settings() -> dict[str, tuple[str, ...]]:
    """Every setting any writer takes, each with its allowed values (the help text)."""
    return {key: allowed for writer in WRITERS.values() for key, allowed in writer.settings}


@dataclass(frozen=True)
class SettingOption:
    """A writer's setting as a command-line option: ``--pdf-engine ENGINE``."""

    key: str  # the setting, ``pdf_engine``
    allowed: tuple[str, ...]  # the default first
    help: str

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def metavar(self) -> str:
        return self.key.rpartition("_")[2].upper()


def setting_options() -> list[SettingOption]:
    """Every setting any writer takes, as the options of `build`, in registry order."""
    found: dict[str, SettingOption] = {}
    for writer in WRITERS.values():
        for key, allowed in writer.settings:
            said = dict(writer.setting_help).get(key, key.replace("_", " "))
            found.setdefault(key, SettingOption(key, allowed, said))
    return list(found.values())


def check_settings(settings: dict[str, str]) -> None:
    """Refuse (KC628) a setting no writer takes or a value it does not allow."""
    from kotacerdas.errors import UsageError

    known = all_settings()
    for key, value in settings.items():
        allowed = known.get(key, ())
        if value not in allowed:
            raise UsageError.about("KC628", option="--" + key.replace("_", "-"), value=value,
                                   allowed=", ".join(allowed))


def load(names: tuple[str, ...], settings: dict[str, str]) -> None:
    """Import what the writers of ``names`` need, before anything is checked or rendered
    (the processes finishing the books inherit it); a missing library or program raises
    UsageError (KC626, KC627) saying what to install."""
    for name in names:
        writer = WRITERS[name]
        if writer.load is not None:
            writer.load(settings)
