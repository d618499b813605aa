"""A book's HTML made ready to be laid out on pages: lists of its tables and figures, the
print writer's own style rules, and a content policy no template can leave out.

The lists go right after the table of contents (``nav.daftar-isi``); each entry links to
its table or figure, so that the print stylesheet can show the page it is on
(``target-counter``). A table is listed by its ``<caption>``, or else by the heading above
it (once per heading); a figure by its ``<figcaption>``, or else by the title of its chart
(``svg.grafik``), as is a chart outside a figure. Only what is in ``<main>`` is listed.
Everything is found with the standard library's HTML parser, and the book's text is
changed only where an ``id`` is added and where the lists go in.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

from kotacerdas.render.formats.html import CONTENT_SECURITY_POLICY

_HEADINGS = ("h2", "h3", "h4")
_DOCTYPE = re.compile(r"\A(\ufeff?\s*<!doctype[^>]*>)", re.IGNORECASE)
_NOT_A_FILE = r"(?!#|https?:|mailto:)"
_FILE_LINK = re.compile(rf"""(<a\b[^>]*?)\s+href\s*=\s*"""
                        rf"""(?:"{_NOT_A_FILE}[^"]*"|'{_NOT_A_FILE}[^']*')""", re.IGNORECASE)


class _Entry:
    """A table or figure to list: where its start tag is, its id, and its title."""

    def __init__(self, kind: str, tag_end: int, ident: str | None, fallback: str) -> None:
        self.kind = kind
        self.tag_end = tag_end  # where an id attribute can go in: just after the tag name
        self.ident = ident
        self.title = ""
        self.fallback = fallback


class LocatedParser(HTMLParser):
    """An HTML parser of ``text`` that knows where in it the tag being read begins."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.lines = [0] + [found.end() for found in re.finditer("\n", text)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column


class _Scanner(LocatedParser):
    """Collects the tables and figures of ``<main>``, their titles and the end of the
    table of contents."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.entries: list[_Entry] = []
        self.toc_end: int | None = None
        self.listed = False  # the book has a list of tables or figures of its own
        self._main = 0
        self._toc_depth = 0  # nav elements open since (and including) the table of contents
        self._capturing: list[tuple[str, Any]] = []  # (tag, entry or None for a heading)
        self._buffer: list[str] = []
        self._heading = ""
        self._listed_heading = ""
        self._figures: list[_Entry] = []
        self._in_svg = 0
        self._svg_target: _Entry | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "nav":
            if self._toc_depth or ("daftar-isi" in classes and self.toc_end is None):
                self._toc_depth += 1
            self.listed = self.listed or bool({"daftar-tabel", "daftar-gambar"} & set(classes))
        if tag == "main":
            self._main += 1
        if not self._main:
            return
        at = self._offset() + 1 + len(tag)
        if tag == "table":
            title = self._heading if self._heading != self._listed_heading else ""
            entry = _Entry("tabel", at, values.get("id"), title)
            self.entries.append(entry)
            if title:
                self._listed_heading = title
        elif tag == "figure":
            entry = _Entry("gambar", at, values.get("id"), "")
            self.entries.append(entry)
            self._figures.append(entry)
        elif tag == "svg":
            self._in_svg += 1
            if self._in_svg == 1:
                self._svg_target = self._figures[-1] if self._figures else None
                if "grafik" in classes and not self._figures:
                    self._svg_target = _Entry("gambar", at, values.get("id"), "")
                    self.entries.append(self._svg_target)
        elif tag == "caption" and self._last("tabel"):
            self._capture(tag, self._last("tabel"))
        elif tag == "figcaption" and self._figures:
            self._capture(tag, self._figures[-1])
        elif tag == "title" and self._in_svg == 1 and self._svg_target is not None:
            self._capture(tag, self._svg_target, fallback=True)
        elif tag in _HEADINGS:
            self._capture(tag, None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("svg", "figure", "nav", "main") or tag in _HEADINGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._toc_depth:
            self._toc_depth -= 1
            if not self._toc_depth:
                close = self.text.find(">", self._offset())
                self.toc_end = close + 1 if close >= 0 else len(self.text)
        if tag == "main" and self._main:
            self._main -= 1
        if tag == "svg" and self._in_svg:
            self._in_svg -= 1
        if tag == "figure" and self._figures:
            self._figures.pop()
        if self._capturing and self._capturing[-1][0] == tag:
            self._finish_capture()

    def handle_data(self, data: str) -> None:
        if self._capturing:
            self._buffer.append(data)

    def _last(self, kind: str) -> _Entry | None:
        return next((e for e in reversed(self.entries) if e.kind == kind), None)

    def _capture(self, tag: str, entry: _Entry | None, fallback: bool = False) -> None:
        if self._capturing:
            return  # one title at a time: a heading inside a caption stays the caption's
        self._capturing.append((tag, (entry, fallback)))
        self._buffer = []

    def _finish_capture(self) -> None:
        _, (entry, fallback) = self._capturing.pop()
        words = " ".join("".join(self._buffer).split())
        if entry is None:
            self._heading = words
        elif fallback:
            entry.fallback = entry.fallback or words
        else:
            entry.title = words


def with_lists(text: str, tables_title: str, figures_title: str) -> str:
    """``text`` with a list of its tables and one of its figures after its table of
    contents (none when it has no table of contents, lists of its own, or nothing to
    list)."""
    scanner = _Scanner(text)
    try:
        scanner.feed(text)
        scanner.close()
    except (AssertionError, ValueError):  # the parser gave up on broken markup: no lists
        return text
    if scanner.toc_end is None or scanner.listed:
        return text
    inserts: list[tuple[int, str]] = []
    lists: dict[str, list[str]] = {"tabel": [], "gambar": []}
    for number, entry in enumerate(scanner.entries, 1):
        title = entry.title or entry.fallback
        if not title:
            continue
        ident = entry.ident
        if not ident:
            ident = f"kc-{entry.kind}-{number}"
            inserts.append((entry.tag_end, f' id="{ident}"'))
        lists[entry.kind].append(f'<li><a href="#{html.escape(ident)}">'
                                 f'{html.escape(title)}</a></li>')
    block = "".join(
        f'<nav class="daftar-{kind}" aria-label="{html.escape(title)}">'
        f'<h2>{html.escape(title)}</h2><ol>{"".join(items)}</ol></nav>\n'
        for kind, title, items in (("tabel", tables_title, lists["tabel"]),
                                   ("gambar", figures_title, lists["gambar"])) if items)
    if block:
        inserts.append((scanner.toc_end, "\n" + block))
    for at, piece in sorted(inserts, reverse=True):
        text = text[:at] + piece + text[at:]
    return text


def with_content_policy(text: str) -> str:
    """``text`` with the books' content policy as the first thing in its head, so that a
    browser laying it out fetches nothing, whatever a city's template put in it."""
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{html.escape(CONTENT_SECURITY_POLICY)}">')
    found = _DOCTYPE.match(text)
    at = found.end() if found else 0
    return text[:at] + meta + text[at:]


def without_file_links(text: str) -> str:
    """``text`` with its links to other files (the other books) made plain text: a browser
    printing it would turn them into links to the folder it printed in."""
    return _FILE_LINK.sub(r"\1", text)


class _Tables(LocatedParser):
    """The tables of a book without column widths: where a ``colgroup`` can go, and the
    text of each cell by column."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.tables: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []
        self._wide = 0
        self._depth = 0
        self._wide_depths: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "div":
            self._depth += 1
            if "lebar" in classes:
                self._wide_depths.append(self._depth)
        if tag == "table":
            start = self.text.find(">", self._offset()) + 1
            self._open.append({"at": start, "rows": [], "cols": False, "nested": bool(self._open),
                               "wide": bool(self._wide_depths)})
        elif not self._open:
            return
        table = self._open[-1]
        if tag in ("colgroup", "col"):
            table["cols"] = True
        elif tag == "tr":
            table["rows"].append([])
        elif tag in ("td", "th") and table["rows"]:
            span = values.get("colspan") or "1"
            table["rows"][-1].append({"span": int(span) if span.isdigit() else 1,
                                      "number": "angka" in classes, "words": []})

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self._wide_depths and self._wide_depths[-1] == self._depth:
                self._wide_depths.pop()
            self._depth -= 1
        elif tag == "caption" and self._open:
            self._open[-1]["at"] = self.text.find(">", self._offset()) + 1
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1]["rows"] and self._open[-1]["rows"][-1]:
            self._open[-1]["rows"][-1][-1]["words"].append(data)


#: How many characters of table text fit across the page, portrait and landscape.
_ACROSS = {False: 105, True: 170}


def with_column_widths(text: str) -> str:
    """``text`` with a ``colgroup`` of percentage widths in every table that has none, and
    fixed table layout: widths from what the columns hold, so that the engine need not
    measure every cell twice (a quarter of WeasyPrint's time). A table whose longest words
    would not fit those widths keeps the automatic layout."""
    scanner = _Tables(text)
    try:
        scanner.feed(text)
        scanner.close()
    except (AssertionError, ValueError):
        return text
    inserts = []
    for table in scanner.tables:
        if table["cols"] or table["nested"] or not table["rows"]:
            continue
        shares = _shares(table["rows"], _ACROSS[table["wide"]])
        if shares:
            cols = "".join(f'<col style="width:{share:.1f}%">' for share in shares)
            inserts.append((table["at"], f"<colgroup>{cols}</colgroup>"))
    for at, piece in sorted(inserts, reverse=True):
        text = text[:at] + piece + text[at:]
    return with_style(text, "@media print { table { table-layout: fixed; } }")


def with_style(text: str, css: str) -> str:
    """``text`` with ``css`` as the last style sheet of its head (it wins over the
    templates' own rules of the same weight); unchanged when it has no head."""
    head_end = text.find("</head>")
    rule = f"<style>{css}</style>"
    return text[:head_end] + rule + text[head_end:] if head_end >= 0 else text


def _shares(rows: list[list[dict[str, Any]]], across: int) -> list[float] | None:
    columns = max(sum(cell["span"] for cell in row) for row in rows)
    if columns < 2:
        return None
    wanted = [3.0] * columns
    least = [2.0] * columns
    for row in rows:
        column = 0
        for cell in row:
            words = "".join(cell["words"]).split()
            if cell["span"] == 1 and column < columns:
                longest = max((len(word) for word in words), default=0)
                length = sum(len(word) + 1 for word in words)
                need = length if cell["number"] else longest
                least[column] = max(least[column], need + 2.0)
                want = length + 2.0 if cell["number"] else max(
                    longest + 2.0, min(length, 60) ** 0.8 * 2.2)
                wanted[column] = max(wanted[column], want)
            column += cell["span"]
    if sum(least) > across:
        return None  # the longest words alone fill the page: let the engine lay it out
    total = sum(wanted)
    shares = [max(want / total * across, low) for want, low in zip(wanted, least)]
    scale = sum(shares)
    return [100 * share / scale for share in shares]
