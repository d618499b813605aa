"""Rule cases of stage 5: each folder under cases/rules-5 changes the sealed rule base
whose stage 5 is open (`_overlay` applied to cases/rules/_base).

The folders take the same `case.toml` and `expected.txt` as cases/rules (the expected
text is the CLI's whole output, stdout then stderr; KOTACERDAS_UPDATE_CASES=1 rewrites
it); `stage` defaults to 5, and every case runs as on a pinned day so that which years
have ended does not depend on the calendar.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import UPDATE_CASES, materialise_case, run_cli

CASES = Path(__file__).parent / "cases" / "rules-5"
RULE_BASE = Path(__file__).parent / "cases" / "rules" / "_base"
PINNED = {"SOURCE_DATE_EPOCH": "1772323200"}  # 2026-03-01 00:00 UTC
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def stage5_base(tmp_path: Path) -> Path:
    """The rule base, sealed, with stage 5 open and 2025 reported."""
    base = tmp_path / "base"
    materialise_case(CASES / "_overlay", RULE_BASE, base)
    return base


@pytest.mark.parametrize("name", NAMES)
def test_stage5_rule_case(name: str, tmp_path: Path) -> None:
    case = CASES / name
    plan = tmp_path / "plan"
    spec = materialise_case(case, stage5_base(tmp_path), plan)
    run = run_cli("stage", "check", str(spec.get("stage", 5)), plan, *spec.get("args", []),
                  env=PINNED)
    assert "Traceback" not in run.stderr, run
    assert run.exit_code == spec.get("exit", 1), run
    # the plan's problems on stdout; a check that could not run says so on stderr
    output, other = (run.stderr, run.stdout) if run.exit_code == 2 else (run.stdout, run.stderr)
    expected = case / "expected.txt"
    if UPDATE_CASES:
        expected.write_text(output, encoding="utf-8")
    assert output == expected.read_text("utf-8"), run
    assert other == "", run


def test_stage5_base_passes_strictly(tmp_path: Path) -> None:
    run = run_cli("stage", "check", "5", stage5_base(tmp_path), "--strict", env=PINNED)
    assert run.exit_code == 0, run
    assert (run.stdout, run.stderr) == ("Tidak ada masalah di 13 berkas.\n", "")
