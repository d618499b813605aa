"""Values from cells written as YAML text, the way the value they replace was written.

A quoted value stays quoted in the same quotes, a folded description stays folded in its
indentation, and a plain value stays plain when it reads back as the same text. Every
candidate is read back with the plan's own YAML reader before it is used, so no cell can
turn into a number, a date, a comment or broken YAML.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from kotacerdas.source_document import Scalar, ScalarInfo
from kotacerdas.source_events import compose

#: How wide a folded description is wrapped (its indentation included).
FOLD_WIDTH = 88


def render(value: Scalar, old: ScalarInfo | None, flow: bool) -> str:
    """``value`` as YAML text: in ``old``'s style where it reads back the same."""
    if value is None:
        return "null"
    if isinstance(value, bool):  # never written by the import; kept apart from int
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value, flow)
    return _text(value, old, flow)


def _number(value: float, flow: bool) -> str:
    for candidate in (repr(value), f"{value:.17g}"):
        if _reads_back(candidate, value, flow):
            return candidate
    return json.dumps(value)


def _text(value: str, old: ScalarInfo | None, flow: bool) -> str:
    style = old.style if old is not None else ""
    if style == ">" and old is not None and not flow:
        folded = _folded(value, old)
        if folded is not None:
            return folded
    if style == "'" and "\n" not in value:
        candidate = "'" + value.replace("'", "''") + "'"
        if _reads_back(candidate, value, flow):
            return candidate
    if style not in ("'", '"') and _reads_back(value, value, flow):
        return value
    return json.dumps(value, ensure_ascii=False)


def _folded(value: str, old: ScalarInfo) -> str | None:
    """A folded block scalar in ``old``'s indentation and header, when folding keeps the
    text exactly (one line of words with single spaces)."""
    if not value or value != value.strip() or "\n" in value or "  " in value or "\t" in value:
        return None
    width = max(FOLD_WIDTH - old.indent, 30)
    lines = textwrap.wrap(value, width=width, break_long_words=False, break_on_hyphens=False)
    candidate = old.header + "\n" + "\n".join(" " * old.indent + line for line in lines)
    if old.header not in (">", ">-") or not _reads_back(candidate, value, False,
                                                         chomped=old.header == ">"):
        return None
    return candidate


def _reads_back(candidate: str, value: Any, flow: bool, chomped: bool = False) -> bool:
    """Whether ``candidate`` reads back as exactly ``value`` (same type) where it goes."""
    if not candidate or candidate != candidate.strip(" ") or "\r" in candidate:
        return False
    document = f"k: [{candidate}]\n" if flow else f"k: {candidate}\n"
    try:
        data = compose(document)
    except Exception:  # a syntax error, a refusal: not this way
        return False
    if not isinstance(data, dict) or "k" not in data:
        return False
    found = data["k"]
    if flow:
        if not isinstance(found, list) or len(found) != 1:
            return False
        found = found[0]
    if chomped and isinstance(found, str):
        found = found.removesuffix("\n")
    return type(found) is type(value) and found == value
