"""JSON Schemas of the plan files, for editors that speak yaml-language-server."""

from __future__ import annotations

import json
from pathlib import Path

from kotacerdas.model.manifest import Manifest
from kotacerdas.source import write_atomic
from kotacerdas.stages import STAGES

SCHEMA_FOLDER = ".kotacerdas/skema"


def schemas() -> dict[str, dict[str, object]]:
    """File name -> JSON Schema, one for the manifest and one per stage."""
    found: dict[str, dict[str, object]] = {"manifest.schema.json": _schema(Manifest, "manifest")}
    for stage in STAGES:
        found[f"{stage.slug}.schema.json"] = _schema(stage.model, stage.slug)
    return found


def _schema(model: type, name: str) -> dict[str, object]:
    body = model.model_json_schema()  # type: ignore[attr-defined]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"kotacerdas/{name}.schema.json",
        **body,
    }


def write_schemas(root: Path) -> list[Path]:
    """Write every schema under ``root/.kotacerdas/skema``; returns the paths written."""
    written = []
    for name, body in schemas().items():
        path = root / SCHEMA_FOLDER / name
        write_atomic(path, json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written
