"""Rule cases: each folder under cases/rules changes the complete base plan `_base`.

A case folder holds `case.toml` (the stage to check, extra arguments, the expected exit
code, text replacements in base files and files to remove), any whole files it adds or
replaces, and `expected.txt`: the exact text the CLI prints on stderr. Set
KOTACERDAS_UPDATE_CASES=1 to rewrite the expected files after a deliberate change of
wording, then review the diff.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import run_cli

RULE_CASES = Path(__file__).parent / "cases" / "rules"
BASE = RULE_CASES / "_base"
NAMES = sorted(p.name for p in RULE_CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
UPDATE = os.environ.get("KOTACERDAS_UPDATE_CASES") == "1"
_CASE_FILES = ("case.toml", "expected.txt")


def build_case(case: Path, target: Path) -> dict:
    """Copy the base plan to ``target`` and apply the case's files, edits and removals."""
    spec = tomllib.loads((case / "case.toml").read_text("utf-8"))
    shutil.copytree(BASE, target)
    for path in case.rglob("*"):
        rel = path.relative_to(case)
        if path.is_file() and rel.as_posix() not in _CASE_FILES:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)
    for edit in spec.get("replace", []):
        path = target / edit["file"]
        text = path.read_text("utf-8")
        assert text.count(edit["old"]) == 1, f"{case.name}: '{edit['old']}' not unique"
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    for rel in spec.get("remove", []):
        (target / rel).unlink()
    return spec


@pytest.mark.parametrize("name", NAMES)
def test_rule_case(name: str, tmp_path: Path) -> None:
    case = RULE_CASES / name
    plan = tmp_path / "plan"
    spec = build_case(case, plan)
    run = run_cli("stage", "check", str(spec.get("stage", 4)), plan, *spec.get("args", []))

    assert "Traceback" not in run.stderr, run
    assert run.exit_code == spec.get("exit", 1), run
    expected = case / "expected.txt"
    if UPDATE:
        expected.write_text(run.stderr, encoding="utf-8")
    assert run.stderr == expected.read_text("utf-8"), run


def test_base_plan_passes_stage_4(tmp_path: Path) -> None:
    run = run_cli("stage", "check", "4", BASE, "--strict")
    assert run.exit_code == 0, run
    assert run.stderr == "Tidak ada masalah di 12 berkas.\n"
