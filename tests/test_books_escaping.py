"""Plan text in the books is printed exactly so: escaped Markdown that any CommonMark
renderer shows as written, Markdown fields without live links or remote images, and HTML
pages that may fetch nothing."""

from __future__ import annotations

import html
import re
import shutil
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import ROOT, build_tree, run_cli
from kotacerdas.render.filters import safe_link
from kotacerdas.render.formats import html as html_writer
from kotacerdas.render.formats import markdown

PUNCTUATION = "*_[]()!#<>&|\\`~-+=.0123456789 \n"
ALPHABET = PUNCTUATION + "\tabcxyzABé:/;\"'"
PLAN_TEXT = st.text(alphabet=ALPHABET, max_size=60)
ASCII_PUNCTUATION = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
MARKUP = {"a", "img", "em", "strong", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
          "ul", "ol", "li", "blockquote", "hr", "table", "br"}
TABLE = {"table", "thead", "tbody", "tr", "th", "td"}


class Page(HTMLParser):
    """The elements and the text of a rendered page, entities decoded."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def names(self) -> set[str]:
        return {tag for tag, _ in self.tags}

    @property
    def words(self) -> str:
        return squeezed("".join(self.text))


def squeezed(text: str) -> str:
    """Whitespace as a rendered page shows it: runs of it count as one space."""
    return " ".join(text.split())


class EveryLink(MarkdownIt):
    """A renderer that, like many, turns every link into one: nothing hides a bad one."""

    def validateLink(self, url: str) -> bool:
        return True


def toolkit_or_safe(link: str) -> bool:
    """A link the toolkit makes between its books, or one plan text may carry."""
    return bool(re.fullmatch(r"[0-9a-z-]+\.(md|html)(#[\w-]*)?", link)) or safe_link(link)


def unescaped(text: str) -> str:
    """``text`` with each CommonMark backslash escape (before ASCII punctuation) undone."""
    return re.sub(rf"\\([{ASCII_PUNCTUATION}])", r"\1", text)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(PLAN_TEXT)
def test_escaped_plan_text_renders_as_exactly_that_text(text: str) -> None:
    escaped = markdown.escape_text(text)
    for renderer in (MarkdownIt("commonmark"), MarkdownIt("commonmark").enable("table")):
        page = Page(renderer.render(escaped))
        assert page.words == squeezed(text), (text, escaped)
        assert page.names <= {"p"}, (text, escaped)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(PLAN_TEXT)
def test_escaping_adds_backslashes_only_before_ascii_punctuation(text: str) -> None:
    assert squeezed(unescaped(markdown.escape_text(text))) == squeezed(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(PLAN_TEXT)
def test_plan_text_stays_in_its_table_cell(text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {markdown.cell_text(text)} | z |\n"
    page = Page(MarkdownIt("commonmark").enable("table").render(table))
    assert page.names <= TABLE, text
    assert page.words == squeezed(f"a b {text} z"), text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(PLAN_TEXT, st.one_of(PLAN_TEXT, st.integers(0, 99))), max_size=4))
def test_a_label_filled_with_plan_text_shows_both_as_written(parts: list) -> None:
    names = [f"isian_{chr(ord('a') + n)}" for n in range(len(parts))]
    label = "".join(f"{words}{{{name}}}" for name, (words, _) in zip(names, parts))
    values = {name: value for name, (_, value) in zip(names, parts)}
    filled = markdown.fill(label, **values)
    page = Page(MarkdownIt("commonmark").render(filled))
    assert page.words == squeezed("".join(f"{words}{value}" for words, value in parts)), filled
    assert page.names <= {"p"}, filled


MARKDOWN_TEXT = st.text(alphabet="[]()!<>:/ *_\nabxhtpsjvcrid&#;.", max_size=50) | st.sampled_from([
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java&#x73;cript:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](<javascript:alert(1)>)", "[x]( javascript:alert(1))",
    "[x](java\\script:alert(1))", "<javascript:alert(1)>", "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](data:text/html,<b>x</b>)", "![p](http://127.0.0.1:9/p.png)", "![p](data:image/png,x)",
    "<img src=x>", "<b>tebal</b>", "[x](https://batam.go.id) **tebal**", "<https://batam.go.id>",
])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(MARKDOWN_TEXT)
def test_a_markdown_field_never_carries_a_live_script_link_or_an_image(text: str) -> None:
    for shown in (markdown.markdown_field(text), markdown.markdown_cell(text)):
        page = Page(EveryLink("commonmark", {"html": True}).enable("table").render(shown))
        assert page.names <= MARKUP - {"img"} | TABLE | {"p"}, (text, shown)
        for tag, attributes in page.tags:
            assert tag != "a" or safe_link(attributes.get("href") or ""), (text, shown)


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java&#x73;cript:alert(1))",
    "<javascript:alert(1)>", "[x](vbscript:msgbox(1))", "[x](data:text/html,x)",
    "[x](file:///etc/passwd)", "[x](//evil.example/)", "[x](relatif.html)",
])
def test_html_books_keep_only_web_mail_and_anchor_links(text: str) -> None:
    shown = html_writer.markdown_to_html(text)
    assert "<a" not in shown
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)).strip() == text.replace(
        "&#x73;", "s")


@pytest.mark.parametrize(("text", "link"), [
    ("[x](https://batam.go.id)", "https://batam.go.id"),
    ("[x](HTTP://batam.go.id)", "HTTP://batam.go.id"),
    ("<mailto:kominfo@batam.go.id>", "mailto:kominfo@batam.go.id"),
    ("[x](#GOV-01)", "#GOV-01"),
])
def test_html_books_keep_web_mail_and_anchor_links(text: str, link: str) -> None:
    assert f'href="{link}"' in html_writer.markdown_to_html(text)


@pytest.mark.parametrize("source", ["http://127.0.0.1:9/p.png", "https://a.id/p.png", "#S-01"])
def test_html_books_show_an_image_as_its_description(source: str) -> None:
    shown = html_writer.markdown_to_html(f"Lihat ![peta <kota>]({source}) ini")
    assert shown == "<p>Lihat peta &lt;kota&gt; ini</p>\n"


@pytest.mark.parametrize("source", ["data:image/png;base64,iVBO", "javascript:alert(1)",
                                    "foto.png"])
def test_html_books_show_an_image_from_elsewhere_as_written(source: str) -> None:
    shown = html_writer.markdown_to_html(f"Lihat ![peta]({source}) ini")
    assert shown == f"<p>Lihat ![peta]({source}) ini</p>\n"


HOSTILE_NAME = "[x](javascript:alert(1)) ![p](http://127.0.0.1:9/p.png) **tebal** &amp; `k`"
HOSTILE_MARKDOWN = ("Lihat [x](javascript:alert(1)) dan ![p](http://127.0.0.1:9/p.png) "
                    "secara **tebal**.\n\n50.000 orang terlayani.")
FRIENDLY_MARKDOWN = "Portal **tebal** di [situs kota](https://batam.go.id)."
HOSTILE_LABEL = "1. [x](javascript:alert(1)) **tebal**\n50.000 orang\n# bukan judul"
HOSTILE_TITLE = "**Ringkasan** [x](javascript:alert(1)) <b>"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def _replace_block(path: Path, first: str, next_line: str, new: str, after: str = "") -> None:
    """Replace the lines of ``path`` from ``first`` (the first one after ``after``) up to
    ``next_line``."""
    text = path.read_text("utf-8")
    start = text.index(first, text.index(after))
    end = text.index(next_line, start)
    path.write_text(text[:start] + new + text[end:], "utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@pytest.fixture
def hostile_books(example_copy: Path) -> Path:
    """The worked example with markup and links in a name, Markdown fields, a label and a
    chapter title; built into its build folder."""
    programmes = example_copy / "2-perumusan" / "program-governance.yaml"
    _replace(programmes, "nama: Antrean dan Pelacakan Layanan Daring Mal Pelayanan Publik",
             f"nama: {_quoted(HOSTILE_NAME)}")
    for programme, description in (("GOV-01", HOSTILE_MARKDOWN), ("GOV-02", FRIENDLY_MARKDOWN)):
        _replace_block(programmes, "    deskripsi: >-\n", "    dimensi:",
                       f"    deskripsi: {_quoted(description)}\n", after=programme)
    _replace_block(example_copy / "2-perumusan" / "visi-misi.yaml", "  penjelasan: >-\n",
                   "\nmisi:", f"  penjelasan: {_quoted(HOSTILE_MARKDOWN)}\n")
    outline = (ROOT / "templates" / "books" / "outline.toml").read_text("utf-8")
    chapter = f'{{templat = "ringkasan", judul = {_quoted(HOSTILE_TITLE)}}}'
    outline = outline.replace('bab = ["ringkasan"]', f"bab = [{chapter}]")
    build_tree(example_copy, {
        "templates/labels/id.toml": f"[teks]\npenutup = {_quoted(HOSTILE_LABEL)}\n",
        "templates/outline.toml": outline,
    })
    assert tomllib.loads(outline)["buku"][0]["bab"][0]["judul"] == HOSTILE_TITLE
    run = run_cli("build", example_copy)
    assert run.exit_code == 0, run
    return example_copy / "build"


def test_markdown_books_print_plan_text_literally(hostile_books: Path) -> None:
    rendered = {}
    for book in ("0-ringkasan-eksekutif", "1-analisis-strategis", "2-masterplan"):
        source = (hostile_books / f"{book}.md").read_text("utf-8")
        assert not re.search(r"\\[^!-/:-@\[-`{-~]", source), book  # no stray backslash
        rendered[book] = EveryLink("commonmark", {"html": True}).enable("table").render(source)
        page = Page(rendered[book])
        images = [attributes.get("src") or "" for tag, attributes in page.tags if tag == "img"]
        assert all(src.startswith("gambar/") for src in images), book  # the charts alone
        links = [attributes["href"] or "" for tag, attributes in page.tags if "href" in attributes]
        assert all(toolkit_or_safe(link) for link in links), (book, links)
    masterplan = Page(rendered["2-masterplan"]).words
    assert squeezed(HOSTILE_NAME) in masterplan
    assert squeezed(HOSTILE_MARKDOWN) in masterplan
    assert rendered["2-masterplan"].count("<strong>tebal</strong>") == 1
    assert 'Portal <strong>tebal</strong> di <a href="https://batam.go.id">situs kota</a>.' \
        in rendered["2-masterplan"]
    assert "<p>50.000 orang terlayani.</p>" in rendered["2-masterplan"]  # the vision's notes
    assert squeezed(HOSTILE_LABEL) in Page(rendered["1-analisis-strategis"]).words
    assert squeezed(HOSTILE_TITLE) in Page(rendered["0-ringkasan-eksekutif"]).words


def test_html_books_print_plan_text_safely(hostile_books: Path) -> None:
    pages = {p.name: p.read_text("utf-8") for p in hostile_books.glob("*.html")}
    for name, text in pages.items():
        page = Page(text)
        assert "img" not in page.names and "script" not in page.names, name
        links = [attributes["href"] or "" for tag, attributes in page.tags if "href" in attributes]
        assert all(toolkit_or_safe(link) for link in links), (name, links)
    masterplan = Page(pages["2-masterplan.html"])
    assert squeezed(HOSTILE_NAME) in masterplan.words
    assert "Lihat [x](javascript:alert(1)) dan p secara tebal." in masterplan.words
    assert "<strong>tebal</strong>" in pages["2-masterplan.html"]
    assert '<a href="https://batam.go.id">situs kota</a>' in pages["2-masterplan.html"]
    assert squeezed(HOSTILE_LABEL) in Page(pages["1-analisis-strategis.html"]).words
    assert squeezed(HOSTILE_TITLE) in Page(pages["0-ringkasan-eksekutif.html"]).words


def test_every_html_page_forbids_fetching_anything(hostile_books: Path) -> None:
    meta = ('<meta http-equiv="Content-Security-Policy" content="'
            f'{html_writer.CONTENT_SECURITY_POLICY}">')
    assert "default-src 'none'" in html_writer.CONTENT_SECURITY_POLICY
    pages = sorted(hostile_books.glob("*.html"))
    assert "index.html" in [p.name for p in pages]
    for page in pages:
        head = page.read_text("utf-8").split("</head>")[0]
        assert meta in head, page.name
        assert head.index(meta) < head.index("<style>"), page.name


CITY_CHAPTER = """\
{% macro baris(nama, nilai) %}| **{{ nama }}** | {{ nilai | sel }} |
{% endmacro %}
{% macro kotak() %}> {{ caller() }}{% endmacro %}
{% set daftar = ["*satu*", "dua"] %}
| Butir | Nilai |
|---|---|
{{ baris(L.teks.penutup, meta.daerah) }}
{{ baris("a_b *c*", 5) }}

{% call kotak() %}**{{ L.bab.penutup | safe }}** dan {{ daftar | join(", ") }}{% endcall %}


{{ L.teks.lanjut | isi(daerah=meta.daerah | teks, angka=7) }}
"""


def test_city_markdown_templates_keep_macros_filters_and_their_own_markdown(
        tmp_path: Path) -> None:
    plan = tmp_path / "contoh"
    shutil.copytree(ROOT / "tests" / "fixtures" / "build-plan", plan)
    build_tree(plan, {
        "templates/md/bab/penutup.md.j2": CITY_CHAPTER,
        "templates/labels/id.toml": '[bab]\npenutup = "_Kata_ Akhir"\n[teks]\n'
                                    'penutup = "Catatan | *kota*"\n'
                                    'lanjut = "{angka}. {daerah} [lihat]"\n',
    })
    run = run_cli("build", plan, "--format", "md")
    assert run.exit_code == 0, run
    source = (plan / "build" / "1-analisis-strategis.md").read_text("utf-8")
    assert "| **Catatan \\| \\*kota\\*** | Kota Contoh |" in source
    assert "| **a_b \\*c\\*** | 5 |" in source
    assert "> **_Kata_ Akhir** dan \\*satu\\*, dua" in source
    assert "7\\. Kota Contoh \\[lihat\\]" in source
    rendered = MarkdownIt("commonmark").enable("table").render(source)
    assert "<td><strong>Catatan | *kota*</strong></td>" in rendered
    assert "<strong><em>Kata</em> Akhir</strong> dan *satu*, dua" in rendered
    assert "<p>7. Kota Contoh [lihat]</p>" in rendered
