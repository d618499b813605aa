"""City template overrides: used when present, sandboxed, time-limited, always located."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_tree, run_cli

#: Tests that hold a clock, and the PDF and Word builds that use every core, run one after
#: another on one worker (`make test` distributes by group), so that neither slows the other.
pytestmark = pytest.mark.xdist_group("clock")

FIXTURE = ROOT / "tests" / "fixtures" / "build-plan"
SHIPPED = ROOT / "templates" / "books"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "contoh"
    shutil.copytree(FIXTURE, target)
    return target


def test_a_template_from_the_plan_replaces_the_shipped_one(plan: Path) -> None:
    build_tree(plan, {
        "templates/html/bab/penutup.html.j2":
            '<p class="kota">Penutup khas {{ meta.daerah }}</p>\n',
        "templates/md/bab/penutup.md.j2": "Penutup khas {{ meta.daerah }}.\n",
    })
    run = run_cli("build", plan)
    assert run.exit_code == 0, run
    html = (plan / "build" / "1-analisis-strategis.html").read_text("utf-8")
    assert '<p class="kota">Penutup khas Kota Contoh</p>' in html
    assert "Penutup khas Kota Contoh." in (plan / "build" / "2-masterplan.md").read_text()
    assert 'class="grafik"' in (plan / "build" / "2-masterplan.html").read_text()


def test_labels_from_the_plan_are_merged_over_the_shipped_ones(plan: Path) -> None:
    build_tree(plan, {"templates/labels/id.toml": '[bab]\npenutup = "Kata Akhir"\n'})
    assert run_cli("build", plan).exit_code == 0
    html = (plan / "build" / "1-analisis-strategis.html").read_text("utf-8")
    assert "Kata Akhir" in html and "Pendahuluan" in html


def test_a_new_chapter_can_be_added_by_the_plan(plan: Path) -> None:
    build_tree(plan, {
        "templates/html/bab/arsitektur.html.j2": "<p>Arsitektur TIK</p>\n",
        "templates/md/bab/arsitektur.md.j2": "Arsitektur TIK\n",
        "templates/labels/id.toml": '[bab]\narsitektur = "Arsitektur TIK"\n',
        "templates/outline.toml": '[[buku]]\nid = "b"\nberkas = "b"\njudul = "buku_2"\n'
                                  'bab = ["visi_misi", "arsitektur"]\n',
    })
    run = run_cli("build", plan)
    assert run.exit_code == 0, run
    assert "## BAB II · Arsitektur TIK" in (plan / "build" / "b.md").read_text("utf-8")


HOSTILE_TEMPLATES = {
    "loop": ("{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}"
             "{% endfor %}", "KC613"),
    "mro": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "KC612"),
    "globals": ("{{ ref.__globals__ }}", "KC612"),
    "mutate": ("{{ L.update({'x': 1}) }}", "KC612"),
    "parent": ('{% include "../../kotacerdas.yaml" %}', "KC614"),
    "absolute": ('{% include "/etc/passwd" %}', "KC614"),
    "undefined": ("{{ tidak_ada.sama_sekali }}", "KC611"),
    "syntax": ("baris satu\n{% for x in %}\n", "KC610"),
    "runtime": ("{{ 1 // 0 }}", "KC615"),
    "memory": ("{{ 'x' * 10**10 }}", "KC615"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_TEMPLATES))
def test_hostile_city_templates_end_in_a_located_diagnostic(plan: Path, case: str) -> None:
    text, code = HOSTILE_TEMPLATES[case]
    build_tree(plan, {"templates/html/bab/penutup.html.j2": text})
    endless = code == "KC613"
    started = time.monotonic()
    # only the endless one waits for the limit; the others must fail for their own reason
    run = run_cli("build", plan, "--template-timeout", "1" if endless else "20")
    assert time.monotonic() - started < (6 if endless else 20)
    assert run.exit_code == 1, run
    assert f"[{code}]" in run.stdout
    assert "Traceback" not in run.stderr and "saran:" in run.stdout
    assert not (plan / "build").exists()
    if code not in ("KC613",):
        line = 2 if case == "syntax" else 1
        assert f"templates/html/bab/penutup.html.j2:{line}:" in run.stdout


def test_an_endless_template_is_stopped_within_two_seconds(plan: Path) -> None:
    build_tree(plan, {"templates/md/bab/penutup.md.j2": HOSTILE_TEMPLATES["loop"][0]})
    started = time.monotonic()
    run = run_cli("build", plan, "--template-timeout", "1")
    elapsed = time.monotonic() - started
    assert run.exit_code == 1 and "[KC613]" in run.stdout
    assert "templates/md/bab/penutup.md.j2:1:1:" in run.stdout and "1 detik" in run.stdout
    assert elapsed < 2 + 1.5  # the time limit, plus starting the command itself


def test_a_symlink_in_the_plan_templates_cannot_reach_outside(plan: Path, tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.j2"
    secret.write_text("RAHASIA")
    (plan / "templates" / "html" / "bab").mkdir(parents=True)
    (plan / "templates" / "html" / "bab" / "rahasia.html.j2").symlink_to(secret)
    include = '{% include "html/bab/rahasia.html.j2" %}'
    build_tree(plan, {"templates/html/bab/penutup.html.j2": include})
    run = run_cli("build", plan)
    assert run.exit_code == 1 and "[KC614]" in run.stdout
    assert "RAHASIA" not in run.stderr


def test_shipped_templates_render_inside_the_sandbox_too(plan: Path, tmp_path: Path) -> None:
    """With any override present every template runs sandboxed; the books must not change."""
    plain_out, sandboxed_out = tmp_path / "plain", tmp_path / "sandboxed"
    assert run_cli("build", plan, "--out", plain_out).exit_code == 0
    shipped = (SHIPPED / "md" / "bab" / "penutup.md.j2").read_text("utf-8")
    build_tree(plan, {"templates/md/bab/penutup.md.j2": shipped})
    run = run_cli("build", plan, "--out", sandboxed_out)
    assert run.exit_code == 0, run
    for path in plain_out.rglob("*"):
        name = path.relative_to(plain_out)
        assert path.is_dir() or (sandboxed_out / name).read_bytes() == path.read_bytes(), name


def test_a_template_that_writes_too_much_is_stopped(plan: Path) -> None:
    build_tree(plan, {"templates/md/bab/penutup.md.j2": "{{ 'x' * 10**8 }}"})
    run = run_cli("build", plan)
    assert run.exit_code == 1 and "[KC615]" in run.stdout and "64 MiB" in run.stdout
    assert "templates/md/bab/penutup.md.j2:1:1:" in run.stdout
    assert not (plan / "build").exists()


def test_a_templates_folder_linked_from_outside_is_refused(plan: Path, tmp_path: Path) -> None:
    outside = build_tree(tmp_path / "luar", {"md/bab/penutup.md.j2": "DARI LUAR\n"})
    (plan / "templates").symlink_to(outside, target_is_directory=True)
    run = run_cli("build", plan)
    assert run.exit_code == 1 and "templates:1:1: galat[KC614]" in run.stdout
    assert not (plan / "build").exists()


def test_a_time_out_names_the_city_template_and_line_that_ran_on(plan: Path) -> None:
    endless = ("Penutup\n\n{% for a in range(100000) %}{% for b in range(100000) %}"
               "{% set c = a + b %}{% endfor %}{% endfor %}\n")
    build_tree(plan, {"templates/md/bab/penutup.md.j2": endless,
                      "templates/html/bab/penutup.html.j2": "<p>Penutup</p>\n"})
    run = run_cli("build", plan, "--template-timeout", "2")
    assert run.exit_code == 1 and "[KC613]" in run.stdout, run
    assert "templates/md/bab/penutup.md.j2:3:1: galat[KC613]" in run.stdout
