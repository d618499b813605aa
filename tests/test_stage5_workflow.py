"""Stage 5 through the command line: `stage advance` after the commitment opens it,
`stage scaffold 5 --year` writes a year's files, and reporting never touches what was
signed."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from conftest import run_cli
from test_rules_stage5_cases import PINNED, RULE_BASE

SIGNED = ("kotacerdas.yaml", "1-analisis", "2-perumusan", "3-finalisasi", "4-komitmen")


def _signed_files(plan: Path) -> dict[str, str]:
    """Every file of stages 1 to 4 by path, with its SHA-256 (the manifest without its
    stage log is compared apart)."""
    found = {}
    for name in SIGNED[1:]:
        for path in sorted((plan / name).rglob("*")):
            if path.is_file():
                found[path.relative_to(plan).as_posix()] = hashlib.sha256(
                    path.read_bytes()).hexdigest()
    return found


def _sealed_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(RULE_BASE, plan)
    run = run_cli("stage", "advance", plan, "--date", "2024-09-06", env=PINNED)
    assert run.exit_code == 0, run
    return plan


def test_advance_after_the_commitment_opens_stage_5_and_reporting_keeps_the_seal(
        tmp_path: Path) -> None:
    plan = _sealed_plan(tmp_path)
    signed = _signed_files(plan)
    manifest = (plan / "kotacerdas.yaml").read_text("utf-8")

    run = run_cli("stage", "advance", plan, "--date", "2025-01-06", env=PINNED)
    assert run.exit_code == 0, run
    assert "Tahap 5 (pelaksanaan) dibuka 2025-01-06" in run.stdout
    assert "5-pelaksanaan/realisasi-2025.yaml" in run.stdout
    opened = (plan / "kotacerdas.yaml").read_text("utf-8")
    assert opened.startswith(manifest.rstrip("\n"))  # only the stage log grows
    assert opened.endswith("  pelaksanaan:\n    status: berjalan\n    dibuka: 2025-01-06\n")

    report = plan / "5-pelaksanaan" / "realisasi-2025.yaml"
    text = report.read_text("utf-8")
    assert "  - program: GOV-01\n" in text and "  - quick_win: QW-02\n" in text
    assert "ECO-01" not in text  # dropped in stage 3: nothing to report
    report.write_text(text.replace("    status:\n", "    status: berjalan\n", 1)
                      .replace("        jumlah:  ", "        jumlah: 450000000  ", 1), "utf-8")
    run = run_cli("stage", "scaffold", "5", plan, "--year", "2025", env=PINNED)
    assert run.exit_code == 0, run
    assert (plan / "5-pelaksanaan" / "evaluasi-2025.yaml").is_file()

    assert _signed_files(plan) == signed
    run = run_cli("check", plan, "--format", "json", env=PINNED)
    codes = {d["code"] for d in json.loads(run.stdout)["diagnostics"]}
    assert "KC515" not in codes and "KC539" in codes, run  # SOC-01 and the quick wins
    assert json.loads(run.stdout)["errors"] == 0, run

    run = run_cli("stage", "advance", plan, "--lang", "en", env=PINNED)
    assert run.exit_code == 2, run
    assert "kotacerdas:0:0: error[KC702]" in run.stderr


def test_scaffold_refuses_years_no_report_can_be_for(tmp_path: Path) -> None:
    plan = _sealed_plan(tmp_path)
    assert run_cli("stage", "advance", plan, "--date", "2025-01-06", env=PINNED).exit_code == 0
    run = run_cli("stage", "scaffold", "5", plan, "--year", "2023", env=PINNED)
    assert run.exit_code == 2, run
    assert "[KC549]" in run.stderr
    assert "sebelum komitmen ditandatangani (2024-09-06)" in run.stderr
    run = run_cli("stage", "scaffold", "3", plan, "--year", "2025", env=PINNED)
    assert run.exit_code == 2, run
    assert "[KC547]" in run.stderr
    assert not (plan / "5-pelaksanaan" / "realisasi-2023.yaml").exists()


def test_stage_check_5_before_stage_5_is_open(tmp_path: Path) -> None:
    plan = _sealed_plan(tmp_path)
    run = run_cli("check", plan, "--strict", env=PINNED)
    assert run.exit_code == 0, run  # stage 5 not open: `check` stops at the commitment
    run = run_cli("stage", "check", "5", plan, env=PINNED)
    assert run.exit_code == 0, run
    assert "peringatan[KC539] tahapan.pelaksanaan: 2 program dan 2 quick win berjalan: " \
        "belum ada laporan realisasi 2025" in run.stdout
