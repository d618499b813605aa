"""Pieces of WordprocessingML that python-docx has no call for: fields, bookmarks,
numbering definitions, borders and shading, settings, styles made when missing, and a
zip written the same way every time.

Imported only by the Word writer's finishing step (it imports python-docx).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

BLUE = "1F3B73"
GREY = "5B6B84"
LINE = "C9D1DC"
PALE = "EAF2F8"
GOLD = "C9A227"

#: What may follow ``w:updateFields`` in ``w:settings`` (the schema fixes the order).
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                        "rsids", "mathPr", "attachedSchema", "themeFontLang",
                        "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions",
                        "readModeInkLockDown", "smartTagType", "schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                        "listSeparator")


def element(tag: str, **attributes: str) -> Any:
    """A new ``w:`` element with ``w:`` attributes (``val="x"`` becomes ``w:val="x"``)."""
    made = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(f"w:{name}"), value)
    return made


def child(parent: Any, tag: str, **attributes: str) -> Any:
    made = element(tag, **attributes)
    parent.append(made)
    return made


def insert_before(parent: Any, made: Any, successors: tuple[str, ...]) -> Any:
    """Put ``made`` into ``parent`` before the first child named in ``successors`` (the
    schema's order), else at the end."""
    names = {qn(f"w:{name}") for name in successors}
    for existing in parent:
        if existing.tag in names:
            existing.addprevious(made)
            return made
    parent.append(made)
    return made


#: The order the schema gives the children of the property elements touched here.
ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers",
             "cellIns", "cellDel", "cellMerge", "tcPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
              "tblPrChange"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
             "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del",
             "trPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
            "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
            "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
            "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
            "lang", "eastAsianLayout", "specVanish", "oMath"),
}


def put(properties: Any, made: Any) -> Any:
    """Put ``made`` into a property element (``w:pPr``, ``w:tcPr``, ``w:tblPr``,
    ``w:trPr``, ``w:rPr``) in the schema's order, replacing one of the same name."""
    local = properties.tag.rpartition("}")[2]
    order = ORDER[local]
    name = made.tag.rpartition("}")[2]
    for old in properties.findall(made.tag):
        properties.remove(old)
    later = order[order.index(name) + 1:]
    return insert_before(properties, made, later)


def field_runs(paragraph: Any, instruction: str, shown: str = "", hidden: bool = False) -> None:
    """Append a complex field (``PAGE``, ``TOC ...``) to ``paragraph``, showing ``shown``
    until the field is updated; a ``hidden`` one is hidden text, so that no word
    processor shows its result (LibreOffice shows a ``SEQ \\h`` field's number)."""
    p = paragraph._p

    def run() -> Any:
        made = child(p, "w:r")
        if hidden:
            child(child(made, "w:rPr"), "w:vanish")
        return made

    begin = child(run(), "w:fldChar", fldCharType="begin")
    begin.set(qn("w:dirty"), "true")
    code = child(run(), "w:instrText")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code.text = f" {instruction} "
    child(run(), "w:fldChar", fldCharType="separate")
    if shown:
        child(run(), "w:t").text = shown
    child(run(), "w:fldChar", fldCharType="end")


def field_begin(paragraph: Any, instruction: str) -> None:
    """The start of a field at the beginning of ``paragraph``, whose shown result is what
    follows it, up to a `field_end` (in this paragraph or a later one)."""
    p = paragraph._p
    runs = [element("w:r"), element("w:r"), element("w:r")]
    begin = child(runs[0], "w:fldChar", fldCharType="begin")
    begin.set(qn("w:dirty"), "true")
    code = child(runs[1], "w:instrText")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code.text = f" {instruction} "
    child(runs[2], "w:fldChar", fldCharType="separate")
    at = 1 if p.find(qn("w:pPr")) is not None else 0
    for offset, run in enumerate(runs):
        p.insert(at + offset, run)


def field_end(paragraph: Any) -> None:
    child(child(paragraph._p, "w:r"), "w:fldChar", fldCharType="end")


def bookmark(paragraph_element: Any, name: str, number: int) -> None:
    """A bookmark ``name`` at the start of a paragraph (an empty range: a place to go to)."""
    start = element("w:bookmarkStart", id=str(number), name=name)
    end = element("w:bookmarkEnd", id=str(number))
    properties = paragraph_element.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph_element.insert(0, start)
    start.addnext(end)


def internal_link(paragraph: Any, anchor: str) -> Any:
    """A ``w:hyperlink`` to bookmark ``anchor`` at the end of ``paragraph``; runs go in it."""
    link = element("w:hyperlink", anchor=anchor, history="1")
    paragraph._p.append(link)
    return link


def external_link(paragraph: Any, url: str) -> Any:
    """A ``w:hyperlink`` to the web address ``url``; runs go in it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = element("w:hyperlink", history="1")
    link.set(qn("r:id"), rid)
    paragraph._p.append(link)
    return link


def shade(properties: Any, fill: str) -> None:
    """Shade a cell or paragraph (``w:tcPr`` / ``w:pPr``) with ``fill``."""
    put(properties, element("w:shd", val="clear", color="auto", fill=fill))


def borders(properties: Any, tag: str, sides: dict[str, tuple[str, int, str]]) -> None:
    """Borders (``w:pBdr`` in a ``w:pPr``, ``w:tcBorders`` in a ``w:tcPr``,
    ``w:tblBorders`` in a ``w:tblPr``): side -> (style, eighths of a point, colour)."""
    box = properties.find(qn(tag))
    if box is None:
        box = put(properties, element(tag))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides and not (tag == "w:pBdr" and side.startswith("inside")):
            style, size, colour = sides[side]
            for old in box.findall(qn(f"w:{side}")):
                box.remove(old)
            box.append(element(f"w:{side}", val=style, sz=str(size), space="0", color=colour))


def no_borders(properties: Any, tag: str) -> None:
    borders(properties, tag, {side: ("nil", 0, "auto") for side in
                              ("top", "left", "bottom", "right", "insideH", "insideV")})


def update_fields_on_open(settings: Any) -> None:
    """Ask Word to update the fields (the contents) when it opens the document."""
    root = settings.element
    for old in root.findall(qn("w:updateFields")):
        root.remove(old)
    insert_before(root, element("w:updateFields", val="true"), _AFTER_UPDATE_FIELDS)


def ensure_style(styles: Any, name: str, kind: Any, setup: Any = None,
                 based_on: str | None = None) -> Any:
    """The style ``name``, made (and set up by ``setup(style)``) when the document has
    none: a city's reference document keeps its own."""
    try:
        return styles[name]
    except KeyError:
        pass
    style = styles.add_style(name, kind)
    if based_on:
        try:
            style.base_style = styles[based_on]
        except KeyError:
            pass
    if setup is not None:
        setup(style)
    return style


def paragraph_style(styles: Any, name: str, setup: Any = None,
                    based_on: str | None = "Normal") -> Any:
    return ensure_style(styles, name, WD_STYLE_TYPE.PARAGRAPH, setup, based_on)


def character_style(styles: Any, name: str, setup: Any = None) -> Any:
    return ensure_style(styles, name, WD_STYLE_TYPE.CHARACTER, setup)


def font(style: Any, size: float | None = None, colour: str | None = None, bold: bool = False,
         italic: bool = False, name: str | None = None) -> None:
    if size:
        style.font.size = Pt(size)
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)
    if bold:
        style.font.bold = True
    if italic:
        style.font.italic = True
    if name:
        style.font.name = name


def outline_level(style: Any, level: int) -> None:
    """Put ``style`` on outline level ``level`` (0 for Heading 1), for the navigation pane
    and the table of contents."""
    put(style.element.get_or_add_pPr(), element("w:outlineLvl", val=str(level)))


def language(styles: Any, tag: str) -> None:
    """The document's default language (spelling, hyphenation)."""
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        root.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = element("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = child(run_defaults, "w:rPr")
    put(properties, element("w:lang", val=tag))


def next_id(numbering: Any, tag: str, attribute: str) -> int:
    used = [int(value) for value in numbering.xpath(f"./w:{tag}/@w:{attribute}")
            if str(value).isdigit()]
    return max(used, default=0) + 1


def abstract_numbering(numbering: Any, levels: list[dict[str, str]]) -> int:
    """Add an abstract numbering definition with ``levels`` (``fmt``, ``text`` and
    optionally ``style``, ``indent``, ``hanging``, ``suffix``); returns its id."""
    ident = next_id(numbering, "abstractNum", "abstractNumId")
    definition = element("w:abstractNum", abstractNumId=str(ident))
    child(definition, "w:multiLevelType", val="singleLevel" if len(levels) == 1 else "multilevel")
    for index, level in enumerate(levels):
        lvl = child(definition, "w:lvl", ilvl=str(index))
        child(lvl, "w:start", val="1")
        child(lvl, "w:numFmt", val=level["fmt"])
        if level.get("style"):
            child(lvl, "w:pStyle", val=level["style"])
        child(lvl, "w:suff", val=level.get("suffix", "tab"))
        child(lvl, "w:lvlText", val=level["text"])
        child(lvl, "w:lvlJc", val="left")
        properties = child(lvl, "w:pPr")
        child(properties, "w:ind", left=level.get("indent", "0"),
              hanging=level.get("hanging", "0"))
        if level.get("font"):
            run = child(lvl, "w:rPr")
            child(run, "w:rFonts", ascii=level["font"], hAnsi=level["font"], hint="default")
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(definition)
    else:
        clean = numbering.find(qn("w:numIdMacAtCleanup"))
        if clean is not None:
            clean.addprevious(definition)
        else:
            numbering.append(definition)
    return ident


def numbering_instance(numbering: Any, abstract: int, restart: bool = False) -> int:
    """A ``w:num`` of definition ``abstract`` (its own count from 1 with ``restart``)."""
    num = numbering.add_num(abstract)
    if restart:
        override = child(num, "w:lvlOverride", ilvl="0")
        child(override, "w:startOverride", val="1")
    return int(num.numId)


def number_paragraph(paragraph_element: Any, num: int, level: int = 0) -> None:
    made = element("w:numPr")
    child(made, "w:ilvl", val=str(level))
    child(made, "w:numId", val=str(num))
    put(paragraph_element.get_or_add_pPr(), made)


def style_numbering(style: Any, num: int) -> None:
    """Number every paragraph of ``style`` with list ``num`` (as Word links a heading style
    to a multilevel list)."""
    made = element("w:numPr")
    child(made, "w:numId", val=str(num))
    put(style.element.get_or_add_pPr(), made)


def reproducible_zip(data: bytes, day: str) -> bytes:
    """The package ``data`` again, with every entry dated ``day`` and stored the same way,
    so that the same document is the same bytes (python-docx stamps the clock's time)."""
    year, month, date = (int(part) for part in day.split("-"))
    stamp = (max(year, 1980), month, date, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info), compresslevel=6)
    return out.getvalue()
