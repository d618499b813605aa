"""What the parts of the Word writer share: the pieces a paragraph is made of, the boxes
blocks go into, the kinds of HTML elements, the WordprocessingML tags written directly,
and small helpers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from docx.oxml.ns import qn

TWIP = 635  # EMU per twip
W_R, W_RPR, W_T, W_BR = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:br")
W_RSTYLE, W_RFONTS, W_B, W_I = qn("w:rStyle"), qn("w:rFonts"), qn("w:b"), qn("w:i")
W_STRIKE, W_COLOR, W_SZ, W_U = qn("w:strike"), qn("w:color"), qn("w:sz"), qn("w:u")
W_HIGHLIGHT, W_VERTALIGN, W_VAL = qn("w:highlight"), qn("w:vertAlign"), qn("w:val")
W_LANG = qn("w:lang")
W_PSTYLE, W_KEEPNEXT, W_PAGEBREAKBEFORE = qn("w:pStyle"), qn("w:keepNext"), \
    qn("w:pageBreakBefore")
W_NUMPR, W_ILVL, W_NUMID, W_PBDR = qn("w:numPr"), qn("w:ilvl"), qn("w:numId"), \
    qn("w:pBdr")
W_LEFT, W_SHD, W_SPACING, W_IND, W_JC = qn("w:left"), qn("w:shd"), qn("w:spacing"), \
    qn("w:ind"), qn("w:jc")
W_TC, W_TCPR, W_TCW, W_P = qn("w:tc"), qn("w:tcPr"), qn("w:tcW"), qn("w:p")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: Word's tag for each language of the books and of plan text.
LANGUAGE_TAGS = {"id": "id-ID", "en": "en-GB"}

#: Inline elements: their text joins the paragraph, with the formatting they stand for.
INLINE = {"a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "img", "kbd",
          "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
          "var", "wbr", "bdi", "bdo", "data", "ins", "label", "svg", "font", "nobr", "tt",
          "big", "acronym", "strike", "ruby", "rt", "rp", "output", "meter", "progress"}
#: Block elements walked for what they hold.
CONTAINERS = {"html", "body", "main", "section", "article", "div", "header", "footer", "nav",
              "aside", "figure", "address", "hgroup", "details", "summary", "center"}
BLOCKS = CONTAINERS | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table",
                       "blockquote", "pre", "hr", "dl", "dt", "dd", "figcaption", "caption"}
#: Elements whose content is never shown as text.
SILENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "canvas",
          "video", "audio", "form", "input", "button", "select", "textarea", "link", "meta",
          "base", "title", "head", "colgroup", "col", "source", "track", "map", "area",
          "frameset", "frame", "applet", "param", "dialog"}
UNDERSTOOD_SILENT = {"colgroup", "col", "head", "title", "meta", "link", "style"}
#: How the text of an inline element is set in its run.
RUN_STYLES: dict[str, dict[str, Any]] = {
    **dict.fromkeys(("strong", "b"), {"bold": True}),
    **dict.fromkeys(("em", "i", "cite", "dfn", "var"), {"italic": True}),
    **dict.fromkeys(("u", "ins"), {"underline": True}),
    **dict.fromkeys(("s", "del", "strike"), {"strike": True}),
    **dict.fromkeys(("code", "kbd", "samp", "tt"), {"font": "Courier New"}),
    "small": {"size": 8.5}, "sup": {"sup": True}, "sub": {"sub": True},
    "mark": {"highlight": True},
}


@dataclass
class Piece:
    """A piece of a paragraph: text with its formatting, a line break or an image."""

    text: str = ""
    style: dict[str, Any] = field(default_factory=dict)
    link: tuple[str, str] | None = None  # ("anchor" | "url", target)
    kind: str = "text"  # text, break, image
    image: tuple[bytes, int, int, str] | None = None  # png, width and height in EMU, title


@dataclass
class Box:
    """Where blocks go: the document body or a table cell, and how wide it is (twips)."""

    target: Any
    width: int
    first: Any = None  # a cell's own empty paragraph, used before any new one
    body: bool = False

    def paragraph(self) -> Any:
        if self.first is not None:
            made, self.first = self.first, None
            return made
        return self.target.add_paragraph()


def sub(parent: Any, tag: str) -> Any:
    return lxml.etree.SubElement(parent, tag)


def copy(node: Any) -> Any:
    from copy import deepcopy

    return deepcopy(node)


def words(text: str) -> str:
    return " ".join(text.split())


#: What XML, and so a Word document, cannot hold.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def writable(root: Any) -> tuple[Any, str] | None:
    """Replace every character of ``root``'s text and attributes that XML cannot hold
    (control characters, which only a city template or label can bring) by U+FFFD; the
    element and the character of the first, or None when there was none."""
    first = None
    for node in root.iter():
        for side in ("text", "tail"):
            if found := _unwritable(getattr(node, side)):
                first = first or (node, found)
                setattr(node, side, UNWRITABLE.sub("\ufffd", getattr(node, side)))
        for name, value in node.attrib.items():
            if found := _unwritable(value):
                first = first or (node, found)
                node.set(name, UNWRITABLE.sub("\ufffd", value))
    return first


def _unwritable(value: str | None) -> str:
    """The first character of ``value`` XML cannot hold ("" when none)."""
    found = UNWRITABLE.search(value) if value else None
    return found.group() if found else ""
