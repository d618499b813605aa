"""The HTML books as headless Chromium prints them on A4 and shows them on a phone, in both
languages: nothing runs past its page box or is cut off, no table scrolls, amounts keep
clear of their cell borders, totals print once, headings stay with what follows them.

Each element is measured at the width of the page it prints on: the content box of A4
portrait, or of A4 landscape for the wide blocks (``@page lanskap`` in gaya.css.j2).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, run_cli

pytestmark = pytest.mark.xdist_group("clock")

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip("chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pdfium = pytest.importorskip("pypdfium2")

BOOKS = ("0-ringkasan-eksekutif", "1-analisis-strategis", "2-masterplan", "3-quick-win")
PX_PER_MM = 96 / 25.4
#: Content width of an A4 page in mm: 210 - 2 x 18 portrait, 297 - 2 x 16 landscape.
PORTRAIT, LANDSCAPE = 174, 265
PHONE = 390
MARGIN_TEXT = 50  # points at the top and bottom of a PDF page that hold header and number

#: Every way a printed element fails, measured on the page it prints on. An element is on
#: a landscape page when it or an ancestor is on the named page ``lanskap``.
MEASURE = """(landscape) => {
  const out = [];
  const limit = document.documentElement.clientWidth;
  const onLandscape = (el) => {
    for (let at = el; at && at.nodeType === 1; at = at.parentElement)
      if (getComputedStyle(at).page === 'lanskap') return true;
    return false;
  };
  const name = (el) => `${el.tagName.toLowerCase()} in #${(el.closest('[id]') || {}).id}: `
    + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  for (const el of document.querySelectorAll('main *')) {
    if (onLandscape(el) !== landscape) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const style = getComputedStyle(el);
    if (box.left < -0.5 || box.right > limit + 0.5) out.push('past the page box: ' + name(el));
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      out.push('scrolls: ' + name(el));
    if (['TD', 'TH'].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1)
      out.push('runs out of its cell: ' + name(el));
    if (el.matches('td.angka, th.angka') && el.textContent.trim()) {
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      if (text.left - box.left < 4 || box.right - text.right < 4)
        out.push('amount touches its border: ' + name(el));
    }
    if (el.tagName === 'TFOOT' && style.display === 'table-footer-group')
      out.push('totals repeat under every part of the table: ' + name(el));
    if (el.tagName === 'text') {
      const chart = el.ownerSVGElement.getBoundingClientRect();
      if (box.left < chart.left - 0.5 || box.right > chart.right + 0.5)
        out.push('cut off at the edge of its chart: ' + name(el));
    }
  }
  return out;
}"""

#: On a phone: the page never scrolls sideways; a programme table neither scrolls nor
#: runs past the screen.
PHONE_CHECK = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls: ${root.scrollWidth}`);
  for (const table of document.querySelectorAll('table.program')) {
    const box = table.getBoundingClientRect();
    if (table.scrollWidth > table.clientWidth + 1 || box.right > root.clientWidth + 0.5)
      out.push('programme table wider than the screen: ' + table.textContent.trim().slice(0, 40));
  }
  return out;
}"""

#: The lines of every heading of the book, and of each chapter heading.
HEADINGS = """() => ({
  all: [...document.querySelectorAll('main h2, main h3, main h4')]
    .flatMap((h) => h.innerText.split('\\n')).map((t) => t.trim()).filter((t) => t),
  chapters: [...document.querySelectorAll('section.bab > h2')]
    .map((h) => h.innerText.split('\\n').pop().trim()),
  contents: [...document.querySelectorAll('nav li')]
    .flatMap((li) => li.innerText.split('\\n')).map((t) => t.trim()).filter((t) => t),
  starts: [...document.querySelectorAll('main caption, main thead tr')]
    .map((e) => e.innerText.replace(/\\s+/g, '')).filter((t) => t),
})"""


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("print")
    plan = out / "batam"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    folders = {}
    for language in ("id", "en"):
        run = run_cli("build", plan, "--format", "html", "--lang", language,
                      "--out", out / language)
        assert run.exit_code == 0, run
        folders[language] = out / language
    return folders


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def _open(browser: Any, book: Path, width: int, media: str) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 1100})
    page.emulate_media(media=media)
    page.goto(book.as_uri())
    return page


@pytest.mark.parametrize("language", ["id", "en"])
def test_nothing_overflows_its_page_box_in_print(books: dict[str, Path], browser: Any,
                                                 language: str) -> None:
    found = []
    for book in BOOKS:
        for landscape, width in ((False, PORTRAIT), (True, LANDSCAPE)):
            page = _open(browser, books[language] / f"{book}.html",
                         round(width * PX_PER_MM), "print")
            found += [f"{book}: {problem}" for problem in page.evaluate(MEASURE, landscape)]
            page.close()
    assert found == []


def test_the_measure_sees_a_cut_off_column_and_a_repeating_total(tmp_path: Path,
                                                                 browser: Any) -> None:
    wide = "".join(f'<td class="angka">{n:,}</td>' for n in range(10**14, 10**14 + 12))
    broken = tmp_path / "rusak.html"
    broken.write_text("<!DOCTYPE html><style>@page { size: A4; } td { padding: 0 }</style><main>"
                      f'<div style="overflow-x:auto"><table><tr>{wide}</tr></table></div>'
                      "<table><tfoot><tr><td>Total</td></tr></tfoot></table></main>")
    page = _open(browser, broken, round(PORTRAIT * PX_PER_MM), "print")
    found = " ".join(page.evaluate(MEASURE, False))
    page.close()
    for problem in ("scrolls", "past the page box", "touches its border", "totals repeat"):
        assert problem in found


@pytest.mark.parametrize("language", ["id", "en"])
def test_headings_stay_with_what_follows_them_on_paper(books: dict[str, Path], browser: Any,
                                                       tmp_path: Path, language: str) -> None:
    found = []
    for book in BOOKS:
        page = _open(browser, books[language] / f"{book}.html", 800, "print")
        headings = page.evaluate(HEADINGS)
        pdf = tmp_path / f"{book}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        page.close()
        found += [f"{book} {problem}" for problem in _stranded(pdf, headings)]
    assert found == []


def _stranded(pdf: Path, headings: dict[str, list[str]]) -> list[str]:
    """Pages that end on a heading or on the caption or column headings of a table whose
    rows begin on the next page, or hold a chapter's opening alone before a page turned
    the other way."""
    problems = []
    document = pdfium.PdfDocument(pdf)
    pages = [(page.get_width() > page.get_height(), _body_lines(page)) for page in document]
    document.close()
    listed = set(headings["contents"])
    starts = set(headings["starts"])
    for number, (landscape, lines) in enumerate(pages, 1):
        contents_page = sum(line in listed for line in lines) * 2 >= len(lines)
        if lines and lines[-1] in headings["all"] and not contents_page:
            problems.append(f"page {number} ends on the heading {lines[-1]!r}")
        if lines and "".join(lines[-1].split()) in starts and not contents_page:
            problems.append(f"page {number} ends on a table's caption or headings "
                            f"{lines[-1]!r}, before any of its rows")
        turned = number < len(pages) and pages[number][0] != landscape
        opening = set(lines) & set(headings["chapters"])
        if turned and opening and len(lines) <= 5:
            problems.append(f"page {number} holds {opening} alone")
    return problems


def _body_lines(page: Any) -> list[str]:
    width, height = page.get_size()
    text = page.get_textpage().get_text_bounded(0, MARGIN_TEXT, width, height - MARGIN_TEXT)
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("language", ["id", "en"])
def test_programme_tables_fit_a_phone(books: dict[str, Path], browser: Any,
                                      language: str) -> None:
    page = _open(browser, books[language] / "2-masterplan.html", PHONE, "screen")
    assert page.evaluate("document.querySelectorAll('table.program').length") > 0
    assert page.evaluate(PHONE_CHECK) == []
    page.close()
