"""The Word document itself: its set-up from the plan's reference document or from
nothing, its styles and properties, the cover, and the sections with their page set-up,
headers and footers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import lxml.html  # type: ignore[import-untyped]
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from kotacerdas.render.formats import (
    word_images,
    word_parts,
)
from kotacerdas.render.formats import word_xml as x

if TYPE_CHECKING:
    from kotacerdas.render.formats.word_build import WordBook

EMPTY = lxml.html.fromstring("<p></p>")


def set_up(book: WordBook) -> None:
    doc = book.doc
    section = doc.sections[-1]
    if book.reference:
        body = doc.element.body
        book.letterhead = [word_parts.copy(ref) for ref in section._sectPr.xpath(
            "w:headerReference|w:footerReference")]
        book.title_page = section.different_first_page_header_footer
        width, height = section.page_width or Cm(21), section.page_height or Cm(29.7)
        if width > height:
            width, height = height, width
        book.page = (int(width), int(height))
        book.margins = tuple(int(value or Cm(2.5)) for value in (
            section.top_margin, section.bottom_margin, section.left_margin,
            section.right_margin))
        content = [kid for kid in body if kid.tag != qn("w:sectPr")]
        book.cover_done = any("".join(kid.itertext()).strip() or kid.xpath(".//w:drawing")
                              for kid in content)
        if book.cover_done:
            fill_cover_placeholders(book, content)
            last = doc.add_paragraph()
            last.add_run().add_break(WD_BREAK.PAGE)
        else:
            for kid in content:
                body.remove(kid)
    else:
        book.letterhead = []
        book.title_page = True
        book.page = (int(Cm(21)), int(Cm(29.7)))
        book.margins = (int(Cm(2.5)), int(Cm(2.2)), int(Cm(2.5)), int(Cm(2.0)))
        for paragraph in list(doc.paragraphs):
            paragraph._p.getparent().remove(paragraph._p)
    page_setup(book, section, "portrait")
    set_up_styles(book)


def fill_cover_placeholders(book: WordBook, content: list[Any]) -> None:
    meta = book.job.get("meta", {})
    period = book.labels.get("periode", "{mulai}–{selesai}")
    values = {"{buku}": book.job.get("title", ""), "{daerah}": meta.get("daerah", ""),
              "{provinsi}": meta.get("provinsi", ""),
              "{periode}": period.replace("{mulai}", str(meta.get("mulai", "")))
              .replace("{selesai}", str(meta.get("selesai", ""))),
              "{masterplan}": book.labels.get("masterplan", "")}
    for kid in content:
        for text in kid.iter(qn("w:t")):
            if text.text and "{" in text.text:
                for key, value in values.items():
                    text.text = text.text.replace(key, str(value))


def page_setup(book: WordBook, section: Any, orientation: str) -> None:
    width, height = book.page
    if orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Emu(height), Emu(width)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Emu(width), Emu(height)
    top, bottom, left, right = book.margins
    section.top_margin, section.bottom_margin = Emu(top), Emu(bottom)
    section.left_margin, section.right_margin = Emu(left), Emu(right)
    if not book.reference:
        section.header_distance = section.footer_distance = Cm(1.2)


def set_up_styles(book: WordBook) -> None:
    """The styles and list numberings the book's paragraphs use: the writer's own look,
    or, under a city's reference document, only what that document lacks."""
    styles = book.doc.styles
    own = not book.reference
    if own:
        normal = styles["Normal"]
        x.font(normal, size=10, name="Arial")
        normal.paragraph_format.space_after = Pt(5)
        normal.paragraph_format.line_spacing = 1.15
        set_fonts(normal, "Arial")
    _heading_styles(styles, own)
    _cover_styles(styles, own)
    _listing_styles(styles)
    _kind_styles(styles)
    x.language(styles, word_parts.LANGUAGE_TAGS.get(book.job.get("language", "id"), "id-ID"))
    _numberings(book)
    book.styles = {name: styles[name] for name in (
        "Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title", "Subtitle",
        "TOC Heading", "toc 1", "toc 2", "toc 3", "table of figures", "Caption", "List Paragraph",
        "Quote", "Hyperlink", "Catatan", "Visi", "Table Grid")}
    book.style_ids = {name: style.style_id for name, style in book.styles.items()}


def _heading_styles(styles: Any, own: bool) -> None:
    """Heading 1 to 4 at outline levels 0 to 3, so the navigation pane and the contents
    field find them."""
    sizes = {1: 16, 2: 13, 3: 11, 4: 10}
    for level in range(1, 5):
        style = x.paragraph_style(styles, f"Heading {level}",
                                  lambda s, n=level: x.font(s, size=sizes[n], bold=True,
                                                            colour=x.BLUE))
        x.outline_level(style, level - 1)
        if own:
            x.font(style, size=sizes[level], colour=x.BLUE, bold=True)
            set_fonts(style, "Times New Roman")
            style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True


def _listing_styles(styles: Any) -> None:
    """The contents, its heading and the lists of tables and figures."""
    contents = x.paragraph_style(styles, "TOC Heading",
                                 lambda s: x.font(s, size=16, colour=x.BLUE, bold=True))
    x.outline_level(contents, 9)  # not itself an entry of the contents
    for level in (1, 2, 3):
        toc = x.paragraph_style(styles, f"toc {level}", None)
        if toc.paragraph_format.left_indent is None:
            toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            toc.paragraph_format.space_after = Pt(2)
    figures = x.paragraph_style(styles, "table of figures", None)
    if figures.paragraph_format.space_after is None:
        figures.paragraph_format.space_after = Pt(2)


def _cover_styles(styles: Any, own: bool) -> None:
    title = x.paragraph_style(styles, "Title", lambda s: x.font(s, size=28, colour=x.BLUE))
    subtitle = x.paragraph_style(styles, "Subtitle",
                                 lambda s: x.font(s, size=14, colour=x.GREY))
    if own:
        x.font(title, size=30, colour=x.BLUE, bold=True)
        set_fonts(title, "Times New Roman")
        no_paragraph_borders(title)
        x.font(subtitle, size=14, colour=x.GREY, italic=False)
        set_fonts(subtitle, "Arial")


def _kind_styles(styles: Any) -> None:
    """Captions, lists, quotes, links, the book's notes and vision, and tables."""
    x.paragraph_style(styles, "Caption",
                      lambda s: x.font(s, size=9, colour=x.GREY, italic=True))
    x.paragraph_style(styles, "List Paragraph", None)
    x.paragraph_style(styles, "Quote", lambda s: x.font(s, italic=True, colour=x.GREY))
    x.character_style(styles, "Hyperlink", hyperlink_style)
    x.paragraph_style(styles, "Catatan", lambda s: x.font(s, size=8.5, colour=x.GREY))
    x.paragraph_style(styles, "Visi", lambda s: x.font(s, size=13, colour=x.BLUE,
                                                       italic=True))
    x.ensure_style(styles, "Table Grid", WD_STYLE_TYPE.TABLE, grid_style)


def _numberings(book: WordBook) -> None:
    """Chapters numbered "BAB I, II, ..." by Word on Heading 1, and the bullets and
    numbers of lists."""
    numbering = book.doc.part.numbering_part.element
    if book.numbered:
        word = book.labels.get("sebutan_bab", "BAB").replace("%", "")
        chapters = x.abstract_numbering(numbering, [{"fmt": book.numbering, "style": "Heading1",
                                                     "text": f"{word} %1", "suffix": "space"}])
        book.chapter_num = x.numbering_instance(numbering, chapters)
        x.style_numbering(book.doc.styles["Heading 1"], book.chapter_num)
    book.bullets = x.abstract_numbering(numbering, [
        {"fmt": "bullet", "text": mark, "indent": str(360 * (level + 1)), "hanging": "360",
         "font": "Symbol" if mark == "\uf0b7" else ""}
        for level, mark in enumerate(("\uf0b7", "o", "\u25aa"))])
    book.decimals = x.abstract_numbering(numbering, [
        {"fmt": fmt, "text": f"%{level + 1}.", "indent": str(360 * (level + 1)),
         "hanging": "360"}
        for level, fmt in enumerate(("decimal", "lowerLetter", "lowerRoman"))])


def metadata(book: WordBook, root: Any) -> None:
    from datetime import datetime, timezone

    core = book.doc.core_properties
    title = root.find(".//head/title")
    core.title = (word_parts.words(title.text_content()) if title is not None
                  else str(book.job.get("title", "")))
    metas = {meta.get("name"): meta.get("content") or "" for meta in root.iter("meta")
             if meta.get("name")}
    core.subject = metas.get("description", "")[:250]
    core.keywords = metas.get("keywords", "")[:250]
    core.author = metas.get("author", "")[:250]
    core.last_modified_by = "kotacerdas"
    core.comments = ""
    core.category = book.labels.get("masterplan", "")
    core.language = word_parts.LANGUAGE_TAGS.get(book.job.get("language", ""), "")
    core.revision = 1
    year, month, day = (int(part) for part in str(book.job.get("date", "2000-01-01"))
                        .split("-"))
    stamp = datetime(max(year, 1980), month, day, tzinfo=timezone.utc)
    core.created = core.modified = stamp
    core.last_printed = stamp


def cover(book: WordBook, node: Any) -> None:
    """The book's cover, from ``header.sampul`` (unless the reference document brings
    one): the emblem, the region as the title, the period, the book, who made it."""
    if book.cover_done:
        return
    book.cover_done = True
    below = 0
    for kid in node.iter("svg", "h1", "p"):
        parent = kid.getparent()
        classes = set((kid.get("class") or "").split())
        if kid.tag == "svg":
            word_images.chart(book, kid, width=Cm(2.6))
            book.paragraphs(EMPTY, {"space_before": Cm(3)})
            continue
        if kid.tag == "h1":
            book.paragraphs(kid, {"style": "Title", "space_before": Pt(6)})
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
        book.formats.append({**book.formats[-1], **formats})
        try:
            book.paragraphs(kid, context)
        finally:
            book.formats.pop()
    paragraph = book.box[-1].paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def ensure_section(book: WordBook) -> None:
    if not book.box[-1].body:
        return
    wanted = book.wanted[-1]
    if wanted == book.sections[-1]:
        return
    section = book.doc.add_section(WD_SECTION.NEW_PAGE)
    book.sections.append(wanted)
    page_setup(book, section, wanted)
    book.box[-1].width = book.text_width()


def headers_and_footers(book: WordBook) -> None:
    """Every section its header and footer, each footer with a PAGE field; the
    cover page (the first) without either."""
    title = book.job.get("title", "")
    meta = book.job.get("meta", {})
    running = f"{title} · {book.labels.get('masterplan', '')} {meta.get('daerah', '')}".strip()
    for number, section in enumerate(book.doc.sections):
        if book.letterhead:
            use_letterhead(book, section, number)
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


def use_letterhead(book: WordBook, section: Any, number: int) -> None:
    """A section with the reference document's own header and footer (the same parts
    for every section), the footer given a PAGE field when it has none."""
    properties = section._sectPr
    for old in properties.xpath("w:headerReference|w:footerReference"):
        properties.remove(old)
    first_page = number == 0 and book.title_page
    for ref in reversed(book.letterhead):
        if ref.get(qn("w:type")) == "first" and not first_page:
            continue
        properties.insert(0, word_parts.copy(ref))
    section.different_first_page_header_footer = first_page
    footers = [ref for ref in book.letterhead if ref.tag == qn("w:footerReference")
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


def set_fonts(style: Any, name: str) -> None:
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = x.put(properties, x.element("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for side in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{side}"), name)


def no_paragraph_borders(style: Any) -> None:
    properties = style.element.get_or_add_pPr()
    for old in properties.findall(qn("w:pBdr")):
        properties.remove(old)


def hyperlink_style(style: Any) -> None:
    style.font.color.rgb = RGBColor.from_string("1F3B73")
    style.font.underline = True


def grid_style(style: Any) -> None:
    properties = style.element.find(qn("w:tblPr"))
    if properties is None:
        properties = x.element("w:tblPr")
        style.element.append(properties)
    x.borders(properties, "w:tblBorders", {side: ("single", 4, x.LINE) for side in
                                           ("top", "left", "bottom", "right", "insideH",
                                            "insideV")})
