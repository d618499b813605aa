"""Paragraphs and runs written directly as WordprocessingML: the pending pieces with
HTML's white space rules, each run's formatting, a paragraph's properties and bookmarks."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn

from kotacerdas.render.formats import (
    word_parts,
)
from kotacerdas.render.formats import word_xml as x
from kotacerdas.render.formats.word_parts import (
    TWIP,
    W_B,
    W_BR,
    W_COLOR,
    W_HIGHLIGHT,
    W_I,
    W_ILVL,
    W_IND,
    W_JC,
    W_KEEPNEXT,
    W_LANG,
    W_LEFT,
    W_NUMID,
    W_NUMPR,
    W_PAGEBREAKBEFORE,
    W_PBDR,
    W_PSTYLE,
    W_R,
    W_RFONTS,
    W_RPR,
    W_RSTYLE,
    W_SHD,
    W_SPACING,
    W_STRIKE,
    W_SZ,
    W_T,
    W_U,
    W_VAL,
    W_VERTALIGN,
    XML_SPACE,
    Piece,
)

if TYPE_CHECKING:
    from kotacerdas.render.formats.word_build import WordBook

_SPACE = re.compile(r"\s+")


def add_run(book: WordBook, parent: Any, text: str, style: dict[str, Any], linked: bool,
         preserve: bool) -> None:
    """A ``w:r`` with ``text`` and its formatting, built directly (python-docx's own
    properties look up every child's place one at a time)."""
    run = word_parts.sub(parent, W_R)
    if style or linked:
        properties = word_parts.sub(run, W_RPR)
        if linked:
            word_parts.sub(properties, W_RSTYLE).set(W_VAL, book.style_ids["Hyperlink"])
        if style.get("font"):
            fonts = word_parts.sub(properties, W_RFONTS)
            for side in ("ascii", "hAnsi", "cs"):
                fonts.set(qn(f"w:{side}"), style["font"])
        for key, tag in (("bold", W_B), ("italic", W_I), ("strike", W_STRIKE)):
            if style.get(key):
                word_parts.sub(properties, tag)
        if style.get("colour"):
            word_parts.sub(properties, W_COLOR).set(W_VAL, style["colour"])
        if style.get("size"):
            word_parts.sub(properties, W_SZ).set(W_VAL, str(int(round(style["size"] * 2))))
        if style.get("highlight"):
            word_parts.sub(properties, W_HIGHLIGHT).set(W_VAL, "yellow")
        if style.get("underline"):
            word_parts.sub(properties, W_U).set(W_VAL, "single")
        if style.get("sup") or style.get("sub"):
            word_parts.sub(properties, W_VERTALIGN).set(
                W_VAL, "superscript" if style.get("sup") else "subscript")
        if style.get("lang"):
            word_parts.sub(properties, W_LANG).set(W_VAL, style["lang"])
    lines = text.split("\n") if preserve else [text]
    for number, line in enumerate(lines):
        if number:
            word_parts.sub(run, W_BR)
        made = word_parts.sub(run, W_T)
        made.text = line
        if line[:1].isspace() or line[-1:].isspace():
            made.set(XML_SPACE, "preserve")


def add_bookmarks(book: WordBook, paragraph: Any) -> None:
    for name in dict.fromkeys(book.pending_marks):
        book.bookmark_number += 1
        x.bookmark(paragraph._p, name, book.bookmark_number)
    book.pending_marks = []


def set_properties(book: WordBook, p: Any, context: dict[str, Any]) -> None:
    """The paragraph's properties from ``context``, in the schema's order."""
    style = context.get("style")
    keep, page_break = context.get("keep"), context.get("page_break")
    number, kotak = context.get("number"), context.get("kotak")
    before, after = context.get("space_before"), context.get("space_after")
    indent, align = context.get("indent"), context.get("align")
    if not (style and style != "Normal" or keep or page_break or number or kotak
            or before is not None or after is not None or indent or align):
        return
    properties = p.get_or_add_pPr()
    if style and style != "Normal":
        word_parts.sub(properties, W_PSTYLE).set(W_VAL, book.style_ids[style])
    if keep:
        word_parts.sub(properties, W_KEEPNEXT)
    if page_break:
        word_parts.sub(properties, W_PAGEBREAKBEFORE)
    if number is not None:
        numbering = word_parts.sub(properties, W_NUMPR)
        word_parts.sub(numbering, W_ILVL).set(W_VAL, str(number[1]))
        word_parts.sub(numbering, W_NUMID).set(W_VAL, str(number[0]))
    if kotak:
        box = word_parts.sub(properties, W_PBDR)
        left = word_parts.sub(box, W_LEFT)
        for name, value in (("val", "single"), ("sz", "24"), ("space", "4"),
                            ("color", x.BLUE)):
            left.set(qn(f"w:{name}"), value)
        shading = word_parts.sub(properties, W_SHD)
        for name, value in (("val", "clear"), ("color", "auto"), ("fill", x.PALE)):
            shading.set(qn(f"w:{name}"), value)
    if before is not None or after is not None:
        spacing = word_parts.sub(properties, W_SPACING)
        if before is not None:
            spacing.set(qn("w:before"), str(int(before) // TWIP))
        if after is not None:
            spacing.set(qn("w:after"), str(int(after) // TWIP))
    if indent:
        word_parts.sub(properties, W_IND).set(qn("w:left"), str(int(indent) // TWIP))
    if align in ("right", "center"):
        word_parts.sub(properties, W_JC).set(W_VAL, align)


def collapsed(pieces: list[Piece]) -> list[Piece]:
    """The pieces with HTML's white space rules applied: runs of white space as one space,
    none at the start or end of the paragraph. Empty when nothing is left to show."""
    out: list[Piece] = []
    space_before = True
    for piece in pieces:
        if piece.kind != "text":
            out.append(piece)
            space_before = piece.kind == "break"
            continue
        text = _SPACE.sub(" ", piece.text)
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        space_before = text.endswith(" ")
        out.append(Piece(text=text, style=piece.style, link=piece.link))
    while out and out[-1].kind == "text" and out[-1].text.endswith(" "):
        last = out[-1]
        stripped = last.text.rstrip(" ")
        if stripped:
            out[-1] = Piece(text=stripped, style=last.style, link=last.link)
            break
        out.pop()
    while out and out[-1].kind == "break":
        out.pop()
    return out if any(p.kind != "break" for p in out) else []


def context_run(context: dict[str, Any]) -> dict[str, Any]:
    style = {}
    if context.get("bold"):
        style["bold"] = True
    if context.get("font"):
        style["font"] = context["font"]
    return style
