"""What a workbook must pass before any spreadsheet library opens it.

A workbook is a zip of XML parts, and it comes by e-mail. Before openpyxl reads a byte of
it, the file is checked here: a regular file of a sane size; an .xlsx zip, not an old
.xls, a binary .xlsb or a password-protected (encrypted) file; few enough entries, none
that unpacks to too much or too many times its packed size (a zip bomb); no macros, no
links to other workbooks, no XML document type declarations (entity bombs); and no
sheet that declares more rows or columns than a programme matrix can have.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kotacerdas.errors import KotacerdasError, system_reason
from kotacerdas.spreadsheet.cells import word

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # unpacked size over packed size, for an entry of more than a megabyte
MAX_ROWS = 200_000
MAX_COLUMNS = 200
_HEAD_BYTES = 4096
_ZIP = b"PK\x03\x04"
_COMPOUND = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')


@dataclass(frozen=True)
class Checked:
    """A workbook that passed: its bytes, for the reader to open from memory."""

    path: Path
    data: bytes


def refuse(code: str, path: Path, **params: Any) -> KotacerdasError:
    return KotacerdasError.about(code, path=path.name, **params)


def check_workbook(path: Path) -> Checked:
    """The bytes of the workbook at ``path``, once they pass every check above; any
    that fails raises KotacerdasError (KC802-KC810) and nothing is read further."""
    data = _read(path)
    if data.startswith(_COMPOUND):
        if _ENCRYPTED in data:
            raise refuse("KC803", path)
        raise refuse("KC802", path, detail="Excel 97-2003 (.xls)")
    if not data.startswith(_ZIP):
        raise refuse("KC802", path, detail=word("not_zip"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise refuse("KC802", path, detail=str(error) or type(error).__name__) from None
    _sizes(path, infos)
    _contents(path, archive, [info.filename for info in infos])
    return Checked(path, data)


def _read(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise refuse("KC802", path, detail=word("not_a_file"))
        if info.st_size > MAX_FILE_BYTES:
            raise refuse("KC804", path, what=word("file_size"), size=_mb(info.st_size),
                         limit=_mb(MAX_FILE_BYTES))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise refuse("KC802", path, detail=system_reason(error)) from None
    if len(data) > MAX_FILE_BYTES:
        raise refuse("KC804", path, what=word("file_size"), size=_mb(len(data)),
                     limit=_mb(MAX_FILE_BYTES))
    return data


def _sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise refuse("KC804", path, what=word("entries"), size=len(infos), limit=MAX_ENTRIES)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise refuse("KC804", path, what=word("unpacked"), size=_mb(unpacked),
                     limit=_mb(MAX_UNPACKED_BYTES))
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise refuse("KC804", path, what=word("ratio"), size=f"{ratio}:1",
                         limit=f"{MAX_RATIO}:1")


def _contents(path: Path, archive: zipfile.ZipFile, names: list[str]) -> None:
    lowered = [name.lower() for name in names]
    if "[content_types].xml" not in lowered or "xl/workbook.xml" not in lowered:
        binary = "xl/workbook.bin" in lowered
        detail = "xl/workbook.bin (.xlsb)" if binary else word("no_workbook_part")
        raise refuse("KC802", path, detail=detail)
    macros = [n for n in names if n.lower().endswith(("vbaproject.bin", ".bin"))
              and "vba" in n.lower()]
    types = _head(archive, "[Content_Types].xml")
    if path.suffix.lower() in (".xlsm", ".xltm") or macros or b"macroEnabled" in types:
        raise refuse("KC805", path, detail=macros[0] if macros else path.suffix or "xlsm")
    links = [n for n in names if n.lower().startswith("xl/externallinks/")]
    if links or b"<externalReferences" in _head(archive, "xl/workbook.xml", 1 << 20):
        raise refuse("KC806", path, detail=links[0] if links else "xl/workbook.xml")
    for name in names:
        if name.lower().endswith((".xml", ".rels", ".vml")):
            _no_declarations(path, archive, name)


def _no_declarations(path: Path, archive: zipfile.ZipFile, name: str) -> None:
    head = _head(archive, name)
    if _declares(archive, name):
        raise refuse("KC810", path, part=name)
    if name.lower().startswith("xl/worksheets/") and name.lower().endswith(".xml"):
        _declared_size(path, name, head)


def _declared_size(path: Path, name: str, head: bytes) -> None:
    """Refuse a sheet whose own dimension says it holds a million rows, before a row of
    it is read (the reader counts again: the dimension may say less than there is)."""
    found = _DIMENSION.search(head)
    if not found:
        return
    last_column, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
    rows = int(last_row) if last_row else 0
    columns = _column_number(last_column.decode()) if last_column else 0
    sheet = name.rsplit("/", 1)[-1].removesuffix(".xml")
    if rows > MAX_ROWS:
        raise refuse("KC807", path, sheet=sheet, count=rows, what=word("rows"),
                     limit=MAX_ROWS)
    if columns > MAX_COLUMNS:
        raise refuse("KC807", path, sheet=sheet, count=columns, what=word("columns"),
                     limit=MAX_COLUMNS)


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - ord("A") + 1
    return number


def _declares(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether the entry declares a DTD or an entity anywhere, however long a comment
    before it: read in pieces (cell text can hold neither, since ``<`` is escaped)."""
    tail = b""
    try:
        with archive.open(name) as handle:
            while piece := handle.read(1 << 16):
                window = (tail + piece).upper()
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    return True
                tail = piece[-16:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return False  # what cannot be read is refused where it is read
    return False


def _head(archive: zipfile.ZipFile, name: str, size: int = _HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of an entry (no more is ever unpacked for a check)."""
    match = next((n for n in archive.namelist() if n.lower() == name.lower()), None)
    if match is None:
        return b""
    try:
        with archive.open(match) as handle:
            return handle.read(size)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return b""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
