"""The book outline and the label files: shipped defaults, overridable from the plan folder.

The outline (which books, which chapters, their order and numbering) lives in
``templates/books/outline.toml``; labels in ``templates/books/labels/<language>.toml``.
A plan overrides either with a file at the same place under its own ``templates/``.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import build_problem, system_reason
from kotacerdas.messages import Phrase
from kotacerdas.render.formats import families, writer_of_family
from kotacerdas.resources import templates_dir
from kotacerdas.text_safety import UNSAFE, visible

PLAN_TEMPLATES = "templates"
_BOOK_TABLE = re.compile(r"\s*\[\[\s*buku\s*\]\]")
_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
NUMBERING = ("romawi", "angka")


@dataclass(frozen=True)
class Chapter:
    """One chapter: the template that renders it, and a title replacing the label's."""

    template: str
    title: str | None


@dataclass(frozen=True)
class Book:
    """One book of the outline and the file name it is written to."""

    id: str
    file: str
    title: str
    numbered: bool
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class Outline:
    """Which books, which chapters, in which order, numbered how."""

    numbering: str
    books: tuple[Book, ...]


def shipped_dir() -> Path:
    """The shipped book templates, ``templates/books``."""
    return templates_dir() / "books"


def override_dir(root: Path) -> Path:
    """Where a plan keeps its own book templates, outline and labels."""
    return root / PLAN_TEMPLATES


def _pick(root: Path, relative: str) -> tuple[Path, str]:
    own = override_dir(root) / relative
    if _inside_plan(root) and usable_city_file(own, override_dir(root)):
        return own, f"{PLAN_TEMPLATES}/{relative}"
    return shipped_dir() / relative, f"kotacerdas:templates/books/{relative}"


def _inside_plan(root: Path) -> bool:
    """Whether the plan's templates folder, followed where it leads, stays in the plan."""
    return override_dir(root).resolve().is_relative_to(root.resolve())


def city_file_problem(path: Path, folder: Path) -> str | None:
    """Why the city's file ``path`` in its templates ``folder`` is passed over, if it is:
    ``link`` (it, or a folder on the way to it, is a symlink), ``not_file`` or
    ``unreadable``. None when it is an ordinary file, or not there at all."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return "unreadable"
    inside = os.path.join(os.path.realpath(folder), os.path.relpath(path, folder))
    if stat.S_ISLNK(mode) or os.path.realpath(path) != inside:
        return "link"
    if not stat.S_ISREG(mode):
        return "not_file"
    return None if os.access(path, os.R_OK) else "unreadable"


def usable_city_file(path: Path, folder: Path) -> bool:
    """Whether the city's file ``path`` is there and may be read in place of a shipped one."""
    return city_file_problem(path, folder) is None and path.is_file()


def passed_over_city_files(root: Path, others: tuple[str, ...] = ()) -> list[Diagnostic]:
    """A KC625 warning for every city template, outline or label file the build passes
    over for the shipped one, and for every folder link among them; ``others`` names more
    files a writer reads from the templates folder (a Word reference document)."""
    folder = override_dir(root)
    if not folder.is_dir():
        return []
    if not _inside_plan(root):
        return [_passed_over(PLAN_TEMPLATES, "link")]
    found = []
    for base, folders, files in os.walk(folder):
        folders.sort()

        def read(name: str, base: str = base) -> bool:  # a name the build would read here
            return name.endswith((".j2", ".toml")) or (Path(base) == folder and name in others)

        odd = [name for name in folders if Path(base, name).is_symlink() or read(name)]
        templates = [name for name in sorted(files) if read(name)]
        for path in [Path(base, name) for name in [*odd, *templates]]:
            problem = city_file_problem(path, folder)
            if problem:
                found.append(_passed_over(path.relative_to(root).as_posix(), problem))
    return found


def _passed_over(shown: str, problem: str) -> Diagnostic:
    return Diagnostic.new("KC625", shown, 1, 1, template=shown,
                          reason=Phrase("city_file_passed_over", problem))


def read_toml(path: Path, shown: str) -> dict[str, Any]:
    """A TOML file as a dict; a broken one stops the build with a located KC616."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as broken:
        found = _ERROR_AT.search(str(broken))
        line, col = (int(found.group(1)), int(found.group(2))) if found else _end_of(path)
        detail = str(broken).split(" (at")[0]
        raise build_problem("KC616", shown, line, col, detail=detail) from None
    except (OSError, UnicodeDecodeError) as unreadable:
        raise build_problem("KC616", shown, detail=system_reason(unreadable)) from None


def _end_of(path: Path) -> tuple[int, int]:
    """The line and column just past a file's last character (where "at end of
    document" is)."""
    try:
        lines = path.read_text("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1, 1
    return len(lines), len(lines[-1]) + 1


def load_outline(root: Path, known_chapters: set[str]) -> Outline:
    """The outline of the books, from the plan's own file when it has one."""
    path, shown = _pick(root, "outline.toml")
    data = read_toml(path, shown)
    numbering = data.get("penomoran", "romawi")
    if numbering not in NUMBERING:
        raise build_problem("KC617", shown, _line_of(path, "penomoran", key=True),
                            field="penomoran",
                            detail=f"{numbering!r} ∉ {NUMBERING}")
    books = data.get("buku")
    if not isinstance(books, list) or not books:
        raise build_problem("KC617", shown, field="buku", detail="[[buku]]")
    parsed = tuple(_book(entry, path, shown, known_chapters, index)
                   for index, entry in enumerate(books))
    return Outline(numbering, parsed)


def _book(entry: Any, path: Path, shown: str, known: set[str], index: int) -> Book:
    if not isinstance(entry, dict):
        raise build_problem("KC617", shown, field="buku", detail="[[buku]]")
    for key in ("id", "berkas", "judul", "bab"):
        if key not in entry:
            raise build_problem("KC617", shown, _table_line(path, index),
                                field=f"buku.{key}", detail=key)
    if not (isinstance(entry["berkas"], str) and _NAME.match(entry["berkas"])):
        raise build_problem("KC617", shown, _line_of(path, "berkas", index, key=True),
                            field="buku.berkas", detail=repr(entry["berkas"]))
    if not isinstance(entry["bab"], list):
        raise build_problem("KC617", shown, _line_of(path, "bab", index, key=True),
                            field="buku.bab",
                            detail="bab = [...]")
    chapters = tuple(_chapter(c, path, shown, known) for c in entry["bab"])
    return Book(str(entry["id"]), entry["berkas"], str(entry["judul"]),
                bool(entry.get("bernomor", True)), chapters)


def _chapter(entry: Any, path: Path, shown: str, known: set[str]) -> Chapter:
    name, title = entry, None
    if isinstance(entry, dict):
        name, title = entry.get("templat"), entry.get("judul")
    if not isinstance(name, str) or name not in known:
        raise build_problem("KC618", shown, _line_of(path, str(name)), field="bab",
                            chapter=str(name), known=", ".join(sorted(known)),
                            templates=_chapter_templates())
    return Chapter(name, str(title) if title is not None else None)


def _chapter_templates() -> str:
    """Where a new chapter's templates go, one per family: ``html/bab/<name>.html.j2``, ..."""
    found = []
    for family in families():
        writer = writer_of_family(family)
        found.append(f"{writer.chapter_folder}/<name>{writer.chapter_suffix}")
    return ", ".join(found)


def _table_line(path: Path, book: int) -> int:
    """The line of the ``book``-th ``[[buku]]`` table."""
    return _line_of(path, "", book)  # the first line from the table's own: itself


def _line_of(path: Path, needle: str, book: int | None = None, key: bool = False) -> int:
    """The first line holding ``needle`` (as a key being set, with ``key``), in the
    ``book``-th ``[[buku]]`` table and after when given; 1 when there is none."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    start = 0
    if book is not None:
        tables = [n for n, text in enumerate(lines) if _BOOK_TABLE.match(text)]
        start = tables[book] if book < len(tables) else 0
    setting = re.compile(rf"\s*{re.escape(needle)}\s*=") if key else None
    return next((n for n, text in enumerate(lines[start:], start + 1)
                 if (setting.match(text) if setting else needle in text)), 1)


def load_labels(root: Path, language: str) -> dict[str, Any]:
    """The words of the books in ``language``: shipped labels, merged with the plan's own."""
    relative = f"labels/{language}.toml"
    labels = read_toml(shipped_dir() / relative, f"kotacerdas:templates/books/{relative}")
    own, shown = _pick(root, relative)
    if shown.startswith(PLAN_TEMPLATES):
        _merge(labels, read_toml(own, shown), own, shown)
    return labels


def _merge(base: dict[str, Any], extra: dict[str, Any], path: Path, shown: str,
           prefix: str = "") -> None:
    """Lay the plan's labels over the shipped ones; a table stays a table, a text a text."""
    for key, value in extra.items():
        name = f"{prefix}{key}"
        if isinstance(base.get(key), dict) and isinstance(value, dict):
            _merge(base[key], value, path, shown, f"{name}.")
        elif key in base and (isinstance(base[key], dict) or not isinstance(value, str)):
            raise build_problem("KC621", shown, _line_of(path, key, key=True), field=name,
                                label=name)
        elif not isinstance(value, (str, dict)):
            raise build_problem("KC621", shown, _line_of(path, key, key=True), field=name,
                                label=name)
        elif isinstance(value, str) and UNSAFE.search(value):
            raise build_problem("KC637", shown, _line_of(path, key, key=True), field=name,
                                label=name,
                                value=visible(value))
        else:
            base[key] = value


def chapter_names(root: Path) -> set[str]:
    """Every chapter that has a template in every family, shipped or the plan's own."""
    found = []
    for family in families():
        writer = writer_of_family(family)
        pattern = f"*{writer.chapter_suffix}"
        shipped = (shipped_dir() / writer.chapter_folder).glob(pattern)
        own = [path for path in (override_dir(root) / writer.chapter_folder).glob(pattern)
               if usable_city_file(path, override_dir(root))]
        found.append({path.name.removesuffix(writer.chapter_suffix)
                      for path in [*shipped, *own]})
    return set.intersection(*found)


def has_template_overrides(root: Path) -> bool:
    """Whether the plan brings its own Jinja templates (they run sandboxed)."""
    folder = override_dir(root)
    return folder.is_dir() and any(folder.rglob("*.j2"))


def city_file(root: Path, name: str) -> Path | None:
    """The plan's own file ``templates/<name>`` if it is there and may be read (an ordinary
    file inside the plan, reached through no link); else None."""
    if not _inside_plan(root):
        return None
    path = override_dir(root) / name
    return path if usable_city_file(path, override_dir(root)) else None


def responsible_template(root: Path, family: str, chapter: str) -> str:
    """The template to blame for what a book of ``family`` shows in ``chapter`` (a chapter
    template name, or "" for what lies outside the chapters): the city's own when it has
    one, else the city's templates folder when it has templates, else the shipped one."""
    writer = writer_of_family(family)
    relative = (f"{writer.chapter_folder}/{chapter}{writer.chapter_suffix}" if chapter
                else writer.book_template)
    own = city_file(root, relative)
    if own is not None:
        return f"{PLAN_TEMPLATES}/{relative}"
    if has_template_overrides(root):
        return f"{PLAN_TEMPLATES}/"
    return f"kotacerdas:templates/books/{relative}"
