"""Parsed plan files kept between runs in the user's cache folder, keyed by their text.

A plan is checked again and again while only one file changes; reading the other files
back from JSON is ten times faster than parsing their YAML, and once every file comes
from the cache the YAML library itself is never imported. An entry is found only by the
SHA-256 of the exact text (and the loader's version), so an edited file is always parsed
afresh; anything odd about the cache just means parsing as usual.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kotacerdas.resources import cache_folder, keep, prune, read_entry

#: Bump when the way YAML text becomes data changes, so old entries are never used.
LOADER_VERSION = "1"
#: Entries kept (a mentor's ten cities of some twenty files each fit five times over);
#: the least recently written go first.
MAX_ENTRIES = 1000
_DATE = "\x00date"


#: What ``lookup`` gives for a text the cache does not hold.
MISSING = object()


def cached(text: str, parse: Callable[[str], Any], skip: object) -> Any:
    """``parse(text)``, read from the cache when this exact text was parsed before.

    A result that is ``skip`` (the parser's "not handled here") is never stored.
    """
    data = lookup(text)
    if data is MISSING:
        data = parse(text)
        remember(text, data, skip)
    return data


def lookup(text: str) -> Any:
    """What parsing ``text`` gave the last time, or MISSING when the cache does not hold it."""
    path = _entry(text)
    return MISSING if path is None else _read(path)


def remember(text: str, data: Any, skip: object) -> None:
    """Keep ``data`` as what ``text`` parses to, unless it is ``skip`` or JSON would alter it."""
    path = _entry(text)
    if path is not None and data is not skip and _storable(data):
        keep(path, json.dumps(data, default=_encode, ensure_ascii=False))
        prune(path.parent, "*.json", MAX_ENTRIES)


def _entry(text: str) -> Path | None:
    folder = cache_folder("yaml")
    if folder is None:
        return None
    return folder / f"{hashlib.sha256((LOADER_VERSION + text).encode()).hexdigest()}.json"


def _read(path: Path) -> Any:
    data = read_entry(path)
    if data is None:
        return MISSING
    try:
        return json.loads(data.decode("utf-8"), object_hook=_decode)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return MISSING


def _encode(value: Any) -> Any:
    if type(value) is date:
        return {_DATE: value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and _DATE in mapping:
        return date.fromisoformat(mapping[_DATE])
    return mapping


def _storable(data: Any) -> bool:
    """Whether JSON gives back exactly ``data``: string keys, known types, no marker key."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _DATE in node or not all(type(k) is str for k in node):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif node is not None and type(node) not in (str, int, float, bool, date):
            return False
    return True
