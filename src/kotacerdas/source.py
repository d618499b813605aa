"""All YAML reading and writing: fast loads, positions on demand, round-trip edits.

A plan file is read with the C parser first. Positions (line and column of every key
and item) come from a second, round-trip parse that runs only when a diagnostic needs
them, so a clean plan never pays for the slow parser.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kotacerdas.diagnostics import Diagnostic

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 500_000

_DIRECTIVE = re.compile(r"^%", re.MULTILINE)
_MAYBE_ALIAS = re.compile(r"\*[^\s,\[\]{}]")
# The C composer recurses once per nesting level and crashes the interpreter somewhere
# past ten thousand levels, so any text that might nest that deep is screened event by
# event before a tree is built. Block nesting needs a long run of indentation, dashes,
# question marks, colons, anchors or tags at the start of a line; flow nesting needs
# one bracket per level.
_SCREEN_NESTING = 1000
_DEEP_LINE_START = re.compile(r"^(?:[ \t?:-]|[&!]\S*){%d}" % _SCREEN_NESTING, re.MULTILINE)


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
    text: str = ""
    data: Any = None
    _tree: Any = field(default=None, repr=False)

    def locate(self, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based line and column of the node at ``loc``.

        Missing parts keep the position of the deepest node found; with ``key`` the
        position of the last key itself is returned rather than of its value.
        """
        node = self._round_trip_tree()
        if node is None or not hasattr(node, "lc"):
            return 1, 1
        line, col = node.lc.line, node.lc.col
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, dict) and part in node:
                line, col = node.lc.key(part) if (key and last) else node.lc.value(part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                line, col = node.lc.item(part)
            else:
                continue
            node = node[part]
        return line + 1, col + 1

    def _round_trip_tree(self) -> Any:
        if self._tree is None:
            try:
                self._tree = _round_trip_yaml().load(self.text)
            except Exception:  # the fast load already reported why this file is unreadable
                self._tree = False
        return self._tree or None


def _round_trip_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def load_file(path: Path, root: Path) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one plan file; every problem becomes a diagnostic, never an exception."""
    rel = _relative_name(path, root)
    source = SourceFile(path=path, rel=rel)
    try:
        source.text = _read_text(path, root, rel)
        source.data = _parse(source.text, rel)
        _check_shape(source.data, rel)
    except _Refused as refused:
        source.data = None
        return source, [refused.diagnostic]
    return source, []


def _relative_name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_text(path: Path, root: Path, rel: str) -> str:
    try:
        _refuse_outside(path, root, rel)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Refused(Diagnostic.new("KC108", rel, 1, 1, size=size, limit=MAX_FILE_BYTES))
        with path.open("rb") as handle:  # the size of /proc files and pipes is not their length
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise _Refused(Diagnostic.new("KC108", rel, 1, 1, size=len(raw), limit=MAX_FILE_BYTES))
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop on resolve
        detail = getattr(error, "strerror", None) or str(error)
        raise _Refused(Diagnostic.new("KC109", rel, 1, 1, detail=detail))
    return _decode(raw, rel)


def _refuse_outside(path: Path, root: Path, rel: str) -> None:
    """A plan file, or a folder on its way, that leads out of the plan folder is not read."""
    if not inside(path.resolve(), root.resolve()):
        target = os.readlink(path) if path.is_symlink() else str(path.resolve())
        raise _Refused(Diagnostic.new("KC107", rel, 1, 1, target=target))


def inside(path: Path, root: Path) -> bool:
    """Whether the resolved ``path`` is ``root`` or lies below it."""
    return path == root or root in path.parents


def _decode(raw: bytes, rel: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise _Refused(Diagnostic.new("KC102", rel, line, col, byte=f"0x{raw[error.start]:02x}"))
    return text.removeprefix("\ufeff")


def _parse(text: str, rel: str) -> Any:
    from ruamel.yaml import YAML

    directive = _DIRECTIVE.search(text)
    if directive:
        line = text.count("\n", 0, directive.start()) + 1
        raise _Refused(Diagnostic.new("KC104", rel, line, 1))
    try:
        _screen(text, rel)
        data = YAML(typ="safe", pure=False).load(text)
    except _Refused:
        raise
    except Exception as error:  # ruamel raises IndexError and others besides YAMLError
        raise _Refused(_yaml_error_diagnostic(error, text, rel)) from None
    if _too_deep(data):
        _scan_events(text, rel)  # finds the line where the nesting goes too deep
        raise _Refused(Diagnostic.new("KC111", rel, 1, 1, limit=MAX_DEPTH))
    return data


def _screen(text: str, rel: str) -> None:
    """Refuse aliases, deep nesting and huge node counts before any tree is built.

    The common plan file is small, shallow and alias-free, and passes on a few regular
    expression and count checks; only suspicious text pays for the event-by-event scan.
    """
    suspicious = (
        _MAYBE_ALIAS.search(text) is not None
        or text.count("[") + text.count("{") > _SCREEN_NESTING
        or _DEEP_LINE_START.search(text) is not None
    )
    if suspicious or (len(text) > MAX_NODES // 2 and _event_count(text) > MAX_NODES):
        _scan_events(text, rel)


def _event_count(text: str) -> int:
    """The number of parse events, counted inside the C parser without building objects."""
    from _ruamel_yaml import CParser

    try:
        return int(CParser(text).raw_parse())
    except Exception:  # the real load reports the syntax error with its position
        return 0


def _scan_events(text: str, rel: str) -> None:
    """Walk the parse events once; refuse the first alias, too-deep level or excess node."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        ScalarEvent,
    )

    depth = nodes = 0
    for event in YAML(typ="safe", pure=False).parse(io.StringIO(text)):
        mark = event.start_mark
        where = (rel, mark.line + 1, mark.column + 1)
        if isinstance(event, AliasEvent):
            raise _Refused(Diagnostic.new("KC113", *where, anchor=event.anchor))
        if isinstance(event, CollectionEndEvent):
            depth -= 1
            continue
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(Diagnostic.new("KC111", *where, limit=MAX_DEPTH))
        nodes += isinstance(event, (CollectionStartEvent, ScalarEvent))
        if nodes > MAX_NODES:
            raise _Refused(Diagnostic.new("KC112", *where, limit=MAX_NODES))


def _too_deep(data: Any) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


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


def dump_round_trip(data: Any) -> str:
    """Serialise a round-trip tree in the house style (the style `init` writes)."""
    buffer = io.StringIO()
    _round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


def load_round_trip(text: str) -> Any:
    """Parse text into an editable tree that keeps comments, order and quoting."""
    return _round_trip_yaml().load(text)


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so that readers see the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
