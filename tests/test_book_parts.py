"""A long book cut into parts for the PDF engine: every part a whole page with the book's
head, nothing of ``<main>`` lost or doubled, each anchor in one part, tables never cut,
and a part never ending on a heading. Books are made up by hypothesis; the PDF made of
the parts is tested with the other PDF books (`test_books_pdf`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.render.formats.book_parts import MARK, REPEATED_MARK, cut

HEAD = '<!doctype html>\n<html lang="id"><head><style>p { margin: 0 }</style></head>\n'
FRONT = '<header class="sampul"><h1>Buku</h1></header>\n<nav class="daftar-isi"></nav>\n'


def block(kind: str, ident: str, size: int) -> str:
    words = " ".join(["kata"] * size)
    if kind == "table":
        rows = "".join(f"<tr><td>{ident}-{row}</td><td>{words}</td></tr>" for row in range(3))
        return f'<table id="{ident}"><tbody>{rows}</tbody></table>\n'
    if kind == "long":  # a table of many rows, with its header, details and totals
        head = '<colgroup><col style="width:30%"><col></colgroup><thead id="h-' + ident + \
            '"><tr><th>Kode</th><th>Uraian</th></tr></thead>'
        rows = "".join(f"<tr><td>{ident}-{row}</td><td>{' '.join(['isi'] * 8)}</td></tr>" +
                       (f'<tr class="rincian"><td colspan="2">rinci {row}</td></tr>'
                        if row % 3 == 0 else "") for row in range(size))
        return (f'<table id="{ident}"><caption>Tabel {ident}</caption>{head}<tbody>{rows}'
                f"</tbody><tfoot><tr><td>Jumlah</td><td>{size}</td></tr></tfoot></table>\n")
    if kind == "wide":
        return (f'<div class="lebar"><h3 id="{ident}">Judul {ident}</h3>\n'
                f"<p>{words}</p>\n{block('table', ident + '-t', size)}</div>\n")
    return f'<p id="{ident}">{words}</p>\n'


chapters = st.lists(st.lists(st.tuples(st.sampled_from(["p", "table", "wide", "long"]),
                                       st.integers(1, 120)), min_size=1, max_size=6),
                    min_size=1, max_size=6)


def book(plan: list[list[tuple[str, int]]]) -> str:
    sections = []
    for number, blocks in enumerate(plan, 1):
        inner = "".join(block(kind, f"b{number}-{index}", size)
                        for index, (kind, size) in enumerate(blocks))
        sections.append(f'<section class="bab" id="bab-{number}"><h2>BAB {number}</h2>\n'
                        f"{inner}</section>\n")
    return (f'{HEAD}<body>\n<div class="halaman">\n{FRONT}<main>\n{"".join(sections)}'
            '</main>\n<footer>akhir</footer>\n</div>\n</body></html>\n')


class Balance(HTMLParser):
    """Whether every element of a page is closed in order, and its text and ids."""

    VOID = {"meta", "br", "col", "img", "link", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.ok = True
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ok = self.ok and bool(self.open) and self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(page: str) -> Balance:
    parser = Balance()
    parser.feed(page.replace(MARK, ""))
    parser.close()
    return parser


def main_text(page: str) -> str:
    """The words of ``<main>``, less the headers of tables opened again."""
    inner = page[page.index(MARK):page.rindex("</main>")]
    return " ".join(read(re.sub(rf"<thead {REPEATED_MARK}.*?</thead>", "", inner)).text).split()


@settings(max_examples=60, deadline=None)
@given(chapters, st.integers(200, 6000))
def test_the_parts_hold_the_book_once_each_a_whole_page(plan: list, budget: int) -> None:
    text = book(plan)
    parts = cut(text, budget)
    if len(text) <= budget:
        assert parts is None
        return
    assert parts is not None
    pages = parts.pages
    for page in pages:
        assert page.startswith(HEAD + "<body>")  # every part keeps the book's head
        assert read(page).ok, page
        assert page.count("<main>") == 1 and page.count("</main>") == 1
    assert FRONT in parts.front and "<section" not in parts.front
    assert all(FRONT not in page for page in parts.parts)
    assert parts.parts[-1].endswith("<footer>akhir</footer>\n</div>\n</body></html>\n")
    assert all("<footer>" not in page for page in pages[:-1])
    whole = main_text(text[:text.index("<main>") + 6] + MARK + text[text.index("<main>") + 6:])
    assert [word for page in parts.parts for word in main_text(page)] == whole
    ids = [ident for page in pages for ident in read(page).ids]
    assert sorted(ids) == sorted(read(text).ids)  # each anchor in one part, none doubled
    for page in parts.parts:
        content = page[page.index(MARK) + len(MARK):page.rindex("</main>")]
        assert not re.search(r"</h[1-6]>\s*(</\w+>\s*)*$", content)  # never ends on a heading
        assert re.match(r"(<section class=\"bab\"( id=\"bab-\d+\")?>)?", content)
        assert not re.search(r"<tbody><tr class=\"rincian\">", content)  # a detail keeps its row
        for table in re.findall(r"<table.*?</table>", content, re.DOTALL):
            assert "<tfoot>" not in table or "<tbody><tr>" in table  # no total under no rows
            if table.startswith("<table>"):  # opened again: widths and header first
                assert re.match(rf"<table><colgroup>.*</colgroup><thead {REPEATED_MARK}>", table)


def test_a_short_book_or_one_without_main_is_not_cut() -> None:
    text = book([[("p", 10)]])
    assert cut(text, len(text)) is None
    assert cut(text.replace("<main>", "<div>").replace("</main>", "</div>"), 100) is None


def test_a_long_chapter_is_cut_between_its_blocks_and_opened_again_without_its_id() -> None:
    text = book([[("wide", 300), ("wide", 300), ("wide", 300)], [("p", 5)]])
    parts = cut(text, 3000)
    assert parts is not None
    first, *rest = parts.parts
    assert '<section class="bab" id="bab-1"><h2>BAB 1</h2>' in first
    assert '<div class="lebar"><h3 id="b1-0">' in first  # the heading keeps its first block
    assert rest[0].split(MARK)[1].startswith('<section class="bab"><div class="lebar">')
    assert all(page.count("<table") == page.count("</table>") for page in parts.pages)


def test_inside_a_chapter_a_part_ends_where_print_turns_a_page_anyway() -> None:
    # Filled greedily, the first part would end after paragraph b1-3, in the middle of a
    # portrait page; it ends instead where the landscape block gives way to portrait.
    blocks = [("table", 100), ("p", 60), ("wide", 40), ("p", 100), ("p", 100), ("p", 100)]
    parts = cut(book([blocks, [("p", 5)]]), 4000)
    assert parts is not None
    assert [page.split(MARK)[1][:34].strip() for page in parts.parts] == [
        '<section class="bab" id="bab-1"><', '<section class="bab"><p id="b1-3">']


def test_a_chapter_that_opens_landscape_turns_no_page_at_its_wide_blocks() -> None:
    # Its wide block is among its first three children: the whole chapter is one
    # landscape run, so the part ends where the budget says.
    blocks = [("table", 100), ("wide", 40), ("p", 100), ("p", 100), ("p", 100)]
    parts = cut(book([blocks, [("p", 5)]]), 3500)
    assert parts is not None
    assert parts.parts[1].split(MARK)[1].startswith('<section class="bab"><p id="b1-3">')


def test_a_table_longer_than_a_part_is_cut_between_its_rows() -> None:
    parts = cut(book([[("long", 300)], [("p", 5)]]), 6000)
    assert parts is not None and len(parts.parts) > 2
    tables = [re.search(r"<table.*?</table>", page, re.DOTALL) for page in parts.parts]
    first, *rest = [found[0] for found in tables if found]
    assert first.startswith('<table id="b1-0"><caption>Tabel b1-0</caption>')
    assert "<tfoot>" not in first and rest[-1].endswith("</tbody><tfoot><tr><td>Jumlah</td>"
                                                       "<td>300</td></tr></tfoot></table>")
    for table in rest:
        assert table.startswith(f'<table><colgroup><col style="width:30%"><col></colgroup>'
                                f"<thead {REPEATED_MARK}><tr><th>Kode</th>")
        assert "<caption>" not in table and 'id="h-b1-0"' not in table
