"""Every command on a damaged plan: no traceback, a known exit code, nothing written
outside the plan and the output folder, and every plan file unchanged or validly edited.

Hypothesis damages one file of a complete four-stage plan (the mutations of
`test_properties`), then runs every command on it, in process for speed, one after the
other as a user might: status, coverage, check, build, stage advance, stage seal, schema.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from ruamel.yaml import YAML
from typer.testing import CliRunner

from kotacerdas.cli import application
from test_properties import SETTINGS, mutations

BASE = Path(__file__).parent / "cases" / "rules" / "_base"
BASE_FILES = {p.relative_to(BASE).as_posix(): p.read_text("utf-8")
              for p in sorted(BASE.rglob("*.yaml"))}
RUNNER = CliRunner()

#: The files a command may edit, and the keys its edits may touch.
EDITABLE = {"kotacerdas.yaml": ("tahapan",), "4-komitmen/komitmen.yaml": ("komitmen", "segel")}


def commands(plan: Path, out: Path) -> list[list[str]]:
    return [["status"], ["coverage"], ["coverage", "--format", "json"], ["check"],
            ["stage", "check", "4", "--format", "json"], ["build", "--out", str(out)],
            ["build", "--out", str(out), "--format", "md", "--lang", "en"],
            ["stage", "advance", "--date", "2024-09-07"], ["stage", "seal"], ["schema"]]


def tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(root.rglob("*"))}


def parsed(raw: bytes | None) -> Any:
    try:
        return YAML(typ="safe").load(raw.decode("utf-8-sig")) if raw is not None else None
    except Exception:
        return ValueError  # unreadable: only an unchanged file may stay so


def without(data: Any, keys: tuple[str, ...]) -> Any:
    """``data`` with the value at ``keys`` taken out, for comparing around an edit."""
    if not isinstance(data, dict) or not keys:
        return data
    if len(keys) == 1:
        return {k: v for k, v in data.items() if k != keys[0]}
    return {k: without(v, keys[1:]) if k == keys[0] else v for k, v in data.items()}


def assert_only_valid_edits(before: dict[str, bytes | None], after: dict[str, bytes | None]
                            ) -> None:
    assert set(before) <= set(after), sorted(set(before) - set(after))
    for name, content in after.items():
        if name.startswith(".kotacerdas/") or before.get(name) == content:
            continue
        if name not in before:
            assert name.startswith("4-komitmen/") or name.endswith(".yaml"), name
            continue
        assert name in EDITABLE, f"{name} changed"
        old, new = parsed(before[name]), parsed(content)
        assert new is not ValueError, f"{name} no longer reads"
        assert without(old, EDITABLE[name]) == without(new, EDITABLE[name]), name


def run_every_command(plan: Path, scratch: Path) -> None:
    out = scratch / "buku"
    neighbour = scratch / "tetangga"
    neighbour.mkdir()
    (neighbour / "catatan.txt").write_text("jangan diubah\n", "utf-8")
    before = tree(plan)
    for args in commands(plan, out):
        result = RUNNER.invoke(application(), [*args, str(plan)])
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args, repr(result.exception))
    assert sorted(p.name for p in scratch.iterdir()) in (
        ["rencana", "tetangga"], ["buku", "rencana", "tetangga"])
    assert tree(neighbour) == {"catatan.txt": b"jangan diubah\n"}
    assert_only_valid_edits(before, tree(plan))


@settings(SETTINGS)  # 60 examples here; `make fuzz` runs every command far longer
@given(mutations(BASE_FILES))
def test_every_command_on_a_damaged_plan_fails_cleanly_and_writes_only_where_it_may(
        mutation: tuple[str, bytes]) -> None:
    name, damaged = mutation
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        plan = scratch / "rencana"
        shutil.copytree(BASE, plan)
        (plan / name).write_bytes(damaged)
        run_every_command(plan, scratch)


@given(mutations(BASE_FILES))
@settings(SETTINGS, max_examples=1)
def test_the_undamaged_plan_is_closed_sealed_and_built(mutation: tuple[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        plan = scratch / "rencana"
        shutil.copytree(BASE, plan)
        run_every_command(plan, scratch)
        manifest = (plan / "kotacerdas.yaml").read_text("utf-8")
        assert "ditutup: 2024-09-07" in manifest
        assert "segel: sha256:" in (plan / "4-komitmen/komitmen.yaml").read_text("utf-8")
        assert (scratch / "buku" / "2-masterplan.md").is_file()
