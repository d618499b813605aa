"""Markdown books that read right on a git host: no stray backslash, and charts as SVG files
beside the books, embedded as images, written with them and removed when stale."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from conftest import run_cli
from tests.regen_golden import EXAMPLE, GOLDEN_ROOT, KABUPATEN

PLANS = {"batam": EXAMPLE, "kabupaten": KABUPATEN}
SVG = "{http://www.w3.org/2000/svg}svg"


def every_file(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote under ``folder``, the charts too, but not its record."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name, plan in PLANS.items():
        out = tmp_path_factory.mktemp(name)
        run = run_cli("build", plan, "--out", out)
        assert run.exit_code == 0, run
        for chart in sorted((out / "gambar").iterdir()):
            assert f"gambar/{chart.name}" in run.stderr  # the build lists every chart
        folders[name] = out
    return folders


def _images(tokens: list) -> list[tuple[str, str]]:
    found = []
    for token in tokens:
        if token.type == "image":
            found.append((str(token.attrGet("src")), token.content))
        found.extend(_images(token.children or []))
    return found


@pytest.mark.parametrize("plan", PLANS)
def test_rendered_markdown_has_no_backslash_before_a_digit(built: dict[str, Path],
                                                           plan: str) -> None:
    parser = MarkdownIt("commonmark")
    books = sorted(built[plan].glob("*.md"))
    assert len([b for b in books if not b.name.startswith("laporan-pemantauan-")]) == 4
    for book in books:  # the monitoring books too
        text = book.read_text("utf-8")
        assert not re.search(r"\\\d", text), book.name
        assert not re.search(r"\\\d", parser.render(text)), book.name
    budget = (built[plan] / "2-masterplan.md").read_text("utf-8")
    assert re.search(r"\| \d{1,3}(?:\.\d{3})+ \|", budget)  # 50.000, not \50.000


@pytest.mark.parametrize("plan", PLANS)
def test_every_chart_image_is_an_svg_file_beside_the_book(built: dict[str, Path],
                                                          plan: str) -> None:
    parser = MarkdownIt("commonmark")
    embedded = set()
    for book in sorted(built[plan].glob("*.md")):
        text = book.read_text("utf-8")
        images = _images(parser.parse(text))
        captions = re.findall(r"^\*(Gambar \d+(?:\.\d+)? .+)\*$", text, re.MULTILINE)
        assert [alt for _, alt in images] == captions  # each chart, with its caption
        for source, _ in images:
            path = built[plan] / unquote(source)
            assert source.startswith(f"gambar/{book.stem}-") and path.is_file(), source
            root = ElementTree.fromstring(path.read_bytes())
            assert root.tag == SVG and root.find(f"{SVG[:-3]}title") is not None
            embedded.add(path.relative_to(built[plan]).as_posix())
    charts = {p.relative_to(built[plan]).as_posix() for p in (built[plan] / "gambar").iterdir()}
    assert embedded == charts and len(charts) >= 4  # no chart left over, none missing
    assert {"gambar/2-masterplan-1.svg", "gambar/1-analisis-strategis-1.svg"} <= charts


@pytest.mark.parametrize("plan", PLANS)
def test_two_builds_are_identical_and_match_the_golden_books(
        built: dict[str, Path], tmp_path: Path, plan: str) -> None:
    again = tmp_path / "again"
    assert run_cli("build", PLANS[plan], "--out", again).exit_code == 0
    files = every_file(again)
    assert files == every_file(built[plan])
    golden = every_file(GOLDEN_ROOT / PLANS[plan].name)
    charts = {name: data for name, data in files.items() if name.startswith("gambar/")}
    assert charts and charts == {n: d for n, d in golden.items() if n.startswith("gambar/")}


def test_charts_no_longer_drawn_are_removed_and_others_kept(example_copy: Path) -> None:
    out = example_copy / "build"
    assert run_cli("build", example_copy).exit_code == 0
    assert (out / "gambar" / "2-masterplan-9.svg").is_file()
    assert run_cli("build", example_copy, "--format", "html").exit_code == 0
    assert (out / "gambar" / "2-masterplan-9.svg").is_file()  # another format's files stay
    # The city leaves out the financing chapter, and brings a chapter template of its own:
    # its books are rendered sandboxed, and their charts come back from the sandbox too.
    outline = (Path(__file__).parents[1] / "templates" / "books" / "outline.toml").read_text()
    (example_copy / "templates" / "md" / "bab").mkdir(parents=True)
    (example_copy / "templates" / "outline.toml").write_text(
        outline.replace('"tata_kelola", "pembiayaan",', '"tata_kelola",'), "utf-8")
    (example_copy / "templates" / "md" / "bab" / "penutup.md.j2").write_text(
        "Penutup kota.\n", "utf-8")
    run = run_cli("build", example_copy)
    assert run.exit_code == 0, run
    assert "gambar/2-masterplan-9.svg" in run.stderr  # said removed
    assert not (out / "gambar" / "2-masterplan-9.svg").exists()
    assert (out / "gambar" / "2-masterplan-8.svg").is_file()
    assert "Penutup kota." in (out / "2-masterplan.md").read_text("utf-8")
    assert "(gambar/2-masterplan-8.svg)" in (out / "2-masterplan.md").read_text("utf-8")


def test_a_symlinked_chart_folder_is_refused(example_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", example_copy, "--out", out).exit_code == 0
    shutil.rmtree(out / "gambar")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "gambar").symlink_to(elsewhere)
    run = run_cli("build", example_copy, "--out", out)
    assert run.exit_code != 0 and "KC619" in run.stdout + run.stderr, run
    assert list(elsewhere.iterdir()) == []
