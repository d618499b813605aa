"""Bad-input cases: each folder under cases/input overlays the valid base plan.

A case folder holds the files it changes, a `case.toml` (stage, extra arguments, expected
exit code, files to generate, remove or link) and `expected.txt`, the exact diagnostics
the CLI prints. Set KOTACERDAS_UPDATE_CASES=1 to rewrite the expected files after a
deliberate change of wording, then review the diff.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import run_cli

CASES = Path(__file__).parent / "cases"
INPUT_CASES = sorted(p.name for p in (CASES / "input").iterdir() if p.is_dir())
UPDATE = os.environ.get("KOTACERDAS_UPDATE_CASES") == "1"


def materialise(case: Path, target: Path) -> dict:
    """Copy the base plan to target and apply the case: overlay, removals, links, padding."""
    spec = tomllib.loads((case / "case.toml").read_text("utf-8"))
    shutil.copytree(CASES / "base", target)
    for path in case.rglob("*"):
        rel = path.relative_to(case)
        if path.is_file() and rel.name not in ("case.toml", "expected.txt"):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)
    for rel in spec.get("remove", []):
        (target / rel).unlink()
    for link in spec.get("symlink", []):
        (target / link["path"]).unlink(missing_ok=True)
        (target / link["path"]).symlink_to(link["target"])
    for pad in spec.get("generate", []):
        with (target / pad["path"]).open("a", encoding="utf-8") as handle:
            handle.write(pad["line"] * pad["repeat"])
    return spec


@pytest.mark.parametrize("name", INPUT_CASES)
def test_input_case(name: str, tmp_path: Path) -> None:
    case = CASES / "input" / name
    plan = tmp_path / "plan"
    spec = materialise(case, plan)
    run = run_cli("stage", "check", str(spec.get("stage", 2)), plan, *spec.get("args", []))

    assert "Traceback" not in run.stderr, run
    assert run.exit_code == spec.get("exit", 1), run
    expected_file = case / "expected.txt"
    if UPDATE:
        expected_file.write_text(run.stderr, encoding="utf-8")
    assert run.stderr == expected_file.read_text("utf-8"), run


def test_base_plan_is_clean(tmp_path: Path) -> None:
    run = run_cli("stage", "check", "2", CASES / "base")
    assert run.exit_code == 0, run
    assert run.stderr.strip() == "Tidak ada masalah di 8 berkas."
