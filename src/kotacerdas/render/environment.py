"""Jinja environments for the books: HTML (autoescaped) and Markdown, trusted or sandboxed.

Imported only to render, so Jinja is imported here at the top.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateNotFound,
    pass_context,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kotacerdas.formatting import number_formats
from kotacerdas.render import config, filters
from kotacerdas.render.formats import writer_of_family
from kotacerdas.resources import cache_folder

_DICT_ATTRIBUTES = frozenset(dir(dict))


class BookEnvironment(Environment):
    """Jinja's environment, reading ``mapping.key`` without first failing on an attribute.

    Jinja looks up ``p.nama`` as an attribute before it tries the key, so on the book
    context (all dicts) every lookup raised and caught an AttributeError: a quarter of
    the rendering time. The answer is the same: a dict's own attributes still come first.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class CompileExhausted(Exception):
    """A template ran out of memory or recursion depth while it was compiled."""

    def __init__(self, filename: str, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.filename = filename


def _loader(folder: Path, city: bool) -> Any:
    """Templates under ``folder`` only: no ``..``, no absolute path, no symlink out of it.

    A city's folder gives no template through a symlink at all, nor one it cannot read:
    the shipped template is used instead, and the build warns about it beforehand.
    """

    class ConfinedLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            path = folder.joinpath(*split_template_path(template))
            if not (config.usable_city_file(path, folder) if city else _confined(path, folder)):
                raise TemplateNotFound(template)
            real = Path(os.path.realpath(path))
            text = real.read_text("utf-8")
            stamp = real.stat().st_mtime
            return text, str(path), lambda: real.stat().st_mtime == stamp

        def load(self, environment: Any, name: str, globals: Any = None) -> Any:
            try:
                return super().load(environment, name, globals)
            except (MemoryError, RecursionError) as exhausted:
                path = folder.joinpath(*split_template_path(name))
                raise CompileExhausted(str(path), exhausted) from None

    return ConfinedLoader()


def _confined(path: Path, folder: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real.is_relative_to(os.path.realpath(folder)) and real.is_file()


def make_environment(family: str, language: str, folders: list[Path], sandboxed: bool,
                     suffix: str | None = None) -> Any:
    """An environment for the templates of ``family``, searching ``folders`` in order.

    Every folder but the shipped one is a city's. Links to the other books end in
    ``suffix``, the file suffix of the format being written (by default the family's own:
    the PDF books render the HTML family and link to each other's PDF files).
    """
    writer = writer_of_family(family)
    shipped = config.shipped_dir()
    kind = ImmutableSandboxedEnvironment if sandboxed else BookEnvironment
    env = kind(
        loader=ChoiceLoader([_loader(f, city=f != shipped) for f in folders]),
        undefined=StrictUndefined,
        autoescape=writer.autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(number_formats(language))
    env.filters.update({"isi": filters.fill, "romawi": filters.roman})
    env.globals["ringkas"] = env.filters["ringkas"]
    writer.configure(env, suffix or writer.name)
    if not sandboxed:
        env.bytecode_cache = _bytecode_cache(env)
    return env


def _bytecode_cache(env: Any) -> Any:
    """Compiled shipped templates, kept between builds in the user's cache folder.

    Jinja keys each entry by the template's name and source checksum only, so the options
    that change the compiled code (escaping, the finalize hook, whitespace) name the file
    too. Without a writable cache folder, templates are compiled every time.
    """
    folder = cache_folder("jinja")
    if folder is None:
        return None
    options = (env.autoescape, env.finalize is not None, env.trim_blocks, env.lstrip_blocks,
               env.keep_trailing_newline)
    signature = hashlib.sha256(repr(options).encode()).hexdigest()[:12]
    return FileSystemBytecodeCache(str(folder), pattern=f"__jinja2_{signature}_%s.cache")


def link_helpers(suffix: str) -> Any:
    """``href(target)``: the link to an id's anchor, in whichever book shows it."""

    @pass_context
    def href(context: Any, target: str) -> str:
        book = context["letak"].get(target)
        here = context["buku"]["berkas"] if "buku" in context else None
        page = "" if book is None or book == here else f"{book}.{suffix}"
        return f"{page}#{target}"

    return href


#: The context variable holding a book's `Numbering` while it is rendered.
NUMBERING = "penomoran"


class Numbering:
    """The tables, figures and sub-sections of one book, numbered as they are handed out,
    and the files (``name -> text``) its templates put beside it."""

    def __init__(self) -> None:
        self.entries: dict[str, list[dict[str, Any]]] = {"tabel": [], "gambar": [],
                                                         "subbab": []}
        self.files: dict[str, str] = {}
        self._counts: dict[tuple[str, str], int] = {}

    def next(self, kind: str, chapter: dict[str, Any] | None, title: Any,
             join: Any, words: dict[str, Any], ident: str | None = None) -> dict[str, Any]:
        """The next ``kind`` (tabel, gambar, subbab) of ``chapter``, recorded.

        Tables and figures are numbered by chapter in arabic digits (Tabel 4.1 in BAB IV),
        or by order in a book whose chapters have no numbers; sub-sections by chapter as the
        chapter is numbered (IV.1), and not at all in such a book.
        """
        chapter = chapter or {}
        numbered = bool(chapter.get("nomor"))
        scope = chapter.get("id", "") if numbered or kind == "subbab" else ""
        count = self._counts.get((kind, scope), 0) + 1
        self._counts[(kind, scope)] = count
        if kind == "subbab":
            number = f"{chapter['nomor']}.{count}" if numbered else ""
            label = number
            ident = ident or f"{chapter.get('id', 'bab')}-{count}"
        else:
            number = f"{chapter['urut']}.{count}" if numbered else str(count)
            label = f"{words[kind]} {number}"
            ident = f"{kind}-{number.replace('.', '-')}"
        entry = {"nomor": number, "label": label, "id": ident, "judul": title,
                 "bab": chapter.get("id", ""), "tajuk": join(label, title)}
        self.entries[kind].append(entry)
        return entry


def numbering_helpers(join: Any) -> dict[str, Any]:
    """The globals that number a book's tables (``tabel(judul)``), figures
    (``gambar(judul)``) and sub-sections (``subbab(judul, id=None)``) and list them
    (``daftar("tabel")``). Each entry has ``nomor``, ``label`` (Tabel 4.1), ``id``,
    ``judul`` and ``tajuk`` (label and title, joined by the family's ``join``)."""

    def numbering(context: Any) -> Numbering:
        found = context.get(NUMBERING)
        if not isinstance(found, Numbering):
            raise LookupError(f"no {NUMBERING} in the context")
        return found

    def handing_out(kind: str) -> Any:
        @pass_context
        def hand_out(context: Any, title: Any, id: str | None = None) -> dict[str, Any]:
            words = {"tabel": context["L"]["sebutan_tabel"],
                     "gambar": context["L"]["sebutan_gambar"]}
            return numbering(context).next(kind, context.get("bab"), title, join, words, id)

        return hand_out

    @pass_context
    def listed(context: Any, kind: str) -> list[dict[str, Any]]:
        return list(numbering(context).entries[kind])

    return {"tabel": handing_out("tabel"), "gambar": handing_out("gambar"),
            "subbab": handing_out("subbab"), "daftar": listed}


def render_jobs(folders: list[Path], language: str, jobs: list[dict[str, Any]],
                context: dict[str, Any], sandboxed: bool,
                cache: dict[Any, Any] | None = None) -> list[dict[str, Any]]:
    """Render each job ``{"family", "template", "extra", "suffix"}`` with ``context`` plus
    its extras; ``suffix`` (optional) is what links to the other books end in.

    Each job gives ``{"text", "files"}``: its text, and the files its templates put beside
    it (``name -> text``, the charts of a Markdown book). The environments made on the
    way are kept in ``cache``, when one is given, for the next call.
    """
    envs: dict[Any, Any] = {} if cache is None else cache
    out = []
    for job in jobs:
        key = (job["family"], job.get("suffix") or writer_of_family(job["family"]).name)
        if key not in envs:
            envs[key] = make_environment(key[0], language, folders, sandboxed, key[1])
        template = envs[key].get_template(job["template"])
        numbering = Numbering()
        text = template.render({**context, **job["extra"], NUMBERING: numbering})
        out.append({"text": text, "files": dict(sorted(numbering.files.items()))})
    return out
