"""Images: inline SVG charts rasterised to PNG by resvg, ``data:`` images, each sized to
fit where it stands."""

from __future__ import annotations

import base64
import io
import math
import re
from typing import TYPE_CHECKING, Any

from docx.shared import Emu

from kotacerdas.render.formats import rasters, word_parts
from kotacerdas.render.formats.finishing import TimeUp
from kotacerdas.render.formats.word_parts import (
    TWIP,
    Piece,
)

if TYPE_CHECKING:
    from kotacerdas.render.formats.word_build import WordBook

SVG = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)
_SVG_HREF = re.compile(r"""\s(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_SVG_START = re.compile(r"""<svg\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
_SVG_SIZE = re.compile(r"""(?<=\s)(width|height|viewBox)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif|svg\+xml)(;base64)?,(.*)", re.S | re.I)
_LENGTH = re.compile(
    r"\s*(\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|%)?\s*")
_PX_PER = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
#: The most image pixels a chart gets per CSS pixel, and the resolution it is drawn for.
ZOOM, DPI = 1.5, 200
#: The largest image drawn: pixels a side and in all (160 MB of memory while drawn).
MAX_SIDE, MAX_PIXELS = 12_000, 40_000_000
EMU_PER_PX, EMU_PER_INCH = 9525, 914400


def chart(book: WordBook, node: Any, width: Any = None) -> None:
    """An inline SVG chart as a PNG image, as wide as the page allows."""
    index = book.svg_index
    book.svg_index += 1
    title_node = node.find("title")
    title = word_parts.words(title_node.text_content()) if title_node is not None else ""
    if index >= len(book.svgs):
        book.note("KC633", detail="svg")
        if title:
            book.text(title)
        return
    source = book.svgs[index]
    try:
        size = svg_size(source)
        png = rasters.png(source, zoom(book, size, width))
    except Exception as failure:  # resvg raises its own kinds of errors
        if isinstance(failure, TimeUp):
            raise
        book.note("KC633", detail=" ".join(str(failure).split())[:120] or "svg")
        if title:
            book.text(title)
        return
    place(book, png, size, title, width)


def image(book: WordBook, node: Any) -> None:
    found = _DATA_IMAGE.match((node.get("src") or "").strip())
    alt = word_parts.words(node.get("alt") or "")
    if not found:
        if alt:
            book.text(alt)
        return
    kind, encoded, payload = found.groups()
    try:
        raw = base64.b64decode(payload, validate=False) if encoded else payload.encode()
        if kind.lower() == "svg+xml":
            source = safe_svg(raw.decode("utf-8", "replace"))
            size = svg_size(source)
            png = rasters.png(source, zoom(book, size, None))
        else:
            png, size = raw, None
    except (ValueError, UnicodeError) as failure:
        book.note("KC633", detail=str(failure)[:120])
        if alt:
            book.text(alt)
        return
    except Exception as failure:
        if isinstance(failure, TimeUp):
            raise
        book.note("KC633", detail=" ".join(str(failure).split())[:120] or "img")
        if alt:
            book.text(alt)
        return
    place(book, png, size, alt, None)


def fit(book: WordBook, size: tuple[float, float], width: Any) -> tuple[int, int]:
    """How large (EMU) an image of ``size`` CSS pixels is shown: as large as it is,
    or ``width``, but never wider than where it stands nor taller than the page."""
    emu_width = int(size[0] * EMU_PER_PX)
    most = book.box[-1].width * TWIP
    emu_width = min(emu_width, most) if width is None else int(width)
    emu_height = int(emu_width * size[1] / max(size[0], 1))
    tallest = int(book.text_height() * 0.8)
    if emu_height > tallest:
        emu_width = int(emu_width * tallest / emu_height)
        emu_height = tallest
    return emu_width, emu_height


def zoom(book: WordBook, size: tuple[float, float] | None, width: Any) -> float:
    """Image pixels per CSS pixel for a chart shown at `_fit`'s size: about `DPI`, no
    more (a tall chart shrunk onto a page needs far fewer pixels than it has)."""
    if not size or size[0] <= 0:
        return ZOOM
    shown = fit(book, size, width)[0] / EMU_PER_INCH
    return drawable(size, max(0.2, min(ZOOM, DPI * shown / size[0])))


def place(book: WordBook, png: bytes, size: tuple[float, float] | None, title: str,
           width: Any) -> None:
    from docx.image.image import Image

    try:
        picture = Image.from_blob(png)
        pixels = (picture.px_width, picture.px_height)
    except Exception as failure:  # not an image python-docx can read
        book.note("KC633", detail=" ".join(str(failure).split())[:120] or "img")
        if title:
            book.text(title)
        return
    shown = fit(book, size or (pixels[0] / ZOOM, pixels[1] / ZOOM), width)
    book.pending.append(Piece(kind="image", image=(png, *shown, title)))


def add_picture(book: WordBook, run: Any, png: bytes, width: int, height: int, title: str) -> None:
    shape = run.add_picture(io.BytesIO(png), width=Emu(width), height=Emu(height))
    properties = shape._inline.docPr
    properties.set("name", f"grafik {properties.get('id')}")
    properties.set("descr", title)


def svg_size(source: str) -> tuple[float, float] | None:
    """An SVG's size in CSS pixels as resvg will take it: its width and height (in an
    absolute unit, or a percentage of the viewBox), the missing one by the viewBox's
    proportions, else the viewBox's; None when it gives none (resvg then draws it 100
    pixels square). A size it gives that cannot be read here raises ValueError: resvg
    would read it, and nothing could then bound what it draws."""
    start = _SVG_START.match(source.lstrip())
    found = {name: double or single
             for name, double, single in _SVG_SIZE.findall(start.group(0) if start else "")}
    box = _numbers(found.get("viewBox", ""))
    proportioned = len(box) == 4 and box[2] > 0 and box[3] > 0
    ratio = box[3] / box[2] if proportioned else 1.0
    width = _length(found.get("width"), box[2] if proportioned else None)
    height = _length(found.get("height"), box[3] if proportioned else None)
    if width and height:
        return width, height
    if width:
        return width, width * ratio
    if height:
        return height / ratio, height
    return (box[2], box[3]) if proportioned else None


def drawable(size: tuple[float, float] | None, zoom: float) -> float:
    """``zoom`` lowered so that the image has at most `MAX_SIDE` pixels a side and
    `MAX_PIXELS` in all: a chart that says it is a kilometre wide is drawn small, not
    with memory it cannot have."""
    if not size:
        return zoom
    width, height = max(size[0], 1e-3), max(size[1], 1e-3)
    return min(zoom, MAX_SIDE / max(width, height), math.sqrt(MAX_PIXELS / (width * height)))


def _length(text: str | None, whole: float | None) -> float | None:
    """A length in CSS pixels (a percentage of ``whole``); None when there is none."""
    if text is None or not text.strip():
        return None
    found = _LENGTH.fullmatch(text)
    if not found or (found.group(2) == "%" and whole is None):
        raise ValueError(f"svg size {text[:40]!r}")
    unit = found.group(2) or "px"
    value = float(found.group(1)) * (whole / 100 if unit == "%" and whole else _PX_PER[unit])
    if not math.isfinite(value):
        raise ValueError(f"svg size {text[:40]!r}")
    return value if value > 0 else None


def _numbers(text: str) -> list[float]:
    try:
        values = [float(v) for v in re.split(r"[\s,]+", text.strip()) if v]
    except ValueError:
        return []
    return values if all(math.isfinite(v) for v in values) else []


def safe_svg(source: str) -> str:
    """An SVG without links to anything outside it (nothing is loaded when it is drawn)."""

    def keep(found: re.Match[str]) -> str:
        value = (found.group(1) if found.group(1) is not None else found.group(2) or "").strip()
        return found.group(0) if value.startswith("#") or value.startswith("data:image/") else ""

    return _SVG_HREF.sub(keep, source)
