"""Editor schemas: written by init and `schema`, closed, described, and bound by modelines."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_cli


def test_init_binds_every_file_to_an_existing_schema(tmp_path: Path) -> None:
    run = run_cli("init", "kota", "--name", "Contoh", "--province", "Bali", cwd=tmp_path)
    assert run.exit_code == 0, run
    plan = tmp_path / "kota"
    for path in [plan / "kotacerdas.yaml", *sorted((plan / "1-analisis").glob("*.yaml"))]:
        first = path.read_text("utf-8").splitlines()[0]
        bound = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert bound, path
        assert (path.parent / bound.group(1)).resolve().is_file(), path


def test_schemas_are_closed_and_describe_fields_in_both_languages(tmp_path: Path) -> None:
    run_cli("init", "kota", "--name", "Contoh", "--province", "Bali", cwd=tmp_path)
    (tmp_path / "kota" / ".kotacerdas" / "skema" / "perumusan.schema.json").unlink()

    run = run_cli("schema", tmp_path / "kota")

    assert run.exit_code == 0, run
    schema = json.loads(
        (tmp_path / "kota" / ".kotacerdas" / "skema" / "perumusan.schema.json").read_text()
    )
    programme = schema["$defs"]["Programme"]
    assert programme["additionalProperties"] is False
    assert programme["properties"]["jangka"]["enum"] == ["pendek", "menengah", "panjang"]
    assert programme["properties"]["nama"]["description"] == "Nama program / Programme name"
    assert set(programme["required"]) >= {"id", "nama", "dimensi", "jangka"}
