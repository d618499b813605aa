"""The hidden key of a row: which YAML item it came from, and what it showed then.

``P:GOV-01:<fingerprints>:<check>``: the sheet's prefix, the item (a programme id, or
``GOV-04.2`` for the third budget line or indicator of GOV-04's action plan), one short
fingerprint per data column of what the cell showed at export, and a check over all of
it. The fingerprints tell a cell the user edited from one that only changed in the plan
since (or in both: a conflict); the check tells a key that was typed over.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

_PRINT = 8  # hex digits per fingerprint


def fingerprint(text: str) -> str:
    # A lone surrogate from an ``_xD800_`` escape is hashed too: the cell is refused later.
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=_PRINT // 2).hexdigest()


def _check(body: str) -> str:
    data = ("kotacerdas:" + body).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=3).hexdigest()


@dataclass(frozen=True)
class RowKey:
    prefix: str
    item: str  # GOV-01, or GOV-04.2
    prints: tuple[str, ...]

    def text(self) -> str:
        body = f"{self.prefix}:{self.item}:{''.join(self.prints)}"
        return f"{body}:{_check(body)}"


def make_key(prefix: str, item: str, canon_texts: list[str]) -> str:
    return RowKey(prefix, item, tuple(fingerprint(text) for text in canon_texts)).text()


def read_key(text: str, prefix: str, columns: int) -> RowKey | None:
    """The key written as ``text``, or None when it is not one this sheet wrote (typed
    over, cut short, or from another sheet)."""
    parts = text.strip().split(":")
    if len(parts) != 4 or parts[0] != prefix:
        return None
    body = ":".join(parts[:3])
    prints = parts[2]
    if _check(body) != parts[3] or len(prints) != columns * _PRINT:
        return None
    return RowKey(prefix, parts[1], tuple(prints[i:i + _PRINT]
                                          for i in range(0, len(prints), _PRINT)))
