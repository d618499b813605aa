"""Jinja environments for the books: HTML (autoescaped) and Markdown, trusted or sandboxed.

Imported only to render, so Jinja is imported here at the top.
"""

from __future__ import annotations

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
from kotacerdas.render import filters
from kotacerdas.render.formats import families, writer_of_family
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


def _loader(folder: Path) -> Any:
    """Templates under ``folder`` only: no ``..``, no absolute path, no symlink out of it."""

    class ConfinedLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            path = folder.joinpath(*split_template_path(template))
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(os.path.realpath(folder)) or not real.is_file():
                raise TemplateNotFound(template)
            text = real.read_text("utf-8")
            stamp = real.stat().st_mtime
            return text, str(path), lambda: real.stat().st_mtime == stamp

    return ConfinedLoader()


def make_environment(family: str, language: str, folders: list[Path], sandboxed: bool) -> Any:
    """An environment for the templates of ``family``, searching ``folders`` in order."""
    writer = writer_of_family(family)
    kind = ImmutableSandboxedEnvironment if sandboxed else BookEnvironment
    env = kind(
        loader=ChoiceLoader([_loader(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=writer.autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=None if sandboxed else _bytecode_cache(),
    )
    env.filters.update(number_formats(language))
    env.filters.update({"isi": filters.fill, "romawi": filters.roman})
    env.globals["ringkas"] = env.filters["ringkas"]
    writer.configure(env, writer.name)
    return env


def _bytecode_cache() -> Any:
    """Compiled shipped templates, kept between builds in the user's cache folder.

    Jinja keys each entry by the template's source checksum, so an edited template is
    compiled afresh. Without a writable cache folder, templates are compiled every time.
    """
    folder = cache_folder("jinja")
    return FileSystemBytecodeCache(str(folder)) if folder else None


def link_helpers(suffix: str) -> Any:
    """``href(target)``: the link to an id's anchor, in whichever book shows it."""

    @pass_context
    def href(context: Any, target: str) -> str:
        book = context["letak"].get(target)
        here = context["buku"]["berkas"] if "buku" in context else None
        page = "" if book is None or book == here else f"{book}.{suffix}"
        return f"{page}#{target}"

    return href


def render_jobs(folders: list[Path], language: str, jobs: list[dict[str, Any]],
                context: dict[str, Any], sandboxed: bool) -> list[str]:
    """Render each job ``{"family", "template", "extra"}`` with ``context`` plus its extras."""
    envs = {family: make_environment(family, language, folders, sandboxed)
            for family in families()}
    out = []
    for job in jobs:
        template = envs[job["family"]].get_template(job["template"])
        out.append(template.render({**context, **job["extra"]}))
    return out
