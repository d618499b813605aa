"""A Word document built by walking a book's HTML: the same content as the HTML books, in
Word's own terms (heading styles, list numbering, fields, sections).

The elements and classes understood here are listed in ``templates/books/WORD.md``; what
else a city's template produces is written as plain paragraphs, with a note (KC632) naming
the chapter it came from. Charts (inline SVG) become PNG images rasterised by resvg, which
needs no browser. Nothing is fetched: an image is used only when it is a ``data:`` URL,
and a chart's links to anything outside it are dropped before it is drawn.

This module walks the HTML and writes its paragraphs; the document and its sections
(`word_document`), the contents and lists (`word_contents`), tables and grids
(`word_tables`), images (`word_images`) and runs (`word_paragraphs`) have modules of their
own.
"""

from __future__ import annotations

import io
import re
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from docx import Document
from docx.shared import Cm, Pt

from kotacerdas.render.formats import (
    word_contents,
    word_document,
    word_images,
    word_paragraphs,
    word_parts,
    word_tables,
)
from kotacerdas.render.formats import word_xml as x
from kotacerdas.render.formats.word_contents import CAPTION_LISTS
from kotacerdas.render.formats.word_parts import (
    BLOCKS,
    INLINE,
    LANGUAGE_TAGS,
    RUN_STYLES,
    SILENT,
    TWIP,
    UNDERSTOOD_SILENT,
    W_BR,
    W_R,
    Box,
    Piece,
)

#: How deep the walk follows nested HTML before writing what is below as plain text: far
#: deeper than any shipped template nests, well short of Python's recursion limit.
MAX_DEPTH = 60


class WordBook:
    """One book as a Word document, built from the book's HTML."""

    # Set by `word_document.set_up` and `word_document.set_up_styles`.
    letterhead: list[Any]  # the reference document's header and footer references
    title_page: bool
    page: tuple[int, int]  # portrait width and height, EMU
    margins: tuple[int, ...]  # top, bottom, left, right, EMU
    chapter_num: int
    bullets: int
    decimals: int
    styles: dict[str, Any]
    style_ids: dict[str, str]
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
        self.bookmark_number = 0
        self._marked: set[str] = set()
        self.pending: list[Piece] = []
        self.pending_marks: list[str] = []
        self.pending_fields: list[str] = []  # hidden fields for the next paragraph
        self.listed: dict[str, set[str]] = {kind: set() for kind in CAPTION_LISTS.values()}
        self.context: list[dict[str, Any]] = [{}]
        self.formats: list[dict[str, Any]] = [{}]
        self.links: list[tuple[str, str] | None] = [None]
        self.svgs: list[str] = []
        self.svg_index = 0
        self.depth = 0  # how deep `flow` is in the HTML
        self.toc_marker: Any = None
        self.chapters = 0
        self.numbered = any(chapter.get("nomor") for chapter in
                            (job.get("book") or {}).get("bab", []))
        self.numbering = "decimal" if job.get("numbering") == "angka" else "upperRoman"
        self.sections: list[str] = ["portrait"]
        self.wanted: list[str] = ["portrait"]
        self.cover_done = False
        word_document.set_up(self)

    def text_width(self, orientation: str | None = None) -> int:
        """The width between the margins, in twips."""
        width, height = self.page
        wide = (orientation or self.sections[-1]) == "landscape"
        return ((height if wide else width) - self.margins[2] - self.margins[3]) // TWIP

    def text_height(self) -> int:
        width, height = self.page
        wide = self.sections[-1] == "landscape"
        return (width if wide else height) - self.margins[0] - self.margins[1]

    def set_style(self, paragraph: Any, name: str) -> None:
        """Give ``paragraph`` the style ``name`` (by its id: python-docx's own lookup walks
        every style for each paragraph)."""
        paragraph._p.get_or_add_pPr().style = self.style_ids[name]

    def build(self, text: str) -> bytes:
        self.svgs = [word_images.safe_svg(found) for found in word_images.SVG.findall(text)]
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                      huge_tree=True)
        root = lxml.html.document_fromstring(text, parser=parser)
        self._make_writable(root)
        for node in root.iter():
            ident = node.get("id") if isinstance(node.tag, str) else None
            if ident and ident not in self.ids:
                self.ids[ident] = self._bookmark_name(ident)
        word_document.metadata(self, root)
        body = root.find("body")
        self.box = [Box(self.doc, self.text_width(), body=True)]
        self.flow(body if body is not None else root)
        self.flush()
        word_contents.finish_toc(self)
        word_document.headers_and_footers(self)
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

    def flow(self, node: Any) -> None:
        """Walk ``node``'s content: its text and inline children go into the pending
        paragraph, each block child into blocks of its own. Content nested deeper than
        `MAX_DEPTH` (no shipped template comes near) is written as a plain paragraph."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                self.note("KC632", element=f"{node.tag}>…<{node.tag}")
                self._plain_paragraph(node)
                return
            self._flow(node)
        finally:
            self.depth -= 1

    def _flow(self, node: Any) -> None:
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
        language = LANGUAGE_TAGS.get(node.get("lang") or "")
        if language is None:
            self._block(node)
            return
        self.formats.append({**self.formats[-1], "lang": language})
        try:
            self._block(node)
        finally:
            self.formats.pop()

    def _block(self, node: Any) -> None:
        tag = node.tag
        classes = set((node.get("class") or "").split())
        self.flush()
        self.mark(node)
        if tag == "section" and "bab" in classes:
            self.chapter = (node.get("id") or "").removeprefix("bab-")
        if self._structure(node, tag, classes):
            return
        context = _context_of(tag, classes)
        if tag == "figcaption":
            word_contents.caption(self, node, node.getparent(), "Gambar", context)
        else:
            self.paragraphs(node, context)

    def _structure(self, node: Any, tag: str, classes: set[str]) -> bool:
        """Write ``node`` when it is a structure of its own (the cover, the contents and
        lists, a wide block, a grid, a table, a list, a rule, a footer, a heading); whether
        it was one."""
        lists = classes & set(CAPTION_LISTS)
        if tag == "header" and "sampul" in classes:
            word_document.cover(self, node)
        elif tag == "nav" and "daftar-isi" in classes:
            word_contents.toc(self, node)
        elif tag == "nav" and lists:
            word_contents.caption_list(self, node, CAPTION_LISTS[min(lists)])
        elif self.box[-1].body and ("lebar" in classes or tag == "section" and "bab" in classes
                                    and _opens_wide(node)):
            self._wide(node)
        elif tag == "div" and classes & set(GRIDS):
            columns, borderless, kind = GRIDS[next(name for name in GRIDS if name in classes)]
            kids = [kid for kid in node if isinstance(kid.tag, str)]
            word_tables.add_grid(self, node, columns=columns or max(len(kids), 1),
                                 borderless=borderless, signatures=kind == "signatures",
                                 figures=kind == "figures")
        elif tag == "table":
            word_tables.add_table(self, node)
        elif tag in ("ul", "ol"):
            self.listing(node)
        elif tag == "hr":
            paragraph = self.box[-1].paragraph()
            x.borders(paragraph._p.get_or_add_pPr(), "w:pBdr", {"bottom": ("single", 6, x.LINE)})
        elif tag == "footer":
            self.paragraphs(node, {"style": "Catatan"})
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            word_contents.heading(self, node, classes)
        else:
            return False
        return True

    def _wide(self, node: Any) -> None:
        """A wide block, or a chapter that opens on one (its heading is not left alone on
        a portrait page, as in print): what it holds, in a landscape section."""
        self.wanted.append("landscape")
        try:
            self.flow(node)
            self.flush()
        finally:
            self.wanted.pop()

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
        self.mark(node)
        if self._not_text(node, tag, classes):
            return
        if tag not in INLINE:  # not understood: its text as a plain paragraph
            self.note("KC632", element=tag)
            self._plain_paragraph(node)
            return
        style = dict(RUN_STYLES.get(tag, {}))
        if "catatan" in classes:
            style.update({"colour": x.GREY, "size": 8.5})
        if node.get("lang") in LANGUAGE_TAGS:
            style["lang"] = LANGUAGE_TAGS[node.get("lang")]
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

    def _not_text(self, node: Any, tag: str, classes: set[str]) -> bool:
        """Whether ``node`` was taken care of as something other than text: a line
        break, a chart or image, an element never shown, a chapter number Word writes."""
        if tag == "br":
            self.pending.append(Piece(kind="break"))
        elif tag == "svg":
            word_images.chart(self, node)
        elif tag == "img":
            word_images.image(self, node)
        elif tag in SILENT:
            if tag not in UNDERSTOOD_SILENT:
                self.note("KC632", element=tag)
        else:  # Word's list numbering writes the chapter number
            return tag == "span" and "nomor" in classes and \
                bool(self.context[-1].get("chapter_heading"))
        return True

    def _plain_paragraph(self, node: Any) -> None:
        self.flush()
        self.context.append({**self.context[-1], "style": "Normal"})
        try:
            self.text(node.text_content())
            self.flush()
        finally:
            self.context.pop()

    def _link(self, href: str) -> tuple[str, str] | None:
        href = href.strip()
        if href.startswith("#") and href[1:] in self.ids:
            return ("anchor", self.ids[href[1:]])
        if re.match(r"(https?:|mailto:)", href, re.I):
            return ("url", href)
        return None  # a link to another book's file, or nowhere: plain text

    def _make_writable(self, root: Any) -> None:
        """Every character a Word document cannot hold shown as U+FFFD (`word_parts.
        writable`), with a note (KC638) naming the chapter of the first."""
        first = word_parts.writable(root)
        if first is None:
            return
        node, character = first
        chapter = next((up.get("id", "") for up in node.iterancestors("section")
                        if "bab" in (up.get("class") or "").split()), "")
        self.chapter = chapter.removeprefix("bab-")
        self.note("KC638", character=f"U+{ord(character):04X}")
        self.chapter = ""

    def text(self, text: str) -> None:
        if not text:
            return
        self.pending.append(Piece(text=text, style=dict(self.formats[-1]), link=self.links[-1]))

    def mark(self, node: Any) -> None:
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

    def flush(self) -> Any:
        """Write the pending pieces as one paragraph; returns it (None when nothing was)."""
        pieces, self.pending = self.pending, []
        context = self.context[-1]
        if not context.get("preserve"):
            pieces = word_paragraphs.collapsed(pieces)
        if not pieces:
            return None
        word_document.ensure_section(self)
        paragraph = self.box[-1].paragraph()
        p = paragraph._p
        word_paragraphs.set_properties(self, p, context)
        word_paragraphs.add_bookmarks(self, paragraph)
        fields, self.pending_fields = self.pending_fields, []
        base = word_paragraphs.context_run(context)
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
                word_parts.sub(word_parts.sub(parent, W_R), W_BR)
            elif piece.kind == "image" and piece.image is not None:
                run = paragraph.add_run()
                word_images.add_picture(self, run, *piece.image)
                if parent is not p:
                    parent.append(run._r)
            else:
                style = {**base, **piece.style} if base else piece.style
                word_paragraphs.add_run(self, parent, piece.text, style, current_link is not None,
                          bool(context.get("preserve")))
        for instruction in fields:
            x.field_runs(paragraph, instruction, hidden=True)
        return paragraph

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
            self.mark(item)
            context = {"style": "List Paragraph", "number": (num, min(level, 2)),
                       "space_after": Pt(2)}
            self.context.append({**self.context[-1], **context})
            try:
                if item.text:
                    self.text(item.text)
                for kid in item:
                    if not isinstance(kid.tag, str):
                        pass
                    elif kid.tag in ("ul", "ol") and level + 1 >= MAX_DEPTH:
                        self.note("KC632", element=f"{kid.tag}>…<{kid.tag}")
                        self._plain_paragraph(kid)
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


#: The layout grids of ``div``s: (columns, 0 for one per child; borderless; what they hold).
GRIDS = {"tanda-tangan": (2, True, "signatures"), "swot": (2, False, ""),
         "angka-utama": (0, True, "figures")}


def _context_of(tag: str, classes: set[str]) -> dict[str, Any]:
    """How a paragraph-like block is written: its style, alignment, indent, box."""
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
    return context


def _opens_wide(node: Any) -> bool:
    """Whether one of the first three blocks of ``node`` is a wide one."""
    blocks = [kid for kid in node if isinstance(kid.tag, str)][:3]
    return any("lebar" in (kid.get("class") or "").split() for kid in blocks)
