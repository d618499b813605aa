"""The city's own Word reference document (``templates/referensi.docx``), checked before it
is used.

A reference document gives the Word books its styles, its cover and its letterhead header
and footer. It comes from outside the tool, so before python-docx opens it, it must be:
a zip archive of sane size that unpacks to little (no zip bomb), with plain part names, no
macros or other active content (VBA, ActiveX, OLE objects, a macro-enabled document), no
DTD or entity declarations, and nothing that points outside it: no external relationship
other than a hyperlink, and no field that pulls in another file (INCLUDETEXT,
INCLUDEPICTURE, LINK, DDE). Anything else is refused with KC631; the build never follows a
reference of the document's.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path

from kotacerdas.errors import build_problem, system_reason
from kotacerdas.messages import Phrase

NAME = "referensi.docx"
MAX_FILE = 20 * 1024**2
MAX_PARTS = 1000
MAX_UNPACKED = 100 * 1024**2
MAX_RATIO = 200  # how many times one part may be packed, once it unpacks to over 1 MB
_RATIO_FLOOR = 1024**2
_MAIN = "word/document.xml"
_ACTIVE_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|^word/(activeX|embeddings)/"
                           r"|\.(bin|ocx|exe|dll|ole)$", re.IGNORECASE)
_ACTIVE_TYPES = re.compile(rb"macroEnabled|vbaProject|vbaData|activeX|oleObject|"
                           rb"ms-office\.vbaProject", re.IGNORECASE)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)
_EXTERNAL = re.compile(rb"TargetMode\s*=\s*[\"']External[\"']", re.IGNORECASE)
_TYPE = re.compile(rb"\bType\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_TARGET = re.compile(rb"\bTarget\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_HYPERLINK = b"/relationships/hyperlink"
_PULLING_FIELDS = re.compile(rb"\b(INCLUDETEXT|INCLUDEPICTURE|DDEAUTO|DDE|LINK|IMPORT|"
                             rb"INCLUDE|RD)\b")
_FIELD_CODE = re.compile(rb"<w:instrText[^>]*>([^<]*)</w:instrText>|w:instr=\"([^\"]*)\"")


def read_reference(root: Path, shown: str) -> bytes | None:
    """The checked bytes of the plan's reference document, or None when it has none (or
    only one the build passes over with a warning: a link, not a file). A document that
    may not be used raises BuildProblem (KC631)."""
    from kotacerdas.render.config import city_file

    path = city_file(root, NAME)
    if path is None:
        return None
    try:
        size = os.stat(path).st_size
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        if size > MAX_FILE:
            raise refused(shown, "too_large", limit=str(MAX_FILE // 1024**2))
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as unreadable:
        raise refused(shown, "broken", detail=system_reason(unreadable)) from None
    if len(data) > MAX_FILE:
        raise refused(shown, "too_large", limit=str(MAX_FILE // 1024**2))
    check_reference(data, shown)
    return data


def check_reference(data: bytes, shown: str) -> None:
    """Refuse (BuildProblem KC631) a reference document that is not a plain, self-contained
    Word document."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise refused(shown, "not_zip") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise refused(shown, "too_many", limit=str(MAX_PARTS))
        names = set()
        total = 0
        for info in infos:
            name = info.filename
            if (not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name
                    or ".." in name.split("/") or re.match(r"^[A-Za-z]:", name)):
                raise refused(shown, "unsafe_name", part=name[:80])
            names.add(name)
            total += info.file_size
            packed = max(info.compress_size, 1)
            if total > MAX_UNPACKED or (info.file_size > _RATIO_FLOOR
                                        and info.file_size / packed > MAX_RATIO):
                raise refused(shown, "bomb", limit=str(MAX_UNPACKED // 1024**2),
                               ratio=str(MAX_RATIO))
            if _ACTIVE_PARTS.search(name):
                raise refused(shown, "macros", part=name[:80])
        if _MAIN not in names or "[Content_Types].xml" not in names:
            raise refused(shown, "not_word")
        budget = MAX_UNPACKED
        for info in infos:
            if info.is_dir():
                continue
            body = _read(archive, info, budget, shown)
            budget -= len(body)
            _check_part(info.filename, body, shown)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, shown: str) -> bytes:
    """A part's bytes, read no further than its stated size and what is left of the
    budget: a zip that lies about its sizes is a bomb too."""
    limit = min(info.file_size, budget)
    try:
        with archive.open(info) as handle:
            body = handle.read(limit + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError,
            ValueError) as broken:  # encrypted, an unknown compression, a bad checksum
        raise refused(shown, "broken", detail=f"{info.filename}: {broken}"[:200]) from None
    if len(body) > limit:
        raise refused(shown, "bomb", limit=str(MAX_UNPACKED // 1024**2), ratio=str(MAX_RATIO))
    return body


def _check_part(name: str, body: bytes, shown: str) -> None:
    lowered = name.lower()
    if not lowered.endswith((".xml", ".rels")):
        return
    if _DTD.search(body):
        raise refused(shown, "doctype", part=name[:80])
    if name == "[Content_Types].xml" and _ACTIVE_TYPES.search(body):
        raise refused(shown, "macros", part=name)
    if lowered.endswith(".rels"):
        for relationship in _RELATIONSHIP.findall(body):
            if not _EXTERNAL.search(relationship):
                continue
            kind = _TYPE.search(relationship)
            if kind and kind.group(1).endswith(_HYPERLINK):
                continue
            target = _TARGET.search(relationship)
            shown_target = target.group(1).decode("utf-8", "replace") if target else "?"
            raise refused(shown, "external", target=shown_target[:120])
        return
    codes = b"".join(found.group(1) or found.group(2) or b""
                     for found in _FIELD_CODE.finditer(body))  # a code may span many runs
    pulling = _PULLING_FIELDS.search(codes.upper())
    if pulling:
        around = codes[max(pulling.start() - 10, 0):pulling.end() + 60]
        raise refused(shown, "external", target=around.decode("utf-8", "replace").strip())


def refused(shown: str, reason: str, **params: object) -> Exception:
    """KC631 for the reference document `shown`, with ``reason`` (a `reference_refused` key)."""
    return build_problem("KC631", shown, path=shown,
                         reason=Phrase("reference_refused", reason, params))
