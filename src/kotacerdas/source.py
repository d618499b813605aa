"""All YAML reading and writing: fast loads, positions on demand, round-trip edits.

A plan file is read through the event layer (`source_events`), which enforces every
limit before anything can blow up. Positions (line and column of every key and item) are
indexed from a second pass over the events that runs only when a diagnostic needs them,
so a clean plan never pays for them. Edits go through ruamel's round-trip mode, which
keeps comments, order and quoting.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import system_reason
from kotacerdas.parse_cache import MISSING, lookup, remember
from kotacerdas.placeholders import placeholders_left
from kotacerdas.source_events import (  # noqa: F401  (limits are part of this module's interface)
    MAX_DEPTH,
    MAX_NODES,
    Refusal,
    Unusual,
    compose,
    locate_in,
    position_index,
)
from kotacerdas.text_safety import refuse_unsafe

MAX_FILE_BYTES = 8 * 1024 * 1024
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'()/-]*$")


class _Refused(Exception):
    """A file that must not be read further; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


@dataclass
class SourceFile:
    """One YAML file of a plan: its text, its data, and positions on demand."""

    path: Path
    rel: str
    text: str = ""  # without a byte-order mark; line endings as written
    data: Any = None
    bom: bool = False  # whether the file starts with a UTF-8 byte-order mark
    _positions: Any = field(default=None, repr=False)

    def as_written(self, text: str) -> str:
        """New ``text`` for this file as the file is written: with its byte-order mark."""
        return "\ufeff" + text if self.bom else text

    def locate(self, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based line and column of the node at ``loc``.

        Missing parts keep the position of the deepest node found; with ``key`` the
        position of the last key itself is returned rather than of its value. Positions
        are indexed on first use, so a file without diagnostics never pays for them.
        """
        if self._positions is None:
            try:
                self._positions = position_index(self.text)
            except Exception:  # the load already reported why this file is unreadable
                self._positions = {}
        return locate_in(self._positions, loc, key)


def _round_trip_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def load_file(path: Path, root: Path) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one plan file; every problem becomes a diagnostic, never an exception."""
    source, found = read_file(path, root)
    return parse_read(source) if source.data is MISSING else (source, found)


def read_file(path: Path, root: Path) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one plan file and take its data from the parse cache; the data is MISSING
    when this text was never parsed before, for ``parse_read`` to parse."""
    rel = _relative_name(path, root)
    source = SourceFile(path=path, rel=rel)
    try:
        text = _read_text(path, root, rel)
        source.bom = text.startswith("\ufeff")
        source.text = text.removeprefix("\ufeff")
        _refuse_conflict(source.text, rel)
        source.data = lookup(source.text)
        if source.data is not MISSING:
            _check_shape(source.data, rel)
    except _Refused as refused:
        return _refusal(source, refused)
    return source, _unsafe_text(source)


def parse_read(source: SourceFile) -> tuple[SourceFile, list[Diagnostic]]:
    """Parse the text ``read_file`` read, and keep the result in the parse cache."""
    try:
        source.data = _parse(source.text, source.rel)
        _check_shape(source.data, source.rel)
    except _Refused as refused:
        return _refusal(source, refused)
    return source, _unsafe_text(source)


def _unsafe_text(source: SourceFile) -> list[Diagnostic]:
    """Control characters (replaced, KC117) and scaffold placeholders left (KC213)."""
    if source.data is MISSING:
        return []
    found = refuse_unsafe(source.rel, source.text, source.data, source.locate)
    return found + placeholders_left(source.rel, source.text, source.data, source.locate)


def _refusal(source: SourceFile, refused: _Refused) -> tuple[SourceFile, list[Diagnostic]]:
    source.data = None
    return source, [refused.diagnostic]


def _relative_name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_text(path: Path, root: Path, rel: str) -> str:
    try:
        _refuse_outside(path, root, rel)
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # reading a pipe or a device could block forever
            raise _Refused(Diagnostic.new("KC116", rel, 1, 1))
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise _Refused(Diagnostic.new("KC108", rel, 1, 1, size=size, limit=MAX_FILE_BYTES))
        with path.open("rb") as handle:  # the size of /proc files and pipes is not their length
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise _Refused(Diagnostic.new("KC108", rel, 1, 1, size=len(raw), limit=MAX_FILE_BYTES))
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop on resolve
        raise _Refused(Diagnostic.new("KC109", rel, 1, 1, detail=system_reason(error)))
    return _decode(raw, rel)


#: The first line of a merge conflict git leaves in a file (``<<<<<<< HEAD``).
_CONFLICT = re.compile(r"^<{7}(?: |$)", re.M)


def _refuse_conflict(text: str, rel: str) -> None:
    """A file git left mid-merge is refused at its first conflict, whatever YAML the
    two sides would make: reading either side would be a guess."""
    found = _CONFLICT.search(text) if "<<<<<<<" in text else None  # the test first: fast
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise _Refused(Diagnostic.new("KC119", rel, line, 1))


def _refuse_outside(path: Path, root: Path, rel: str) -> None:
    """A plan file, or a folder on its way, that leads out of the plan folder is not read."""
    if not path.resolve().is_relative_to(root.resolve()):
        target = os.readlink(path) if path.is_symlink() else str(path.resolve())
        raise _Refused(Diagnostic.new("KC107", rel, 1, 1, target=target))


def _decode(raw: bytes, rel: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise _Refused(Diagnostic.new("KC102", rel, line, col, byte=f"0x{raw[error.start]:02x}"))
    return text


def _parse(text: str, rel: str) -> Any:
    directive = 0 if text.startswith("%") else text.find("\n%")  # a line that opens with %
    if directive >= 0:
        line = text.count("\n", 0, directive + 1) + 1
        raise _Refused(Diagnostic.new("KC104", rel, line, 1))
    try:
        data = compose(text)
        remember(text, data, Unusual)
        if data is Unusual:
            from ruamel.yaml import YAML

            data = YAML(typ="safe", pure=False).load(text)
    except Refusal as refusal:
        raise _Refused(Diagnostic.new(refusal.code, rel, refusal.line, refusal.column,
                                      **refusal.params)) from None
    except Exception as error:  # ruamel raises IndexError and others besides YAMLError
        raise _Refused(_yaml_error_diagnostic(error, text, rel)) from None
    return data


def _yaml_error_diagnostic(error: Exception, text: str, rel: str) -> Diagnostic:
    from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError

    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(error, "problem", "") or error).strip()
    if isinstance(error, DuplicateKeyError):
        key = re.search(r'duplicate key "(.*?)"', problem)
        return Diagnostic.new("KC105", rel, line, col, key=key.group(1) if key else "?")
    if isinstance(error, ConstructorError) or isinstance(error, IndexError):
        return _tag_diagnostic(text, rel, line, col, problem)
    if _tab_at(text, line, col):
        return Diagnostic.new("KC103", rel, line, col)
    return Diagnostic.new("KC101", rel, line, col, detail=problem)


def _tag_diagnostic(text: str, rel: str, line: int, col: int, problem: str) -> Diagnostic:
    tag = re.search(r"(!\S*)", problem)
    if tag is None:
        found = re.search(r"!\S*", text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        tag = found
    return Diagnostic.new("KC106", rel, line, col, tag=tag.group(0).rstrip("'") if tag else "!")


def _tab_at(text: str, line: int, col: int) -> bool:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return False
    prefix = lines[line - 1][: col + 1]
    return "\t" in prefix


def _check_shape(data: Any, rel: str) -> None:
    """Refuse a document that is not a mapping at its top level."""
    if not isinstance(data, dict):
        raise _Refused(Diagnostic.new("KC110", rel, 1, 1))


def yaml_scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain when safe, double-quoted otherwise."""
    if _PLAIN.match(value) and value.lower() not in ("yes", "no", "on", "off", "null", "true"):
        return value
    return json.dumps(value, ensure_ascii=False)


def dump_round_trip(data: Any) -> str:
    """Serialise a round-trip tree in the house style (the style `init` writes)."""
    buffer = io.StringIO()
    _round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


def load_round_trip(text: str) -> Any:
    """Parse text into an editable tree that keeps comments, order and quoting."""
    return _round_trip_yaml().load(text)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write text (as UTF-8, line ends untouched) or bytes to path so that readers see
    the old or the new file, never half of one; a file already there keeps its permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions a rewritten file keeps, or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        current = os.umask(0)
        os.umask(current)
        return 0o666 & ~current
