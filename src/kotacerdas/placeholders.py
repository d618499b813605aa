"""Scaffold placeholders left in a plan: ``…`` (or ``...``) where a value is still to come.

The files `stage advance` writes mark what only the region can fill in, such as the
agency responsible for each programme, with ``…``. The value is text, so the schema
accepts it, but the stage cannot close while one is left (KC213).
"""

from __future__ import annotations

from typing import Any

from kotacerdas.diagnostics import Diagnostic, field_path

PLACEHOLDERS = frozenset({"…", "..."})


def placeholders_left(rel: str, text: str, data: Any, locate: Any) -> list[Diagnostic]:
    """KC213 at every value of ``data`` that is still a placeholder."""
    if "…" not in text and "..." not in text:
        return []
    found: list[Diagnostic] = []
    _walk(data, (), rel, locate, found)
    return found


def _walk(node: Any, path: tuple[Any, ...], rel: str, locate: Any,
          found: list[Diagnostic]) -> None:
    if isinstance(node, str) and node.strip() in PLACEHOLDERS:
        line, column = locate(path)
        name = next((part for part in reversed(path) if isinstance(part, str)), "")
        found.append(Diagnostic.new("KC213", rel, line, column, field=field_path(path),
                                    name=name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _walk(item, (*path, index), rel, locate, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            _walk(value, (*path, key), rel, locate, found)
