"""Word books, opened with python-docx: heading styles with outline levels, the contents
field, chapters numbered by Word's list numbering, landscape sections for the wide blocks,
a footer with a PAGE field in every section, header rows that repeat, one image per chart,
the signature table; the same with a city's reference document; hostile reference
documents refused, and HTML the writer does not understand written as plain paragraphs.

The worked example is built in both languages, the kabupaten fixture in English.
"""

from __future__ import annotations

import base64
import collections
import io
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.regen_golden import KABUPATEN

docx = pytest.importorskip("docx")
pytest.importorskip("resvg_py")

from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.oxml.ns import nsmap, qn  # noqa: E402

#: Tests that hold a clock, and the PDF and Word builds that use every core, run one after
#: another on one worker (`make test` distributes by group), so that neither slows the other.
pytestmark = pytest.mark.xdist_group("clock")

PLANS = {"batam": EXAMPLE, "kabupaten": KABUPATEN,
         "base": ROOT / "tests" / "cases" / "rules" / "_base"}
BUILDS = (("batam", "id"), ("batam", "en"), ("kabupaten", "en"))
HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"
BOOKS = ("0-ringkasan-eksekutif", "1-analisis-strategis", "2-masterplan", "3-quick-win")
CHAPTER_WORD = {"id": "BAB", "en": "Chapter"}


class Outline(HTMLParser):
    """What the HTML book holds that its Word twin must hold too."""

    def __init__(self) -> None:
        super().__init__()
        self.chapters: list[str] = []
        self.front: list[str] = []  # the unnumbered headings before the contents
        self.back: list[str] = []  # the appendices after the chapters
        self.tables_with_head = 0
        self.charts = 0  # every inline svg: the charts and the cover's emblem
        self.signers: list[str] = []
        self._section = self._chapter = self._signatures = self._strong = False
        self._front = self._back = False
        self._number = False
        self._words: list[str] = []
        self._table: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section":
            self._signatures = False  # the signature blocks end with their section
        if tag == "section" and "bab" in classes:
            self._section = True
        elif tag == "section" and "kata-pengantar" in classes:
            self._section = self._front = True
        elif tag == "section" and "lampiran" in classes:
            self._section = self._back = True
        elif tag == "h2" and self._section:
            self._chapter, self._words = True, []
        elif tag == "span" and "nomor" in classes and self._chapter:
            self._number = True
        elif tag == "table":
            self._table.append(False)
        elif tag == "thead" and self._table:
            self._table[-1] = True
        elif tag == "svg":
            self.charts += 1
        elif tag == "div" and "tanda-tangan" in classes:
            self._signatures = True
        elif tag == "strong" and self._signatures:
            self._strong, self._words = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._number:
            self._number = False
        elif tag == "h2" and self._chapter:
            heading = " ".join("".join(self._words).split())
            kind = self.front if self._front else self.back if self._back else self.chapters
            kind.append(heading)
            self._chapter = self._section = self._front = self._back = False
        elif tag == "table" and self._table:
            self.tables_with_head += self._table.pop()
        elif tag == "strong" and self._strong:
            self.signers.append(" ".join("".join(self._words).split()))
            self._strong = False

    def handle_data(self, data: str) -> None:
        if (self._chapter and (not self._number or self._back)) or self._strong:
            self._words.append(data)


def html_outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module", params=BUILDS, ids=lambda p: f"{p[0]}-{p[1]}")
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[Path, Path, str]:
    name, language = request.param
    out = tmp_path_factory.mktemp(f"docx-{name}-{language}")
    run = run_cli("build", PLANS[name], "--format", "docx,html", "--lang", language,
                  "--out", out, env={"SOURCE_DATE_EPOCH": "1662336000"})
    assert run.exit_code == 0, run
    said = run.stdout + run.stderr
    assert "KC632" not in said and "KC633" not in said, run
    for book in BOOKS:
        assert f"{book}.docx" in run.stderr
    return out, PLANS[name], language


def body_sections(document: docx.document.Document) -> list[list]:
    """The body's block elements grouped by the section they belong to."""
    groups: list[list] = [[]]
    for element in document.element.body:
        if element.tag == qn("w:sectPr"):
            continue
        groups[-1].append(element)
        if element.xpath("./w:pPr/w:sectPr"):
            groups.append([])
    return groups


def style_of(paragraph_element, document) -> str:
    ids = paragraph_element.xpath("./w:pPr/w:pStyle/@w:val")
    if not ids:
        return "Normal"
    return next(s.name for s in document.styles if s.style_id == ids[0])


@pytest.mark.parametrize("book", BOOKS)
def test_headings_contents_and_chapter_numbering(built: tuple[Path, Path, str],
                                                 book: str) -> None:
    out, _, language = built
    expected = html_outline(out / f"{book}.html")
    document = docx.Document(out / f"{book}.docx")
    styles = document.styles
    for level in (1, 2, 3):
        assert styles[f"Heading {level}"].element.xpath("./w:pPr/w:outlineLvl/@w:val") == \
            [str(level - 1)]
    chapters = [" ".join(p.text.split()) for p in document.paragraphs
                if p.style.name == "Heading 1"]
    # the typed number left to Word's numbering
    assert chapters == expected.front + expected.chapters + expected.back
    assert [p for p in document.paragraphs if p.style.name == "Heading 2"] or book.startswith("0")
    codes = document.element.body.xpath(".//w:instrText/text()")
    assert any(re.match(r"\s*TOC \\o \"1-2\" \\h \\z \\u", code) for code in codes)
    filled = [" ".join(p.text.split()) for p in document.paragraphs if p.style.name == "toc 1"]
    numbered = book != "0-ringkasan-eksekutif"
    word = CHAPTER_WORD[language]
    from kotacerdas.render.filters import roman

    wanted = expected.front + [f"{word} {roman(n)} {title}" if numbered else title
                               for n, title in enumerate(expected.chapters, 1)] + expected.back
    assert filled == wanted  # the contents read right before Word updates them
    paragraphs = document.paragraphs
    at = next(index for index, p in enumerate(paragraphs) if p.style.name == "TOC Heading")
    foreword = any(p.style.name == "Heading 1" for p in paragraphs[:at])  # then a new page
    assert paragraphs[at].paragraph_format.page_break_before is (True if foreword else None)
    assert document.settings.element.xpath("./w:updateFields/@w:val") == ["true"]
    numbering = styles["Heading 1"].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    if not numbered:
        assert numbering == []
        return
    (num,) = numbering
    definitions = document.part.numbering_part.element
    (abstract,) = definitions.xpath(f"./w:num[@w:numId='{num}']/w:abstractNumId/@w:val")
    (level,) = definitions.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl")
    assert level.xpath("./w:numFmt/@w:val", namespaces=nsmap) == ["upperRoman"]
    assert level.xpath("./w:lvlText/@w:val", namespaces=nsmap) == [f"{word} %1"]
    assert level.xpath("./w:pStyle/@w:val", namespaces=nsmap) == [styles["Heading 1"].style_id]


@pytest.mark.parametrize("book", BOOKS)
def test_sections_footers_tables_and_charts(built: tuple[Path, Path, str], book: str) -> None:
    out, _, _ = built
    expected = html_outline(out / f"{book}.html")
    document = docx.Document(out / f"{book}.docx")
    for number, section in enumerate(document.sections):
        footer = section.footer
        assert not footer.is_linked_to_previous, number  # every section its own footer
        codes = footer._element.xpath(".//w:instrText/text()")
        assert any(code.strip() == "PAGE" for code in codes), number
        short, long = sorted((section.page_width, section.page_height))
        assert abs(short - docx.shared.Cm(21)) < docx.shared.Cm(0.1)  # A4
        assert abs(long - docx.shared.Cm(29.7)) < docx.shared.Cm(0.1)
    assert document.sections[0].different_first_page_header_footer  # the cover: no number
    headed = 0
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert all(row.xpath("./w:trPr/w:cantSplit") for row in rows)
        headed += bool(rows[0].xpath("./w:trPr/w:tblHeader"))
        assert table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")  # widths LibreOffice reads
    assert headed == expected.tables_with_head
    pictures = document.element.body.xpath(".//w:drawing//wp:docPr")
    assert len(pictures) == expected.charts  # one image per chart (and the emblem)
    for picture in pictures:
        blip = picture.getparent().xpath(".//a:blip/@r:embed")
        image = document.part.related_parts[blip[0]]
        assert image.content_type == "image/png"
    for cell_paragraph in document.element.body.xpath(".//w:tc/w:p"):
        text = "".join(cell_paragraph.xpath(".//w:t/text()"))
        if re.fullmatch(r"(Rp)?\d{1,3}([.,]\d{3})+", text):  # an amount: right-aligned
            assert cell_paragraph.xpath("./w:pPr/w:jc/@w:val") == ["right"], text
    core = document.core_properties
    assert core.title and core.created.isoformat().startswith("2022-09-05")


class Listed(HTMLParser):
    """The entries of an HTML book's lists of tables and figures: (target id, title)."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, list[tuple[str, str]]] = {"Tabel": [], "Gambar": []}
        self.titles: dict[str, str] = {}
        self._nav = self._target = ""
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "nav" and {"daftar-tabel", "daftar-gambar"} & set(classes):
            self._nav = "Tabel" if "daftar-tabel" in classes else "Gambar"
            self._target = "h2"
            self._words = []
        elif tag == "a" and self._nav:
            self._target, self._words = (values.get("href") or "").removeprefix("#"), []

    def handle_endtag(self, tag: str) -> None:
        words = " ".join("".join(self._words).split())
        if tag == "h2" and self._target == "h2":
            self.titles[self._nav], self._target = words, ""
        elif tag == "a" and self._target:
            self.entries[self._nav].append((self._target, words))
            self._target = ""
        elif tag == "nav":
            self._nav = ""

    def handle_data(self, data: str) -> None:
        if self._target:
            self._words.append(data)


def _words_of(element) -> str:
    return " ".join("".join(element.xpath(".//w:t/text()")).split())


@pytest.mark.parametrize("book", BOOKS)
def test_lists_of_tables_and_figures_are_fields_over_the_captions(
        built: tuple[Path, Path, str], book: str) -> None:
    out, _, _ = built
    listed = Listed()
    listed.feed((out / f"{book}.html").read_text("utf-8"))
    document = docx.Document(out / f"{book}.docx")
    paragraphs = document.element.body.xpath("./w:p")
    if book == "2-masterplan":
        assert listed.entries["Tabel"] and listed.entries["Gambar"]
    for sequence, entries in listed.entries.items():
        field = f'TOC \\h \\z \\c "{sequence}"'
        starts = [index for index, p in enumerate(paragraphs)
                  if any(code.strip() == field for code in p.xpath(".//w:instrText/text()"))]
        if not entries:
            assert starts == [], (book, sequence)
            continue
        (start,) = starts
        assert style_of(paragraphs[start - 1], document) == "TOC Heading"
        assert _words_of(paragraphs[start - 1]) == listed.titles[sequence]
        filled = []
        for p in paragraphs[start:]:
            if style_of(p, document) != "table of figures":
                break
            filled.append(p)
        # the list reads right before Word updates it, each entry a link to its target
        assert [_words_of(p) for p in filled] == [title for _, title in entries]
        for p, (target, _) in zip(filled, entries):
            (anchor,) = p.xpath("./w:hyperlink/@w:anchor")
            assert document.element.body.xpath(f".//w:bookmarkStart[@w:name='{anchor}']")
            assert target.replace("-", "_") in anchor
        # what Word's update lists: the captions carrying the SEQ field, in the Caption style
        captions = [p for p in paragraphs + document.element.body.xpath(".//w:tc/w:p")
                    if any(code.strip() == f"SEQ {sequence} \\h"
                           for code in p.xpath(".//w:instrText/text()"))]
        assert sorted(_words_of(p) for p in captions) == sorted(t for _, t in entries)
        assert {style_of(p, document) for p in captions} == {"Caption"}
        for p in captions:  # hidden text: a word processor that shows its number shows none
            field_runs = p.xpath(".//w:r[w:fldChar or w:instrText]")
            assert field_runs and all(r.xpath("./w:rPr/w:vanish") for r in field_runs)
    assert all(style_of(p, document) == "Caption" for p in paragraphs
               if re.match(r"(Tabel|Table|Gambar|Figure) \d+\.\d+ ", _words_of(p))
               and style_of(p, document) != "table of figures")


def test_libreoffice_shows_the_captions_as_written(built: tuple[Path, Path, str],
                                                   tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out, plan, language = built
    if (plan, language) != (EXAMPLE, "id"):
        pytest.skip("one build is read through LibreOffice")
    pdfium = pytest.importorskip("pypdfium2")
    listed = Listed()
    listed.feed((out / "2-masterplan.html").read_text("utf-8"))
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(out / "2-masterplan.docx")], capture_output=True, timeout=300)
    printed = tmp_path / "2-masterplan.pdf"
    if not printed.is_file():
        pytest.skip(f"LibreOffice could not convert: {done.stderr[-200:]!r}")
    document = pdfium.PdfDocument(printed)
    lines = collections.Counter(" ".join(line.split()) for page in document
                                for line in page.get_textpage().get_text_range().splitlines())
    document.close()
    for entries in listed.entries.values():
        for _, title in entries:  # each caption in its list, and over its table or figure
            assert lines[title] == 2, (title, lines[title])


def test_wide_blocks_in_landscape_sections(built: tuple[Path, Path, str]) -> None:
    out, plan, _ = built
    document = docx.Document(out / "2-masterplan.docx")
    orientations = [section.orientation for section in document.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and WD_ORIENT.PORTRAIT in orientations
    ids = set(re.findall(r"^\s*-?\s*id:\s*([A-Z]+-\d+)\s*$", "\n".join(
        path.read_text("utf-8") for path in (plan / "2-perumusan").glob("program*.yaml")), re.M))
    found: set[str] = set()
    for section, blocks in zip(document.sections, body_sections(document)):
        for block in blocks:
            if block.tag != qn("w:tbl"):
                continue
            first_cells = {"".join(row.xpath("./w:tc[1]//w:t/text()")).strip()
                           for row in block.xpath("./w:tr")}
            if ids & first_cells:  # the programme matrix and the indicator table
                assert section.orientation == WD_ORIENT.LANDSCAPE
                assert section.page_width > section.page_height
                if not found:  # the chapter opens on it: landscape from its heading on
                    assert any(style_of(b, document) == "Heading 1" for b in blocks)
                found |= ids & first_cells
    assert found == ids  # every programme of the plan is in a landscape table


def test_signature_page_is_a_borderless_table(built: tuple[Path, Path, str]) -> None:
    out, _, _ = built
    expected = html_outline(out / "3-quick-win.html")
    document = docx.Document(out / "3-quick-win.docx")
    assert expected.signers
    def text_of(table) -> str:
        return "\n".join(c.text for r in table.rows for c in r.cells)

    tables = [table for table in document.tables
              if any(name in text_of(table) for name in expected.signers)]
    assert all(any(name in text_of(t) for t in tables) for name in expected.signers)
    assert 1 <= len(tables) <= 2  # the signers, then those who acknowledge it
    for table in tables:
        sides = table._tbl.tblPr.xpath("./w:tblBorders/*/@w:val")
        assert sides and set(sides) == {"nil"}
        assert len(table.columns) == 2


def test_plan_text_in_an_english_book_is_marked_indonesian(
        built: tuple[Path, Path, str]) -> None:
    out, plan, language = built
    document = docx.Document(out / "2-masterplan.docx")
    marked: dict[str | None, list[str]] = {}
    for run in document.element.body.iter(qn("w:r")):
        tags = run.xpath("./w:rPr/w:lang/@w:val")
        marked.setdefault(tags[0] if tags else None, []).append(
            "".join(run.xpath("./w:t/text()")))
    names = [p["nama"] for path in sorted((plan / "2-perumusan").glob("program*.yaml"))
             for p in yaml.safe_load(path.read_text("utf-8"))["program"]]
    if language == "id":
        assert set(marked) == {None}  # the whole document is Indonesian already
        return
    indonesian = "".join(marked.get("id-ID", []))
    assert all(name in indonesian for name in names)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and not any(h and h in indonesian for h in headings[:3])


def test_building_twice_gives_the_same_docx(tmp_path: Path) -> None:
    plan = PLANS["base"]
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}  # empty, then holding the charts
    for out in ("a", "b"):
        run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / out, env=cache)
        assert run.exit_code == 0, run
        assert list((tmp_path / "cache" / "kotacerdas" / "png").glob("*.png"))
    for book in BOOKS:
        first = (tmp_path / "a" / f"{book}.docx").read_bytes()
        assert first == (tmp_path / "b" / f"{book}.docx").read_bytes(), book
        with zipfile.ZipFile(io.BytesIO(first)) as package:
            assert {info.date_time for info in package.infolist()} == {(2024, 9, 6, 0, 0, 0)}


# -- the city's reference document ---------------------------------------------------------


def reference_document(path: Path) -> None:
    """A city's reference: its own Normal font and Heading 1 colour, a cover, a letterhead
    header and a footer without a page number."""
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x99, 0x00, 0x00)
    document.add_paragraph("PEMERINTAH {daerah}", style="Title")
    document.add_paragraph("Sampul {buku} {periode}")
    section = document.sections[0]
    section.header.paragraphs[0].text = "KOP SURAT DINAS KOMINFO"
    section.footer.paragraphs[0].text = "Jl. Engku Putri No. 1"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


@pytest.fixture(scope="module")
def with_reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reference")
    plan = root / "batam"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    reference_document(plan / "templates" / "referensi.docx")
    run = run_cli("build", plan, "--format", "docx,html", "--out", root / "out")
    assert run.exit_code == 0, run
    return root / "out"


@pytest.mark.parametrize("book", BOOKS)
def test_a_reference_document_gives_styles_cover_and_letterhead(with_reference: Path,
                                                                book: str) -> None:
    expected = html_outline(with_reference / f"{book}.html")
    document = docx.Document(with_reference / f"{book}.docx")
    assert document.styles["Normal"].font.name == "Georgia"
    assert str(document.styles["Heading 1"].font.color.rgb) == "990000"
    texts = [p.text for p in document.paragraphs[:3]]
    assert texts[0] == "PEMERINTAH Kota Batam"
    assert texts[1].startswith("Sampul ") and "2023" in texts[1]
    chapters = [" ".join(p.text.split()) for p in document.paragraphs
                if p.style.name == "Heading 1"]
    assert chapters == expected.front + expected.chapters + expected.back
    for section in document.sections:
        assert "KOP SURAT DINAS KOMINFO" in section.header._element.xpath("string(.)")
        footer = section.footer._element
        assert "Jl. Engku Putri" in footer.xpath("string(.)")
        assert any(c.strip() == "PAGE" for c in footer.xpath(".//w:instrText/text()"))
    headed = sum(bool(t._tbl.tr_lst[0].xpath("./w:trPr/w:tblHeader")) for t in document.tables)
    assert headed == expected.tables_with_head
    assert document.styles["Heading 1"].element.xpath("./w:pPr/w:numPr") or \
        book.startswith("0")


def _package(files: dict[str, bytes], base: bytes | None = None) -> bytes:
    """A copy of the ``base`` package (python-docx's empty document) with ``files`` put in."""
    if base is None:
        buffer = io.BytesIO()
        docx.Document().save(buffer)
        base = buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in files:
                target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
        for name, data in files.items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _hostile() -> dict[str, tuple[bytes, str]]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    plain = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(plain)) as package:
        document = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    external = rels.replace("</Relationships>", (
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="http://example.invalid/t.dotm" '
        'TargetMode="External"/></Relationships>'))
    included = document.replace("<w:body>", (
        '<w:body><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
        ' INCLUDEPIC</w:instrText></w:r><w:r><w:instrText>TURE "file:///etc/x.png" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'))
    doctype = document.replace("?>", '?><!DOCTYPE d [<!ENTITY a "aaaa">]>', 1)
    return {
        "not_zip": (b"PK\x03\x04 this is no zip " * 50, "not_zip"),
        "pdf": (b"%PDF-1.4\n" + b"0" * 1000, "not_zip"),
        "bomb": (_package({"word/media/zero.xml": b"\0" * (3 * 1024**2)}, plain), "bomb"),
        "macros": (_package({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}, plain), "macros"),
        "external": (_package({"word/_rels/document.xml.rels": external.encode()}, plain),
                     "external"),
        "include_field": (_package({"word/document.xml": included.encode()}, plain),
                          "external"),
        "doctype": (_package({"word/document.xml": doctype.encode()}, plain), "doctype"),
        "no_body": (_package({}, _without(plain, "word/document.xml")), "not_word"),
        "traversal": (_package({"../../etc/evil.xml": b"<x/>"}, plain), "unsafe_name"),
    }


def _without(package: bytes, name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(_hostile()))
def test_a_hostile_reference_document_is_refused(case: str) -> None:
    from kotacerdas.errors import BuildProblem
    from kotacerdas.render.formats.word_reference import check_reference

    data, reason = _hostile()[case]
    with pytest.raises(BuildProblem) as refused:
        check_reference(data, "templates/referensi.docx")
    (diagnostic,) = refused.value.diagnostics
    assert diagnostic.code == "KC631"
    assert diagnostic.params["reason"].key == reason


def test_a_plain_reference_document_passes() -> None:
    from kotacerdas.render.formats.word_reference import check_reference

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    check_reference(buffer.getvalue(), "templates/referensi.docx")


@pytest.mark.parametrize("case", ["not_zip", "macros", "external"])
def test_the_build_stops_on_a_hostile_reference(tmp_path: Path, case: str) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    (plan / "templates").mkdir()
    (plan / "templates" / "referensi.docx").write_bytes(_hostile()[case][0])
    run = run_cli("build", plan, "--format", "md,docx", "--out", tmp_path / "out")
    said = run.stdout + run.stderr
    assert run.exit_code == 1, run
    assert "templates/referensi.docx:1:1: galat[KC631]" in said
    assert "Traceback" not in said
    assert not (tmp_path / "out").exists()


def test_a_linked_reference_document_is_passed_over(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    reference_document(tmp_path / "elsewhere.docx")
    (plan / "templates").mkdir()
    (plan / "templates" / "referensi.docx").symlink_to(tmp_path / "elsewhere.docx")
    run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    assert "templates/referensi.docx:1:1: peringatan[KC625]" in run.stdout + run.stderr
    document = docx.Document(tmp_path / "out" / "2-masterplan.docx")
    assert document.styles["Normal"].font.name != "Georgia"


def test_plan_text_is_written_literally(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    path = plan / "2-perumusan" / "program.yaml"
    path.write_text(path.read_text("utf-8").replace("nama: Satu Data Contoh",
                                                    f'nama: "{HOSTILE}"'), "utf-8")
    run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    document = docx.Document(tmp_path / "out" / "2-masterplan.docx")
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(HOSTILE in text for text in texts)
    assert not any("49" in text and "alert(1)" in text for text in texts)


# -- what the writer does not understand -----------------------------------------------------


def test_unknown_html_becomes_plain_paragraphs_with_a_warning(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    chapter = plan / "templates" / "html" / "bab" / "penutup.html.j2"
    chapter.parent.mkdir(parents=True)
    chapter.write_text('<p>{{ L.teks.penutup }}</p>\n<marquee>Terima kasih</marquee>\n'
                       '<svg class="grafik" viewBox="0 0 10 10"><image href="file:///etc/passwd"'
                       ' width="10" height="10"/><title>Peta kosong</title></svg>\n'
                       '<script>alert(1)</script><dl><dt>Istilah</dt><dd>Arti</dd></dl>\n',
                       "utf-8")
    run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    warning = "templates/html/bab/penutup.html.j2:1:1: peringatan[KC632]"
    said = run.stdout + run.stderr
    assert warning in said and "<marquee>" in said and "<script>" in said
    document = docx.Document(tmp_path / "out" / "2-masterplan.docx")
    texts = [p.text for p in document.paragraphs]
    assert "Terima kasih" in texts and "Istilah" in texts and "Arti" in texts
    assert not any("alert" in text for text in texts)
    described = document.element.body.xpath(".//wp:docPr/@descr")
    assert "Peta kosong" in described  # drawn, without reading the linked file


def _with_closing_chapter(tmp_path: Path, html: str) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    chapter = plan / "templates" / "html" / "bab" / "penutup.html.j2"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(html, "utf-8")
    return plan


def test_html_nested_past_any_template_is_written_plain_and_named(tmp_path: Path) -> None:
    plan = _with_closing_chapter(tmp_path, "<div>" * 400 + "Paling dalam" + "</div>" * 400)
    run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    said = run.stdout + run.stderr
    assert "templates/html/bab/penutup.html.j2:1:1: peringatan[KC632]" in said, said
    assert "<div>…<div>" in said and "RecursionError" not in said
    texts = [p.text for p in docx.Document(tmp_path / "out" / "2-masterplan.docx").paragraphs]
    assert "Paling dalam" in texts


@pytest.mark.parametrize("size", ['width="1000000" height="1000000"',
                                  'width="5000km" height="1"', 'width="900000mm"',
                                  'height="1e9" viewBox="0 0 1 4"',
                                  'width="20000" height="20000" data-width="10" data-height="10"',
                                  'aria-label="a>b" width="20000" height="20000"',
                                  'stroke-width="1" width="20000" height="20000"',
                                  'font-size="100" width="100em" height="100em"',
                                  'width="100000%" height="100000%" viewBox="0 0 10 10"'])
def test_an_image_that_claims_to_be_enormous_is_drawn_small(tmp_path: Path, size: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="5" height="5"/></svg>'
    encoded = base64.b64encode(svg.encode()).decode()
    plan = _with_closing_chapter(
        tmp_path, f'<p><img alt="Peta raksasa" src="data:image/svg+xml;base64,{encoded}"></p>')
    run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run  # no worker killed by an allocation of many gigabytes
    document = docx.Document(tmp_path / "out" / "2-masterplan.docx")
    pictures = document.element.body.xpath(".//wp:docPr/@descr")
    assert "Peta raksasa" in pictures or "Peta raksasa" in [p.text for p in document.paragraphs]
    drawn = [part.image for part in document.part.package.image_parts]
    assert all(max(image.px_width, image.px_height) <= 12_000 for image in drawn)


def test_a_control_character_from_a_city_template_is_shown_and_named(tmp_path: Path) -> None:
    plan = _with_closing_chapter(tmp_path, "<p>Akhir&#x1b;[31m kata\x07</p>\n"
                                 "<p><img alt=\"Peta&#x7;\" src=\"data:image/png;base64,AA\"></p>")
    run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run  # not an engine failure
    said = run.stdout + run.stderr
    assert "templates/html/bab/penutup.html.j2:1:1: peringatan[KC638]" in said, said
    assert "U+001B" in said and "\x1b" not in said
    texts = [p.text for p in docx.Document(tmp_path / "out" / "2-masterplan.docx").paragraphs]
    assert "Akhir\ufffd[31m kata\ufffd" in texts


def test_a_city_label_with_a_control_character_is_refused_where_it_is(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLANS["base"], plan)
    labels = plan / "templates" / "labels" / "id.toml"
    labels.parent.mkdir(parents=True)
    labels.write_text('[teks]\npenutup = "Akhir\\u001b[31m"\n', "utf-8")
    run = run_cli("build", plan, "--format", "html", "--out", tmp_path / "out")
    said = run.stdout + run.stderr
    assert run.exit_code == 1 and "templates/labels/id.toml:2:1: galat[KC637]" in said, run
    assert "Akhir\\x1b[31m" in said and "\x1b" not in said


def test_lists_nested_past_any_template_are_written_plain_and_named(tmp_path: Path) -> None:
    plan = _with_closing_chapter(tmp_path, "<ul><li>a" * 200 + "Butir terdalam" +
                                 "</li></ul>" * 200)
    run = run_cli("build", plan, "--format", "docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    said = run.stdout + run.stderr
    assert "peringatan[KC632]" in said and "<ul>…<ul>" in said, said
    texts = [p.text for p in docx.Document(tmp_path / "out" / "2-masterplan.docx").paragraphs]
    assert any(text.endswith("Butir terdalam") for text in texts)
