"""Tables and figures numbered by chapter, the lists of them, and a table of contents that
shows the sub-sections: as a reviewer navigates a printed book, in HTML and in Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli
from tests.regen_golden import EXAMPLE, KABUPATEN

PLANS = {"batam": EXAMPLE, "kabupaten": KABUPATEN}
BOOKS = ("0-ringkasan-eksekutif", "1-analisis-strategis", "2-masterplan", "3-quick-win")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
         "X": 10}
WORDS = {"id": ("Tabel", "Gambar"), "en": ("Table", "Figure")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each plan's books, in Indonesian and in English."""
    folders = {}
    for name, plan in PLANS.items():
        for language in ("id", "en"):
            out = tmp_path_factory.mktemp(f"{name}-{language}")
            run = run_cli("build", plan, "--out", out, "--lang", language)
            assert run.exit_code == 0, run
            folders[(name, language)] = out
    return folders


class _Book(HTMLParser):
    """What a reader navigates by: captions (with the chapter they are in), the table of
    contents, the lists of tables and figures, headings, ids and in-page links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.captions: list[dict[str, str]] = []  # kind, id, text, chapter (as shown)
        self.lists: dict[str, list[tuple[str, str]]] = {"tabel": [], "gambar": []}
        self.toc: list[tuple[str, str]] = []
        self.headings: list[tuple[str, str, str]] = []  # id, text, chapter id
        self.links: list[tuple[str, str]] = []
        self._stack: list[tuple[str, dict[str, str]]] = []
        self._text: list[str] | None = None
        self._chapter = {"id": "", "number": ""}
        self._nav = ""
        self._in_main = False
        self._pending = ("", "")  # the table or figure whose caption comes next
        self._toc_target = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "nav":
            self._nav = values.get("class", "")
        if tag == "main":
            self._in_main = True
        if tag == "section" and values.get("class", "") in ("bab", "lampiran"):
            self._chapter = {"id": values.get("id", ""), "number": ""}
        if tag == "table":
            self._pending = ("tabel", values.get("id", ""))
        if tag == "figure":
            self._pending = ("gambar", values.get("id", ""))
        self._stack.append((tag, values))
        if tag == "a" and "daftar-isi" in self._nav:
            self._toc_target = values.get("href", "").removeprefix("#")
        elif tag in ("caption", "figcaption", "a", "h2", "h3", "li"):
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._stack or self._stack[-1][0] != tag:
            return
        _, values = self._stack.pop()
        words = " ".join("".join(self._text or []).split())
        if tag == "nav":
            self._nav = ""
        elif tag in ("caption", "figcaption"):
            kind, ident = self._pending
            self.captions.append({"kind": kind, "id": ident, "text": words,
                                  "chapter": self._chapter["number"]})
        elif tag == "h2" and self._in_main:
            found = re.match(r"(?:BAB|Chapter) ([IVX]+)\b", words)
            appendix = re.match(r"(?:Lampiran|Appendix)\b", words)
            self._chapter["number"] = found.group(1) if found else "L" if appendix else ""
        elif tag == "h3" and self._in_main:
            self.headings.append((values.get("id", ""), words, self._chapter["id"]))
        elif tag == "li" and "daftar-isi" in self._nav and self._toc_target:
            self.toc.append((self._toc_target, words))  # its number and title
            self._toc_target = ""
        elif tag == "a" and values.get("href", "").startswith("#") and not self._nav:
            self.links.append((values["href"][1:], words))
        elif tag == "a" and self._nav.startswith("daftar-") and "daftar-isi" not in self._nav:
            target = values.get("href", "").removeprefix("#")
            self.lists[self._nav.removeprefix("daftar-")].append((target, words))
        if tag in ("caption", "figcaption", "h2", "h3", "li") or (
                tag == "a" and "daftar-isi" not in self._nav):
            self._text = None


def read_html(path: Path) -> _Book:
    book = _Book()
    book.feed(path.read_text("utf-8"))
    return book


def _number(text: str, language: str) -> tuple[str, str, str]:
    """``(kind, chapter, order)`` of a caption such as "Tabel 4.2 ..." (chapter "" when the
    book numbers by order)."""
    table, figure = WORDS[language]
    found = re.match(rf"({table}|{figure}) (?:(\d+|L)\.)?(\d+) \S", text)
    assert found, f"caption without a number: {text!r}"
    return ("tabel" if found.group(1) == table else "gambar", found.group(2) or "",
            found.group(3))


CASES = [(plan, language, book) for plan in PLANS for language in WORDS for book in BOOKS]


@pytest.mark.parametrize(("plan", "language", "stem"), CASES)
def test_captions_are_numbered_by_chapter_in_arabic_and_unique(
        built: dict[tuple[str, str], Path], plan: str, language: str, stem: str) -> None:
    book = read_html(built[(plan, language)] / f"{stem}.html")
    assert book.captions, "every book has a table or a figure"
    seen: dict[tuple[str, str], list[int]] = {}
    for caption in book.captions:
        kind, chapter, order = _number(caption["text"], language)
        assert kind == caption["kind"], caption  # a table says Tabel, a figure Gambar
        assert caption["id"] == f"{kind}-{chapter + '-' if chapter else ''}{order}", caption
        if caption["chapter"] == "L":  # an appendix: Tabel L.1, ...
            assert chapter == "L", caption
        elif caption["chapter"]:  # BAB IV: Tabel 4.1, 4.2, ...
            assert chapter == str(ROMAN[caption["chapter"]]), caption
        else:  # the executive summary has no chapter numbers: Tabel 1, 2, ...
            assert chapter == "", caption
        seen.setdefault((kind, chapter), []).append(int(order))
    for numbers in seen.values():
        assert numbers == list(range(1, len(numbers) + 1))  # in order, none twice
    ids = [caption["id"] for caption in book.captions]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("plan", "language", "stem"), CASES)
def test_the_lists_of_tables_and_figures_follow_the_captions(
        built: dict[tuple[str, str], Path], plan: str, language: str, stem: str) -> None:
    book = read_html(built[(plan, language)] / f"{stem}.html")
    for kind in ("tabel", "gambar"):
        captions = [(c["id"], c["text"]) for c in book.captions if c["kind"] == kind]
        assert book.lists[kind] == captions


@pytest.mark.parametrize(("plan", "language", "stem"), CASES)
def test_every_reference_to_a_table_or_figure_resolves(
        built: dict[tuple[str, str], Path], plan: str, language: str, stem: str) -> None:
    book = read_html(built[(plan, language)] / f"{stem}.html")
    labels = {c["id"]: c["text"] for c in book.captions}
    references = [(target, words) for target, words in book.links
                  if re.fullmatch(r"(tabel|gambar)-[\d-]+", target)]
    for target, words in references:
        assert target in labels, (target, words)
        assert labels[target].startswith(words + " "), (target, words)  # "Tabel 4.1"
    named = re.findall(rf"\b(?:{'|'.join(WORDS[language])}) \d+(?:\.\d+)?\b",
                       re.sub(r"<[^>]+>", "", (built[(plan, language)] / f"{stem}.html")
                              .read_text("utf-8")))
    shown = {" ".join(text.split()[:2]) for text in labels.values()}
    assert set(named) <= shown  # no text names a table or figure the book does not have
    if stem == "1-analisis-strategis":
        assert references, "the text refers to its tables and figures by number"


@pytest.mark.parametrize(("plan", "language", "stem"), CASES)
def test_the_contents_show_each_sub_section(
        built: dict[tuple[str, str], Path], plan: str, language: str, stem: str) -> None:
    book = read_html(built[(plan, language)] / f"{stem}.html")
    numbered = [(ident, words) for ident, words, _ in book.headings]
    assert numbered
    listed = [entry for entry in book.toc if entry in numbered]
    assert listed == numbered  # every sub-section, in order, linked to its heading
    for ident, _ in numbered:
        assert ident in book.ids


def test_a_sub_section_is_numbered_as_its_chapter(built: dict[tuple[str, str], Path]) -> None:
    book = read_html(built[("batam", "id")] / "1-analisis-strategis.html")
    assert ("bab-kesiapan", "BAB IV Analisis Kesiapan Daerah") in book.toc
    assert ("bab-kesiapan-1", "IV.1 Struktur") in book.toc
    assert ("bab-kesiapan-1", "IV.1 Struktur", "bab-kesiapan") in book.headings
    english = read_html(built[("batam", "en")] / "1-analisis-strategis.html")
    assert [c["text"] for c in english.captions if c["kind"] == "gambar"] == \
        ["Figure 4.1 Readiness ratings per component"]


# -- Markdown ----------------------------------------------------------------------------

_MD_CAPTION = re.compile(r'<a id="((?:tabel|gambar)-[\dL-]+)"></a>'
                         r"(?:\*\*(.+)\*\*$|!\[(.+)\]\([^)]*\)$)", re.MULTILINE)
_MD_LIST = re.compile(r"^- \[(.+)\]\(#((?:tabel|gambar)-[\dL-]+)\)$", re.MULTILINE)
_MD_REFERENCE = re.compile(r"(?<!- )\[((?:Tabel|Gambar|Table|Figure) [\d.]+)\]\(#([^)]+)\)")


@pytest.mark.parametrize(("plan", "language", "stem"), CASES)
def test_the_markdown_books_number_and_list_the_same_captions(
        built: dict[tuple[str, str], Path], plan: str, language: str, stem: str) -> None:
    folder = built[(plan, language)]
    text = (folder / f"{stem}.md").read_text("utf-8")
    captions = [(ident, table or figure) for ident, table, figure in _MD_CAPTION.findall(text)]
    html = read_html(folder / f"{stem}.html")
    assert captions == [(c["id"], c["text"]) for c in html.captions]  # as in the HTML book
    listed = [(ident, words) for words, ident in _MD_LIST.findall(text)]
    assert listed == sorted(captions, key=lambda c: c[0].startswith("gambar"))
    for words, target in _MD_REFERENCE.findall(text):
        assert dict(captions)[target].startswith(words + " ")
    for ident, words, _ in html.headings:
        assert f"    - [{words}](#{ident})" in text  # the sub-section, in the contents
