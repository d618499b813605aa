"""A long book's PDF laid out part by part (`book_parts`) and joined into one file.

WeasyPrint lays out one part at a time, writes it and lets it go, so that memory is
bounded by the longest parts, not the book; a part is written by a forked process while
the next is laid out (`painting`), so two are in memory at most. Each part is told the
page it begins on (``counter-reset`` on its first page), so the numbers in the margin run
on; its first page is a blank one that is dropped, so that no ``@page :first`` rule of a
style sheet (meant for the cover) applies to it. The front matter is laid out last again,
with the page of every entry of its contents and lists written in. pypdf joins the pages; the
bookmarks are made from the parts' headings with their true levels, and every link
keeps its named destination.

A link from one part to an anchor in another would be dropped by the engine, which
knows only its own part; each part therefore carries an empty anchor for every such
target on a page that is dropped, and the destinations of the joined file are the real
ones, taken from the pages kept.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kotacerdas.render.formats.book_parts import MARK, Book, anchors, links, plain
from kotacerdas.render.formats.pages import with_style
from kotacerdas.render.formats.painting import Painter

#: What the contents show for a page before the pages are known (as wide as most).
_PLACEHOLDER = "000"
_NAVS = ("nav.daftar-isi", "nav.daftar-tabel", "nav.daftar-gambar")
#: A page of ``<main>`` that is laid out and then dropped.
_DROPPED = '<div class="kc-halaman-buang" style="break-{side}: page">{anchors}</div>'


@dataclass
class _Laid:
    """A part laid out: its PDF, the pages of it that are kept, where its anchors and
    headings are in the book (page indexes from 0)."""

    data: bytes
    kept: range
    anchors: dict[str, int] = field(default_factory=dict)
    marks: list[tuple[int, str, int, float, float]] = field(default_factory=list)

    def keep(self, data: bytes) -> None:
        self.data = data


def pdf_in_parts(book: Book, lay_out: Callable[[str], Any], write: Callable[[Any], bytes],
                 identifier: bytes) -> bytes:
    """One PDF of every part of ``book``; ``lay_out`` makes an engine document of a page
    of HTML, ``write`` the PDF of such a document (with the book's metadata), and
    ``identifier`` is the document id of the whole."""
    stubs = _stubs(book)
    front = lay_out(_front(book, stubs[0], {}))
    for _ in range(3):  # the contents' own length settles at once but for a rare wrap
        count = len(front.pages) - 1
        numbers = _located(front, range(count), 0).anchors
        laid = _parts(book, stubs[1:], count, lay_out)
        for part in laid:
            numbers.update(part.anchors)
        final = lay_out(_front(book, stubs[0], numbers))
        if len(final.pages) - 1 == count:
            break
        front = final
    head = _located(final, range(len(final.pages) - 1), 0)
    head.data = write(final)
    del final, front
    return _joined([head, *laid], identifier)


def _stubs(book: Book) -> list[str]:
    """For each page of the book, empty anchors for the ids it links to in other parts."""
    defined = [anchors(page) for page in book.pages]
    everywhere = set().union(*defined)
    return ["".join(f'<a id="{ident}"></a>' for ident in sorted(links(page) & everywhere - own))
            for page, own in zip(book.pages, defined)]


def _front(book: Book, stubs: str, numbers: dict[str, int]) -> str:
    """The front matter with its dropped last page, and the page of each entry of its
    lists (a placeholder when not yet known)."""
    rules = []
    for ident in sorted(links(book.front)):
        target = plain(ident)
        shown = str(numbers[target]) if target in numbers else _PLACEHOLDER
        selectors = ", ".join(f'{nav} a[href="#{_css(target)}"]::after' for nav in _NAVS)
        rules.append(f'{selectors} {{ content: leader(".") "{shown}"; }}')
    page = book.front.replace(MARK, _DROPPED.format(side="before", anchors=stubs), 1)
    return with_style(page, "@media print {\n" + "\n".join(rules) + "\n}")


def _parts(book: Book, stubs: list[str], count: int, lay_out: Callable[[str], Any]) -> list[_Laid]:
    """Each part laid out in turn, starting on the page after those before it; each is
    painted (`Painter`) while the next is laid out."""
    laid: list[_Laid] = []
    painter = Painter()
    try:
        for page, own in zip(book.parts, stubs):
            first = _DROPPED.format(side="after", anchors=own)
            text = with_style(page.replace(MARK, first, 1),
                              f"@page :first {{ counter-reset: page {count}; }}")
            document = lay_out(text)
            part = _located(document, range(1, len(document.pages)), count - 1)
            painter.paint(document, part.keep)
            del document  # its pages are the memory this module exists to free: their boxes
            gc.collect()  # refer to each other, and the command line runs without the collector
            laid.append(part)
            count += len(part.kept)
        painter.wait()
    finally:
        painter.stop()
    return laid


def _located(document: Any, kept: range, shift: int) -> _Laid:
    """Where the anchors and headings of ``document``'s pages ``kept`` are in the book,
    each page's index moved by ``shift``."""
    part = _Laid(b"", kept)
    for index in kept:
        page = document.pages[index]
        for name in page.anchors:
            part.anchors.setdefault(name, index + shift + 1)
        for level, label, (x, y), _state in page.bookmarks:  # CSS px from the top left
            part.marks.append((level, label, index + shift, x * 0.75, (page.height - y) * 0.75))
    return part


def _joined(parts: list[_Laid], identifier: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, Fit, NameObject

    writer = PdfWriter()
    readers = []
    for part in parts:
        reader = PdfReader(io.BytesIO(part.data))
        writer.append(reader, pages=(part.kept.start, part.kept.stop), import_outline=False,
                      excluded_fields=("/Annots",))
        readers.append((reader, part.kept))
    _link(writer, readers, set(writer.named_destinations))
    stack: list[tuple[int, Any]] = []
    for level, label, page, x, y in (mark for part in parts for mark in part.marks):
        while stack and stack[-1][0] >= level:
            stack.pop()
        item = writer.add_outline_item(title=label, page_number=page,
                                       parent=stack[-1][1] if stack else None,
                                       fit=Fit.xyz(x, y, 0))
        stack.append((level, item))
    head = readers[0][0]
    writer.add_metadata(dict(head.metadata or {}))
    for key in ("/Lang", "/PageMode"):
        if key in head.root_object:
            writer.root_object[NameObject(key)] = head.root_object[key]
    writer._ID = ArrayObject([ByteStringObject(identifier)] * 2)  # no public way to set it
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _link(writer: Any, readers: list[tuple[Any, range]], names: set[str]) -> None:
    """Each kept page's links, those to a destination the joined file has."""
    from pypdf.generic import ArrayObject, NameObject

    index = 0
    for reader, kept in readers:
        for local in kept:
            found = ArrayObject()
            for annotation in reader.pages[local].get("/Annots") or []:
                link = annotation.get_object()
                target = link.get("/Dest")
                if link.get("/Subtype") == "/Link" and (target is None or str(target) in names):
                    found.append(link.clone(writer).indirect_reference)
            if found:
                writer.pages[index][NameObject("/Annots")] = found
            index += 1


def _css(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
