"""All YAML reading and writing: fast loads, positions on demand, round-trip edits.

A plan file is read by composing the C parser's events straight into plain Python data,
which is several times faster than ruamel's constructor and enforces every limit (size,
depth, node count, no aliases) before anything can blow up. Positions (line and column
of every key and item) come from a second, round-trip parse that runs only when a
diagnostic needs them, so a clean plan never pays for the slow parser.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kotacerdas.diagnostics import Diagnostic

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 500_000

_DIRECTIVE = re.compile(r"^%", re.MULTILINE)

# Plain scalars are resolved as ruamel.yaml resolves YAML 1.2 (core schema); anything
# rarer (explicit tags, full timestamps, merge keys, complex keys, several documents) is
# left to ruamel's own constructor, after the event scan has checked every limit.
_RESOLVED_FIRST = frozenset("-+0123456789.~nNtTfF<=")
_NULL = frozenset({"~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?"
    r"[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:")
_RADIX = {"0b": 2, "0x": 16, "0o": 8}
_NO_KEY = object()


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
        data = _compose(text, rel)
        if data is _Unusual:
            data = YAML(typ="safe", pure=False).load(text)
    except _Refused:
        raise
    except Exception as error:  # ruamel raises IndexError and others besides YAMLError
        raise _Refused(_yaml_error_diagnostic(error, text, rel)) from None
    return data


class _Unusual(Exception):
    """Input the fast composer leaves to ruamel's constructor (it is rare in plans)."""


def _compose(text: str, rel: str) -> Any:
    """Build the tree straight from the C parser's events, checking every limit on the way.

    Aliases, nesting deeper than MAX_DEPTH and more than MAX_NODES nodes are refused at
    the event where they occur, before anything is expanded. This is several times
    faster than ruamel's constructor and never recurses, so no input can exhaust the
    stack. Returns ``_Unusual`` when the text needs ruamel's constructor after all.
    """
    from _ruamel_yaml import CParser
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    stack: list[list[Any]] = []  # [container, pending key] for every open collection
    root: Any = None
    nodes = documents = 0
    unusual = False
    parser = CParser(text)
    for event in iter(parser.get_event, None):
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            nodes += 1
            if nodes > MAX_NODES:
                raise _refusal("KC112", rel, event, limit=MAX_NODES)
            value = None
            if not unusual:
                try:
                    if event.ctag is not None:  # the raw tag, without the property's cost
                        raise _Unusual
                    if kind is ScalarEvent:
                        value = event.value
                        if not event.style and (not value or value[0] in _RESOLVED_FIRST):
                            value = _plain(value)
                    else:
                        value = {} if kind is MappingStartEvent else []
                    if not stack:
                        root = value
                    elif type(stack[-1][0]) is list:
                        stack[-1][0].append(value)
                    else:
                        _attach(stack[-1], value, event, rel)
                except _Unusual:
                    unusual = True
            if kind is not ScalarEvent:
                stack.append([value, _NO_KEY])
                if len(stack) > MAX_DEPTH:
                    raise _refusal("KC111", rel, event, limit=MAX_DEPTH)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is AliasEvent:
            raise _refusal("KC113", rel, event, anchor=event.anchor)
        elif kind is DocumentStartEvent:
            documents += 1
            unusual = unusual or documents > 1
    return _Unusual if unusual else root


def _attach(parent: list[Any], value: Any, event: Any, rel: str) -> None:
    """Put ``value`` into the open mapping ``parent`` as its next key or value."""
    container, key = parent
    if key is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise _Unusual
        if value in container:
            raise _refusal("KC105", rel, event, key=str(value))
        parent[1] = value
    else:
        container[key] = value
        parent[1] = _NO_KEY


def _refusal(code: str, rel: str, event: Any, **params: Any) -> _Refused:
    mark = event.start_mark
    return _Refused(Diagnostic.new(code, rel, mark.line + 1, mark.column + 1, **params))


def _plain(text: str) -> Any:
    """The value of a plain scalar under the YAML 1.2 core schema, as ruamel.yaml reads it."""
    if not text:
        return None
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    try:
        if _INT.match(text):
            return _integer(text.replace("_", ""))
        if _FLOAT.match(text):
            return _float(text.replace("_", "").lower())
        if _DATE.match(text):
            return date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        raise _Unusual from None  # ruamel reports the same value with its own words
    if text in ("<<", "=") or _TIMESTAMP.match(text):
        raise _Unusual
    return text


def _integer(digits: str) -> int:
    sign = -1 if digits[:1] == "-" else 1
    digits = digits[1:] if digits[:1] in ("-", "+") else digits
    radix = _RADIX.get(digits[:2])
    return sign * (int(digits[2:], radix) if radix else int(digits))


def _float(digits: str) -> float:
    sign = -1 if digits[:1] == "-" else 1
    digits = digits[1:] if digits[:1] in ("-", "+") else digits
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    return sign * float(digits)


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
