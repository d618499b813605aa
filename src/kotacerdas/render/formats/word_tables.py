"""Tables: the HTML tables as Word tables with fixed column widths and repeating header
rows, and the layout grids of ``div``s (SWOT, key figures, signatures)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from kotacerdas.render.formats import (
    word_contents,
    word_document,
    word_parts,
)
from kotacerdas.render.formats import word_xml as x
from kotacerdas.render.formats.word_parts import (
    BLOCKS,
    W_P,
    W_TC,
    W_TCPR,
    W_TCW,
    W_VAL,
    Box,
    Piece,
)

if TYPE_CHECKING:
    from kotacerdas.render.formats.word_build import WordBook

#: The type size of a table's text (points), and of one in a wide block.
TABLE_TEXT, WIDE_TABLE_TEXT = 9.0, 8.5
_WHITE = "FFFFFF"


def add_table(book: WordBook, node: Any) -> None:
    rows: list[tuple[str, Any]] = []
    caption = None
    widths: list[float] = []
    for part in node:
        if not isinstance(part.tag, str):
            continue
        if part.tag == "caption":
            caption = part
        elif part.tag == "colgroup":
            widths = [percent(col.get("style") or col.get("width") or "")
                      for col in part if col.tag == "col"]
        elif part.tag in ("thead", "tbody", "tfoot"):
            rows.extend((part.tag, tr) for tr in part if tr.tag == "tr")
        elif part.tag == "tr":
            rows.append(("tbody", part))
    grid = [(kind, tr, [(cell, column_span(cell)) for cell in tr if cell.tag in ("td", "th")])
            for kind, tr in rows]
    grid = [row for row in grid if row[2]]
    if caption is not None:
        word_contents.caption(book, caption, node, "Tabel", {"style": "Caption", "keep": True})
    if not grid:
        return
    columns = max(sum(span for _, span in cells) for _, _, cells in grid)
    word_document.ensure_section(book)
    box = book.box[-1]
    total = box.width
    shares = widths if len(widths) == columns and all(widths) else estimate(grid, columns)
    scale = sum(shares) or 1
    twips = [max(int(total * share / scale), 300) for share in shares]
    table = box.target.add_table(rows=0, cols=columns)
    table_style(table, book.style_ids["Table Grid"])
    table_layout(table, twips)
    has_head = any(kind == "thead" for kind, _, _ in grid)
    leading_heads = 0
    for kind, _, cells in grid:
        if kind == "thead" if has_head else all(cell.tag == "th" for cell, _ in cells):
            leading_heads += 1
        else:
            break
    for number, (kind, tr, cells) in enumerate(grid):
        book.mark(tr)
        row = table._tbl.add_tr()
        header = number < leading_heads
        properties = row.get_or_add_trPr()
        x.put(properties, x.element("w:cantSplit"))
        if header:
            x.put(properties, x.element("w:tblHeader"))
        column = 0
        for cell_node, span in cells:
            width = sum(twips[column:column + span])
            tc = new_cell(row, width, span)
            column += span
            add_cell(book, table, tc, cell_node, kind, header, width)
        while column < columns:  # a short row: fill it, as a browser shows it
            new_cell(row, twips[column], 1)
            column += 1


def add_cell(book: WordBook, table: Any, tc: Any, node: Any, kind: str, header: bool,
             width: int) -> None:
    classes = set((node.get("class") or "").split())
    cell = _Cell(tc, table)
    context: dict[str, Any] = {"style": "Normal", "in_cell": True, "space_after": Pt(2)}
    size = WIDE_TABLE_TEXT if book.wanted[-1] == "landscape" else TABLE_TEXT
    formats: dict[str, Any] = {"size": size}
    properties = tc.get_or_add_tcPr()
    if header:
        x.shade(properties, x.BLUE)
        formats.update({"bold": True, "colour": _WHITE})
    elif kind == "tfoot" or "jumlah" in classes or (
            node.getparent() is not None and "jumlah" in (node.getparent().get("class") or "")):
        x.shade(properties, x.PALE)
        formats.update({"bold": True})
    elif node.tag == "th":
        x.shade(properties, x.PALE)
        formats.update({"bold": True, "colour": x.BLUE})
    if "angka" in classes:
        context["align"] = "right"
    book.mark(node)
    book.box.append(Box(cell, width - 170, first=cell.paragraphs[0]))
    book.context.append(context)
    book.formats.append({**book.formats[-1], **formats})
    try:
        book.flow(node)
        book.flush()
    finally:
        book.formats.pop()
        book.context.pop()
        book.box.pop()


def add_grid(book: WordBook, node: Any, columns: int, borderless: bool, signatures: bool = False,
         figures: bool = False) -> None:
    """A layout grid of ``div``s as a table: the SWOT quadrants, the key figures, the
    signature blocks (borderless, centred, a line to sign on above each name)."""
    kids = [kid for kid in node if isinstance(kid.tag, str)]
    if not kids:
        return
    word_document.ensure_section(book)
    box = book.box[-1]
    twips = [box.width // columns] * columns
    table = box.target.add_table(rows=0, cols=columns)
    table_style(table, book.style_ids["Table Grid"])
    table_layout(table, twips)
    properties = table._tbl.tblPr
    if borderless:
        x.no_borders(properties, "w:tblBorders")
    for start in range(0, len(kids), columns):
        row = table._tbl.add_tr()
        x.put(row.get_or_add_trPr(), x.element("w:cantSplit"))
        for offset in range(columns):
            tc = new_cell(row, twips[offset], 1)
            if start + offset >= len(kids):
                continue
            kid = kids[start + offset]
            cell = _Cell(tc, table)
            context: dict[str, Any] = {"style": "Normal", "in_cell": True}
            if signatures or figures:
                context["align"] = "center"
            kid_classes = set((kid.get("class") or "").split())
            colour = {"kekuatan": "3D8361", "kelemahan": "C8553D", "peluang": "2A6F97",
                      "ancaman": "E9A03B"}
            if figures:
                x.shade(tc.get_or_add_tcPr(), x.PALE)
            if signatures:  # the lines to sign on level along a row
                x.put(tc.get_or_add_tcPr(), x.element("w:vAlign", val="bottom"))
            for name, value in colour.items():
                if name in kid_classes:
                    x.borders(tc.get_or_add_tcPr(), "w:tcBorders",
                              {"top": ("single", 24, value)})
            book.mark(kid)
            book.box.append(Box(cell, twips[offset] - 216, first=cell.paragraphs[0]))
            book.context.append(context)
            try:
                if signatures:
                    add_signature(book, kid)
                elif figures:
                    add_figure_cell(book, kid)
                else:
                    book.flow(kid)
                book.flush()
            finally:
                book.context.pop()
                book.box.pop()


def add_signature(book: WordBook, node: Any) -> None:
    for kid in node:
        if not isinstance(kid.tag, str):
            continue
        classes = set((kid.get("class") or "").split())
        if "ruang" in classes:
            book.flush()
            paragraph = book.box[-1].paragraph()
            paragraph.paragraph_format.space_before = Pt(54)
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.left_indent = Cm(0.8)
            paragraph.paragraph_format.right_indent = Cm(0.8)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            x.borders(paragraph._p.get_or_add_pPr(), "w:pBdr",
                      {"bottom": ("single", 6, "1B1B1B")})
        elif kid.tag in BLOCKS:
            book.block(kid)
        else:
            book.inline(kid)
        if kid.tail:
            book.text(kid.tail)


def add_figure_cell(book: WordBook, node: Any) -> None:
    if node.text:
        book.text(node.text)
    for kid in node:
        if not isinstance(kid.tag, str):
            continue
        if kid.tag == "strong":
            book.formats.append({**book.formats[-1], "bold": True, "size": 16,
                                 "colour": x.BLUE})
            try:
                book.flow(kid)
            finally:
                book.formats.pop()
            book.pending.append(Piece(kind="break"))
        else:
            book.inline(kid) if kid.tag not in BLOCKS else book.block(kid)
        if kid.tail:
            book.text(kid.tail)


def new_cell(row: Any, width: int, span: int) -> Any:
    """A ``w:tc`` at the end of ``row``: its width in twips, spanning ``span`` columns, with
    the empty paragraph every cell must end with."""
    tc = word_parts.sub(row, W_TC)
    properties = word_parts.sub(tc, W_TCPR)
    measure = word_parts.sub(properties, W_TCW)
    measure.set(qn("w:w"), str(width))
    measure.set(qn("w:type"), "dxa")
    if span > 1:
        word_parts.sub(properties, qn("w:gridSpan")).set(W_VAL, str(span))
    word_parts.sub(tc, W_P)
    return tc


def column_span(cell: Any) -> int:
    try:
        return max(1, min(int(cell.get("colspan") or 1), 50))
    except ValueError:
        return 1


def percent(text: str) -> float:
    found = re.search(r"([\d.]+)\s*%", text)
    try:
        return float(found.group(1)) if found else 0.0
    except ValueError:
        return 0.0


def estimate(grid: list[tuple[str, Any, list[tuple[Any, int]]]], columns: int) -> list[float]:
    """Column shares from what the columns hold: the longest word, and some of the text,
    so that a column of codes stays narrow and one of descriptions wide."""
    shares = [3.0] * columns
    for _, _, cells in grid:
        column = 0
        for cell, span in cells:
            if span == 1 and column < columns:
                words = cell.text_content().split()
                longest = max((len(word) for word in words), default=0)
                length = sum(len(word) + 1 for word in words)
                wanted = length if "angka" in (cell.get("class") or "") else max(
                    longest, min(length, 48) ** 0.85 * 1.6)
                shares[column] = max(shares[column], float(wanted))
            column += span
    return shares


def table_style(table: Any, style_id: str) -> None:
    x.put(table._tbl.tblPr, x.element("w:tblStyle", val=style_id))


def table_layout(table: Any, twips: list[int]) -> None:
    """Fixed column widths, in ``w:gridCol`` (LibreOffice reads those) and ``w:tblW``."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in twips:
        x.child(grid, "w:gridCol", w=str(width))
    properties = tbl.tblPr
    x.put(properties, x.element("w:tblW", w=str(sum(twips)), type="dxa"))
    x.put(properties, x.element("w:tblLayout", type="fixed"))
    x.put(properties, x.element("w:tblCellMar"))
    margins = properties.find(qn("w:tblCellMar"))
    for side in ("top", "left", "bottom", "right"):
        x.child(margins, f"w:{side}", w="45" if side in ("top", "bottom") else "85", type="dxa")
