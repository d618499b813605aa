"""A real kabupaten's facts fit the format: the fixture of invented Kabupaten Sumberjaya
(an acting regent, a workshop known only by its month, a quick win older than the plan
and one from before its period, agency heads signing as a group, mentors, two RPJMDs,
an erratum re-seal) checks clean with its true dates and builds the pinned books; and
everything `init` and `stage advance` write for a kabupaten speaks of a kabupaten."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from test_build import files_of
from tests.regen_golden import GOLDEN_ROOT, KABUPATEN, build_example


def test_the_kabupaten_checks_clean_with_its_true_dates() -> None:
    run = run_cli("check", KABUPATEN, "--strict", "--format", "json")
    assert run.exit_code == 0, run
    report = json.loads(run.stdout)
    assert (report["errors"], report["warnings"]) == (0, 0)
    # The one note: the plan runs past the second RPJMD recorded.
    assert [d["code"] for d in report["diagnostics"]] == ["KC524"]
    manifest = (KABUPATEN / "kotacerdas.yaml").read_text("utf-8")
    assert "lokakarya: [2022-07]\n    ditutup: 2022-07\n" in manifest


def test_status_marks_the_month_as_approximate() -> None:
    run = run_cli("status", KABUPATEN)
    assert run.exit_code == 0, run
    assert "2022-07 (kira-kira)" in run.stdout
    found = json.loads(run_cli("status", KABUPATEN, "--format", "json").stdout)
    assert [s["approximate"] for s in found["stages"]] == [False, True, False, False]


def test_the_kabupaten_books_match_the_golden_books(tmp_path: Path) -> None:
    """Regenerate with `make golden` after a deliberate change, then review git diff."""
    done = build_example(tmp_path / "out", KABUPATEN)
    assert done.returncode == 0, done.stderr
    built, pinned = files_of(tmp_path / "out"), files_of(GOLDEN_ROOT / KABUPATEN.name)
    assert sorted(built) == sorted(pinned)
    for name in pinned:
        assert built[name] == pinned[name], f"{name} differs from tests/golden; see make golden"


@pytest.fixture(scope="module")
def books() -> dict[str, str]:
    golden = GOLDEN_ROOT / KABUPATEN.name
    return {p.name: p.read_text("utf-8") for p in golden.iterdir() if p.is_file()}


def test_the_books_print_the_facts_as_signed(books: dict[str, str]) -> None:
    quick_wins = books["3-quick-win.html"]
    assert "Plt. Bupati Sumberjaya<br><span class=\"catatan\">Pemerintah Kabupaten " \
        "Sumberjaya" in quick_wins
    assert "Komitmen Bersama Penerapan Masterplan Smart City Kabupaten Sumberjaya" in quick_wins
    assert quick_wins.count("<p>5.</p>") == 1  # five lines for the agency heads as a group
    assert "NIP 197003121995032004" in quick_wins and "Pembina Utama Madya (IV/d)" in quick_wins
    assert "berjalan sejak Maret 2021; dipercepat 1 November 2022" in quick_wins
    assert "<tr><th>Anggaran</th><td>—</td></tr>" in quick_wins  # QW-02 has no budget
    colophon = quick_wins[quick_wins.index("Kolofon</h3>"):]
    assert "14 November 2022" in colophon and "Ralat nama OPD pada QW-02" in colophon
    pledges = quick_wins[:quick_wins.index("Lembar Pengesahan")]
    assert "sha256:" not in pledges.split("bab-komitmen", 1)[1]


def test_the_books_name_the_mentors_and_the_sources(books: dict[str, str]) -> None:
    masterplan = books["2-masterplan.md"]
    assert "| 3 | Yusuf Maulana | Direktorat Jenderal Aplikasi Informatika | " \
        "penghubung kementerian |" in masterplan
    assert "didampingi oleh Dr. Aryo Nugroho, Dr. Ratna Kusuma, Yusuf Maulana" in masterplan
    analysis = books["1-analisis-strategis.md"]
    assert "Sumber: Data kepegawaian BKPSDM 2022" in analysis
    assert "Sumber: Dinas Pertanian 2022" in analysis
    assert "Branding wajah daerah" in analysis and "wajah kota" not in analysis
    assert "RPJMD 2024–2028" in analysis or "2024–2028" in analysis


def test_the_kabupaten_speaks_of_a_kabupaten_in_every_book(books: dict[str, str]) -> None:
    for name, text in books.items():
        assert not re.search(r"wali kota|kota yang", text, re.IGNORECASE), name


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_file_init_and_advance_write_for_a_kabupaten_fits_it(
        tmp_path: Path, language: str) -> None:
    plan = tmp_path / "baru"
    run = run_cli("init", plan, "--name", "Sumberjaya", "--kind", "kabupaten",
                  "--province", "Jawa Tengah", "--lang", language, "--ci")
    assert run.exit_code == 0, run
    written = [path for path in plan.rglob("*") if path.is_file()]  # the editor's schemas too
    assert plan / ".gitignore" in written and len(written) > 10, written
    for number, folder in ((2, "2-perumusan"), (3, "3-finalisasi"), (4, "4-komitmen")):
        source = tmp_path / f"tahap-{number}"  # the plan as it stood when stage N opened
        shutil.copytree(KABUPATEN, source)
        shutil.rmtree(source / folder)
        scaffold = run_cli("stage", "scaffold", str(number), source, "--lang", language)
        assert scaffold.exit_code == 0, scaffold
        written += sorted((source / folder).glob("*.yaml"))
    for path in written:
        text = path.read_text("utf-8")
        assert not re.search(r"wali kota|kota yang|batam|21\.71", text, re.IGNORECASE), path


def test_stage_scaffold_writes_only_what_is_missing(tmp_path: Path) -> None:
    plan = tmp_path / "sumberjaya"
    shutil.copytree(KABUPATEN, plan)
    (plan / "4-komitmen/reviu.yaml").unlink()
    before = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    run = run_cli("stage", "scaffold", "4", plan)
    assert run.exit_code == 0, run
    assert "4-komitmen/reviu.yaml" in run.stdout
    assert all(path.read_bytes() == content for path, content in before.items())
    again = run_cli("stage", "scaffold", "4", plan)
    assert "sudah ada" in again.stdout


def test_stage_three_scaffold_mirrors_the_programme_files(tmp_path: Path) -> None:
    from conftest import EXAMPLE

    plan = tmp_path / "batam"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    shutil.rmtree(plan / "3-finalisasi")
    run = run_cli("stage", "scaffold", "3", plan)
    assert run.exit_code == 0, run
    programmes = sorted(p.name for p in (plan / "2-perumusan").glob("program-*.yaml"))
    actions = sorted(p.name for p in (plan / "3-finalisasi").glob("*.yaml"))
    assert actions == [name.replace("program-", "rencana-aksi-") for name in programmes]
    governance = (plan / "3-finalisasi/rencana-aksi-governance.yaml").read_text("utf-8")
    ids = re.findall(r"^  - program: (\S+)", governance, re.MULTILINE)
    assert ids and all(i.startswith("GOV-") for i in ids)
    assert governance.count("opd: …") == len(ids)
    check = run_cli("stage", "check", "3", plan)
    assert check.exit_code == 1 and "[KC213]" in check.stdout


def test_init_in_a_git_repository_adds_to_its_gitignore(tmp_path: Path) -> None:
    repository, elsewhere = tmp_path / "repo", tmp_path / "bukan-git"
    for folder in (repository, elsewhere):
        folder.mkdir()
        (folder / ".gitignore").write_bytes(b"*.log\r\n")
    (repository / ".git").mkdir()
    run = run_cli("init", repository, "--name", "X", "--province", "Y")
    assert run.exit_code == 0, run
    kept = (repository / ".gitignore").read_bytes()
    assert kept.startswith(b"*.log\r\n") and b"build/\r\n" in kept
    refused = run_cli("init", elsewhere, "--name", "X", "--province", "Y")
    assert refused.exit_code == 2 and "[KC707]" in refused.stderr
    assert (elsewhere / ".gitignore").read_bytes() == b"*.log\r\n"


def test_init_starts_next_year_and_says_so(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path / "baru", "--name", "X", "--province", "Y",
                  env={"SOURCE_DATE_EPOCH": "1700000000"})  # 14 November 2023
    assert run.exit_code == 0, run
    assert "Periode rencana: 2024–2033" in run.stdout
    assert "mulai: 2024\n  selesai: 2033" in (tmp_path / "baru/kotacerdas.yaml").read_text()
