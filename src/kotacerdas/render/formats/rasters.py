"""SVG charts drawn as PNG by resvg, each kept in the user's cache folder.

Drawing a chart's text is most of a Word book's time, and a rebuild rarely changes every
chart: an edited programme name leaves the budget charts as they were. Each PNG is kept
in ``$XDG_CACHE_HOME/kotacerdas/png`` under the SHA-256 of the chart's source, the zoom,
resvg's version and the state of the font folders resvg reads (a font installed or
removed draws text differently), so an entry is only ever the image resvg would draw
now. Anything odd about the cache just means drawing the chart again.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from functools import cache
from pathlib import Path

from kotacerdas.resources import cache_folder, keep, prune, read_entry

#: Entries kept (the least recently written go first): a mentor's ten cities' charts.
MAX_ENTRIES = 2000
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Where resvg looks for the system's fonts (fontdb), on every platform it runs on.
_FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts",
                 "~/.fonts", "/Library/Fonts", "~/Library/Fonts", "/System/Library/Fonts",
                 "%WINDIR%/Fonts", "%LOCALAPPDATA%/Microsoft/Windows/Fonts")


def png(source: str, zoom: float) -> bytes:
    """The chart ``source`` drawn on white at ``zoom`` image pixels per CSS pixel;
    resvg's own errors (ValueError) pass through."""
    folder = cache_folder("png")
    entry = folder / f"{_key(source, zoom)}.png" if folder is not None else None
    kept = read_entry(entry) if entry is not None else None
    if kept is not None and whole_png(kept):
        return kept
    import resvg_py

    data = resvg_py.svg_to_bytes(svg_string=source, background="white", zoom=zoom)
    if entry is not None and keep(entry, data):
        prune(entry.parent, "*.png", MAX_ENTRIES)
    return data


def whole_png(data: bytes) -> bool:
    """Whether ``data`` is a PNG whose every chunk is there and matches its checksum, up
    to the closing IEND chunk: a truncated or damaged entry is drawn again."""
    if not data.startswith(_SIGNATURE):
        return False
    at = len(_SIGNATURE)
    while at + 12 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        end = at + 12 + length
        if end > len(data):
            return False
        kind_and_body = data[at + 4:at + 8 + length]
        if zlib.crc32(kind_and_body) != int.from_bytes(data[at + 8 + length:end], "big"):
            return False
        if kind_and_body[:4] == b"IEND":
            return end == len(data)
        at = end
    return False


def _key(source: str, zoom: float) -> str:
    digest = hashlib.sha256(f"{_drawing()}\0{zoom!r}\0".encode())
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@cache
def _drawing() -> str:
    """What else decides the pixels: resvg's version and the font folders' state."""
    import resvg_py

    versions = f"{resvg_py.__version__}/{getattr(resvg_py, '__resvg_version__', '')}"
    return f"{versions}\0{_fonts_state()}"


def _fonts_state() -> str:
    """Each font folder and its subfolders with the time they last changed."""
    seen = []
    for name in _FONT_FOLDERS:
        top = Path(os.path.expandvars(os.path.expanduser(name)))
        if "%" in str(top) or not top.is_dir():
            continue
        for folder, _, _ in os.walk(top):
            try:
                seen.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
            except OSError:
                continue
    return "\n".join(sorted(seen))
