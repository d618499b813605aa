"""A Word document built by walking a book's HTML: the same content as the HTML books, in
Word's own terms (heading styles, list numbering, fields, sections).

The elements and classes understood here are listed in ``templates/books/WORD.md``; what
else a city's template produces is written as plain paragraphs, with a note (KC632) naming
the chapter it came from. Charts (inline SVG) become PNG images rasterised by resvg, which
needs no browser. Nothing is fetched: an image is used only when it is a ``data:`` URL,
and a chart's links to anything outside it are dropped before it is drawn.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import _Cell

from kotacerdas.render.formats import word_xml as x
from kotacerdas.render.formats.finishing import TimeUp

_SVG = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)
_SVG_HREF = re.compile(r"""\s(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_SVG_SIZE = re.compile(r"""\b(width|height|viewBox)\s*=\s*["']([^"']*)["']""")
_SPACE = re.compile(r"\s+")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif|svg\+xml)(;base64)?,(.*)", re.S | re.I)
_TWIP = 635  # EMU per twip
_W_R, _W_RPR, _W_T, _W_BR = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:br")
_W_RSTYLE, _W_RFONTS, _W_B, _W_I = qn("w:rStyle"), qn("w:rFonts"), qn("w:b"), qn("w:i")
_W_STRIKE, _W_COLOR, _W_SZ, _W_U = qn("w:strike"), qn("w:color"), qn("w:sz"), qn("w:u")
_W_HIGHLIGHT, _W_VERTALIGN, _W_VAL = qn("w:highlight"), qn("w:vertAlign"), qn("w:val")
_W_PSTYLE, _W_KEEPNEXT, _W_PAGEBREAKBEFORE = qn("w:pStyle"), qn("w:keepNext"), \
    qn("w:pageBreakBefore")
_W_NUMPR, _W_ILVL, _W_NUMID, _W_PBDR = qn("w:numPr"), qn("w:ilvl"), qn("w:numId"), \
    qn("w:pBdr")
_W_LEFT, _W_SHD, _W_SPACING, _W_IND, _W_JC = qn("w:left"), qn("w:shd"), qn("w:spacing"), \
    qn("w:ind"), qn("w:jc")
_W_TC, _W_TCPR, _W_TCW, _W_P = qn("w:tc"), qn("w:tcPr"), qn("w:tcW"), qn("w:p")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: The most image pixels a chart gets per CSS pixel, and the resolution it is drawn for.
ZOOM, DPI = 1.5, 200
_EMU_PER_PX, _EMU_PER_INCH = 9525, 914400
#: The heading levels the contents list (the navigation pane shows them all).
TOC_LEVELS = 2
#: The type size of a table's text (points), and of one in a wide block.
TABLE_TEXT, WIDE_TABLE_TEXT = 9.0, 8.5
_EMPTY = lxml.html.fromstring("<p></p>")
_WHITE = "FFFFFF"

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
_UNDERSTOOD_SILENT = {"colgroup", "col", "head", "title", "meta", "link", "style"}


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


class WordBook:
    """One book as a Word document, built from the book's HTML."""

    def __init__(self, job: dict[str, Any], reference: bytes | None) -> None:
        self.job = job
        self.labels: dict[str, Any] = job.get("labels", {})
        self.doc = Document(io.BytesIO(reference)) if reference else Document()
        self.reference = reference is not None
        self.notes: list[dict[str, Any]] = []
        self._noted: set[tuple[str, str, str]] = set()
        self.chapter = ""
        self.headings: list[tuple[int, str, str]] = []  # level, text, bookmark
        self.ids: dict[str, str] = {}  # HTML id -> bookmark name
        self._bookmark_number = 0
        self._marked: set[str] = set()
        self.pending: list[Piece] = []
        self.pending_marks: list[str] = []
        self.context: list[dict[str, Any]] = [{}]
        self.formats: list[dict[str, Any]] = [{}]
        self.links: list[tuple[str, str] | None] = [None]
        self.svgs: list[str] = []
        self._svg_index = 0
        self.toc_marker: Any = None
        self.chapters = 0
        self.numbered = any(chapter.get("nomor") for chapter in
                            (job.get("book") or {}).get("bab", []))
        self.numbering = "decimal" if job.get("numbering") == "angka" else "upperRoman"
        self.sections: list[str] = ["portrait"]
        self.wanted: list[str] = ["portrait"]
        self.cover_done = False
        self._setup()

    # -- set-up ----------------------------------------------------------------------

    def _setup(self) -> None:
        doc = self.doc
        section = doc.sections[-1]
        if self.reference:
            body = doc.element.body
            self.letterhead = [_copy(ref) for ref in section._sectPr.xpath(
                "w:headerReference|w:footerReference")]
            self.title_page = section.different_first_page_header_footer
            width, height = section.page_width or Cm(21), section.page_height or Cm(29.7)
            if width > height:
                width, height = height, width
            self.page = (int(width), int(height))
            self.margins = tuple(int(value or Cm(2.5)) for value in (
                section.top_margin, section.bottom_margin, section.left_margin,
                section.right_margin))
            content = [kid for kid in body if kid.tag != qn("w:sectPr")]
            self.cover_done = any("".join(kid.itertext()).strip() or kid.xpath(".//w:drawing")
                                  for kid in content)
            if self.cover_done:
                self._fill_cover_placeholders(content)
                last = doc.add_paragraph()
                last.add_run().add_break(WD_BREAK.PAGE)
            else:
                for kid in content:
                    body.remove(kid)
        else:
            self.letterhead = []
            self.title_page = True
            self.page = (int(Cm(21)), int(Cm(29.7)))
            self.margins = (int(Cm(2.5)), int(Cm(2.2)), int(Cm(2.5)), int(Cm(2.0)))
            for paragraph in list(doc.paragraphs):
                paragraph._p.getparent().remove(paragraph._p)
        self._page_setup(section, "portrait")
        self._styles()

    def _fill_cover_placeholders(self, content: list[Any]) -> None:
        meta = self.job.get("meta", {})
        period = self.labels.get("periode", "{mulai}–{selesai}")
        values = {"{buku}": self.job.get("title", ""), "{daerah}": meta.get("daerah", ""),
                  "{provinsi}": meta.get("provinsi", ""),
                  "{periode}": period.replace("{mulai}", str(meta.get("mulai", "")))
                  .replace("{selesai}", str(meta.get("selesai", ""))),
                  "{masterplan}": self.labels.get("masterplan", "")}
        for kid in content:
            for text in kid.iter(qn("w:t")):
                if text.text and "{" in text.text:
                    for key, value in values.items():
                        text.text = text.text.replace(key, str(value))

    def _page_setup(self, section: Any, orientation: str) -> None:
        width, height = self.page
        if orientation == "landscape":
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Emu(height), Emu(width)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Emu(width), Emu(height)
        top, bottom, left, right = self.margins
        section.top_margin, section.bottom_margin = Emu(top), Emu(bottom)
        section.left_margin, section.right_margin = Emu(left), Emu(right)
        if not self.reference:
            section.header_distance = section.footer_distance = Cm(1.2)

    def text_width(self, orientation: str | None = None) -> int:
        """The width between the margins, in twips."""
        width, height = self.page
        wide = (orientation or self.sections[-1]) == "landscape"
        return ((height if wide else width) - self.margins[2] - self.margins[3]) // _TWIP

    def text_height(self) -> int:
        width, height = self.page
        wide = self.sections[-1] == "landscape"
        return (width if wide else height) - self.margins[0] - self.margins[1]

    def _styles(self) -> None:
        styles = self.doc.styles
        own = not self.reference
        if own:
            normal = styles["Normal"]
            x.font(normal, size=10, name="Arial")
            normal.paragraph_format.space_after = Pt(5)
            normal.paragraph_format.line_spacing = 1.15
            _fonts(normal, "Arial")
        sizes = {1: 16, 2: 13, 3: 11, 4: 10}
        for level in range(1, 5):
            style = x.paragraph_style(styles, f"Heading {level}",
                                      lambda s, n=level: x.font(s, size=sizes[n], bold=True,
                                                                colour=x.BLUE))
            x.outline_level(style, level - 1)
            if own:
                x.font(style, size=sizes[level], colour=x.BLUE, bold=True)
                _fonts(style, "Times New Roman")
                style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
                style.paragraph_format.space_after = Pt(6)
                style.paragraph_format.keep_with_next = True
        title = x.paragraph_style(styles, "Title", lambda s: x.font(s, size=28, colour=x.BLUE))
        subtitle = x.paragraph_style(styles, "Subtitle",
                                     lambda s: x.font(s, size=14, colour=x.GREY))
        if own:
            x.font(title, size=30, colour=x.BLUE, bold=True)
            _fonts(title, "Times New Roman")
            _no_paragraph_borders(title)
            x.font(subtitle, size=14, colour=x.GREY, italic=False)
            _fonts(subtitle, "Arial")
        contents = x.paragraph_style(styles, "TOC Heading",
                                     lambda s: x.font(s, size=16, colour=x.BLUE, bold=True))
        x.outline_level(contents, 9)  # not itself an entry of the contents
        for level in (1, 2, 3):
            toc = x.paragraph_style(styles, f"toc {level}", None)
            if toc.paragraph_format.left_indent is None:
                toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
                toc.paragraph_format.space_after = Pt(2)
        x.paragraph_style(styles, "Caption",
                          lambda s: x.font(s, size=9, colour=x.GREY, italic=True))
        x.paragraph_style(styles, "List Paragraph", None)
        x.paragraph_style(styles, "Quote", lambda s: x.font(s, italic=True, colour=x.GREY))
        x.character_style(styles, "Hyperlink", _hyperlink_style)
        x.paragraph_style(styles, "Catatan", lambda s: x.font(s, size=8.5, colour=x.GREY))
        x.paragraph_style(styles, "Visi", lambda s: x.font(s, size=13, colour=x.BLUE,
                                                           italic=True))
        x.ensure_style(styles, "Table Grid", WD_STYLE_TYPE.TABLE, _grid_style)
        tag = {"id": "id-ID", "en": "en-GB"}.get(self.job.get("language", "id"), "id-ID")
        x.language(styles, tag)
        numbering = self.doc.part.numbering_part.element
        if self.numbered:
            word = self.labels.get("sebutan_bab", "BAB").replace("%", "")
            chapters = x.abstract_numbering(numbering, [{"fmt": self.numbering, "style": "Heading1",
                                                         "text": f"{word} %1", "suffix": "space"}])
            self.chapter_num = x.numbering_instance(numbering, chapters)
            x.style_numbering(styles["Heading 1"], self.chapter_num)
        self.bullets = x.abstract_numbering(numbering, [
            {"fmt": "bullet", "text": mark, "indent": str(360 * (level + 1)), "hanging": "360",
             "font": "Symbol" if mark == "\uf0b7" else ""}
            for level, mark in enumerate(("\uf0b7", "o", "\u25aa"))])
        self.decimals = x.abstract_numbering(numbering, [
            {"fmt": fmt, "text": f"%{level + 1}.", "indent": str(360 * (level + 1)),
             "hanging": "360"}
            for level, fmt in enumerate(("decimal", "lowerLetter", "lowerRoman"))])
        self.styles = {name: styles[name] for name in (
            "Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title", "Subtitle",
            "TOC Heading", "toc 1", "toc 2", "toc 3", "Caption", "List Paragraph", "Quote",
            "Hyperlink", "Catatan", "Visi", "Table Grid")}
        self.style_ids = {name: style.style_id for name, style in self.styles.items()}

    def _style(self, paragraph: Any, name: str) -> None:
        """Give ``paragraph`` the style ``name`` (by its id: python-docx's own lookup walks
        every style for each paragraph)."""
        paragraph._p.get_or_add_pPr().style = self.style_ids[name]

    # -- the walk ----------------------------------------------------------------------

    def build(self, text: str) -> bytes:
        self.svgs = [_safe_svg(found) for found in _SVG.findall(text)]
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                      huge_tree=True)
        root = lxml.html.document_fromstring(text, parser=parser)
        for node in root.iter():
            ident = node.get("id") if isinstance(node.tag, str) else None
            if ident and ident not in self.ids:
                self.ids[ident] = self._bookmark_name(ident)
        self._metadata(root)
        body = root.find("body")
        self.box = [Box(self.doc, self.text_width(), body=True)]
        self.flow(body if body is not None else root)
        self.flush()
        self._finish_toc()
        self._sections()
        x.update_fields_on_open(self.doc.settings)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _bookmark_name(self, ident: str) -> str:
        base = "k_" + re.sub(r"[^A-Za-z0-9_]", "_", ident)[:34]
        name, number = base, 1
        taken = set(self.ids.values())
        while name in taken:
            number += 1
            name = f"{base[:34]}_{number}"
        return name

    def _metadata(self, root: Any) -> None:
        from datetime import datetime, timezone

        core = self.doc.core_properties
        title = root.find(".//head/title")
        core.title = (_words(title.text_content()) if title is not None
                      else str(self.job.get("title", "")))
        metas = {meta.get("name"): meta.get("content") or "" for meta in root.iter("meta")
                 if meta.get("name")}
        core.subject = metas.get("description", "")[:250]
        core.keywords = metas.get("keywords", "")[:250]
        core.author = metas.get("author", "")[:250]
        core.last_modified_by = "kotacerdas"
        core.comments = ""
        core.category = self.labels.get("masterplan", "")
        core.language = {"id": "id-ID", "en": "en-GB"}.get(self.job.get("language", ""), "")
        core.revision = 1
        year, month, day = (int(part) for part in str(self.job.get("date", "2000-01-01"))
                            .split("-"))
        stamp = datetime(max(year, 1980), month, day, tzinfo=timezone.utc)
        core.created = core.modified = stamp
        core.last_printed = stamp

    def flow(self, node: Any) -> None:
        """Walk ``node``'s content: its text and inline children go into the pending
        paragraph, each block child into blocks of its own."""
        if node.text:
            self.text(node.text)
        for kid in node:
            if not isinstance(kid.tag, str):
                pass
            elif kid.tag in BLOCKS:
                self.block(kid)
            else:
                self.inline(kid)
            if kid.tail:
                self.text(kid.tail)

    def block(self, node: Any) -> None:
        tag = node.tag
        classes = set((node.get("class") or "").split())
        self.flush()
        self._mark(node)
        if tag == "section" and "bab" in classes:
            self.chapter = (node.get("id") or "").removeprefix("bab-")
        if tag == "header" and "sampul" in classes:
            return self.cover(node)
        if tag == "nav" and "daftar-isi" in classes:
            return self.toc(node)
        if tag == "nav" and classes & {"daftar-tabel", "daftar-gambar"}:
            return None  # the HTML book's lists of tables and figures: not Word headings
        if "lebar" in classes and self.box[-1].body:
            self.wanted.append("landscape")
            try:
                self.flow(node)
                self.flush()
            finally:
                self.wanted.pop()
            return None
        if tag == "div" and "tanda-tangan" in classes:
            return self.grid(node, columns=2, borderless=True, signatures=True)
        if tag == "div" and "swot" in classes:
            return self.grid(node, columns=2, borderless=False)
        if tag == "div" and "angka-utama" in classes:
            kids = [kid for kid in node if isinstance(kid.tag, str)]
            return self.grid(node, columns=max(len(kids), 1), borderless=True, figures=True)
        if tag == "table":
            return self.table(node)
        if tag in ("ul", "ol"):
            return self.listing(node)
        if tag == "hr":
            paragraph = self.box[-1].paragraph()
            x.borders(paragraph._p.get_or_add_pPr(), "w:pBdr", {"bottom": ("single", 6, x.LINE)})
            return None
        if tag == "footer":
            return self.paragraphs(node, {"style": "Catatan"})
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return self.heading(node, classes)
        context: dict[str, Any] = {}
        if tag == "p":
            context = {"style": "Normal"}
        elif tag in ("figcaption", "caption"):
            context = {"style": "Caption"}
        elif tag == "blockquote":
            context = {"style": "Quote"}
        elif tag == "pre":
            context = {"preserve": True, "font": "Courier New"}
        elif tag == "dt":
            context = {"bold": True, "keep": True}
        elif tag == "dd":
            context = {"indent": Cm(0.8)}
        elif tag == "li":
            context = {}
        if "catatan" in classes:
            context["style"] = "Catatan"
        if "visi" in classes:
            context["style"] = "Visi"
        if "kotak" in classes:
            context["kotak"] = True
        if "angka" in classes:
            context["align"] = "right"
        if tag == "figure":
            context["align"] = "center"
        return self.paragraphs(node, context)

    def paragraphs(self, node: Any, context: dict[str, Any]) -> None:
        self.context.append({**self.context[-1], **context})
        try:
            self.flow(node)
            self.flush()
        finally:
            self.context.pop()

    def inline(self, node: Any) -> None:
        tag = node.tag
        classes = set((node.get("class") or "").split())
        self._mark(node)
        if tag == "br":
            self.pending.append(Piece(kind="break"))
            return
        if tag == "svg":
            self.chart(node)
            return
        if tag == "img":
            self.image(node)
            return
        if tag in SILENT:
            if tag not in _UNDERSTOOD_SILENT:
                self.note("KC632", element=tag)
            return
        if tag == "span" and "nomor" in classes and self.context[-1].get("chapter_heading"):
            return  # Word's list numbering writes the chapter number
        if tag not in INLINE:  # not understood: its text as a plain paragraph
            self.note("KC632", element=tag)
            self.flush()
            self.context.append({**self.context[-1], "style": "Normal"})
            try:
                self.text(node.text_content())
                self.flush()
            finally:
                self.context.pop()
            return
        style: dict[str, Any] = {}
        if tag in ("strong", "b"):
            style["bold"] = True
        elif tag in ("em", "i", "cite", "dfn", "var"):
            style["italic"] = True
        elif tag in ("u", "ins"):
            style["underline"] = True
        elif tag in ("s", "del", "strike"):
            style["strike"] = True
        elif tag in ("code", "kbd", "samp", "tt"):
            style["font"] = "Courier New"
        elif tag == "small":
            style["size"] = 8.5
        elif tag == "sup":
            style["sup"] = True
        elif tag == "sub":
            style["sub"] = True
        elif tag == "mark":
            style["highlight"] = True
        if "catatan" in classes:
            style.update({"colour": x.GREY, "size": 8.5})
        link = self.links[-1]
        if tag == "a":
            link = self._link(node.get("href") or "") or link
        self.formats.append({**self.formats[-1], **style})
        self.links.append(link)
        try:
            if tag == "q":
                self.text("“")
            self.flow(node)
            if tag == "q":
                self.text("”")
        finally:
            self.formats.pop()
            self.links.pop()

    def _link(self, href: str) -> tuple[str, str] | None:
        href = href.strip()
        if href.startswith("#") and href[1:] in self.ids:
            return ("anchor", self.ids[href[1:]])
        if re.match(r"(https?:|mailto:)", href, re.I):
            return ("url", href)
        return None  # a link to another book's file, or nowhere: plain text

    def text(self, text: str) -> None:
        if not text:
            return
        self.pending.append(Piece(text=text, style=dict(self.formats[-1]), link=self.links[-1]))

    def _mark(self, node: Any) -> None:
        ident = node.get("id")
        if ident and ident in self.ids and ident not in self._marked:
            self._marked.add(ident)
            self.pending_marks.append(self.ids[ident])

    def note(self, code: str, **params: str) -> None:
        key = (code, self.chapter, params.get("element", params.get("detail", "")))
        if key in self._noted:
            return
        self._noted.add(key)
        self.notes.append({"code": code, "chapter": self.chapter, "params": params})

    # -- paragraphs --------------------------------------------------------------------

    def flush(self) -> Any:
        """Write the pending pieces as one paragraph; returns it (None when nothing was)."""
        pieces, self.pending = self.pending, []
        context = self.context[-1]
        if not context.get("preserve"):
            pieces = _collapsed(pieces)
        if not pieces:
            return None
        self._ensure_section()
        paragraph = self.box[-1].paragraph()
        p = paragraph._p
        self._format(p, context)
        self._bookmarks(paragraph)
        base = _context_run(context)
        parent: Any = p
        current_link: tuple[str, str] | None = None
        for piece in pieces:
            if piece.link != current_link:
                current_link = piece.link
                parent = p
                if current_link is not None:
                    kind, target = current_link
                    parent = (x.internal_link(paragraph, target) if kind == "anchor"
                              else x.external_link(paragraph, target))
            if piece.kind == "break":
                _sub(_sub(parent, _W_R), _W_BR)
            elif piece.kind == "image" and piece.image is not None:
                run = paragraph.add_run()
                self._picture(run, *piece.image)
                if parent is not p:
                    parent.append(run._r)
            else:
                style = {**base, **piece.style} if base else piece.style
                self._run(parent, piece.text, style, current_link is not None,
                          bool(context.get("preserve")))
        return paragraph

    def _run(self, parent: Any, text: str, style: dict[str, Any], linked: bool,
             preserve: bool) -> None:
        """A ``w:r`` with ``text`` and its formatting, built directly (python-docx's own
        properties look up every child's place one at a time)."""
        run = _sub(parent, _W_R)
        if style or linked:
            properties = _sub(run, _W_RPR)
            if linked:
                _sub(properties, _W_RSTYLE).set(_W_VAL, self.style_ids["Hyperlink"])
            if style.get("font"):
                fonts = _sub(properties, _W_RFONTS)
                for side in ("ascii", "hAnsi", "cs"):
                    fonts.set(qn(f"w:{side}"), style["font"])
            for key, tag in (("bold", _W_B), ("italic", _W_I), ("strike", _W_STRIKE)):
                if style.get(key):
                    _sub(properties, tag)
            if style.get("colour"):
                _sub(properties, _W_COLOR).set(_W_VAL, style["colour"])
            if style.get("size"):
                _sub(properties, _W_SZ).set(_W_VAL, str(int(round(style["size"] * 2))))
            if style.get("highlight"):
                _sub(properties, _W_HIGHLIGHT).set(_W_VAL, "yellow")
            if style.get("underline"):
                _sub(properties, _W_U).set(_W_VAL, "single")
            if style.get("sup") or style.get("sub"):
                _sub(properties, _W_VERTALIGN).set(
                    _W_VAL, "superscript" if style.get("sup") else "subscript")
        lines = text.split("\n") if preserve else [text]
        for number, line in enumerate(lines):
            if number:
                _sub(run, _W_BR)
            made = _sub(run, _W_T)
            made.text = line
            if line[:1].isspace() or line[-1:].isspace():
                made.set(_XML_SPACE, "preserve")

    def _bookmarks(self, paragraph: Any) -> None:
        for name in dict.fromkeys(self.pending_marks):
            self._bookmark_number += 1
            x.bookmark(paragraph._p, name, self._bookmark_number)
        self.pending_marks = []

    def _format(self, p: Any, context: dict[str, Any]) -> None:
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
            _sub(properties, _W_PSTYLE).set(_W_VAL, self.style_ids[style])
        if keep:
            _sub(properties, _W_KEEPNEXT)
        if page_break:
            _sub(properties, _W_PAGEBREAKBEFORE)
        if number is not None:
            numbering = _sub(properties, _W_NUMPR)
            _sub(numbering, _W_ILVL).set(_W_VAL, str(number[1]))
            _sub(numbering, _W_NUMID).set(_W_VAL, str(number[0]))
        if kotak:
            box = _sub(properties, _W_PBDR)
            left = _sub(box, _W_LEFT)
            for name, value in (("val", "single"), ("sz", "24"), ("space", "4"),
                                ("color", x.BLUE)):
                left.set(qn(f"w:{name}"), value)
            shading = _sub(properties, _W_SHD)
            for name, value in (("val", "clear"), ("color", "auto"), ("fill", x.PALE)):
                shading.set(qn(f"w:{name}"), value)
        if before is not None or after is not None:
            spacing = _sub(properties, _W_SPACING)
            if before is not None:
                spacing.set(qn("w:before"), str(int(before) // _TWIP))
            if after is not None:
                spacing.set(qn("w:after"), str(int(after) // _TWIP))
        if indent:
            _sub(properties, _W_IND).set(qn("w:left"), str(int(indent) // _TWIP))
        if align in ("right", "center"):
            _sub(properties, _W_JC).set(_W_VAL, align)

    # -- headings, cover and contents --------------------------------------------------

    def heading(self, node: Any, classes: set[str]) -> None:
        level = int(node.tag[1])
        parent = node.getparent()
        chapter = (level == 2 and parent is not None and parent.tag == "section"
                   and "bab" in (parent.get("class") or "").split())
        if self.box[-1].body is False:  # a heading inside a table cell: bold text
            return self.paragraphs(node, {"bold": True, "keep": True})
        style = {1: "Heading 1", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}.get(level,
                                                                                 "Heading 4")
        context: dict[str, Any] = {"style": style, "chapter_heading": chapter}
        if chapter or "halaman-pengesahan" in classes:
            context["page_break"] = True
        self.context.append({**self.context[-1], **context})
        try:
            self.flow(node)
            words = _words("".join(piece.text for piece in self.pending))
            toc_name = f"_Toc{len(self.headings) + 1:06d}"
            self.pending_marks.append(toc_name)
            paragraph = self.flush()
        finally:
            self.context.pop()
        if paragraph is None:
            return None
        if chapter and self.numbered:
            self.chapters += 1
            from kotacerdas.render.filters import roman

            number = roman(self.chapters) if self.numbering == "upperRoman" else str(self.chapters)
            words = f"{self.labels.get('sebutan_bab', 'BAB')} {number} {words}"
        elif style == "Heading 1" and self.numbered:
            x.number_paragraph(paragraph._p, 0)  # not a chapter: no chapter number
        outline = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3}.get(style)
        if outline and outline <= TOC_LEVELS:
            self.headings.append((outline, words, toc_name))
        return None

    def cover(self, node: Any) -> None:
        """The book's cover, from ``header.sampul`` (unless the reference document brings
        one): the emblem, the region as the title, the period, the book, who made it."""
        if self.cover_done:
            return
        self.cover_done = True
        below = 0
        for kid in node.iter("svg", "h1", "p"):
            parent = kid.getparent()
            classes = set((kid.get("class") or "").split())
            if kid.tag == "svg":
                self.chart(kid, width=Cm(2.6))
                self.paragraphs(_EMPTY, {"space_before": Cm(3)})
                continue
            if kid.tag == "h1":
                self.paragraphs(kid, {"style": "Title", "space_before": Pt(6)})
                continue
            context: dict[str, Any] = {"style": "Subtitle"}
            formats: dict[str, Any] = {}
            if "atas" in classes:
                context = {"style": "Normal", "space_before": Cm(1)}
                formats = {"colour": x.GREY, "bold": True}
            elif "buku" in classes:
                formats = {"colour": x.GOLD, "size": 20}
            elif parent is not None and "bawah" in (parent.get("class") or "").split():
                context = {"style": "Normal", "space_before": Cm(5) if not below else Pt(4)}
                below += 1
            self.formats.append({**self.formats[-1], **formats})
            try:
                self.paragraphs(kid, context)
            finally:
                self.formats.pop()
        paragraph = self.box[-1].paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)

    def toc(self, node: Any) -> None:
        """The table of contents: a Word TOC field, shown filled with the book's headings
        until Word updates it (page numbers come with the update)."""
        title = node.find(".//h2")
        heading = self.box[-1].paragraph()
        self._style(heading, "TOC Heading")
        heading.add_run(_words(title.text_content()) if title is not None
                        else self.labels.get("daftar_isi", ""))
        x.number_paragraph(heading._p, 0)
        self.toc_marker = self.box[-1].paragraph()

    def _finish_toc(self) -> None:
        marker = self.toc_marker
        if marker is None:
            return
        entries = self.headings or [(1, "", "")]
        made: list[Any] = []
        for level, words, target in entries:
            paragraph = self.doc.add_paragraph()
            self._style(paragraph, f"toc {level}")
            made.append(paragraph)
            if target:
                link = x.internal_link(paragraph, target)
                run = paragraph.add_run(words)
                link.append(run._r)
        x.field_begin(made[0], f"TOC \\o \"1-{TOC_LEVELS}\" \\h \\z \\u")
        closing = self.doc.add_paragraph()
        x.field_end(closing)
        made.append(closing)
        for paragraph in made:
            marker._p.addprevious(paragraph._p)
        last = made[-1]
        last.add_run().add_break(WD_BREAK.PAGE)
        marker._p.getparent().remove(marker._p)

    # -- sections ----------------------------------------------------------------------

    def _ensure_section(self) -> None:
        if not self.box[-1].body:
            return
        wanted = self.wanted[-1]
        if wanted == self.sections[-1]:
            return
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.sections.append(wanted)
        self._page_setup(section, wanted)
        self.box[-1].width = self.text_width()

    def _sections(self) -> None:
        """Every section its header and footer, each footer with a PAGE field; the
        cover page (the first) without either."""
        title = self.job.get("title", "")
        meta = self.job.get("meta", {})
        running = f"{title} · {self.labels.get('masterplan', '')} {meta.get('daerah', '')}".strip()
        for number, section in enumerate(self.doc.sections):
            if self.letterhead:
                self._use_letterhead(section, number)
                continue
            section.different_first_page_header_footer = number == 0
            header = section.header
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.text = ""
            run = paragraph.add_run(running)
            run.font.size, run.font.color.rgb = Pt(8), RGBColor.from_string(x.GREY)
            x.borders(paragraph._p.get_or_add_pPr(), "w:pBdr", {"bottom": ("single", 4, x.LINE)})
            footer = section.footer
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            x.field_runs(paragraph, "PAGE", "1")
            for run in paragraph.runs:
                run.font.size = Pt(9)
            if number == 0:
                for part in (section.first_page_header, section.first_page_footer):
                    part.is_linked_to_previous = False

    def _use_letterhead(self, section: Any, number: int) -> None:
        """A section with the reference document's own header and footer (the same parts
        for every section), the footer given a PAGE field when it has none."""
        properties = section._sectPr
        for old in properties.xpath("w:headerReference|w:footerReference"):
            properties.remove(old)
        first_page = number == 0 and self.title_page
        for ref in reversed(self.letterhead):
            if ref.get(qn("w:type")) == "first" and not first_page:
                continue
            properties.insert(0, _copy(ref))
        section.different_first_page_header_footer = first_page
        footers = [ref for ref in self.letterhead if ref.tag == qn("w:footerReference")
                   and ref.get(qn("w:type")) == "default"]
        if not footers:
            footer = section.footer
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            x.field_runs(paragraph, "PAGE", "1")
            return
        footer = section.footer
        if number == 0 and not footer._element.xpath(
                ".//w:instrText[contains(., 'PAGE')] | .//w:fldSimple[contains(@w:instr, 'PAGE')]"):
            paragraph = footer.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            x.field_runs(paragraph, "PAGE", "1")

    # -- lists -------------------------------------------------------------------------

    def listing(self, node: Any, level: int = 0) -> None:
        numbered = node.tag == "ol"
        num = x.numbering_instance(self.doc.part.numbering_part.element,
                                   self.decimals if numbered else self.bullets, restart=numbered)
        for item in node:
            if not isinstance(item.tag, str):
                continue
            if item.tag != "li":
                self.block(item) if item.tag in BLOCKS else self.inline(item)
                continue
            self._mark(item)
            context = {"style": "List Paragraph", "number": (num, min(level, 2)),
                       "space_after": Pt(2)}
            self.context.append({**self.context[-1], **context})
            try:
                if item.text:
                    self.text(item.text)
                for kid in item:
                    if not isinstance(kid.tag, str):
                        pass
                    elif kid.tag in ("ul", "ol"):
                        self.flush()
                        self.context.append({**self.context[-1], "number": None})
                        try:
                            self.listing(kid, level + 1)
                        finally:
                            self.context.pop()
                    elif kid.tag in BLOCKS:
                        self.flush()
                        self.context.append({**self.context[-1], "number": None,
                                             "indent": Cm(0.63 * (level + 1))})
                        try:
                            self.block(kid)
                        finally:
                            self.context.pop()
                    else:
                        self.inline(kid)
                    if kid.tail:
                        self.text(kid.tail)
                self.flush()
            finally:
                self.context.pop()

    # -- tables ------------------------------------------------------------------------

    def table(self, node: Any) -> None:
        rows: list[tuple[str, Any]] = []
        caption = None
        widths: list[float] = []
        for part in node:
            if not isinstance(part.tag, str):
                continue
            if part.tag == "caption":
                caption = part
            elif part.tag == "colgroup":
                widths = [_percent(col.get("style") or col.get("width") or "")
                          for col in part if col.tag == "col"]
            elif part.tag in ("thead", "tbody", "tfoot"):
                rows.extend((part.tag, tr) for tr in part if tr.tag == "tr")
            elif part.tag == "tr":
                rows.append(("tbody", part))
        grid = [(kind, tr, [(cell, _span(cell)) for cell in tr if cell.tag in ("td", "th")])
                for kind, tr in rows]
        grid = [row for row in grid if row[2]]
        if caption is not None:
            self.paragraphs(caption, {"style": "Caption", "keep": True})
        if not grid:
            return
        columns = max(sum(span for _, span in cells) for _, _, cells in grid)
        self._ensure_section()
        box = self.box[-1]
        total = box.width
        shares = widths if len(widths) == columns and all(widths) else _estimate(grid, columns)
        scale = sum(shares) or 1
        twips = [max(int(total * share / scale), 300) for share in shares]
        table = box.target.add_table(rows=0, cols=columns)
        _table_style(table, self.style_ids["Table Grid"])
        _table_layout(table, twips)
        has_head = any(kind == "thead" for kind, _, _ in grid)
        leading_heads = 0
        for kind, _, cells in grid:
            if kind == "thead" if has_head else all(cell.tag == "th" for cell, _ in cells):
                leading_heads += 1
            else:
                break
        for number, (kind, tr, cells) in enumerate(grid):
            self._mark(tr)
            row = table._tbl.add_tr()
            header = number < leading_heads
            properties = row.get_or_add_trPr()
            x.put(properties, x.element("w:cantSplit"))
            if header:
                x.put(properties, x.element("w:tblHeader"))
            column = 0
            for cell_node, span in cells:
                width = sum(twips[column:column + span])
                tc = _new_cell(row, width, span)
                column += span
                self._cell(table, tc, cell_node, kind, header, width)
            while column < columns:  # a short row: fill it, as a browser shows it
                _new_cell(row, twips[column], 1)
                column += 1

    def _cell(self, table: Any, tc: Any, node: Any, kind: str, header: bool, width: int) -> None:
        classes = set((node.get("class") or "").split())
        cell = _Cell(tc, table)
        context: dict[str, Any] = {"style": "Normal", "in_cell": True, "space_after": Pt(2)}
        size = WIDE_TABLE_TEXT if self.wanted[-1] == "landscape" else TABLE_TEXT
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
        self._mark(node)
        self.box.append(Box(cell, width - 170, first=cell.paragraphs[0]))
        self.context.append(context)
        self.formats.append({**self.formats[-1], **formats})
        try:
            self.flow(node)
            self.flush()
        finally:
            self.formats.pop()
            self.context.pop()
            self.box.pop()

    def grid(self, node: Any, columns: int, borderless: bool, signatures: bool = False,
             figures: bool = False) -> None:
        """A layout grid of ``div``s as a table: the SWOT quadrants, the key figures, the
        signature blocks (borderless, centred, a line to sign on above each name)."""
        kids = [kid for kid in node if isinstance(kid.tag, str)]
        if not kids:
            return
        self._ensure_section()
        box = self.box[-1]
        twips = [box.width // columns] * columns
        table = box.target.add_table(rows=0, cols=columns)
        _table_style(table, self.style_ids["Table Grid"])
        _table_layout(table, twips)
        properties = table._tbl.tblPr
        if borderless:
            x.no_borders(properties, "w:tblBorders")
        for start in range(0, len(kids), columns):
            row = table._tbl.add_tr()
            x.put(row.get_or_add_trPr(), x.element("w:cantSplit"))
            for offset in range(columns):
                tc = _new_cell(row, twips[offset], 1)
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
                self._mark(kid)
                self.box.append(Box(cell, twips[offset] - 216, first=cell.paragraphs[0]))
                self.context.append(context)
                try:
                    if signatures:
                        self._signature(kid)
                    elif figures:
                        self._figure_cell(kid)
                    else:
                        self.flow(kid)
                    self.flush()
                finally:
                    self.context.pop()
                    self.box.pop()

    def _signature(self, node: Any) -> None:
        for kid in node:
            if not isinstance(kid.tag, str):
                continue
            classes = set((kid.get("class") or "").split())
            if "ruang" in classes:
                self.flush()
                paragraph = self.box[-1].paragraph()
                paragraph.paragraph_format.space_before = Pt(54)
                paragraph.paragraph_format.space_after = Pt(2)
                paragraph.paragraph_format.left_indent = Cm(0.8)
                paragraph.paragraph_format.right_indent = Cm(0.8)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                x.borders(paragraph._p.get_or_add_pPr(), "w:pBdr",
                          {"bottom": ("single", 6, "1B1B1B")})
            elif kid.tag in BLOCKS:
                self.block(kid)
            else:
                self.inline(kid)
            if kid.tail:
                self.text(kid.tail)

    def _figure_cell(self, node: Any) -> None:
        if node.text:
            self.text(node.text)
        for kid in node:
            if not isinstance(kid.tag, str):
                continue
            if kid.tag == "strong":
                self.formats.append({**self.formats[-1], "bold": True, "size": 16,
                                     "colour": x.BLUE})
                try:
                    self.flow(kid)
                finally:
                    self.formats.pop()
                self.pending.append(Piece(kind="break"))
            else:
                self.inline(kid) if kid.tag not in BLOCKS else self.block(kid)
            if kid.tail:
                self.text(kid.tail)

    # -- images ------------------------------------------------------------------------

    def chart(self, node: Any, width: Any = None) -> None:
        """An inline SVG chart as a PNG image, as wide as the page allows."""
        import resvg_py

        index = self._svg_index
        self._svg_index += 1
        title_node = node.find("title")
        title = _words(title_node.text_content()) if title_node is not None else ""
        if index >= len(self.svgs):
            self.note("KC633", detail="svg")
            if title:
                self.text(title)
            return
        source = self.svgs[index]
        size = _svg_size(source)
        try:
            png = resvg_py.svg_to_bytes(svg_string=source, background="white",
                                        zoom=self._zoom(size, width))
        except Exception as failure:  # resvg raises its own kinds of errors
            if isinstance(failure, TimeUp):
                raise
            self.note("KC633", detail=" ".join(str(failure).split())[:120] or "svg")
            if title:
                self.text(title)
            return
        self._place(png, size, title, width)

    def image(self, node: Any) -> None:
        found = _DATA_IMAGE.match((node.get("src") or "").strip())
        alt = _words(node.get("alt") or "")
        if not found:
            if alt:
                self.text(alt)
            return
        kind, encoded, payload = found.groups()
        try:
            raw = base64.b64decode(payload, validate=False) if encoded else payload.encode()
            if kind.lower() == "svg+xml":
                import resvg_py

                source = _safe_svg(raw.decode("utf-8", "replace"))
                size = _svg_size(source)
                png = resvg_py.svg_to_bytes(svg_string=source, background="white",
                                            zoom=self._zoom(size, None))
            else:
                png, size = raw, None
        except (ValueError, UnicodeError) as failure:
            self.note("KC633", detail=str(failure)[:120])
            if alt:
                self.text(alt)
            return
        except Exception as failure:
            if isinstance(failure, TimeUp):
                raise
            self.note("KC633", detail=" ".join(str(failure).split())[:120] or "img")
            if alt:
                self.text(alt)
            return
        self._place(png, size, alt, None)

    def _fit(self, size: tuple[float, float], width: Any) -> tuple[int, int]:
        """How large (EMU) an image of ``size`` CSS pixels is shown: as large as it is,
        or ``width``, but never wider than where it stands nor taller than the page."""
        emu_width = int(size[0] * _EMU_PER_PX)
        most = self.box[-1].width * _TWIP
        emu_width = min(emu_width, most) if width is None else int(width)
        emu_height = int(emu_width * size[1] / max(size[0], 1))
        tallest = int(self.text_height() * 0.8)
        if emu_height > tallest:
            emu_width = int(emu_width * tallest / emu_height)
            emu_height = tallest
        return emu_width, emu_height

    def _zoom(self, size: tuple[float, float] | None, width: Any) -> float:
        """Image pixels per CSS pixel for a chart shown at `_fit`'s size: about `DPI`, no
        more (a tall chart shrunk onto a page needs far fewer pixels than it has)."""
        if not size or size[0] <= 0:
            return ZOOM
        shown = self._fit(size, width)[0] / _EMU_PER_INCH
        return max(0.2, min(ZOOM, DPI * shown / size[0]))

    def _place(self, png: bytes, size: tuple[float, float] | None, title: str,
               width: Any) -> None:
        from docx.image.image import Image

        try:
            picture = Image.from_blob(png)
            pixels = (picture.px_width, picture.px_height)
        except Exception as failure:  # not an image python-docx can read
            self.note("KC633", detail=" ".join(str(failure).split())[:120] or "img")
            if title:
                self.text(title)
            return
        shown = self._fit(size or (pixels[0] / ZOOM, pixels[1] / ZOOM), width)
        self.pending.append(Piece(kind="image", image=(png, *shown, title)))

    def _picture(self, run: Any, png: bytes, width: int, height: int, title: str) -> None:
        shape = run.add_picture(io.BytesIO(png), width=Emu(width), height=Emu(height))
        properties = shape._inline.docPr
        properties.set("name", f"grafik {properties.get('id')}")
        properties.set("descr", title)


# -- helpers -------------------------------------------------------------------------------


def _new_cell(row: Any, width: int, span: int) -> Any:
    """A ``w:tc`` at the end of ``row``: its width in twips, spanning ``span`` columns, with
    the empty paragraph every cell must end with."""
    tc = _sub(row, _W_TC)
    properties = _sub(tc, _W_TCPR)
    measure = _sub(properties, _W_TCW)
    measure.set(qn("w:w"), str(width))
    measure.set(qn("w:type"), "dxa")
    if span > 1:
        _sub(properties, qn("w:gridSpan")).set(_W_VAL, str(span))
    _sub(tc, _W_P)
    return tc


def _sub(parent: Any, tag: str) -> Any:
    return lxml.etree.SubElement(parent, tag)


def _copy(node: Any) -> Any:
    from copy import deepcopy

    return deepcopy(node)


def _words(text: str) -> str:
    return " ".join(text.split())


def _collapsed(pieces: list[Piece]) -> list[Piece]:
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


def _context_run(context: dict[str, Any]) -> dict[str, Any]:
    style = {}
    if context.get("bold"):
        style["bold"] = True
    if context.get("font"):
        style["font"] = context["font"]
    return style


def _span(cell: Any) -> int:
    try:
        return max(1, min(int(cell.get("colspan") or 1), 50))
    except ValueError:
        return 1


def _percent(text: str) -> float:
    found = re.search(r"([\d.]+)\s*%", text)
    try:
        return float(found.group(1)) if found else 0.0
    except ValueError:
        return 0.0


def _estimate(grid: list[tuple[str, Any, list[tuple[Any, int]]]], columns: int) -> list[float]:
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


def _table_style(table: Any, style_id: str) -> None:
    x.put(table._tbl.tblPr, x.element("w:tblStyle", val=style_id))


def _table_layout(table: Any, twips: list[int]) -> None:
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


def _svg_size(source: str) -> tuple[float, float] | None:
    start = source[:source.find(">") + 1]
    found = dict(_SVG_SIZE.findall(start))
    try:
        if "width" in found and "height" in found:
            return float(found["width"].rstrip("px")), float(found["height"].rstrip("px"))
        box = [float(v) for v in re.split(r"[\s,]+", found.get("viewBox", "").strip()) if v]
        if len(box) == 4:
            return box[2], box[3]
    except ValueError:
        pass
    return None


def _safe_svg(source: str) -> str:
    """An SVG without links to anything outside it (nothing is loaded when it is drawn)."""

    def keep(found: re.Match[str]) -> str:
        value = (found.group(1) if found.group(1) is not None else found.group(2) or "").strip()
        return found.group(0) if value.startswith("#") or value.startswith("data:image/") else ""

    return _SVG_HREF.sub(keep, source)


def _fonts(style: Any, name: str) -> None:
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = x.put(properties, x.element("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for side in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{side}"), name)


def _no_paragraph_borders(style: Any) -> None:
    properties = style.element.get_or_add_pPr()
    for old in properties.findall(qn("w:pBdr")):
        properties.remove(old)


def _hyperlink_style(style: Any) -> None:
    style.font.color.rgb = RGBColor.from_string("1F3B73")
    style.font.underline = True


def _grid_style(style: Any) -> None:
    properties = style.element.find(qn("w:tblPr"))
    if properties is None:
        properties = x.element("w:tblPr")
        style.element.append(properties)
    x.borders(properties, "w:tblBorders", {side: ("single", 4, x.LINE) for side in
                                           ("top", "left", "bottom", "right", "insideH",
                                            "insideV")})
