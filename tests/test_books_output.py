"""`build` writes only into an output folder of its own, and removes only its own books."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_tree, run_cli
from kotacerdas.errors import BuildProblem
from kotacerdas.render import output
from kotacerdas.stages import STAGES

FIXTURE = ROOT / "tests" / "fixtures" / "build-plan"
RECORD = ".kotacerdas-buku"
#: Rendering fails at once with this city template: a build that got past the output
#: folder check would stop here, before writing anything.
FAILING_CHAPTER = {"templates/md/bab/penutup.md.j2": "{{ 1 // 0 }}\n"}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "contoh"
    shutil.copytree(FIXTURE, target)
    return target


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links as their target), by relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() if not path.is_symlink()
            else os.readlink(path).encode() for path in sorted(folder.rglob("*"))
            if path.is_file() or path.is_symlink()}


def books(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith("."))


def refused(run_out: object, reason: str) -> None:
    text = str(run_out)
    assert "galat[KC624]" in text and reason in text, text
    assert "Traceback" not in text


def test_the_root_folder_is_refused_before_anything_is_written(plan: Path) -> None:
    build_tree(plan, FAILING_CHAPTER)
    before = sorted(os.listdir("/"))
    run = run_cli("build", plan, "--out", "/")
    assert run.exit_code == 1, run
    assert "/:1:1: galat[KC624] folder keluaran / ditolak: folder itu memuat folder rencana" \
        in run.stdout
    assert "KC615" not in run.stdout + run.stderr  # stopped before rendering, let alone writing
    assert sorted(os.listdir("/")) == before


def test_the_root_folder_is_refused_by_the_library_too(plan: Path) -> None:
    with pytest.raises(BuildProblem) as stop:
        output.claim(Path("/"), plan)
    assert [d.code for d in stop.value.diagnostics] == ["KC624"]


@pytest.mark.parametrize(("where", "reason"), [
    (".", "itu folder rencana sendiri"),
    ("..", "folder itu memuat folder rencana"),
    ("../..", "folder itu memuat folder rencana"),
    *[(f"{stage.folder}", f"folder itu berada di dalam {stage.folder}/") for stage in STAGES],
    *[(f"{stage.folder}/buku", f"berada di dalam {stage.folder}/") for stage in STAGES],
    (".kotacerdas", "folder itu berada di dalam .kotacerdas/"),
    (".kotacerdas/buku", "folder itu berada di dalam .kotacerdas/"),
])
def test_folders_of_the_plan_are_refused(plan: Path, where: str, reason: str) -> None:
    (plan / ".kotacerdas").mkdir(exist_ok=True)
    build_tree(plan, FAILING_CHAPTER)
    before, existed = tree(plan.parent), (plan / where).exists()
    run = run_cli("build", plan, "--out", plan / where)
    assert run.exit_code == 1, run
    refused(run, reason)
    assert "KC615" not in run.stderr
    assert tree(plan.parent) == before
    assert (plan / where).exists() == existed


def test_a_folder_reached_through_a_link_into_the_plan_is_refused(plan: Path,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "jalan-pintas").symlink_to(plan / "2-perumusan", target_is_directory=True)
    run = run_cli("build", plan, "--out", tmp_path / "jalan-pintas" / "buku")
    refused(run, "berada di dalam 2-perumusan/")
    assert not (plan / "2-perumusan" / "buku").exists()


def test_a_folder_with_files_but_no_build_record_is_refused(plan: Path, tmp_path: Path) -> None:
    out = build_tree(tmp_path / "dokumen", {"catatan.md": "milik kota\n"})
    run = run_cli("build", plan, "--out", out)
    assert run.exit_code == 1, run
    refused(run, f"sudah berisi berkas, dan tidak ada {RECORD}")
    assert tree(out) == {"catatan.md": b"milik kota\n"}


def test_the_refusal_speaks_english_too(plan: Path) -> None:
    run = run_cli("build", plan, "--out", plan / "1-analisis" / "buku", "--lang", "en")
    assert "error[KC624] output folder" in run.stdout
    assert "refused: it lies inside 1-analisis/" in run.stdout
    assert "hint: Choose a new or empty output folder" in run.stdout


def test_a_new_or_empty_folder_is_accepted(plan: Path, tmp_path: Path) -> None:
    (tmp_path / "kosong").mkdir()
    assert run_cli("build", plan, "--out", tmp_path / "kosong").exit_code == 0
    assert run_cli("build", plan, "--out", tmp_path / "baru" / "buku").exit_code == 0
    assert books(tmp_path / "kosong") == books(tmp_path / "baru" / "buku")


def test_a_build_folder_with_a_record_of_an_earlier_release_is_still_ours(plan: Path) -> None:
    out = build_tree(plan / "build", {RECORD: "2-masterplan.md\nlama.md\n",
                                      "2-masterplan.md": "buku lama\n",
                                      "lama.md": "buku yang sudah tidak ada\n"})
    run = run_cli("build", plan, "--format", "md")
    assert run.exit_code == 0, run
    assert (out / "lama.md").read_text("utf-8") == "buku yang sudah tidak ada\n"
    assert (out / "2-masterplan.md").read_text("utf-8") != "buku lama\n"


def _record(out: Path) -> dict[str, str]:
    lines = (out / RECORD).read_text("utf-8").splitlines()
    return {line[66:]: line[:64] for line in lines}


def test_the_record_holds_the_sha256_of_every_book(plan: Path) -> None:
    assert run_cli("build", plan).exit_code == 0
    out = plan / "build"
    recorded = _record(out)
    assert sorted(recorded) == books(out)
    for name, digest in recorded.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert all(line[64:66] == "  " for line in (out / RECORD).read_text("utf-8").splitlines())


SHORT_OUTLINE = ('[[buku]]\nid = "satu"\nberkas = "masterplan"\njudul = "buku_2"\n'
                 'bab = ["program"]\n')


def test_a_stale_book_is_removed_only_while_it_is_what_the_build_wrote(plan: Path) -> None:
    out = plan / "build"
    assert run_cli("build", plan, "--format", "md").exit_code == 0
    (out / "3-quick-win.md").write_text("catatan kota di atas buku lama\n", "utf-8")
    build_tree(plan, {"templates/outline.toml": SHORT_OUTLINE})

    run = run_cli("build", plan, "--format", "md")

    assert run.exit_code == 0, run
    assert books(out) == ["3-quick-win.md", "masterplan.md"]
    assert (out / "3-quick-win.md").read_text("utf-8") == "catatan kota di atas buku lama\n"
    assert "dihapus, tidak ada lagi di susunan buku: 2-masterplan.md" in run.stderr
    assert "3-quick-win.md" not in run.stderr
    assert sorted(_record(out)) == ["masterplan.md"]


def test_a_file_the_record_names_with_another_hash_is_kept(plan: Path, tmp_path: Path) -> None:
    victim = tmp_path / "penting.md"
    victim.write_text("jangan dihapus\n", "utf-8")
    digest = hashlib.sha256(victim.read_bytes()).hexdigest()
    out = build_tree(plan / "build", {"milik-kota.md": "data kota\n",
                                      RECORD: f"{'0' * 64}  milik-kota.md\n{digest}  tautan.md\n"})
    (out / "tautan.md").symlink_to(victim)

    run = run_cli("build", plan)

    assert run.exit_code == 0, run
    assert (out / "milik-kota.md").read_text("utf-8") == "data kota\n"
    assert victim.read_text("utf-8") == "jangan dihapus\n"
    assert (out / "tautan.md").is_symlink()
    assert "dihapus" not in run.stderr


def test_building_twice_keeps_the_record_and_the_books_identical(plan: Path) -> None:
    assert run_cli("build", plan).exit_code == 0
    first = tree(plan / "build")
    assert run_cli("build", plan).exit_code == 0
    assert tree(plan / "build") == first


def test_a_build_stopped_half_way_records_every_book_it_wrote(plan: Path) -> None:
    out = plan / "build"
    assert run_cli("build", plan, "--format", "md").exit_code == 0
    chart = sorted((out / "gambar").iterdir())[-1]
    chart.unlink()
    chart.mkdir()  # where the last chart goes, a folder: that write fails, after the books
    (chart / "milik-kota.txt").write_text("bukan buatan kotacerdas\n", "utf-8")

    run = run_cli("build", plan, "--format", "md,html")

    assert run.exit_code == 2 and "galat[KC620]" in run.stdout, run
    recorded = _record(out)
    html = [name for name in books(out) if name.endswith(".html")]
    assert html and set(html) <= set(recorded)  # the next build may remove what this wrote
    for name in html:
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == recorded[name]
    assert (chart / "milik-kota.txt").exists()
