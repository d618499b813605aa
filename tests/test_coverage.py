"""`kotacerdas coverage`: the SWOT → strategy → programme → indicator chains, gaps, budget."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_cli
from kotacerdas.budget import budget_totals
from kotacerdas.plan import load_plan

BASE = Path(__file__).parent / "cases" / "rules" / "_base"


def test_budget_totals_per_year_and_source() -> None:
    plan, _ = load_plan(BASE, 4)
    totals = budget_totals(plan)
    assert totals.by_year == {2025: 700_000_000, 2026: 750_000_000, 2027: 250_000_000}
    assert totals.by_source == {"APBD": 1_450_000_000, "CSR": 250_000_000}
    assert totals.cells[(2025, "APBD")] == 700_000_000
    assert totals.by_programme == {"GOV-01": 1_500_000_000, "SOC-01": 200_000_000}
    assert totals.total == 1_700_000_000


def test_complete_plan_as_text() -> None:
    run = run_cli("coverage", BASE)
    assert run.exit_code == 0, run
    rows = [" ".join(line.strip("│ ").split()) for line in run.stdout.splitlines()]
    assert "W-01 │ STR-01 │ GOV-01 │ OPD yang terhubung ke portal data" in rows
    assert "W-01 │ STR-01 │ ECO-01 (dibatalkan) │ —" in rows
    assert "T-01 │ STR-02 │ SOC-01 │ Warga terlatih keamanan digital" in rows
    assert "Tidak ada celah: setiap rantai lengkap." in run.stdout
    budget = run.stdout[run.stdout.index("Anggaran per tahun"):]
    assert [" ".join(line.strip("│ ").split()) for line in budget.splitlines()
            if line.startswith("│")] == [
        "2025 │ 700.000.000", "2026 │ 750.000.000", "2027 │ 250.000.000",
        "Jumlah │ 1.700.000.000",
        "APBD │ 1.450.000.000", "CSR │ 250.000.000", "Jumlah │ 1.700.000.000",
    ]


def test_gaps_as_json(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    _edit(root / "1-analisis/swot.yaml", "  ancaman:\n",
          "    - id: O-02\n      dimensi: living\n      teks: Wisata bahari\n  ancaman:\n")
    _edit(root / "2-perumusan/strategi.yaml", "    swot: [T-01, O-01]\n",
          "    swot: [T-01, O-01]\n  - id: STR-03\n    nama: Tarik investasi\n"
          "    dimensi: economy\n    swot: [O-01]\n")
    _edit(root / "3-finalisasi/rencana-aksi.yaml", "  - program: ECO-01\n"
          "    batal: Digabung ke program provinsi\n", "")
    run = run_cli("coverage", root, "--format", "json")
    assert run.exit_code == 0, run
    found = json.loads(run.stdout)
    assert found["gaps"] == [
        {"kind": "swot", "id": "O-02"},
        {"kind": "strategy", "id": "STR-03"},
        {"kind": "programme", "id": "ECO-01"},
    ]
    assert {"swot": "O-01", "strategy": "STR-03", "programme": None, "indicators": [],
            "dropped": False} in found["chains"]
    assert {"swot": "O-02", "strategy": None, "programme": None, "indicators": [],
            "dropped": False} in found["chains"]
    assert found["budget"]["by_source"] == {"APBD": 1_450_000_000, "CSR": 250_000_000}


def test_english_and_missing_indicator(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(BASE, root)
    text = (root / "3-finalisasi/rencana-aksi.yaml").read_text("utf-8")
    start = text.index("    indikator:\n      - jenis: outcome")
    end = text.index("  - program: ECO-01")
    (root / "3-finalisasi/rencana-aksi.yaml").write_text(
        text[:start] + "    indikator: []\n" + text[end:], "utf-8")
    run = run_cli("coverage", root, "--lang", "en")
    assert run.exit_code == 0, run
    assert "Traceability of Contoh" in run.stdout
    assert "  - programme SOC-01 has no indicator" in run.stdout


def test_coverage_outside_a_plan(tmp_path: Path) -> None:
    run = run_cli("coverage", tmp_path)
    assert run.exit_code == 2 and "KC601" in run.stderr, run


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
