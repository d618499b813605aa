"""JSON Schemas of the plan files, for editors that speak yaml-language-server."""

from __future__ import annotations

import json

from pydantic import BaseModel

from kotacerdas.model.manifest import Manifest
from kotacerdas.stages import IMPLEMENTATION, STAGES

SCHEMA_FOLDER = ".kotacerdas/skema"


def schemas() -> dict[str, dict[str, object]]:
    """File name -> JSON Schema, one for the manifest, one per workshop stage, and one per
    kind of yearly file of stage 5."""
    found: dict[str, dict[str, object]] = {"manifest.schema.json": _schema(Manifest, "manifest")}
    for stage in STAGES:
        found[f"{stage.slug}.schema.json"] = _schema(stage.model, stage.slug)
    for kind, model in IMPLEMENTATION.kinds.items():
        found[f"{kind}.schema.json"] = _schema(model, kind)
    return found


def _schema(model: type[BaseModel], name: str) -> dict[str, object]:
    body = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"kotacerdas/{name}.schema.json",
        **body,
    }


def schema_files() -> dict[str, str]:
    """The schema files editors read, as path relative to the plan folder -> text."""
    return {f"{SCHEMA_FOLDER}/{name}": json.dumps(body, ensure_ascii=False, indent=2) + "\n"
            for name, body in schemas().items()}
