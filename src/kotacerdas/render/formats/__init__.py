"""The output formats of the books: one writer module each, registered here.

A writer says which template family renders its books (the folder under
``templates/books``), how that family's Jinja environment is set up, and what it adds
beside the books. Adding a format is one new module here and one line in ``WRITERS``;
no other module names a format. Nothing heavy is imported until a book is rendered,
so the command line can read this registry for its help text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Writer:
    """One output format of the books."""

    name: str  # what `build --format` takes; also the file suffix of its books
    description: str  # one line for the help text
    family: str  # the template folder its text is rendered from
    autoescape: bool  # whether plan text is HTML-escaped in its templates
    configure: Callable[[Any, str], None]  # adds the family's filters and globals
    index_page: str | None = None  # a page written beside the books, if any

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


def _registered() -> dict[str, Writer]:
    from kotacerdas.render.formats import html, markdown

    return {writer.name: writer for writer in (markdown.WRITER, html.WRITER)}


WRITERS: dict[str, Writer] = _registered()
#: What `build` writes when no format is asked for: every registered format.
DEFAULT_FORMATS: tuple[str, ...] = tuple(WRITERS)


def writer_of_family(family: str) -> Writer:
    """The writer whose templates are the ``family`` folder."""
    return next(w for w in WRITERS.values() if w.family == family)


def families() -> list[str]:
    """Every template family a chapter must have a template in, in registry order."""
    return list(dict.fromkeys(w.family for w in WRITERS.values()))


def unknown_formats(names: tuple[str, ...]) -> list[str]:
    """The names among ``names`` that no writer answers to."""
    return [name for name in names if name not in WRITERS]
