"""The worked example `examples/batam-2022`: public facts, coverage, counts, and a clean check."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_cli
from kotacerdas.model.action import ActionPlan, DroppedProgramme
from kotacerdas.model.formulation import Programme
from kotacerdas.plan import Plan, load_plan
from kotacerdas.seal import fingerprint, item_hashes

PLAN_START, PLAN_END = 2023, 2032
COMMITMENT_DAY = date(2022, 9, 6)


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, problems = load_plan(EXAMPLE, 4)
    assert problems == [], [str(p) for p in problems]
    return loaded


def _programmes(plan: Plan) -> dict[str, Programme]:
    assert plan.formulation is not None
    return {p.id: p for p in plan.formulation.program or []}


def _entries(plan: Plan) -> list[ActionPlan | DroppedProgramme]:
    assert plan.action is not None
    return list(plan.action.rencana_aksi or [])


def _action_plans(plan: Plan) -> dict[str, ActionPlan]:
    return {e.program: e for e in _entries(plan) if isinstance(e, ActionPlan)}


def _dropped(plan: Plan) -> set[str]:
    return {e.program for e in _entries(plan) if isinstance(e, DroppedProgramme)}


# Public facts


def test_region_and_period(plan: Plan) -> None:
    manifest = plan.manifest
    assert manifest is not None
    assert (manifest.wilayah.nama, manifest.wilayah.jenis) == ("Batam", "kota")
    assert (manifest.wilayah.provinsi, manifest.wilayah.kode) == ("Kepulauan Riau", "21.71")
    assert (manifest.periode.mulai, manifest.periode.selesai) == (PLAN_START, PLAN_END)
    assert (manifest.bahasa, manifest.katalog) == ("id", "kominfo-2017")


@pytest.mark.parametrize(
    ("number", "workshops"),
    [
        (1, [date(2022, 6, 13), date(2022, 6, 14)]),
        (2, [date(2022, 7, 13), date(2022, 7, 14)]),
        (3, [date(2022, 8, 8), date(2022, 8, 9)]),
        (4, [COMMITMENT_DAY]),
    ],
)
def test_workshop_dates_and_closing(plan: Plan, number: int, workshops: list[date]) -> None:
    assert plan.manifest is not None
    entry = plan.manifest.tahapan.entry(number)
    assert entry.status == "selesai"
    assert entry.lokakarya == workshops
    assert entry.ditutup == workshops[-1]


def test_named_officials(plan: Plan) -> None:
    assert plan.analysis is not None and plan.analysis.tim is not None
    team = plan.analysis.tim
    council = {m.nama: m for m in team.dewan}
    assert council["Muhammad Rudi"].jabatan == "Wali Kota Batam"
    assert council["Muhammad Rudi"].peran == "pembina"
    executors = {m.nama: m for m in team.pelaksana}
    head = executors["Azril Apriansyah"]
    assert head.jabatan == "Kepala Dinas Komunikasi dan Informatika"
    assert head.instansi == "Dinas Komunikasi dan Informatika Kota Batam"
    assert head.peran == "ketua"


def test_commitment_place_date_and_signatories(plan: Plan) -> None:
    assert plan.commitment is not None and plan.commitment.komitmen is not None
    commitment = plan.commitment.komitmen
    assert commitment.tanggal == COMMITMENT_DAY
    assert commitment.tempat == "Aula Engku Hamidah, Kantor Wali Kota Batam"
    assert len(commitment.pernyataan) == 3
    assert commitment.segel == fingerprint(item_hashes(plan)), "run `kotacerdas stage seal`"
    roles = Counter(s.peran for s in commitment.penandatangan)
    assert roles["kepala_daerah"] == 1 and roles["pendamping"] >= 1 and roles["kepala_opd"] >= 2
    mayor = next(s for s in commitment.penandatangan if s.peran == "kepala_daerah")
    assert (mayor.nama, mayor.jabatan) == ("Muhammad Rudi", "Wali Kota Batam")


# Coverage and counts


def test_every_catalogue_element_has_a_programme(plan: Plan) -> None:
    assert plan.catalog is not None
    expected = {(d.id, e.id) for d in plan.catalog.dimensions for e in d.elements}
    covered = {(p.dimensi, p.elemen) for p in _programmes(plan).values()}
    assert len(expected) == 18
    assert expected <= covered


def test_programme_counts_and_horizons(plan: Plan) -> None:
    programmes = _programmes(plan)
    assert len(programmes) >= 36
    assert {p.jangka for p in programmes.values()} == {"pendek", "menengah", "panjang"}
    for programme in programmes.values():
        prefix = plan.catalog.dimension(programme.dimensi).code  # type: ignore[union-attr]
        assert programme.id.startswith(prefix + "-"), programme.id


def test_every_programme_has_one_action_plan_or_drop(plan: Plan) -> None:
    planned = Counter(e.program for e in _entries(plan))
    assert set(planned) == set(_programmes(plan))
    assert max(planned.values()) == 1
    assert len(_dropped(plan)) >= 1


@pytest.mark.parametrize("quadrant", ["kekuatan", "kelemahan", "peluang", "ancaman"])
def test_swot_quadrant_has_five_items(plan: Plan, quadrant: str) -> None:
    assert plan.analysis is not None and plan.analysis.swot is not None
    assert len(getattr(plan.analysis.swot, quadrant)) >= 5


def test_every_weakness_and_threat_is_answered(plan: Plan) -> None:
    assert plan.analysis is not None and plan.analysis.swot is not None
    assert plan.formulation is not None
    answered = {ref for s in plan.formulation.strategi or [] for ref in s.swot}
    swot = plan.analysis.swot
    assert {item.id for item in [*swot.kelemahan, *swot.ancaman]} <= answered


def test_one_quick_win_per_dimension(plan: Plan) -> None:
    assert plan.commitment is not None
    programmes = _programmes(plan)
    quick_wins = plan.commitment.quick_win or []
    dimensions = Counter(programmes[q.program].dimensi for q in quick_wins)
    assert plan.catalog is not None
    assert dimensions == Counter(d.id for d in plan.catalog.dimensions)
    assert [q.id for q in quick_wins] == [f"QW-0{n}" for n in range(1, 7)]


# Planning sense the checker may not enforce yet


def test_action_plan_years_budgets_and_horizon(plan: Plan) -> None:
    programmes = _programmes(plan)
    for ident, entry in _action_plans(plan).items():
        assert PLAN_START <= entry.tahun_mulai <= entry.tahun_selesai <= PLAN_END, ident
        assert all(entry.tahun_mulai <= b.tahun <= entry.tahun_selesai for b in entry.anggaran)
        assert entry.anggaran and entry.opd, ident
        assert {i.jenis for i in entry.indikator} == {"output", "outcome"}, ident
        length = entry.tahun_selesai - PLAN_START + 1
        band = "pendek" if length <= 1 else "menengah" if length <= 5 else "panjang"
        assert programmes[ident].jangka == band, ident


def test_quick_wins_are_short_and_start_live_short_programmes(plan: Plan) -> None:
    assert plan.commitment is not None
    programmes, dropped = _programmes(plan), _dropped(plan)
    for quick_win in plan.commitment.quick_win or []:
        assert quick_win.program not in dropped
        assert programmes[quick_win.program].jangka == "pendek"
        assert COMMITMENT_DAY < quick_win.mulai < quick_win.selesai
        end_limit = quick_win.mulai.replace(year=quick_win.mulai.year + 1)
        assert quick_win.selesai < end_limit, quick_win.id


def test_quick_win_budgets_fit_inside_their_programme(plan: Plan) -> None:
    assert plan.commitment is not None
    action_plans = _action_plans(plan)
    for quick_win in plan.commitment.quick_win or []:
        assert any(i.jenis == "outcome" for i in quick_win.indikator), quick_win.id
        available: Counter[tuple[int, str]] = Counter()
        for line in action_plans[quick_win.program].anggaran:
            available[(line.tahun, line.sumber)] += line.jumlah
        for line in quick_win.anggaran:
            assert line.jumlah <= available[(line.tahun, line.sumber)], quick_win.id


# Through the command line


def test_stage_check_4_is_clean() -> None:
    result = run_cli("stage", "check", "4", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result
    report = json.loads(result.stdout)
    # Only the note that the plan runs past the RPJMD recorded (2021-2026).
    assert [(d["severity"], d["code"]) for d in report["diagnostics"]] == [("info", "KC524")]
    assert (report["errors"], report["warnings"]) == (0, 0)
    written = {str(f.relative_to(EXAMPLE)) for f in EXAMPLE.glob("[1-4]-*/*.yaml")}
    assert set(report["files"]) == {*written, "kotacerdas.yaml"}


def test_stage_check_5_is_clean() -> None:
    result = run_cli("stage", "check", "5", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result
    report = json.loads(result.stdout)
    # Besides KC524, only the reminders (waived in the manifest) of the years ended since
    # 2024 that the example does not report.
    assert [(d["severity"], d["code"]) for d in report["diagnostics"]
            if not d.get("waived")] == [("info", "KC524")]
    assert {d["code"] for d in report["diagnostics"] if d.get("waived")} <= {"KC539"}
    assert (report["errors"], report["warnings"]) == (0, 0)
    assert {"5-pelaksanaan/realisasi-2023.yaml", "5-pelaksanaan/realisasi-2024.yaml",
            "5-pelaksanaan/evaluasi-2024.yaml"} <= set(report["files"])


def test_strict_check_from_inside_the_folder_passes() -> None:
    result = run_cli("check", "--strict", cwd=EXAMPLE / "3-finalisasi")
    assert result.exit_code == 0, result
    assert "galat" not in result.stdout + result.stderr
    assert (result.stdout + result.stderr).endswith("Tidak ada masalah di 27 berkas.\n")


def test_monitor_2024_gives_the_achievement_index() -> None:
    result = run_cli("monitor", EXAMPLE, "--year", "2024", "--format", "json")
    assert result.exit_code == 0, result
    found = json.loads(result.stdout)
    assert found["evaluation"]["index"] == 3.36
    assert found["total"]["states"] == {"selesai": 1, "berjalan": 25, "terlambat": 1,
                                        "batal": 1}
    assert found["missing"] == []


def test_status_reports_every_stage_closed() -> None:
    result = run_cli("status", EXAMPLE)
    assert result.exit_code == 0, result
    assert "Kota Batam" in result.stdout
    assert result.stdout.count("selesai") >= 4
    assert "5 Pelaksanaan" in result.stdout


def test_every_file_is_bound_to_a_current_schema(example_copy: Path) -> None:
    for path in [EXAMPLE / "kotacerdas.yaml", *sorted(EXAMPLE.glob("[1-5]-*/*.yaml"))]:
        first = path.read_text("utf-8").splitlines()[0]
        bound = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert bound and (path.parent / bound.group(1)).is_file(), path
    shipped = EXAMPLE / ".kotacerdas" / "skema"
    fresh = example_copy / ".kotacerdas" / "skema"
    shutil.rmtree(fresh)
    assert run_cli("schema", example_copy).exit_code == 0
    for schema in sorted(fresh.iterdir()):
        assert schema.read_text("utf-8") == (shipped / schema.name).read_text("utf-8"), (
            f"{schema.name} is stale: run `kotacerdas schema examples/batam-2022`"
        )
