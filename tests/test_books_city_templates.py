"""A city template the build cannot use is named in a warning, never skipped in silence;
a city template that exhausts memory or recursion is named in the error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_tree, run_cli

#: Tests that hold a clock, and the PDF and Word builds that use every core, run one after
#: another on one worker (`make test` distributes by group), so that neither slows the other.
pytestmark = pytest.mark.xdist_group("clock")

FIXTURE = ROOT / "tests" / "fixtures" / "build-plan"
SHIPPED_CLOSING = "Masterplan ini adalah dokumen hidup"
CITY_CLOSING = "Penutup khas kota"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "contoh"
    shutil.copytree(FIXTURE, target)
    build_tree(target, {"catatan/penutup.md.j2": f"{CITY_CLOSING}\n",
                        "catatan/id.toml": '[bab]\npenutup = "Kata Akhir Kota"\n'})
    return target


def passed_over(template: str, reason: str) -> str:
    return (f"{template}:1:1: peringatan[KC625] templat kota {template} {reason}; "
            "templat bawaan yang dipakai")


def closing_of(plan: Path) -> str:
    return (plan / "build" / "1-analisis-strategis.md").read_text("utf-8")


def test_a_city_template_that_is_a_link_is_named_and_the_shipped_one_used(plan: Path) -> None:
    (plan / "templates" / "md" / "bab").mkdir(parents=True)
    (plan / "templates" / "md" / "bab" / "penutup.md.j2").symlink_to(
        plan / "catatan" / "penutup.md.j2")
    run = run_cli("build", plan)
    assert run.exit_code == 0, run
    assert passed_over("templates/md/bab/penutup.md.j2", "adalah tautan simbolik") in run.stdout
    assert run.stdout.count("[KC625]") == 1
    assert CITY_CLOSING not in closing_of(plan) and SHIPPED_CLOSING in closing_of(plan)


def test_a_linked_outline_label_file_or_folder_is_named(plan: Path, tmp_path: Path) -> None:
    (plan / "templates" / "labels").mkdir(parents=True)
    (plan / "templates" / "labels" / "id.toml").symlink_to(plan / "catatan" / "id.toml")
    (plan / "templates" / "outline.toml").symlink_to(ROOT / "templates/books/outline.toml")
    elsewhere = build_tree(tmp_path / "luar", {"bab/penutup.html.j2": "<p>DARI LUAR</p>\n"})
    (plan / "templates" / "html").symlink_to(elsewhere, target_is_directory=True)
    run = run_cli("build", plan, "--lang", "en")
    assert run.exit_code == 0, run
    for template in ("templates/html", "templates/labels/id.toml", "templates/outline.toml"):
        assert (f"{template}:1:1: warning[KC625] city template {template} is a symbolic "
                "link; the shipped template is used") in run.stdout
    assert run.stdout.count("[KC625]") == 3
    html = (plan / "build" / "1-analisis-strategis.html").read_text("utf-8")
    assert "DARI LUAR" not in html and "Kata Akhir Kota" not in html


def test_a_city_template_that_is_not_a_regular_file_is_named(plan: Path) -> None:
    (plan / "templates" / "md" / "bab").mkdir(parents=True)
    os.mkfifo(plan / "templates" / "md" / "bab" / "penutup.md.j2")
    run = run_cli("build", plan)
    assert run.exit_code == 0, run
    assert passed_over("templates/md/bab/penutup.md.j2", "bukan berkas biasa") in run.stdout
    assert SHIPPED_CLOSING in closing_of(plan)


def test_a_folder_where_a_city_file_belongs_is_named(plan: Path) -> None:
    (plan / "templates" / "md" / "bab" / "penutup.md.j2").mkdir(parents=True)
    (plan / "templates" / "referensi.docx").mkdir()
    run = run_cli("build", plan, "--format", "md,docx")
    assert run.exit_code == 0, run
    for template in ("templates/md/bab/penutup.md.j2", "templates/referensi.docx"):
        assert passed_over(template, "bukan berkas biasa") in run.stdout, run.stdout
    assert SHIPPED_CLOSING in closing_of(plan)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file, whatever its mode")
def test_an_unreadable_city_template_is_named(plan: Path) -> None:
    template = build_tree(plan, {"templates/md/bab/penutup.md.j2": f"{CITY_CLOSING}\n"})
    (template / "templates/md/bab/penutup.md.j2").chmod(0)
    run = run_cli("build", plan)
    assert run.exit_code == 0, run
    assert passed_over("templates/md/bab/penutup.md.j2", "tidak dapat dibaca") in run.stderr


def test_the_warning_is_kept_when_another_template_stops_the_build(plan: Path) -> None:
    build_tree(plan, {"templates/html/bab/penutup.html.j2": "{{ 1 // 0 }}\n"})
    (plan / "templates" / "md" / "bab").mkdir(parents=True)
    (plan / "templates" / "md" / "bab" / "penutup.md.j2").symlink_to(
        plan / "catatan" / "penutup.md.j2")
    run = run_cli("build", plan)
    assert run.exit_code == 1, run
    assert passed_over("templates/md/bab/penutup.md.j2", "adalah tautan simbolik") in run.stdout
    assert "templates/html/bab/penutup.html.j2:1:1: galat[KC615]" in run.stdout


def test_a_linked_new_chapter_is_not_offered_to_the_outline(plan: Path) -> None:
    build_tree(plan, {"templates/html/bab/baru.html.j2": "<p>Baru</p>\n",
                      "templates/outline.toml": '[[buku]]\nid = "b"\nberkas = "b"\n'
                                                'judul = "buku_2"\nbab = ["baru"]\n'})
    (plan / "templates" / "md" / "bab").mkdir(parents=True)
    (plan / "templates" / "md" / "bab" / "baru.md.j2").symlink_to(
        plan / "catatan" / "penutup.md.j2")
    run = run_cli("build", plan)
    assert run.exit_code == 1, run
    assert passed_over("templates/md/bab/baru.md.j2", "adalah tautan simbolik") in run.stdout
    assert "galat[KC618]" in run.stdout and CITY_CLOSING not in run.stdout + run.stderr


DEEP = "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}\n"
EXHAUSTING = {
    "memory-while-compiling": ('{% set x = "x" * 10**9 %}\n', "MemoryError"),
    "memory-while-rendering": ('{% set x = "x" * (2 * 10**9 + L | length) %}\n', "MemoryError"),
    "recursion-while-parsing": (DEEP, "RecursionError"),
    "recursion-while-rendering": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n",
                                  "RecursionError"),
}


@pytest.mark.parametrize("case", sorted(EXHAUSTING))
def test_a_city_template_that_exhausts_the_sandbox_is_named(plan: Path, case: str) -> None:
    text, error = EXHAUSTING[case]
    build_tree(plan, {"templates/md/bab/penutup.md.j2": text,
                      "templates/html/bab/penutup.html.j2": "<p>Penutup</p>\n"})
    run = run_cli("build", plan)
    assert run.exit_code == 1, run
    assert "templates/md/bab/penutup.md.j2:1:1: galat[KC615]" in run.stdout, run
    assert error in run.stdout and "kotacerdas:templates" not in run.stdout + run.stderr
    assert not (plan / "build").exists()


def test_an_unreadable_city_file_is_named_even_for_root(plan: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from kotacerdas.render import config

    build_tree(plan, {"templates/md/bab/penutup.md.j2": f"{CITY_CLOSING}\n"})
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    [warning] = config.passed_over_city_files(plan)
    assert (warning.code, warning.file) == ("KC625", "templates/md/bab/penutup.md.j2")
    assert warning.params["reason"].key == "unreadable"
    assert not config.usable_city_file(plan / "templates/md/bab/penutup.md.j2",
                                       plan / "templates")
