"""Path safety: nothing outside the plan folder is read or written through a plan.

Links that lead out of the plan (a file, a stage folder, the manifest, the output folder,
a file inside the output folder, a city template) end in a clear diagnostic or are left
untouched; links that stay inside the plan keep working.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, build_tree, run_cli

#: Tests that hold a clock, and the PDF and Word builds that use every core, run one after
#: another on one worker (`make test` distributes by group), so that neither slows the other.
pytestmark = pytest.mark.xdist_group("clock")

MANIFEST = """\
versi_skema: 1
wilayah: {nama: Batam, jenis: kota, provinsi: Kepulauan Riau}
periode: {mulai: 2025, selesai: 2034}
"""
SECRET = "rahasia: jangan dibaca\n"

needs_example = pytest.mark.skipif(not (EXAMPLE / "kotacerdas.yaml").is_file(),
                                   reason="the worked example is not in this checkout")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the plan, holding a file the plan must never read or overwrite."""
    folder = tmp_path / "luar"
    folder.mkdir()
    (folder / "rahasia.yaml").write_text(SECRET, encoding="utf-8")
    return folder


def plan_with(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return build_tree(tmp_path / "rencana", {"kotacerdas.yaml": MANIFEST, **(files or {})})


def test_a_plan_file_linked_outside_ends_in_a_diagnostic_within_two_seconds(
    tmp_path: Path, outside: Path
) -> None:
    plan = plan_with(tmp_path, {"1-analisis/tim.yaml": "versi_skema: 1\n"})
    (plan / "1-analisis" / "profil.yaml").symlink_to(outside / "rahasia.yaml")
    started = time.perf_counter()
    run = run_cli("check", plan, "--lang", "en")
    assert time.perf_counter() - started < 2.0
    assert run.exit_code == 1, run
    assert run.stdout.startswith(
        "1-analisis/profil.yaml:1:1: error[KC107] a symbolic link points outside the plan "
        f"folder ({outside / 'rahasia.yaml'})\n"
    ), run
    assert "jangan dibaca" not in run.stderr + run.stdout


def test_a_stage_folder_linked_outside_is_not_read(tmp_path: Path, outside: Path) -> None:
    plan = plan_with(tmp_path)
    (plan / "1-analisis").symlink_to(outside, target_is_directory=True)
    run = run_cli("check", plan, "--lang", "en")
    assert run.exit_code == 1, run
    assert run.stdout.splitlines() == [
        f"1-analisis:1:1: error[KC114] the stage folder is a symbolic link that leads outside "
        f"the plan folder ({outside})",
        "    hint: Make the stage folder a real folder inside the plan folder and copy its "
        "files there.",
        "1 error, 0 warnings in 1 file.",
    ]


def test_a_file_reached_through_a_linked_folder_inside_the_stage_is_refused(
    tmp_path: Path, outside: Path
) -> None:
    """A link in the middle of the path leads out just as well as a linked file."""
    plan = plan_with(tmp_path, {"1-analisis/tim.yaml": "versi_skema: 1\n"})
    (plan / "1-analisis" / "bagian").symlink_to(outside, target_is_directory=True)
    os.symlink("bagian/rahasia.yaml", plan / "1-analisis" / "swot.yaml")
    run = run_cli("check", plan, "--format", "json")
    assert run.exit_code == 1, run
    assert '"code": "KC107"' in run.stdout
    assert '"file": "1-analisis/swot.yaml"' in run.stdout
    assert "jangan dibaca" not in run.stdout


def test_a_manifest_linked_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    (outside / "kotacerdas.yaml").write_text(MANIFEST, encoding="utf-8")
    plan = tmp_path / "rencana"
    plan.mkdir()
    (plan / "kotacerdas.yaml").symlink_to(outside / "kotacerdas.yaml")
    run = run_cli("check", plan)
    assert run.exit_code == 1, run
    assert run.stdout.startswith("kotacerdas.yaml:1:1: galat[KC107]"), run


def test_links_that_stay_inside_the_plan_are_followed(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, {"arsip/tim-lama.yaml": "versi_skema: 1\ntim: {bogus: 1}\n"})
    (plan / "1-analisis").mkdir()
    (plan / "1-analisis" / "tim.yaml").symlink_to(plan / "arsip" / "tim-lama.yaml")
    run = run_cli("stage", "check", "1", plan, "--lang", "en")
    assert "1-analisis/tim.yaml:2:7: error[KC202] tim.bogus:" in run.stdout, run


def test_a_symlink_loop_is_reported_not_raised(tmp_path: Path) -> None:
    plan = plan_with(tmp_path)
    (plan / "1-analisis").mkdir()
    os.symlink("b.yaml", plan / "1-analisis" / "a.yaml")
    os.symlink("a.yaml", plan / "1-analisis" / "b.yaml")
    (plan / "2-perumusan").symlink_to("2-perumusan", target_is_directory=True)
    run = run_cli("check", plan)
    assert "Traceback" not in run.stderr, run
    assert run.exit_code == 1, run


def test_a_fifo_named_like_a_plan_file_does_not_hang_the_check(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, {"1-analisis/tim.yaml": "versi_skema: 1\n"})
    os.mkfifo(plan / "1-analisis" / "profil.yaml")
    started = time.perf_counter()
    run = run_cli("stage", "check", "1", plan)
    assert time.perf_counter() - started < 5
    assert "Traceback" not in run.stderr and run.exit_code == 1, run


@needs_example
def test_build_refuses_an_output_folder_that_links_outside(
    example_copy: Path, outside: Path
) -> None:
    (example_copy / "build").symlink_to(outside, target_is_directory=True)
    run = run_cli("build", example_copy)
    assert run.exit_code != 0, run
    assert "KC619" in run.stdout, run
    assert sorted(p.name for p in outside.iterdir()) == ["rahasia.yaml"]


@needs_example
def test_build_replaces_a_linked_file_in_the_output_folder_without_following_it(
    example_copy: Path, outside: Path
) -> None:
    out = example_copy / "build"
    out.mkdir()
    (out / ".kotacerdas-buku").write_text("index.html\n", "utf-8")  # a folder we built
    (out / "index.html").symlink_to(outside / "rahasia.yaml")
    run = run_cli("build", example_copy)
    assert run.exit_code == 0, run
    assert (outside / "rahasia.yaml").read_text("utf-8") == SECRET
    assert not (out / "index.html").is_symlink()
    assert "<html" in (out / "index.html").read_text("utf-8")


@needs_example
def test_a_city_template_cannot_include_a_file_outside_its_folder(
    example_copy: Path, outside: Path
) -> None:
    chapter = example_copy / "templates" / "html" / "bab" / "penutup.html.j2"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(f'{{% include "../../../../luar/rahasia.yaml" %}}'
                       f'{{% include "{outside}/rahasia.yaml" %}}', encoding="utf-8")
    run = run_cli("build", example_copy, "--format", "html")
    assert run.exit_code != 0, run
    assert "templates/html/bab/penutup.html.j2:1:1: galat[KC614]" in run.stdout, run
    built = example_copy / "build"
    texts = [p.read_text("utf-8") for p in built.glob("*")] if built.is_dir() else []
    assert not any("jangan dibaca" in text for text in texts)


@needs_example
def test_a_city_template_that_loops_forever_ends_within_two_seconds(example_copy: Path) -> None:
    chapter = example_copy / "templates" / "md" / "bab" / "penutup.md.j2"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("{% for i in range(99999) %}{% for j in range(99999) %}"
                       "{% for k in range(99999) %}.{% endfor %}{% endfor %}{% endfor %}",
                       encoding="utf-8")
    started = time.perf_counter()
    run = run_cli("build", example_copy, "--format", "md", "--template-timeout", "0.5")
    assert time.perf_counter() - started < 2.0, run
    assert run.exit_code != 0, run
    assert "KC613" in run.stdout, run


@needs_example
def test_an_outline_cannot_name_a_book_file_outside_the_output_folder(
    example_copy: Path, outside: Path
) -> None:
    shipped = (EXAMPLE.parents[1] / "templates" / "books" / "outline.toml").read_text("utf-8")
    outline = example_copy / "templates" / "outline.toml"
    outline.parent.mkdir(parents=True)
    outline.write_text(shipped.replace('berkas = "0-ringkasan-eksekutif"',
                                       'berkas = "../../luar/ringkasan"'), encoding="utf-8")
    run = run_cli("build", example_copy)
    assert run.exit_code != 0, run
    assert "galat[KC617] buku.berkas" in run.stdout, run
    assert sorted(p.name for p in outside.iterdir()) == ["rahasia.yaml"]


def test_a_catalogue_name_cannot_reach_a_file_outside_the_toolkit(
    tmp_path: Path, outside: Path
) -> None:
    (outside / "katalog.yaml").write_text("id: x\njudul: {id: x}\ndimensi: []\n", "utf-8")
    relative = os.path.relpath(outside / "katalog", Path(__file__).parents[1] / "src" /
                               "kotacerdas" / "catalog")
    plan = plan_with(tmp_path)
    manifest = plan / "kotacerdas.yaml"
    manifest.write_text(manifest.read_text("utf-8") + f"katalog: {relative}\n", "utf-8")
    run = run_cli("check", plan, "--lang", "en")
    assert run.exit_code == 1, run
    assert "kotacerdas.yaml:4:10: error[KC301]" in run.stdout, run


def test_an_unknown_key_with_a_bracket_is_reported_not_raised(tmp_path: Path) -> None:
    """Found by `make fuzz`: a one-character slip such as `ve[si_skema: 1`."""
    plan = plan_with(tmp_path, {"1-analisis/tim.yaml": "versi_skema: 1\nve[si: 1\n"})
    run = run_cli("stage", "check", "1", plan)
    assert "Traceback" not in run.stderr, run
    assert "1-analisis/tim.yaml:2:1: galat[KC202]" in run.stdout, run
