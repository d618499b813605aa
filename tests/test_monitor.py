"""`monitor`, `ids` and the evaluation index: the figures of a year, checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from kotacerdas.model.implementation import EvaluationFile
from test_rules_stage5_cases import PINNED, stage5_base


def test_index_weighs_the_scores_by_the_years_weights() -> None:
    from kotacerdas.progress import evaluation_index

    # Kediri 2022 (domain notes §10) on the weights Jambi reports: 3.31 overall.
    kediri = EvaluationFile.model_validate({
        "versi_skema": 1, "tahun": 2022,
        "bobot": {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick_win": 20},
        "aspek": {"baseline": {"nilai": 3.60}, "output": {"nilai": 3.21},
                  "outcome": {"nilai": 3.23}, "impact": {"nilai": 3.07},
                  "quick_win": {"nilai": 3.65}}})
    assert evaluation_index(kediri) == 3.31
    unscored = kediri.model_copy(update={"aspek": kediri.aspek.model_copy(
        update={"impact": kediri.aspek.impact.model_copy(update={"nilai": None})})})
    assert evaluation_index(unscored) is None


def test_monitor_figures_of_a_reported_year(tmp_path: Path) -> None:
    plan = stage5_base(tmp_path)
    run = run_cli("monitor", plan, "--format", "json", env=PINNED)
    assert run.exit_code == 0, run
    found = json.loads(run.stdout)
    assert (found["year"], found["year_ended"], found["reported"]) == (2025, True, True)
    assert found["total"] == {
        "planned": 700_000_000, "spent": 640_000_000, "absorbed": 0.9143,
        "states": {"selesai": 2, "berjalan": 2}, "indicators": {"reached": 1, "on_track": 1}}
    assert found["by_source"] == {"APBD": {
        "planned": 700_000_000, "spent": 640_000_000, "absorbed": 0.9143,
        "states": {}, "indicators": {}}}
    assert list(found["by_dimension"]) == ["governance", "society"]
    gov = next(item for item in found["items"] if item["id"] == "GOV-01")
    assert gov["indicators"][0] | {"name": ""} == {
        "id": "GOV-01-I1", "name": "", "state": "on_track", "value": 12, "target": 40,
        "progress": 0.3, "elapsed": 0.2}
    assert found["missing"] == [] and found["evaluation"] is None


def test_monitor_text_names_what_the_report_lacks(tmp_path: Path) -> None:
    plan = stage5_base(tmp_path)
    report = plan / "5-pelaksanaan" / "realisasi-2025.yaml"
    report.write_text(report.read_text("utf-8").replace("        nilai: 12\n", "        nilai:\n")
                      .replace("  - quick_win: QW-02\n    status: berjalan\n", ""), "utf-8")
    run = run_cli("monitor", plan, "--year", "2025", "--lang", "en", env=PINNED)
    assert run.exit_code == 0, run
    assert run.stdout.startswith("Masterplan monitoring, Kota Contoh, 2025 (2025 has ended)\n")
    assert "Missing from the report of 2025:\n  - GOV-01: value of indicator GOV-01-I1 " \
        "empty\n  - QW-02: no entry\n" in run.stdout


def test_monitor_counts_the_evaluation_and_exits_1_on_plan_errors(tmp_path: Path) -> None:
    plan = stage5_base(tmp_path)
    source = Path(__file__).parent / "cases/rules-5/kc542-pass-evaluation/5-pelaksanaan"
    text = (source / "evaluasi-2025.yaml").read_text("utf-8")
    (plan / "5-pelaksanaan" / "evaluasi-2025.yaml").write_text(text, "utf-8")
    run = run_cli("monitor", plan, env=PINNED)
    assert run.exit_code == 0, run
    assert "Indeks pencapaian 2025: 3,23\n" in run.stdout  # .3 + .64 + 1.05 + .84 + .4
    (plan / "5-pelaksanaan" / "evaluasi-2025.yaml").write_text(
        text.replace("impact: 30", "impact: 40"), "utf-8")
    run = run_cli("monitor", plan, "--format", "json", env=PINNED)
    assert run.exit_code == 1, run
    found = json.loads(run.stdout)
    assert found["errors"] == 1 and found["evaluation"]["weights_total"] == 110
    assert found["evaluation"]["index"] == 3.19  # 351 / 110: by the weights given
    text_run = run_cli("monitor", plan, env=PINNED)
    assert text_run.exit_code == 1, text_run
    # the error itself is shown under the figures it may leave short
    errors = [line for line in text_run.stdout.splitlines() if "galat[" in line]
    assert len(errors) == 1 and errors[0].startswith("5-pelaksanaan/evaluasi-2025.yaml:")


def test_monitor_refuses_a_year_no_report_can_be_for(tmp_path: Path) -> None:
    run = run_cli("monitor", stage5_base(tmp_path), "--year", "2040", env=PINNED)
    assert run.exit_code == 2, run
    assert "galat[KC549]" in run.stderr


#: GOV-01's indicator without its id.
UNNAMED = ("      - id: GOV-01-I1\n        jenis", "      - jenis")


def test_ids_writes_the_proposed_ids_and_keeps_the_seal(tmp_path: Path) -> None:
    plan = stage5_base(tmp_path)
    actions = plan / "3-finalisasi" / "rencana-aksi.yaml"
    actions.write_text(actions.read_text("utf-8").replace(*UNNAMED), "utf-8")
    run = run_cli("ids", plan, "--format", "json", env=PINNED)
    assert run.exit_code == 0, run
    assert [(i["id"], i["written"]) for i in json.loads(run.stdout)["indicators"]] == [
        ("GOV-01-I1", False), ("SOC-01-I1", True)]
    run = run_cli("ids", plan, "--write", env=PINNED)
    assert run.exit_code == 0, run
    assert "  3-finalisasi/rencana-aksi.yaml\n" in run.stdout
    assert "        target: 40\n        id: GOV-01-I1\n" in actions.read_text("utf-8")
    run = run_cli("check", plan, "--strict", env=PINNED)
    assert run.exit_code == 0, run  # the seal holds: ids are not signed content
    assert "Setiap indikator sudah punya id" in run_cli("ids", plan, "--write").stdout


def test_ids_are_not_written_into_a_plan_with_errors(tmp_path: Path) -> None:
    plan = stage5_base(tmp_path)
    actions = plan / "3-finalisasi" / "rencana-aksi.yaml"
    text = actions.read_text("utf-8").replace(*UNNAMED)
    actions.write_text(text.replace("opd: Dinas Pendidikan", "opd: 7"), "utf-8")
    run = run_cli("ids", plan, "--write", env=PINNED)
    assert run.exit_code == 2, run
    assert "galat[KC548]" in run.stderr
    assert actions.read_text("utf-8") == text.replace("opd: Dinas Pendidikan", "opd: 7")


@pytest.mark.parametrize(("year", "said", "begun", "ended"), [
    (2025, "tahun 2025 sudah berakhir", True, True),
    (2026, "tahun 2026 masih berjalan", True, False),
    (2027, "tahun 2027 belum dimulai", False, False),  # not "still running"
])
def test_monitor_says_whether_the_year_is_over_running_or_to_come(
        tmp_path: Path, year: int, said: str, begun: bool, ended: bool) -> None:
    plan = stage5_base(tmp_path)
    on_a_day = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-28
    run = run_cli("monitor", plan, "--year", str(year), env=on_a_day)
    assert run.exit_code == 0 and f"({said})" in run.stdout.splitlines()[0], run
    found = json.loads(run_cli("monitor", plan, "--year", str(year), "--format", "json",
                               env=on_a_day).stdout)
    assert (found["year_begun"], found["year_ended"]) == (begun, ended)
