"""PDF books, opened with pypdf and pypdfium2: pages, contents and bookmarks that agree,
landscape pages for the wide blocks, nothing cut off, fonts embedded, metadata set, the
same bytes twice; and every way the PDF engine can fail ends in a diagnostic.

The worked example is built once in Indonesian and read in full; the kabupaten fixture
once in English, in every format, for a lighter pass over its main books and the index.
Each book's pages are read once (`Pages`) and shared between the tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.regen_golden import KABUPATEN

#: Tests that hold a clock, and the PDF and Word builds that use every core, run one after
#: another on one worker (`make test` distributes by group), so that neither slows the other.
pytestmark = pytest.mark.xdist_group("clock")

pdfium = pytest.importorskip("pypdfium2")
pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

PLANS = {"batam": EXAMPLE, "kabupaten": KABUPATEN,
         "base": ROOT / "tests" / "cases" / "rules" / "_base"}
BOOKS = ("0-ringkasan-eksekutif", "1-analisis-strategis", "2-masterplan", "3-quick-win")
#: (plan, language, formats built, books read page by page, characters laid out at a time
#: in thousands: the kabupaten is cut into parts as a long book is, a chapter cut too)
BUILDS = {"batam-id": ("batam", "id", "pdf,html", BOOKS, ""),
          "kabupaten-en": ("kabupaten", "en", "all", ("2-masterplan", "3-quick-win"), ""),
          "kabupaten-en-parts": ("kabupaten", "en", "pdf,html", BOOKS, "12")}
CHAPTER_WORD = {"id": "BAB", "en": "Chapter"}
HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"
FOOTER, HEADER = 50, 50  # points at the bottom and top of a page where the margins' text is


class Headings(HTMLParser):
    """The chapter headings of an HTML book and the programme ids of its tables."""

    def __init__(self) -> None:
        super().__init__()
        self.chapters: list[str] = []
        self._in_chapter = False
        self._words: list[str] = []
        self._section = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and "bab" in (values.get("class") or ""):
            self._section = True
        elif tag == "h2" and self._section:
            self._in_chapter, self._words = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._in_chapter:
            self.chapters.append(" ".join("".join(self._words).split()))
            self._in_chapter = self._section = False

    def handle_data(self, data: str) -> None:
        if self._in_chapter:
            self._words.append(data)


def chapters_of(html: Path) -> list[str]:
    parser = Headings()
    parser.feed(html.read_text("utf-8"))
    return parser.chapters


def programme_ids(plan: Path) -> list[str]:
    found = []
    for path in sorted((plan / "2-perumusan").glob("program*.yaml")):
        found += re.findall(r"^\s*-?\s*id:\s*([A-Z]+-\d+)\s*$", path.read_text("utf-8"), re.M)
    return found


@dataclass
class Pages:
    """One PDF book, each page's text, header, footer and size read once."""

    path: Path
    texts: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    sizes: list[tuple[float, float]] = field(default_factory=list)
    outside: list[int] = field(default_factory=list)  # pages with a glyph off the page

    def __post_init__(self) -> None:
        document = pdfium.PdfDocument(self.path)
        try:
            for number, page in enumerate(document, 1):
                width, height = page.get_size()
                text = page.get_textpage()
                self.texts.append(_lines(text.get_text_range()))
                self.headers.append(_lines(text.get_text_bounded(0, height - HEADER, width,
                                                                 height)))
                self.footers.append(_lines(text.get_text_bounded(0, 0, width, FOOTER)))
                self.sizes.append((width, height))
                boxes = (text.get_charbox(i) for i in range(text.count_chars()))
                if not all(0 <= left and right <= width + 0.5 and 0 <= bottom
                           and top <= height + 0.5 for left, bottom, right, top in boxes):
                    self.outside.append(number)
        finally:
            document.close()

    @cached_property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(self.path)

    def landscape(self, index: int) -> bool:
        width, height = self.sizes[index]
        return width > height


def _lines(text: str) -> str:
    """Text as pdfium gives it, with plain line breaks."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass
class Build:
    out: Path
    plan: Path
    language: str
    formats: str
    books: tuple[str, ...]
    stderr: str
    pages: dict[str, Pages] = field(default_factory=dict)

    def book(self, name: str) -> Pages:
        if name not in self.pages:
            self.pages[name] = Pages(self.out / f"{name}.pdf")
        return self.pages[name]


#: Each build is made once per test process, however pytest orders the tests using it.
_MADE: dict[str, Build] = {}


@pytest.fixture(scope="module", params=sorted(BUILDS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _made(request.param, tmp_path_factory)


def _made(key: str, tmp_path_factory: pytest.TempPathFactory) -> Build:
    if key not in _MADE:
        _MADE[key] = _build(key, tmp_path_factory)
    return _MADE[key]


def _build(key: str, tmp_path_factory: pytest.TempPathFactory) -> Build:
    name, language, formats, books, part = BUILDS[key]
    out = tmp_path_factory.mktemp(f"pdf-{key}")
    run = run_cli("build", PLANS[name], "--format", formats, "--lang", language,
                  "--out", out, env={"SOURCE_DATE_EPOCH": "1662336000",
                                     "KOTACERDAS_PDF_PART_KB": part})
    assert run.exit_code == 0, run
    for book in BOOKS:
        assert f"{book}.pdf" in run.stderr  # one progress line per book and format
    return Build(out, PLANS[name], language, formats, books, run.stderr)


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def test_pages_contents_and_bookmarks_agree(built: Build) -> None:
    for book in built.books:
        _contents_agree(built, book)


def _contents_agree(built: Build, book: str) -> None:
    chapters = chapters_of(built.out / f"{book}.html")
    pages = built.book(book)
    assert 2 <= len(pages.texts) <= 6 + 10 * len(chapters), book
    marks = outline(pages.reader)
    top = {title: page for level, title, page in marks if level == 1}
    for chapter in chapters:  # "BAB I Pendahuluan", with the space
        assert chapter in top, (book, chapter, sorted(top))
    if book != "0-ringkasan-eksekutif":
        assert all(re.match(rf"{CHAPTER_WORD[built.language]} [IVX]+ \S", c) for c in chapters)
        assert any(level == 2 for level, _, _ in marks), book  # sections too
    contents = "\n".join(pages.texts[1:min(top[chapter] for chapter in chapters)])
    for chapter in chapters:
        entry = re.search(rf"^{re.escape(chapter)}\s*\.{{2,}}\s*(\d+)$", contents, re.M)
        assert entry, (book, chapter, contents)
        number = int(entry.group(1))
        assert number == top[chapter] + 1, (book, chapter, number, top[chapter])
        assert chapter.split()[-1] in pages.texts[number - 1]
        assert pages.footers[number - 1] == str(number)  # the number printed on that page
    assert pages.footers[0] == "" and pages.headers[0] == ""  # the cover
    title = pages.reader.metadata.title.split(" · ")[0]
    assert all(title in header for header in pages.headers[1:]), book
    assert all(footer.isdigit() for footer in pages.footers[1:]), book


class Lists(HTMLParser):
    """The entries of an HTML book's contents and lists: (target id, title) in each."""

    NAVS = ("daftar-isi", "daftar-tabel", "daftar-gambar")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, list[tuple[str, str]]] = {}
        self._nav = ""
        self._target = ""
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        found = set((values.get("class") or "").split()) & set(self.NAVS)
        if tag == "nav" and found:
            self._nav = found.pop()
        elif tag == "a" and self._nav and (values.get("href") or "").startswith("#"):
            self._target, self._words = (values.get("href") or "")[1:], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._target:
            title = " ".join("".join(self._words).split())
            self.entries.setdefault(self._nav, []).append((self._target, title))
            self._target = ""
        elif tag == "nav":
            self._nav = ""

    def handle_data(self, data: str) -> None:
        if self._target:
            self._words.append(data)


def list_lines(pages: Pages, before: int) -> dict[str, str]:
    """The line of each link on the first ``before`` pages, by the name it goes to (a
    title that wraps: its lines joined)."""
    lines: dict[str, str] = {}
    document = pdfium.PdfDocument(pages.path)
    try:
        for index in range(before):
            page = document[index].get_textpage()
            width = pages.sizes[index][0]
            for annotation in pages.reader.pages[index].get("/Annots") or []:
                link = annotation.get_object()
                if link.get("/Subtype") != "/Link" or not isinstance(link.get("/Dest"), str):
                    continue
                low, high = sorted(float(link["/Rect"][i]) for i in (1, 3))
                line = " ".join(_lines(page.get_text_bounded(0, low - 1, width, high + 1))
                                .split("\n"))
                target = str(link["/Dest"])
                lines[target] = f"{lines[target]} {line}" if target in lines else line
    finally:
        document.close()
    return lines


def test_contents_and_lists_give_the_page_of_each_entry(built: Build) -> None:
    for book in built.books:
        parser = Lists()
        parser.feed((built.out / f"{book}.html").read_text("utf-8"))
        assert "daftar-isi" in parser.entries, book
        pages = built.book(book)
        first_chapter = min(page for level, title, page in outline(pages.reader)
                            if title == chapters_of(built.out / f"{book}.html")[0])
        lines = list_lines(pages, first_chapter)
        destinations = pages.reader.named_destinations
        for nav, entries in parser.entries.items():
            for target, title in entries:
                shown = re.search(r"\.{2,}\s*(\d+)$", lines.get(target, ""))
                assert shown, (book, nav, title, lines.get(target))
                number = int(shown.group(1))
                page = pages.reader.get_destination_page_number(destinations[target])
                assert number == page + 1, (book, title, number, page + 1)
                assert pages.footers[page] == str(number)  # the number printed there
                squeezed = "".join(pages.texts[page].split())
                assert "".join(title.split()) in squeezed, (book, title, number)
        if book == "2-masterplan":
            assert {"daftar-tabel", "daftar-gambar"} <= set(parser.entries)


def test_the_page_numbers_survive_a_city_style_sheet(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    own = plan / "templates" / "html" / "gaya.css.j2"
    own.parent.mkdir(parents=True)
    own.write_text("body { font-family: serif; }\n", "utf-8")  # no page numbers of its own
    run = run_cli("build", plan, "--format", "pdf,html", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    pages = Pages(tmp_path / "out" / "2-masterplan.pdf")
    contents = next(index for index, text in enumerate(pages.texts) if "Daftar Isi" in text)
    entries = re.findall(r"\.{3,}\s*(\d+)$", pages.texts[contents], re.M)
    assert entries and all(1 < int(number) <= len(pages.texts) for number in entries)


def test_a_city_template_nested_some_hundreds_deep_is_laid_out(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    chapter = plan / "templates" / "html" / "bab" / "penutup.html.j2"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("<div>" * 400 + "Paling dalam" + "</div>" * 400, "utf-8")
    run = run_cli("build", plan, "--format", "pdf", "--out", tmp_path / "out")
    assert run.exit_code == 0, run  # not a RecursionError blamed on the engine
    assert "Paling dalam" in "".join(Pages(tmp_path / "out" / "2-masterplan.pdf").texts)


def test_wide_blocks_are_on_landscape_pages_with_header_and_number(built: Build) -> None:
    ids = programme_ids(built.plan)
    assert ids
    pages = built.book("2-masterplan")
    text = "\n".join(pages.texts)
    assert [ident for ident in ids if ident not in text] == []  # every programme is there
    wide = [index for index in range(len(pages.texts)) if pages.landscape(index)]
    assert wide and len(wide) < len(pages.texts)
    listed = []
    for index, words in enumerate(pages.texts):
        if any(re.search(rf"\b{re.escape(ident)}\b", words) for ident in ids):
            if pages.headers[index] and re.search(r"\.{4,}", words) is None:  # not a list
                assert pages.landscape(index), index + 1
                listed.append(index)
    assert listed
    for index in wide:
        assert pages.headers[index] and pages.footers[index].isdigit()
        assert pages.sizes[index] == pytest.approx((841.89, 595.28), abs=1)  # A4 landscape
    for index in set(range(len(pages.texts))) - set(wide):
        assert pages.sizes[index] == pytest.approx((595.28, 841.89), abs=1)
    assert pages.outside == []  # nothing cut off at a page's edge


def test_a_book_laid_out_in_parts_keeps_every_bookmark_destination_and_link(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    whole, parts = (_made(key, tmp_path_factory)
                    for key in ("kabupaten-en", "kabupaten-en-parts"))
    for book in BOOKS:
        one, cut = whole.book(book).reader, parts.book(book).reader
        assert [(level, title) for level, title, _ in outline(one)] == \
            [(level, title) for level, title, _ in outline(cut)], book
        assert set(one.named_destinations) == set(cut.named_destinations), book
        for reader in (one, cut):
            links = [link.get_object() for page in reader.pages
                     for link in page.get("/Annots") or []]
            assert all(str(link["/Dest"]) in reader.named_destinations
                       for link in links if "/Dest" in link), book
        assert len(links) == sum(len(page.get("/Annots") or []) for page in one.pages), book
        assert len(cut.pages) - len(one.pages) in range(0, 4), book  # a chapter was cut


def test_fonts_embedded_and_metadata_set(built: Build) -> None:
    for book in BOOKS:
        reader = pypdf.PdfReader(built.out / f"{book}.pdf")
        fonts = {}
        for page in reader.pages:
            for name, font in (page["/Resources"].get("/Font") or {}).items():
                fonts[name] = font.get_object()
        assert fonts
        for font in fonts.values():
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        info = reader.metadata
        assert info.title and info.author and info.subject
        assert info["/CreationDate"].startswith("D:20220905")  # SOURCE_DATE_EPOCH
        assert reader.trailer["/Root"]["/Lang"] == built.language


def test_every_format_built_and_the_index_links_each(built: Build) -> None:
    if built.formats != "all":
        pytest.skip("this build is of some formats only")
    from kotacerdas.render.formats import WRITERS

    index = (built.out / "index.html").read_text("utf-8")
    for book in BOOKS:
        for name in WRITERS:
            assert (built.out / f"{book}.{name}").is_file()
            assert f'href="{book}.{name}"' in index
            assert f"{book}.{name}" in built.stderr
    record = (built.out / ".kotacerdas-buku").read_text("utf-8")
    assert re.search(r"^[0-9a-f]{64}  2-masterplan\.docx$", record, re.M)


def test_building_twice_gives_the_same_pdf(tmp_path: Path) -> None:
    plan = PLANS["base"]
    for out in ("a", "b"):  # its Buku II in parts as a long book's, the others in one piece
        run = run_cli("build", plan, "--format", "pdf", "--out", tmp_path / out,
                      env={"KOTACERDAS_PDF_PART_KB": "40"})
        assert run.exit_code == 0, run
    for book in BOOKS:
        first = (tmp_path / "a" / f"{book}.pdf").read_bytes()
        assert first == (tmp_path / "b" / f"{book}.pdf").read_bytes(), book
    dated = pypdf.PdfReader(tmp_path / "a" / "3-quick-win.pdf").metadata["/CreationDate"]
    assert dated.startswith("D:2024")  # no SOURCE_DATE_EPOCH: the commitment's date


def test_stale_pdf_books_are_removed_and_others_kept(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    programmes = plan / "2-perumusan" / "program.yaml"
    programmes.write_text(programmes.read_text("utf-8").replace(
        "nama: Satu Data Contoh", f'nama: "{HOSTILE}"'), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", plan, "--format", "pdf,md", "--out", out).exit_code == 0
    text = " ".join(" ".join(Pages(out / "2-masterplan.pdf").texts).split())
    assert HOSTILE in text  # plan text printed as written, never run
    outline_file = plan / "templates" / "outline.toml"
    outline_file.parent.mkdir()
    shipped = (ROOT / "templates" / "books" / "outline.toml").read_text("utf-8")
    outline_file.write_text(shipped.split("[[buku]]\nid = \"buku-3\"")[0], "utf-8")
    run = run_cli("build", plan, "--format", "pdf", "--out", out)
    assert run.exit_code == 0, run
    assert not (out / "3-quick-win.pdf").exists()
    assert (out / "3-quick-win.md").exists()  # another format: kept
    assert "3-quick-win.pdf" in run.stderr
    record = (out / ".kotacerdas-buku").read_text("utf-8")
    assert "2-masterplan.pdf" in record and "3-quick-win.pdf" not in record
    assert re.search(r"^[0-9a-f]{64}  2-masterplan\.pdf$", record, re.M)


# -- Chromium -----------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium is not installed; apt-get install chromium to test "
                    "--pdf-engine chromium")
def test_chromium_engine(tmp_path: Path) -> None:
    for out in ("a", "b"):
        run = run_cli("build", PLANS["base"], "--format", "pdf", "--pdf-engine", "chromium",
                      "--out", tmp_path / out)
        assert run.exit_code == 0, run
    for book in BOOKS:
        data = (tmp_path / "a" / f"{book}.pdf").read_bytes()
        assert data == (tmp_path / "b" / f"{book}.pdf").read_bytes(), book
        reader = pypdf.PdfReader(tmp_path / "a" / f"{book}.pdf")
        assert reader.metadata["/CreationDate"].startswith("D:2024")
        assert outline(reader)
    reader = pypdf.PdfReader(tmp_path / "a" / "2-masterplan.pdf")
    sizes = {page.mediabox.width > page.mediabox.height for page in reader.pages}
    assert sizes == {True, False}  # landscape pages beside portrait ones


def test_chromium_node_ids_do_not_depend_on_timing() -> None:
    from kotacerdas.render.formats.pdf import renumbered_nodes

    early = b"/ID (node00000149) /ID (node00000150) /K (node00000149)"
    late = b"/ID (node00000151) /ID (node00000152) /K (node00000151)"
    assert renumbered_nodes(early) == renumbered_nodes(late)
    assert renumbered_nodes(early) == b"/ID (node00000001) /ID (node00000002) /K (node00000001)"


# -- failures -----------------------------------------------------------------------------


def test_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("build", PLANS["base"], "--format", "pdf", "--pdf-engine", "latex",
                  "--out", tmp_path)
    assert run.exit_code == 2, run
    said = run.stdout + run.stderr
    assert "[KC628]" in said and "weasyprint, chromium" in said
    assert "Traceback" not in said


def test_the_engine_options_are_the_writers_own() -> None:
    from kotacerdas.render.formats import WRITERS

    run = run_cli("build", "--help")
    assert run.exit_code == 0, run
    help_text = " ".join(run.stdout.split())
    declared = [(key, allowed) for w in WRITERS.values() for key, allowed in w.settings]
    assert ("pdf_engine", ("weasyprint", "chromium")) in declared
    for key, allowed in declared:
        flag = "--" + key.replace("_", "-")
        assert f"{flag} {key.rpartition('_')[2].upper()}" in help_text, flag
        assert ", ".join(allowed) + " (bawaan yang pertama" in help_text, flag
    command_line = (ROOT / "src" / "kotacerdas" / "cli" / "build_command.py").read_text("utf-8")
    assert not re.search(r"weasyprint|chromium|pdf.engine", command_line, re.I)


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_engine_failure_closes_with_its_own_sentence(tmp_path: Path, language: str) -> None:
    from kotacerdas.messages import say

    probe = ("import sys\nfrom kotacerdas.render.formats import pdf\n"
             "def broken(text, job):\n    raise RuntimeError('pango gave up')\n"
             "pdf.weasyprint_pdf = broken\n"
             "from kotacerdas.cli import main\n"
             f"sys.argv = ['kotacerdas', 'build', {str(PLANS['base'])!r}, '--format', 'pdf',"
             f" '--lang', {language!r}, '--out', {str(tmp_path / 'out')!r}]\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "LANG": "C.UTF-8"}, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "[KC629]" in said and "pango gave up" in said
    assert said.rstrip().endswith(say(language, "build", "engine_stopped")), said
    assert say(language, "build", "stopped") not in said  # not blamed on the templates
    assert "Traceback" not in said


def test_missing_weasyprint_names_the_extra(tmp_path: Path) -> None:
    probe = ("import sys; sys.modules['weasyprint'] = None\n"
             "from kotacerdas.cli import main\n"
             f"sys.argv = ['kotacerdas', 'build', {str(PLANS['base'])!r}, '--format', 'md,pdf',"
             f" '--out', {str(tmp_path / 'out')!r}]\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "LANG": "C.UTF-8"}, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "kotacerdas:0:0: galat[KC626]" in said
    assert "pip install 'kotacerdas[pdf]'" in said
    assert "Traceback" not in said
    assert not (tmp_path / "out").exists()  # nothing written, not even the Markdown


def test_a_crashing_engine_exits_2_without_a_traceback(tmp_path: Path) -> None:
    from kotacerdas.messages import say

    probe = ("import os, sys\nfrom kotacerdas.render.formats import pdf\n"
             "pdf.weasyprint_pdf = lambda text, job: os._exit(11)\n"
             "from kotacerdas.cli import main\n"
             f"sys.argv = ['kotacerdas', 'build', {str(PLANS['base'])!r}, '--format', 'md,pdf',"
             f" '--out', {str(tmp_path / 'out')!r}]\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "LANG": "C.UTF-8"}, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "kotacerdas:0:0: galat[KC629]" in said and ".pdf" in said
    assert said.rstrip().endswith(say("id", "build", "engine_stopped"))
    assert "Traceback" not in said
    assert not (tmp_path / "out").exists()


def test_missing_chromium_names_the_package(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    from kotacerdas.commands.build import BuildOptions, build_plan
    from kotacerdas.errors import UsageError
    from kotacerdas.render.formats import pdf

    monkeypatch.setattr(pdf, "chromium", lambda: None)
    with pytest.raises(UsageError) as refused:
        build_plan(PLANS["base"], BuildOptions(("pdf",), out=tmp_path,
                                               settings={"pdf_engine": "chromium"}))
    (diagnostic,) = refused.value.diagnostics
    assert diagnostic.code == "KC627" and diagnostic.params["package"] == "chromium"


def _build_in_process(tmp_path: Path, workers: int, timeout: float = 60.0) -> list:
    from kotacerdas.commands.check import check_plan
    from kotacerdas.errors import KotacerdasError
    from kotacerdas.render.books import BookOptions, write_books

    plan, checked = check_plan(PLANS["base"])
    options = BookOptions(("md", "pdf"), out=tmp_path / "out", workers=workers,
                          finish_timeout=timeout)
    with pytest.raises(KotacerdasError) as stopped:
        write_books(plan, checked.language, options)
    assert not (tmp_path / "out").exists()  # nothing written
    return stopped.value.diagnostics


@pytest.mark.parametrize("workers", [1, 2])
def test_an_engine_that_raises_ends_in_a_diagnostic(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path, workers: int) -> None:
    from kotacerdas.render.formats import pdf

    def broken(text: str, job: dict) -> bytes:
        raise RuntimeError("pango gave up")

    monkeypatch.setattr(pdf, "weasyprint_pdf", broken)
    (diagnostic,) = _build_in_process(tmp_path, workers)
    assert diagnostic.code == "KC629"
    assert diagnostic.params["engine"] == "weasyprint"
    assert "RuntimeError: pango gave up" in diagnostic.params["detail"]
    assert diagnostic.params["book"].endswith(".pdf")


def test_an_engine_that_crashes_ends_in_a_diagnostic(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    from kotacerdas.render.formats import pdf

    def crash(text: str, job: dict) -> bytes:
        os._exit(11)

    monkeypatch.setattr(pdf, "weasyprint_pdf", crash)
    (diagnostic,) = _build_in_process(tmp_path, workers=2)
    assert diagnostic.code == "KC629"
    assert "ended without an answer" in diagnostic.params["detail"]


@pytest.mark.parametrize("workers", [1, 2])
def test_an_engine_past_its_time_limit_ends_in_a_diagnostic(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, workers: int) -> None:
    import time

    from kotacerdas.render.formats import pdf

    def slow(text: str, job: dict) -> bytes:
        time.sleep(60)
        return b""

    monkeypatch.setattr(pdf, "weasyprint_pdf", slow)
    started = time.perf_counter()
    (diagnostic,) = _build_in_process(tmp_path, workers, timeout=0.5)
    assert diagnostic.code == "KC630"
    assert diagnostic.params["seconds"] == "0.5"
    assert time.perf_counter() - started < 20


def test_a_book_finished_in_this_process_leaves_no_alarm_behind() -> None:
    import signal

    from kotacerdas.render.formats.finishing import Task, run_task

    before = signal.getsignal(signal.SIGALRM)
    outcome = run_task(Task("md", "# Buku"), timeout=30)  # md has no finishing step
    assert outcome.code == "KC629"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before
