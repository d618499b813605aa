"""Bad-input cases: each folder under cases/input overlays the valid base plan.

A case folder holds the files it changes, a `case.toml` (stage, extra arguments, expected
exit code, files to generate, remove or link: see `conftest.materialise_case`) and
`expected.txt`, the exact diagnostics the CLI prints. Set KOTACERDAS_UPDATE_CASES=1 to
rewrite the expected files after a deliberate change of wording, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import check_case, materialise_case, run_cli

CASES = Path(__file__).parent / "cases"
INPUT_CASES = sorted(p.name for p in (CASES / "input").iterdir() if p.is_dir())


@pytest.mark.parametrize("name", INPUT_CASES)
def test_input_case(name: str, tmp_path: Path) -> None:
    case = CASES / "input" / name
    plan = tmp_path / "plan"
    check_case(case, plan, materialise_case(case, CASES / "base", plan), default_stage=2)


def test_base_plan_is_clean(tmp_path: Path) -> None:
    run = run_cli("stage", "check", "2", CASES / "base")
    assert run.exit_code == 0, run
    assert run.stdout.strip() == "Tidak ada masalah di 8 berkas."
