"""Edits of plan files the tool makes itself, as text in, text out.

Each edit goes through the round-trip layer, so comments, key order and quoting stay
where the user put them; nothing here writes to disk.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kotacerdas.errors import WorkflowError
from kotacerdas.source import dump_round_trip, load_round_trip
from kotacerdas.stages import LAST, stage


def close_stage(manifest_text: str, number: int, on: date) -> str:
    """The manifest with stage ``number`` closed on ``on`` and the next one started."""
    tree = load_round_trip(manifest_text)
    if not isinstance(tree, dict):
        raise WorkflowError.about("KC705", detail="kotacerdas.yaml")
    log = _mapping(tree, "tahapan")
    entry = _mapping(log, stage(number).slug)
    entry["status"] = "selesai"
    entry["ditutup"] = on
    if number < LAST:
        _mapping(log, stage(number + 1).slug)["status"] = "berjalan"
    return dump_round_trip(tree)


def _mapping(parent: Any, key: str) -> Any:
    if parent.get(key) is None:
        parent[key] = {}
        return parent[key]
    if not isinstance(parent[key], dict):
        raise WorkflowError.about("KC705", detail=key)
    return parent[key]
