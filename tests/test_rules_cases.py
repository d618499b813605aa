"""Rule cases: each folder under cases/rules changes the complete base plan `_base`.

A case folder holds `case.toml` (the stage to check, extra arguments, the expected exit
code, text replacements in base files and files to remove), any whole files it adds or
replaces, and `expected.txt`: the exact text the CLI prints on stderr. Set
KOTACERDAS_UPDATE_CASES=1 to rewrite the expected files after a deliberate change of
wording, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import check_case, materialise_case, run_cli

RULE_CASES = Path(__file__).parent / "cases" / "rules"
BASE = RULE_CASES / "_base"
NAMES = sorted(p.name for p in RULE_CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("name", NAMES)
def test_rule_case(name: str, tmp_path: Path) -> None:
    case = RULE_CASES / name
    plan = tmp_path / "plan"
    check_case(case, plan, materialise_case(case, BASE, plan), default_stage=4)


def test_base_plan_passes_stage_4(tmp_path: Path) -> None:
    run = run_cli("stage", "check", "4", BASE, "--strict")
    assert run.exit_code == 0, run
    assert run.stdout == "Tidak ada masalah di 12 berkas.\n"
