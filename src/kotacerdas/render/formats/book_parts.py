"""A long book cut into parts that can be laid out one at a time, each a whole HTML page.

A print engine holds every page of a document in memory until it writes the file; a
book of a thousand programmes takes most of a gigabyte that way. Cut at the boundaries
of its chapters (which begin on a new page anyway) and, where one chapter alone is too
long, between the blocks of that chapter, and where one table is, between the rows of
its body, the book is laid out part by part and the parts' pages joined afterwards
(`pdf_parts`). A table opened again repeats its column widths and header; its footer
(the totals) comes only under its last rows.

Each part keeps the book's head (its styles), and the elements around where it was cut
(``<main>``, a chapter's ``<section>``) are opened again without their ``id``, so that
every style rule still applies and every anchor stays in one part. The front matter
(everything before ``<main>``: the cover, the contents, the lists) is a part of its own.
A part never ends on a heading, nor on the paragraphs that open a chapter before its
first block. A part begins on a new page, so inside a chapter it is cut, where it can,
where print turns a page anyway: before or after a landscape block (``.lebar``). A book
with no ``<main>``, or whose tags do not nest, is not cut.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kotacerdas.render.formats.pages import LocatedParser

#: Elements a part may end inside of: a table between the rows of its body, never a list
#: or a paragraph.
_CONTAINERS = frozenset({"main", "section", "div", "article", "table", "tbody"})
#: What a table opened again in the next part repeats: its column widths and its header.
_REPEATED = frozenset({"colgroup", "thead"})
#: What opens a table before its rows: a part never ends on it.
_TABLE_HEAD = _REPEATED | {"caption"}
#: Rows that go with the row before them: details, totals, the footer.
_WITH_PREVIOUS = frozenset({"rincian", "jumlah"})
#: The mark on a header repeated in a part (it is not the book's text a second time).
REPEATED_MARK = "data-kc-ulang"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LEADING = _HEADINGS | {"p"}
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "source", "track", "wbr"})
#: Classes of the blocks print begins on a page of their own: chapters, appendices, and the
#: wide blocks of a landscape page.
_CHAPTERS = frozenset({"bab", "lampiran"})
_WIDE = "lebar"
_CLASS = re.compile(r"""\sclass\s*=\s*"([^"]*)\"""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r"""\s+id\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
IDS = re.compile(r"""\sid\s*=\s*"([^"]+)\"""")
LINKS = re.compile(r"""\shref\s*=\s*"#([^"]+)\"""")


@dataclass
class _Node:
    tag: str
    start: int
    start_tag: str
    close: int = -1  # where its end tag begins (or its parent's, when it has none)
    end: int = -1  # just after its end tag
    children: list[_Node] = field(default_factory=list)


class _Tree(LocatedParser):
    """The elements of a page with where each begins and ends in its text."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.root = _Node("#document", 0, "")
        self.open = [self.root]
        self.main: _Node | None = None
        self.main_ancestors: list[_Node] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, self._offset(), self.get_starttag_text() or "")
        self.open[-1].children.append(node)
        if tag in _VOID:
            node.end = node.start + len(node.start_tag)
            return
        if tag == "main" and self.main is None:
            self.main, self.main_ancestors = node, self.open[1:]
        self.open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open[-1].tag == tag:
            node = self.open.pop()
            node.close = node.end = node.start + len(node.start_tag)

    def handle_endtag(self, tag: str) -> None:
        if all(node.tag != tag for node in self.open[1:]):
            return
        here = self._offset()
        while self.open[-1].tag != tag:  # an element left open ends with its parent
            node = self.open.pop()
            node.close = node.end = here
        node = self.open.pop()
        node.close, node.end = here, self.text.find(">", here) + 1


@dataclass
class Book:
    """A book cut into parts: the front matter and the parts of ``<main>``."""

    front: str
    parts: list[str]

    @property
    def pages(self) -> list[str]:
        return [self.front, *self.parts]


def cut(text: str, budget: int) -> Book | None:
    """``text`` in parts of about ``budget`` characters each, or None when it is shorter
    than that or cannot be cut."""
    if len(text) <= budget:
        return None
    tree = _Tree(text)
    try:
        tree.feed(text)
        tree.close()
    except (AssertionError, ValueError):
        return None
    main = tree.main
    outside = [node for node in tree.main_ancestors if node.tag == "body"]
    if main is None or main.end < 0 or not main.children or not outside:
        return None
    around = [node for node in tree.main_ancestors if node.start >= outside[0].start]
    opening = text[:outside[0].start] + "".join(node.start_tag for node in around) + main.start_tag
    closing = "</main>" + "".join(f"</{node.tag}>" for node in reversed(around))
    inner = main.start + len(main.start_tag)
    groups = _grouped(list(_units(main, inner, main.close, budget, ())), budget)
    parts = [opening + MARK + _piece(text, group) + closing for group in groups]
    parts[-1] = parts[-1][:-len(closing)] + text[main.close:]
    return Book(front=text[:inner] + MARK + closing, parts=parts)


def _piece(text: str, group: list[_Unit]) -> str:
    """The text of ``group``, with the elements cut open around it opened and closed."""
    first, last = group[0], group[-1]
    before = "".join(_reopened(text, node) for node in first.path if node.start < first.start)
    after = "".join(f"</{node.tag}>" for node in reversed(last.path) if last.end < node.end)
    return before + text[first.start:last.end] + after


#: Where a part's own markers go in (`pdf_parts`): just inside ``<main>``.
MARK = "<!--kotacerdas-bagian-->"


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    path: tuple[_Node, ...]  # the elements cut open around it, outermost first
    keep: bool  # a part does not end after it
    fresh: bool = False  # print begins it on a new page anyway


def _units(node: _Node, start: int, end: int, budget: int,
           path: tuple[_Node, ...]) -> Iterator[_Unit]:
    """The pieces of ``text[start:end]`` (the content of ``node``) that a part may begin
    or end between: its children, each from where the one before it ended, and the
    children of one longer than ``budget`` that may be cut, in the same way. A heading,
    and what opens an element before its first block (a chapter's heading and the
    paragraphs under it), stay with what follows them."""
    children = node.children
    bounds = [start] + [child.start for child in children[1:]] + [end]
    opening = True
    # A chapter that opens with a wide block is landscape throughout: its blocks turn no page.
    turns = not any(_WIDE in _classes(child) for child in children[:3])
    after_wide = False
    following = [*children[1:], None]
    for child, low, high, after in zip(children, bounds, bounds[1:], following):
        opening = opening and child.tag in _LEADING
        classes = _classes(child)
        fresh = bool(classes & _CHAPTERS) or turns and (after_wide or _WIDE in classes)
        after_wide = _WIDE in classes
        held = child.tag in _HEADINGS or child.tag in _TABLE_HEAD or after is not None and (
            after.tag == "tfoot" or bool(_classes(after) & _WITH_PREVIOUS))
        if high - low > budget and child.tag in _CONTAINERS and len(child.children) > 1:
            inner = child.start + len(child.start_tag)
            pieces = list(_units(child, inner, child.close, budget, (*path, child)))
            first, last = pieces[0], pieces[-1]  # they take in the child's own tags
            pieces[0] = _Unit(low, first.end, first.path, first.keep, fresh)
            pieces[-1] = _Unit(pieces[-1].start, high, last.path, last.keep or held, last.fresh)
            yield from pieces
        else:
            yield _Unit(low, high, path, opening or held, fresh)


def _classes(node: _Node) -> set[str]:
    found = _CLASS.search(node.start_tag)
    return set(found[1].split()) if found else set()


def _grouped(units: list[_Unit], budget: int) -> list[list[_Unit]]:
    """``units`` in parts of about ``budget`` characters; a part that has to end where
    print turns no page ends instead, if it can, at the last point in its second half
    where print turns one anyway."""
    groups: list[list[_Unit]] = [[]]
    size = 0
    for unit in units:
        length = unit.end - unit.start
        current = groups[-1]
        if current and size + length > budget and not current[-1].keep:
            moved = [] if unit.fresh else current[_turning_point(current, budget):]
            del current[len(current) - len(moved):]
            groups.append(moved)
            size = sum(part.end - part.start for part in moved)
        groups[-1].append(unit)
        size += length
    return [group for group in groups if group]


def _turning_point(group: list[_Unit], budget: int) -> int:
    """Where in ``group`` the last part may end on a turned page, leaving at least half
    a budget before it; ``len(group)`` when nowhere."""
    size = sum(unit.end - unit.start for unit in group)
    for index in range(len(group) - 1, 0, -1):
        size -= group[index].end - group[index].start
        if size < budget // 2:
            break
        if group[index].fresh and not group[index - 1].keep:
            return index
    return len(group)


def _reopened(text: str, node: _Node) -> str:
    """An element's start tag again, without its id; a table's with its column widths and
    header (their ids left out, the header marked as repeated)."""
    again = _ID.sub("", node.start_tag, count=1)
    if node.tag != "table":
        return again
    for child in node.children:
        if child.tag in _REPEATED:
            piece = _TAG.sub(lambda tag: _ID.sub("", tag[0], count=1),
                             text[child.start:child.end])
            if child.tag == "thead":
                piece = piece.replace("<thead", f"<thead {REPEATED_MARK}", 1)
            again += piece
    return again


def anchors(text: str) -> set[str]:
    """The ids of the elements in ``text``, as written (entities unexpanded)."""
    return set(IDS.findall(text))


def links(text: str) -> set[str]:
    """The ids ``text`` links to within the book."""
    return set(LINKS.findall(text))


def plain(ident: str) -> str:
    """An id as the engine reads it."""
    return html.unescape(ident)
