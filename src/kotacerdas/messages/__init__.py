"""Message catalogues: the words of every diagnostic and status line, per language."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("id", "en")
#: A parameter in a message: ``{name}``, or ``{name:one/other}`` for a counted noun.
_OPEN = re.compile(r"\{[a-z_]+(?::[^{}]*)?\}")
_HERE = Path(__file__).parent


@dataclass(frozen=True)
class Phrase:
    """A piece of text from the catalogue's ``table``, rendered in the reader's language."""

    table: str
    key: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def advice(key: str, **params: Any) -> Phrase:
    return Phrase("advice", key, params)


def term(key: str) -> Phrase:
    return Phrase("words", key)


@cache
def catalogue(language: str) -> dict[str, Any]:
    """The message catalogue of ``language``: every ``messages/<language>/*.toml`` merged.

    Each area of the toolkit keeps its own file; tables of the same name are joined. The
    merged catalogue is kept in the user's cache folder as JSON, keyed by the digest of
    the files, which reads back ten times faster than the TOML parses.
    """
    from kotacerdas.resources import read_entry

    texts = [path.read_bytes() for path in sorted((_HERE / language).glob("*.toml"))]
    entry = _entry(language, texts)
    kept = read_entry(entry) if entry is not None else None
    if kept is not None:
        try:
            found: dict[str, Any] = json.loads(kept.decode("utf-8"))
            return found
        except ValueError:
            pass
    merged: dict[str, Any] = {}
    for text in texts:
        for table, entries in tomllib.loads(text.decode("utf-8")).items():
            merged.setdefault(table, {}).update(entries)
    if entry is not None:
        _store(language, entry, merged)
    return merged


def _entry(language: str, texts: list[bytes]) -> Path | None:
    from kotacerdas.resources import cache_folder

    folder = cache_folder("messages")
    digest = hashlib.sha256(b"\0".join(texts)).hexdigest()[:32]
    return None if folder is None else folder / f"{language}-{digest}.json"


def _store(language: str, entry: Path, merged: dict[str, Any]) -> None:
    """Keep ``merged`` at ``entry``, in place of the entries of earlier catalogues."""
    from kotacerdas.resources import keep

    if keep(entry, json.dumps(merged, ensure_ascii=False)):
        for stale in entry.parent.glob(f"{language}-*.json"):
            try:
                if stale != entry:
                    stale.unlink(missing_ok=True)
            except OSError:  # not ours to remove (a folder of that name): left
                continue


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


class _Count(int):
    """A number in a message; ``{n:file/files}`` writes it with its noun, singular or
    plural (languages that do not inflect simply write ``{n} berkas``)."""

    def __format__(self, spec: str) -> str:
        if "/" not in spec:
            return format(int(self), spec)
        one, other = spec.split("/", 1)
        return f"{int(self)} {one if self == 1 else other}"


def render(language: str, code: str, params: dict[str, Any]) -> tuple[str, str]:
    """Return the message and the hint of ``code`` in ``language``, filled with params."""
    entry = catalogue(language)["codes"][code]
    return _fill(language, entry["message"], params), _fill(language, entry.get("hint", ""), params)


def templates(language: str, code: str) -> tuple[str, str]:
    """The message and hint of ``code`` with every parameter left open, as ``…``: what
    the code says in general, before any plan fills it in."""
    entry = catalogue(language)["codes"][code]
    def open_(template: str) -> str:
        return _OPEN.sub("…", template).replace("{{", "{").replace("}}", "}")

    return open_(entry["message"]), open_(entry.get("hint", ""))


def _fill(language: str, template: str, params: dict[str, Any]) -> str:
    values = _Values({key: _Count(value) if type(value) is int else text(language, value)
                      for key, value in params.items()})
    return template.format_map(values)


def text(language: str, value: Any) -> str:
    if isinstance(value, Phrase):
        template = catalogue(language)[value.table].get(value.key, value.key)
        return _fill(language, template, value.params)
    if isinstance(value, (list, tuple)):
        return "".join(text(language, v) for v in value) if _all_phrases(value) else ", ".join(
            text(language, v) for v in value
        )
    return str(value)


def _all_phrases(values: list[Any] | tuple[Any, ...]) -> bool:
    return bool(values) and all(isinstance(v, Phrase) for v in values)


def say(language: str, table: str, key: str, **params: Any) -> str:
    """A sentence from any table of the catalogue, filled with params."""
    return _fill(language, catalogue(language)[table][key], params)
