"""The headings, and the fields that list them: the table of contents over the headings,
the lists of tables and of figures over the captions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from kotacerdas.render.formats import (
    word_parts,
)
from kotacerdas.render.formats import word_xml as x

if TYPE_CHECKING:
    from kotacerdas.render.formats.word_build import WordBook

#: The heading levels the contents list (the navigation pane shows them all).
TOC_LEVELS = 2
#: The lists of tables and of figures, and the SEQ field each listed caption carries.
CAPTION_LISTS = {"daftar-tabel": "Tabel", "daftar-gambar": "Gambar"}


def heading(book: WordBook, node: Any, classes: set[str]) -> None:
    level = int(node.tag[1])
    parent = node.getparent()
    chapter = (level == 2 and parent is not None and parent.tag == "section"
               and "bab" in (parent.get("class") or "").split())
    if book.box[-1].body is False:  # a heading inside a table cell: bold text
        return book.paragraphs(node, {"bold": True, "keep": True})
    style = {1: "Heading 1", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}.get(level,
                                                                             "Heading 4")
    context: dict[str, Any] = {"style": style, "chapter_heading": chapter}
    if chapter or "halaman-pengesahan" in classes:
        context["page_break"] = True
    book.context.append({**book.context[-1], **context})
    try:
        book.flow(node)
        words = word_parts.words("".join(piece.text for piece in book.pending))
        toc_name = f"_Toc{len(book.headings) + 1:06d}"
        book.pending_marks.append(toc_name)
        paragraph = book.flush()
    finally:
        book.context.pop()
    if paragraph is None:
        return None
    if chapter and book.numbered:
        book.chapters += 1
        from kotacerdas.render.filters import roman

        number = roman(book.chapters) if book.numbering == "upperRoman" else str(book.chapters)
        words = f"{book.labels.get('sebutan_bab', 'BAB')} {number} {words}"
    elif style == "Heading 1" and book.numbered:
        x.number_paragraph(paragraph._p, 0)  # not a chapter: no chapter number
    outline = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3}.get(style)
    if outline and outline <= TOC_LEVELS:
        book.headings.append((outline, words, toc_name))
    return None


def toc(book: WordBook, node: Any) -> None:
    """The table of contents: a Word TOC field, shown filled with the book's headings
    until Word updates it (page numbers come with the update)."""
    _list_heading(book, node, book.labels.get("daftar_isi", ""))
    book.toc_marker = book.box[-1].paragraph()


def _list_heading(book: WordBook, node: Any, fallback: str) -> None:
    """The heading of the contents or of a list, on a page of its own (after the
    foreword, as in print)."""
    title = node.find(".//h2")
    heading = book.box[-1].paragraph()
    book.set_style(heading, "TOC Heading")
    if not _on_a_new_page(heading._p):
        heading.paragraph_format.page_break_before = True
    heading.add_run(word_parts.words(title.text_content()) if title is not None else fallback)
    x.number_paragraph(heading._p, 0)


def _on_a_new_page(paragraph: Any) -> bool:
    """Whether nothing but empty paragraphs lie between ``paragraph`` and the start of the
    document or a page or section break."""
    before = paragraph.getprevious()
    while before is not None:
        if before.xpath("./w:pPr/w:sectPr | .//w:br[@w:type='page']"):
            return True
        if before.tag != qn("w:p") or before.xpath(".//w:t | .//w:drawing"):
            return False
        before = before.getprevious()
    return True


def finish_toc(book: WordBook) -> None:
    marker = book.toc_marker
    if marker is None:
        return
    entries = book.headings or [(1, "", "")]
    made: list[Any] = []
    for level, words, target in entries:
        paragraph = book.doc.add_paragraph()
        book.set_style(paragraph, f"toc {level}")
        made.append(paragraph)
        if target:
            link = x.internal_link(paragraph, target)
            run = paragraph.add_run(words)
            link.append(run._r)
    x.field_begin(made[0], f"TOC \\o \"1-{TOC_LEVELS}\" \\h \\z \\u")
    closing = book.doc.add_paragraph()
    x.field_end(closing)
    made.append(closing)
    for paragraph in made:
        marker._p.addprevious(paragraph._p)
    last = made[-1]
    last.add_run().add_break(WD_BREAK.PAGE)
    marker._p.getparent().remove(marker._p)


def caption_list(book: WordBook, node: Any, sequence: str) -> None:
    """A list of tables or of figures: a Word TOC field over the captions that carry
    the SEQ field ``sequence``, shown filled with the entries of the HTML list until
    Word updates it (page numbers come with the update)."""
    _list_heading(book, node, "")
    made: list[Any] = []
    for link in node.iter("a"):
        target = (link.get("href") or "").strip().removeprefix("#")
        if target not in book.ids:
            continue
        book.listed[sequence].add(target)
        paragraph = book.box[-1].paragraph()
        book.set_style(paragraph, "table of figures")
        x.internal_link(paragraph, book.ids[target]).append(
            paragraph.add_run(word_parts.words(link.text_content()))._r)
        made.append(paragraph)
    if not made:
        made.append(book.box[-1].paragraph())
    x.field_begin(made[0], f'TOC \\h \\z \\c "{sequence}"')
    closing = book.box[-1].paragraph()
    x.field_end(closing)
    closing.add_run().add_break(WD_BREAK.PAGE)


def caption(book: WordBook, node: Any, owner: Any, sequence: str, context: dict[str, Any]) -> None:
    """The caption of the table or figure ``owner``; when that is in the list of
    ``sequence``, its paragraph carries a hidden SEQ field, so that Word's update of the
    list keeps it there."""
    if owner is not None and owner.get("id") in book.listed[sequence]:
        book.pending_fields.append(f"SEQ {sequence} \\h")
    try:
        book.paragraphs(node, context)
    finally:
        book.pending_fields = []
