"""`stage advance` end to end: a plan in git taken from `init` through all four stages.

After each advance, `git diff` must show exactly the lines the tool meant to change in
kotacerdas.yaml, the user's comments must survive, and the next stage's files appear.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

BASE = Path(__file__).parent / "cases" / "rules" / "_base"
USER_COMMENT = "# Catatan tim: tanggal bimtek disepakati bersama Bappeda."


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout


def start_repo(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "config", "user.name", "Tim Smart City")
    git(root, "config", "user.email", "tim@contoh.go.id")
    commit(root, "init")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def changed_lines(root: Path, name: str) -> list[str]:
    """The removed and added lines of ``name`` since the last commit, in diff order."""
    diff = git(root, "diff", "-U0", "--", name)
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def fill(root: Path, folder: str) -> None:
    """Replace the scaffolded files of a stage with the filled-in ones of the base plan."""
    for path in (root / folder).glob("*.yaml"):
        path.unlink()
    for path in (BASE / folder).glob("*.yaml"):
        shutil.copyfile(path, root / folder / path.name)


def untracked(root: Path) -> list[str]:
    return sorted(line[3:] for line in git(root, "status", "--porcelain", "-uall").splitlines()
                  if line.startswith("??"))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    root = tmp_path / "kota-contoh"
    run = run_cli("init", root, "--name", "Contoh", "--province", "Jawa Barat", "--start", "2025")
    assert run.exit_code == 0, run
    manifest = root / "kotacerdas.yaml"
    text = manifest.read_text("utf-8").replace("tahapan:\n", f"{USER_COMMENT}\ntahapan:\n")
    manifest.write_text(text.replace("  perumusan:\n", "  perumusan:   # Juli\n"), "utf-8")
    start_repo(root)
    return root


def closing_lines(day: str, *, last: bool = False) -> list[str]:
    """The manifest lines an advance changes: this stage closed, the next one started."""
    closed = ["-    status: berjalan", "+    status: selesai", f"+    ditutup: {day}"]
    return closed if last else [*closed, "-    status: belum", "+    status: berjalan"]


def fill_and_advance(plan: Path, folder: str, day: str) -> str:
    """Fill a stage as the city would, commit, advance; return what advance printed."""
    fill(plan, folder)
    commit(plan, f"{folder} diisi")
    run = run_cli("stage", "advance", plan, "--date", day)
    assert run.exit_code == 0, run
    assert changed_lines(plan, "kotacerdas.yaml") == closing_lines(day, last=folder == "4-komitmen")
    return run.stdout


def test_init_to_sealed_commitment(plan: Path) -> None:
    run = run_cli("stage", "advance", plan)
    assert run.exit_code == 1 and "galat[KC701]" in run.stderr, run
    assert git(plan, "status", "--porcelain") == ""

    fill_and_advance(plan, "1-analisis", "2024-06-11")
    assert untracked(plan) == ["2-perumusan/program.yaml", "2-perumusan/strategi.yaml",
                               "2-perumusan/visi-misi.yaml"]
    assert "#   W-01  [governance] Data antar-OPD belum terpadu" in \
        (plan / "2-perumusan/strategi.yaml").read_text("utf-8")
    commit(plan, "tahap 1 ditutup")

    fill_and_advance(plan, "2-perumusan", "2024-07-11")
    assert untracked(plan) == ["3-finalisasi/rencana-aksi.yaml"]
    commit(plan, "tahap 2 ditutup")
    _stage_3_scaffold_fails_until_filled(plan)

    fill_and_advance(plan, "3-finalisasi", "2024-08-08")
    assert untracked(plan) == ["4-komitmen/komitmen.yaml", "4-komitmen/quick-win.yaml",
                               "4-komitmen/reviu.yaml"]
    quick_wins = (plan / "4-komitmen/quick-win.yaml").read_text("utf-8")
    assert "program: SOC-01" in quick_wins and "program: GOV-01" not in quick_wins
    commit(plan, "tahap 3 ditutup")

    printed = fill_and_advance(plan, "4-komitmen", "2024-09-06")
    (sealed,) = changed_lines(plan, "4-komitmen/komitmen.yaml")
    assert sealed.startswith("+  segel: sha256:") and len(sealed) == len("+  segel: sha256:") + 64
    assert sealed.split()[-1] in printed
    assert untracked(plan) == [".kotacerdas/segel.json"]
    manifest = (plan / "kotacerdas.yaml").read_text("utf-8")
    assert USER_COMMENT in manifest and "  perumusan:   # Juli\n" in manifest
    commit(plan, "tahap 4 ditutup")
    _after_signing(plan)


def _stage_3_scaffold_fails_until_filled(plan: Path) -> None:
    run = run_cli("stage", "check", "3", plan)
    assert run.exit_code == 1, run
    problems = [line for line in run.stdout.splitlines() if "galat[" in line]
    placeholders = [line for line in problems if "[KC213]" in line]
    assert placeholders == [
        f"3-finalisasi/rencana-aksi.yaml:{line}:10: galat[KC213] rencana_aksi[{i}].opd: "
        "`opd` masih berisi tanda … dari kerangka"
        for i, line in enumerate((21, 30, 39))
    ]
    # The scaffolded entries validate, so what else they lack is said at once.
    assert {line.split("[")[1].split("]")[0] for line in problems} == {"KC213", "KC507"}


#: Checks after the signing run as in late 2024, so that no year of stage 5 has ended.
LATE_2024 = {"SOURCE_DATE_EPOCH": "1730419200"}  # 2024-11-01


def _after_signing(plan: Path) -> None:
    run = run_cli("check", plan, "--strict")
    assert run.exit_code == 0, run
    _open_stage_5(plan)
    run = run_cli("stage", "advance", plan, env=LATE_2024)
    assert run.exit_code == 2 and "galat[KC702]" in run.stdout + run.stderr, run
    programmes = plan / "2-perumusan/program.yaml"
    programmes.write_text(programmes.read_text("utf-8").replace(
        "nama: Warga Cakap Siber", "nama: Warga Cakap Digital"), "utf-8")
    run = run_cli("check", plan, env=LATE_2024)
    assert run.exit_code == 0, run
    assert (
        "4-komitmen/komitmen.yaml:12:10: peringatan[KC515] komitmen.segel: isi rencana "
        "berubah sejak komitmen ditandatangani: program SOC-01"
    ) in run.stdout.splitlines()
    commit(plan, "nama program diubah dan komitmen ditandatangani ulang")
    run = run_cli("stage", "seal", plan, "--strict")
    assert run.exit_code == 0, run
    (old, new) = changed_lines(plan, "4-komitmen/komitmen.yaml")
    assert old.startswith("-  segel: sha256:") and new.startswith("+  segel: sha256:")
    assert old != new and new.split()[-1] in run.stdout
    assert changed_lines(plan, "kotacerdas.yaml") == []
    assert run_cli("check", plan, "--strict", env=LATE_2024).exit_code == 0


def _open_stage_5(plan: Path) -> None:
    """After stage 4, `stage advance` opens stage 5 and writes the year's realisation; no
    file of stages 1 to 4 changes, and the seal still holds."""
    run = run_cli("stage", "advance", plan, "--date", "2024-09-10", env=LATE_2024)
    assert run.exit_code == 0, run
    assert "Tahap 5 (pelaksanaan) dibuka 2024-09-10" in run.stdout, run
    assert untracked(plan) == ["5-pelaksanaan/realisasi-2024.yaml"]
    assert git(plan, "diff", "--name-only") == "kotacerdas.yaml\n"
    assert changed_lines(plan, "kotacerdas.yaml") == [
        "+  pelaksanaan:", "+    status: berjalan", "+    dibuka: 2024-09-10"]
    assert run_cli("check", plan, "--strict", env=LATE_2024).exit_code == 0
    commit(plan, "tahap 5 dibuka")


def _plan_at_stage_2(plan: Path) -> Path:
    fill(plan, "1-analisis")
    commit(plan, "tahap 1 diisi")
    return plan


def test_existing_target_blocks_everything(plan: Path) -> None:
    _plan_at_stage_2(plan)
    (plan / "2-perumusan").mkdir()
    (plan / "2-perumusan/strategi.yaml").write_text("# draf strategi milik Bappeda\n", "utf-8")
    run = run_cli("stage", "advance", plan)
    assert run.exit_code == 2, run
    assert "galat[KC703]" in run.stderr and "2-perumusan/strategi.yaml" in run.stderr, run
    assert git(plan, "status", "--porcelain", "-uall") == "?? 2-perumusan/strategi.yaml\n"
    text = (plan / "2-perumusan/strategi.yaml").read_text("utf-8")
    assert text == "# draf strategi milik Bappeda\n"


def test_no_scaffold_closes_without_writing(plan: Path) -> None:
    _plan_at_stage_2(plan)
    run = run_cli("stage", "advance", plan, "--no-scaffold", "--date", "2024-06-11")
    assert run.exit_code == 0, run
    assert untracked(plan) == []
    assert "+    ditutup: 2024-06-11" in changed_lines(plan, "kotacerdas.yaml")


def test_source_date_epoch_sets_the_closing_date(plan: Path) -> None:
    _plan_at_stage_2(plan)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1718064000"}  # 2024-06-11 00:00 UTC
    done = subprocess.run([sys.executable, "-m", "kotacerdas", "stage", "advance", str(plan)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "+    ditutup: 2024-06-11" in changed_lines(plan, "kotacerdas.yaml")
    assert "Tahap 1 ditutup 2024-06-11, hari ini; tahap 2 berjalan." in done.stdout


def test_invalid_date_is_a_usage_error(plan: Path) -> None:
    _plan_at_stage_2(plan)
    run = run_cli("stage", "advance", plan, "--date", "2024-13-01")
    assert run.exit_code == 2, run
    assert "galat[KC704] '2024-13-01' bukan tanggal yang sah" in run.stderr
    assert git(plan, "status", "--porcelain") == ""


def test_strict_advance_refuses_warnings(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    strategies = root / "2-perumusan/strategi.yaml"
    strategies.write_text(strategies.read_text("utf-8").replace("[W-01, S-01]", "[S-01]"))
    before = (root / "kotacerdas.yaml").read_text("utf-8")
    run = run_cli("stage", "advance", root, "--strict", "--lang", "en")
    assert run.exit_code == 1, run
    assert "warning[KC508]" in run.stdout and "error[KC701] stage 4 does not pass" in run.stderr
    assert (root / "kotacerdas.yaml").read_text("utf-8") == before
    assert not (root / ".kotacerdas/segel.json").exists()
    run = run_cli("stage", "advance", root, "--date", "2024-09-06", "--lang", "en")
    assert run.exit_code == 0, run
    assert "Stage 4 closed on 2024-09-06; all four stages are done." in run.stdout


def test_seal_waits_for_stage_4_to_close(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    run = run_cli("stage", "seal", root)
    assert run.exit_code == 2 and "galat[KC706]" in run.stderr, run
    assert "segel" not in (root / "4-komitmen/komitmen.yaml").read_text("utf-8")


def test_advance_reports_in_json_for_tools(plan: Path) -> None:
    refused = run_cli("stage", "advance", plan, "--format", "json")
    assert refused.exit_code == 1, refused
    found = json.loads(refused.stdout)
    assert (found["stage"], found["closed"], found["written"]) == (1, False, [])
    assert found["errors"] > 0 and {d["code"] for d in found["diagnostics"]} == {"KC501"}

    _plan_at_stage_2(plan)  # stage 1 filled in, as the city would
    done = run_cli("stage", "advance", plan, "--format", "json", "--date", "2024-06-11")
    assert done.exit_code == 0, done
    found = json.loads(done.stdout)
    assert (found["ok"], found["closed"], found["date"]) == (True, True, "2024-06-11")
    assert found["written"] == untracked(plan) and found["written"]
    assert all(name.startswith("2-perumusan/") for name in found["written"])


def test_seal_reports_in_json_for_tools(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    assert run_cli("stage", "advance", root, "--date", "2024-09-06").exit_code == 0
    done = run_cli("stage", "seal", root, "--format", "json")
    assert done.exit_code == 0, done
    found = json.loads(done.stdout)
    assert (found["stage"], found["closed"]) == (4, True)
    assert found["seal"] and found["seal"] in (root / ".kotacerdas/segel.json").read_text("utf-8")


def test_a_new_signing_is_recorded_with_its_reason_and_date(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    assert run_cli("stage", "advance", root, "--date", "2024-09-06").exit_code == 0
    first = run_cli("stage", "seal", root, "--reason", "Ralat nama OPD", "--date", "2024-10-01")
    assert first.exit_code == 0, first
    # The Indonesian spelling of the option is kept as an alias.
    again = run_cli("stage", "seal", root, "--alasan", "SK tim dicatat", "--date", "2024-11-04")
    assert again.exit_code == 0, again
    text = (root / "4-komitmen/komitmen.yaml").read_text("utf-8")
    history = text[text.index("riwayat_segel:"):].splitlines()
    assert [line.strip() for line in history if "tanggal" in line or "alasan" in line] == [
        "- tanggal: 2024-10-01", "alasan: Ralat nama OPD",
        "- tanggal: 2024-11-04", "alasan: SK tim dicatat"]
    assert run_cli("check", root, "--strict").exit_code == 0


@pytest.mark.parametrize(("args", "code"), [
    (("--reason", "Ralat\x1b[31m"), "KC713"),
    (("--reason", "Ralat\u202e"), "KC713"),
    (("--reason", "Dua\nbaris"), "KC713"),
    (("--reason", "Ralat", "--date", "2099-01-01"), "KC527"),  # a day still to come
    (("--reason", "Ralat", "--date", "2024-09-01"), "KC527"),  # before the signing
    (("--reason", "Ralat", "--date", "2024-10-15"), "KC527"),  # before the seal before it
])
def test_a_seal_the_check_would_refuse_is_refused_before_anything_is_written(
        tmp_path: Path, args: tuple[str, ...], code: str) -> None:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    assert run_cli("stage", "advance", root, "--date", "2024-09-06").exit_code == 0
    assert run_cli("stage", "seal", root, "--reason", "Ralat", "--date", "2024-11-04"
                   ).exit_code == 0
    before = (root / "4-komitmen/komitmen.yaml").read_bytes()
    refused = run_cli("stage", "seal", root, *args)
    assert refused.exit_code == 2, refused
    assert f"galat[{code}]" in refused.stderr and "\x1b" not in refused.stderr, refused.stderr
    assert (root / "4-komitmen/komitmen.yaml").read_bytes() == before
    assert run_cli("check", root, "--strict").exit_code == 0
