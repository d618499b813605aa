"""Open every HTML book in headless Chromium: it loads cleanly, shows chapters and charts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
CONSOLE = re.compile(r":CONSOLE(?:\(\d+\))?:?\d*\] (.*)")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="chromium is not installed at /usr/bin/chromium; "
    "install it (apt-get install chromium) to open the HTML books in a browser")


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=90)


def console_messages(page: Path, shot: Path, profile: Path) -> list[str]:
    """Take a screenshot of ``page``; return every message the page wrote to its console."""
    done = chromium(page, profile, "--enable-logging=stderr", "--v=0",
                    f"--screenshot={shot}", "--window-size=1280,2000")
    assert done.returncode == 0, done.stderr[-2000:]
    return [m.group(1) for m in CONSOLE.finditer(done.stderr)]


def test_the_console_check_catches_a_page_error(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>tidakAda();</script>")
    found = console_messages(broken, tmp_path / "rusak.png", tmp_path / "profile")
    assert any("Uncaught ReferenceError" in m for m in found)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import EXAMPLE

    out = tmp_path_factory.mktemp("books")
    plan = out / "batam"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    run = run_cli("build", plan, "--format", "html", "--out", out / "html")
    assert run.exit_code == 0, run
    return out / "html"


BOOK_CHAPTERS = {"0-ringkasan-eksekutif": 1, "1-analisis-strategis": 7, "2-masterplan": 9,
                 "3-quick-win": 3}
BOOK_CHARTS = {"0-ringkasan-eksekutif": 2, "1-analisis-strategis": 1, "2-masterplan": 8,
               "3-quick-win": 0}


@pytest.mark.parametrize("book", sorted(BOOK_CHAPTERS))
def test_each_book_opens_cleanly_with_its_chapters_and_charts(books: Path, book: str,
                                                              tmp_path: Path) -> None:
    page = books / f"{book}.html"
    shot = tmp_path / f"{book}.png"
    assert console_messages(page, shot, tmp_path / "profile") == []
    assert shot.stat().st_size > 20_000
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    assert dom.count('<section class="bab"') == BOOK_CHAPTERS[book]
    assert dom.count("<svg") - 1 >= BOOK_CHARTS[book]  # one <svg> is the cover emblem
    assert "<script" not in dom and "<link" not in dom and not re.search(r'src="(https?:)?//', dom)


def test_index_links_every_book(books: Path, tmp_path: Path) -> None:
    page = books / "index.html"
    assert console_messages(page, tmp_path / "index.png", tmp_path / "profile") == []
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    for book in BOOK_CHAPTERS:
        assert f'href="{book}.html"' in dom
