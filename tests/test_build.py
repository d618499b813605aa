"""`kotacerdas build` end to end: books written, pinned, deterministic, escaped, safe."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import EXAMPLE, ROOT, build_tree, run_cli
from tests.regen_golden import GOLDEN, build_example

FIXTURE = ROOT / "tests" / "fixtures" / "build-plan"
BOOKS = ["0-ringkasan-eksekutif", "1-analisis-strategis", "2-masterplan", "3-quick-win"]
EXPECTED = sorted([f"{b}.{fmt}" for b in BOOKS for fmt in ("md", "html")] + ["index.html"])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A private copy of the small complete fixture plan."""
    target = tmp_path / "contoh"
    shutil.copytree(FIXTURE, target)
    return target


def files_of(folder: Path) -> dict[str, bytes]:
    """The books in ``folder``: every file but the hidden record of the last build."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def test_build_writes_every_book_in_both_formats(plan: Path) -> None:
    run = run_cli("build", plan)
    assert run.exit_code == 0, run
    assert sorted(files_of(plan / "build")) == EXPECTED
    for book in BOOKS:
        assert f"{book}.html" in run.stderr  # progress, book by book
    charts = len(list((plan / "build" / "gambar").iterdir()))  # the Markdown books' charts
    assert run.stdout.endswith(f"{len(EXPECTED) + charts} berkas ditulis ke {plan / 'build'}\n")


def test_example_matches_the_golden_books(tmp_path: Path) -> None:
    """Regenerate with `make golden` after a deliberate change, then review git diff."""
    done = build_example(tmp_path / "out")
    assert done.returncode == 0, done.stderr
    built, pinned = files_of(tmp_path / "out"), files_of(GOLDEN)
    assert sorted(built) == sorted(pinned)
    for name in pinned:
        assert built[name] == pinned[name], f"{name} differs from tests/golden; see make golden"


def test_building_twice_gives_identical_bytes(example_copy: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("build", example_copy, "--out", first).exit_code == 0
    assert run_cli("build", example_copy, "--out", second).exit_code == 0
    assert files_of(first) == files_of(second)


def _build_with_env(plan: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "kotacerdas", "build", str(plan), "--out", str(out)]
    full = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **env}
    return subprocess.run(command, capture_output=True, text=True, env=full, timeout=120)


def test_source_date_epoch_sets_the_generated_date(plan: Path, tmp_path: Path) -> None:
    assert _build_with_env(plan, tmp_path / "a", SOURCE_DATE_EPOCH="1655078400").returncode == 0
    assert _build_with_env(plan, tmp_path / "b").returncode == 0
    dated = (tmp_path / "a" / "2-masterplan.html").read_text("utf-8")
    plain = (tmp_path / "b" / "2-masterplan.html").read_text("utf-8")
    assert "Dibuat pada 13 Juni 2022" in dated
    assert "Dibuat pada" not in plain


def test_indonesian_dates_and_rupiah(plan: Path) -> None:
    assert run_cli("build", plan).exit_code == 0
    html = (plan / "build" / "3-quick-win.html").read_text("utf-8")
    assert "6 Januari 2025 – 30 Juni 2025" in html
    assert "Rp100.000.000" in html
    masterplan = (plan / "build" / "2-masterplan.md").read_text("utf-8")
    assert "| 2026 | 750.000.000 | – | 250.000.000 | – | 1.000.000.000 |" in masterplan


def test_english_books_from_the_language_option(plan: Path) -> None:
    run = run_cli("build", plan, "--lang", "en")
    assert run.exit_code == 0, run
    names = files_of(plan / "build")
    html = names["2-masterplan.html"].decode()
    assert 'lang="en"' in html and "Programmes and Action Plans" in html
    assert "6 January 2025" in names["3-quick-win.html"].decode()


def test_plan_with_errors_is_not_built(plan: Path) -> None:
    path = plan / "2-perumusan" / "program.yaml"
    path.write_text(path.read_text("utf-8").replace("jangka: pendek", "jangka: sebentar"))
    run = run_cli("build", plan)
    assert run.exit_code == 1
    assert "KC204" in run.stdout and "--force" in run.stderr
    assert not (plan / "build").exists()
    forced = run_cli("build", plan, "--force")
    assert forced.exit_code == 1
    assert (plan / "build" / "2-masterplan.html").is_file()


def test_unknown_format_is_a_usage_error(plan: Path) -> None:
    run = run_cli("build", plan, "--format", "odt")
    assert run.exit_code == 2
    said = run.stdout + run.stderr
    assert "odt" in said and "Traceback" not in said
    assert "md, html, pdf, docx, all" in said  # what may be asked for


def test_a_plain_build_needs_no_extra(plan: Path) -> None:
    """Without --format the text books are built: no PDF or Word library is loaded."""
    probe = ("import sys\nfrom kotacerdas.cli import main\n"
             f"sys.argv = ['kotacerdas', 'build', {str(plan)!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('weasyprint', 'docx', 'resvg_py') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
    assert sorted(files_of(plan / "build")) == EXPECTED


def test_only_the_formats_asked_for(plan: Path) -> None:
    assert run_cli("build", plan, "--format", "md").exit_code == 0
    assert all(name.endswith(".md") for name in files_of(plan / "build"))


HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"


def test_plan_text_is_shown_literally_never_run(plan: Path) -> None:
    path = plan / "2-perumusan" / "program.yaml"
    text = path.read_text("utf-8").replace("nama: Satu Data Contoh", f'nama: "{HOSTILE}"')
    text = text.replace("Portal data terpadu", "Portal <img src=x onerror=alert(2)> terpadu")
    path.write_text(text)
    assert run_cli("build", plan).exit_code == 0
    html = (plan / "build" / "2-masterplan.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"alert\(1\)\S*\s49", html)
    markdown = (plan / "build" / "2-masterplan.md").read_text("utf-8")
    assert "\\<script>alert(1)\\</script> {{ 7\\*7 }}" in markdown
    assert not re.search(r"alert\(1\)\S*\s49", markdown)
    shown = MarkdownIt("commonmark").enable("table").render(markdown)  # raw HTML allowed
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in shown and "<script" not in shown
    charts = re.findall(r'<img src="gambar/[\w.-]+\.svg" alt="[^"<>]*" />', shown)
    assert re.findall(r"<img\b[^>]*>", shown) == charts  # only the book's own charts


def test_table_breaking_text_stays_in_its_cell(plan: Path) -> None:
    path = plan / "2-perumusan" / "program.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "nama: Warga Cakap Siber", 'nama: "# Warga | Cakap * Siber"'))
    assert run_cli("build", plan, "--format", "md").exit_code == 0
    markdown = (plan / "build" / "2-masterplan.md").read_text("utf-8")
    shown = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<strong># Warga | Cakap * Siber</strong>" in shown


def test_cross_references_link_to_the_book_that_holds_the_id(plan: Path) -> None:
    assert run_cli("build", plan).exit_code == 0
    html = (plan / "build" / "2-masterplan.html").read_text("utf-8")
    assert 'href="1-analisis-strategis.html#W-01"' in html
    assert 'id="STR-01"' in html and 'href="#STR-01"' in html
    assert 'id="S-01"' in (plan / "build" / "1-analisis-strategis.html").read_text("utf-8")


def test_output_folder_that_is_a_symlink_is_refused(plan: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (plan / "build").symlink_to(outside)
    run = run_cli("build", plan)
    assert run.exit_code == 1
    assert "KC619" in run.stdout and "Traceback" not in run.stderr
    assert list(outside.iterdir()) == []


def test_an_output_folder_that_cannot_be_made_is_the_tools_failure(plan: Path,
                                                                   tmp_path: Path) -> None:
    (tmp_path / "berkas").write_text("not a folder", "utf-8")
    run = run_cli("build", plan, "--format", "md", "--out", tmp_path / "berkas" / "keluaran")
    assert run.exit_code == 2, run  # not the plan's errors (1): nothing in it needs a change
    assert "KC620" in run.stdout and "Traceback" not in run.stderr


def test_symlinked_output_file_is_replaced_not_followed(plan: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (plan / "build").mkdir()
    (plan / "build" / ".kotacerdas-buku").write_text("index.html\n", "utf-8")
    (plan / "build" / "index.html").symlink_to(victim)
    assert run_cli("build", plan).exit_code == 0
    assert victim.read_text() == "keep me"
    assert not (plan / "build" / "index.html").is_symlink()


def test_build_touches_nothing_outside_its_output(plan: Path) -> None:
    before = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    assert run_cli("build", plan).exit_code == 0
    after = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file() and "build" not in p.parts}
    assert after == before


def test_outline_from_the_plan_changes_books_and_numbering(plan: Path) -> None:
    build_tree(plan, {"templates/outline.toml": """
        penomoran = "angka"
        [[buku]]
        id = "satu"
        berkas = "masterplan"
        judul = "buku_2"
        bab = ["visi_misi", {templat = "program", judul = "Daftar Program Kota"}]
        """})
    assert run_cli("build", plan).exit_code == 0
    assert sorted(files_of(plan / "build")) == ["index.html", "masterplan.html", "masterplan.md"]
    markdown = (plan / "build" / "masterplan.md").read_text("utf-8")
    assert "## BAB 2 · Daftar Program Kota" in markdown


def test_a_book_dropped_from_the_outline_is_removed_and_nothing_else(plan: Path) -> None:
    out = plan / "build"
    assert run_cli("build", plan).exit_code == 0
    (out / "catatan-kota.md").write_text("milik kota\n", "utf-8")
    build_tree(plan, {"templates/outline.toml": """
        [[buku]]
        id = "satu"
        berkas = "masterplan"
        judul = "buku_2"
        bab = ["program"]
        """})

    run = run_cli("build", plan, "--format", "md")

    assert run.exit_code == 0, run
    left = sorted(files_of(out))
    assert [n for n in left if n.endswith(".md")] == ["catatan-kota.md", "masterplan.md"]
    assert [n for n in left if n.endswith(".html")] == [f"{b}.html" for b in BOOKS] + [
        "index.html"]  # only Markdown was built, so the HTML books stay
    assert "dihapus, tidak ada lagi di susunan buku: 2-masterplan.md" in run.stderr

    assert run_cli("build", plan).exit_code == 0
    assert sorted(files_of(out)) == ["catatan-kota.md", "index.html", "masterplan.html",
                                     "masterplan.md"]


def test_a_damaged_build_record_removes_nothing_outside_the_folder(
    plan: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "penting.md"
    outside.write_text("jangan dihapus\n", "utf-8")
    out = plan / "build"
    out.mkdir()
    (out / ".kotacerdas-buku").write_text(f"{outside}\n../penting.md\n.kotacerdas-buku\n",
                                          "utf-8")
    assert run_cli("build", plan).exit_code == 0
    assert outside.read_text("utf-8") == "jangan dihapus\n"
    assert sorted(files_of(out)) == EXPECTED


@pytest.mark.parametrize(("text", "code", "line"), [
    ('penomoran = "romawi"\n[[buku]\n', "KC616", 2),
    ('penomoran = "huruf"\n', "KC617", 1),
    ('[[buku]]\nid = "x"\nberkas = "x"\njudul = "x"\nbab = ["tidak_ada"]\n', "KC618", 5),
    ('[[buku]]\nid = "x"\nberkas = "x"\njudul = "x"\nbab = 5\n', "KC617", 5),
    ('[[buku]]\nid = "x"\nberkas = "../x"\njudul = "x"\nbab = []\n', "KC617", 3),
    ('penomoran = "romawi"\nbab = [\n  "a",\n', "KC616", 4),  # broken at the very end
    ('[[buku]]\nid = "a"\nberkas = "a"\njudul = "a"\nbab = []\n'  # the second book's
     '[[buku]]\nid = "b"\nberkas = "../b"\njudul = "b"\nbab = []\n', "KC617", 8),
    ('[[buku]]\nid = "a"\nberkas = "a"\njudul = "a"\nbab = []\n'  # a spaced table,
     '[[ buku ]] # kedua\nid = "b"\njudul = "Dua bab"\nberkas = "b"\nbab = 5\n',  # a value
     "KC617", 10),                                                   # holding the key's name
])
def test_broken_outline_is_a_located_diagnostic(plan: Path, text: str, code: str,
                                                line: int) -> None:
    build_tree(plan, {"templates/outline.toml": text})
    run = run_cli("build", plan)
    assert run.exit_code == 1
    assert f"templates/outline.toml:{line}:" in run.stdout and code in run.stdout
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("text", "line"), [
    ('bab = "x"\n', 1), ('[bab]\npenutup = 5\n', 2), ('[wilayah]\nkota = {a = 1}\n', 2),
])
def test_label_of_the_wrong_kind_is_a_located_diagnostic(plan: Path, text: str,
                                                         line: int) -> None:
    build_tree(plan, {"templates/labels/id.toml": text})
    run = run_cli("build", plan)
    assert run.exit_code == 1
    assert f"templates/labels/id.toml:{line}:1: galat[KC621]" in run.stdout
    assert not (plan / "build").exists()


def test_example_exists_for_the_golden_books() -> None:
    assert (EXAMPLE / "kotacerdas.yaml").is_file() and GOLDEN.is_dir()
    assert os.listdir(GOLDEN)


BROKEN = {
    "unknown-dimension": ("2-perumusan/program.yaml", "dimensi: society\n    elemen: security",
                          "dimensi: angkasa\n    elemen: bulan"),
    "years-reversed": ("3-finalisasi/rencana-aksi.yaml",
                       "tahun_mulai: 2025\n    tahun_selesai: 2027",
                       "tahun_mulai: 2029\n    tahun_selesai: 2026"),
    "years-outside-period": ("3-finalisasi/rencana-aksi.yaml", "tahun_selesai: 2027",
                             "tahun_selesai: 2049"),
    "budget-not-a-number": ("3-finalisasi/rencana-aksi.yaml", "jumlah: 1500000000",
                            "jumlah: banyak"),
    "unknown-parent-programme": ("4-komitmen/quick-win.yaml", "program: SOC-01",
                                 "program: XYZ-09"),
    "duplicate-id": ("2-perumusan/program.yaml", "id: SOC-02", "id: SOC-01"),
    "unknown-catalogue": ("kotacerdas.yaml", "versi_skema: 1",
                          "versi_skema: 1\nkatalog: tidak-ada"),
    "manifest-broken": ("kotacerdas.yaml", "jenis: kota", "jenis: desa"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_forced_build_of_a_broken_plan_never_crashes(plan: Path, case: str) -> None:
    name, old, new = BROKEN[case]
    path = plan / name
    path.write_text(path.read_text("utf-8").replace(old, new, 1))
    run = run_cli("build", plan, "--force")
    assert run.exit_code == 1, run
    assert "Traceback" not in run.stderr and "galat[" in run.stdout
    assert sorted(files_of(plan / "build")) == EXPECTED


def test_every_link_in_the_html_books_finds_its_target(example_copy: Path) -> None:
    assert run_cli("build", example_copy, "--format", "html").exit_code == 0
    pages = {p.name: p.read_text("utf-8") for p in (example_copy / "build").glob("*.html")}
    ids = {name: set(re.findall(r'\sid="([^"]+)"', text)) for name, text in pages.items()}
    checked = 0
    for name, text in pages.items():
        assert len(re.findall(r'\sid="([^"]+)"', text)) == len(ids[name]), f"duplicate id in {name}"
        for page, target in re.findall(r'href="([^"#]*)(?:#([^"]*))?"', text):
            page = page or name
            assert page in pages, (name, page)
            assert not target or target in ids[page], (name, page, target)
            checked += 1
    assert checked > 250


SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")


@pytest.mark.parametrize("book", BOOKS)
def test_every_markdown_table_line_renders_as_one_row(book: str) -> None:
    text = (GOLDEN / f"{book}.md").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.startswith("|")]
    separators = [line for line in lines if SEPARATOR.match(line)]
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<table>") == len(separators)
    assert html.count("<tr>") == len(lines) - len(separators)


def test_build_works_when_the_cache_folder_cannot_be_made(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "kotacerdas").mkdir(parents=True)
    (cache / "kotacerdas" / "jinja").write_text("not a folder")
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache), "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "kotacerdas", "build", str(EXAMPLE),
                           "--out", str(tmp_path / "out")], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "2-masterplan.html").is_file()


def test_compiled_templates_are_kept_in_the_cache_folder(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "kotacerdas", "build", str(EXAMPLE),
                           "--out", str(tmp_path / "out")], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "cache" / "kotacerdas" / "jinja").glob("*.cache"))
