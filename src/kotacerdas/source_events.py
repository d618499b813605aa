"""The YAML event layer: plan files composed from the C parser's events, and positions.

Composing straight from libyaml's events is several times faster than ruamel's
constructor, never recurses (so no input can exhaust the stack), and lets every limit
(depth, node count, no aliases) be enforced at the event where it is crossed, before
anything is expanded. The same events give the line and column of every key, value and
item, far faster than a round-trip parse, for files that need a diagnostic.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

MAX_DEPTH = 40
MAX_NODES = 500_000

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
_COMPLEX_KEY = object()


class Refusal(Exception):
    """The text crosses a limit: ``code`` at the 1-based ``line`` and ``column``."""

    def __init__(self, code: str, event: Any, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params
        self.line, self.column = event.start_mark.line + 1, event.start_mark.column + 1


class Unusual(Exception):
    """Input the fast composer leaves to ruamel's constructor (it is rare in plans)."""


class Unreadable(str):
    """A plain scalar written like a date or a number that is none (``2022-02-30``, an
    integer of thousands of digits): kept as its text, so that validation can say so
    where it is written rather than the whole file being refused."""


class InvalidDate(Unreadable):
    pass


class HugeNumber(Unreadable):
    pass


def compose(text: str) -> Any:
    """Build the tree straight from the C parser's events, checking every limit on the way.

    Aliases, nesting deeper than MAX_DEPTH and more than MAX_NODES nodes are refused at
    the event where they occur, before anything is expanded. This is several times
    faster than ruamel's constructor and never recurses, so no input can exhaust the
    stack. Returns ``Unusual`` when the text needs ruamel's constructor after all.
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
                raise Refusal("KC112", event, limit=MAX_NODES)
            value = None
            if not unusual:
                try:
                    if event.ctag is not None:  # the raw tag, without the property's cost
                        raise Unusual
                    if kind is ScalarEvent:
                        value = event.value
                        if not event.style and (not value or value[0] in _RESOLVED_FIRST):
                            value = plain(value)
                    else:
                        value = {} if kind is MappingStartEvent else []
                    if not stack:
                        root = value
                    elif type(stack[-1][0]) is list:
                        stack[-1][0].append(value)
                    else:
                        _attach(stack[-1], value, event)
                except Unusual:
                    unusual = True
            if kind is not ScalarEvent:
                stack.append([value, _NO_KEY])
                if len(stack) > MAX_DEPTH:
                    raise Refusal("KC111", event, limit=MAX_DEPTH)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is AliasEvent:
            raise Refusal("KC113", event, anchor=event.anchor)
        elif kind is DocumentStartEvent:
            documents += 1
            unusual = unusual or documents > 1
    return Unusual if unusual else root


def _attach(parent: list[Any], value: Any, event: Any) -> None:
    """Put ``value`` into the open mapping ``parent`` as its next key or value."""
    container, key = parent
    if key is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise Unusual
        if value in container:
            raise Refusal("KC105", event, key=str(value))
        parent[1] = value
    else:
        container[key] = value
        parent[1] = _NO_KEY


def plain(text: str) -> Any:
    """The value of a plain scalar under the YAML 1.2 core schema, as ruamel.yaml reads it."""
    if not text:
        return None
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        try:
            return _integer(text.replace("_", ""))
        except ValueError:  # more digits than an integer may be read from
            return HugeNumber(text)
    if _FLOAT.match(text):
        return _float(text.replace("_", "").lower())
    if _DATE.match(text):
        try:
            return date(int(text[:4]), int(text[5:7]), int(text[8:10]))
        except ValueError:  # no such day, or year 0
            return InvalidDate(text)
    if text in ("<<", "=") or _TIMESTAMP.match(text):
        raise Unusual
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


def position_index(text: str) -> dict[tuple[Any, ...], tuple[int, int, int, int]]:
    """0-based (key line, key column, value line, value column) of every node, by path.

    Items of a list have their own position as both key and value; the root is at ().
    """
    from _ruamel_yaml import CParser
    from ruamel.yaml.events import (
        AliasEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    index: dict[tuple[Any, ...], tuple[int, int, int, int]] = {}
    stack: list[list[Any]] = []  # [path or None, is a list, next item or pending key, key mark]
    for event in iter(CParser(text).get_event, None):
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind in (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent):
            path = _index_node(index, stack, event, kind is ScalarEvent)
            if kind is MappingStartEvent:
                stack.append([path, False, _NO_KEY, None])
            elif kind is SequenceStartEvent:
                stack.append([path, True, 0, None])
    return index


def _index_node(index: dict[Any, Any], stack: list[list[Any]], event: Any, scalar: bool) -> Any:
    """Record the node of ``event``; returns its path (None for a key or an unreachable node)."""
    mark = (event.start_mark.line, event.start_mark.column)
    if not stack:
        index[()] = mark * 2
        return ()
    frame = stack[-1]
    path, is_list, pending, key_mark = frame
    if path is None:
        return None
    if is_list:
        frame[2] += 1
        index[(*path, pending)] = mark * 2
        return (*path, pending)
    if pending is _NO_KEY:
        frame[2], frame[3] = _key_of(event, scalar), mark
        return None
    frame[2] = _NO_KEY
    index[(*path, pending)] = key_mark + mark
    return (*path, pending)


def _key_of(event: Any, scalar: bool) -> Any:
    if not scalar:
        return _COMPLEX_KEY
    if event.style:
        return event.value
    try:
        return plain(event.value)
    except Unusual:
        return event.value


def locate_in(
    index: dict[tuple[Any, ...], tuple[int, int, int, int]], loc: tuple[Any, ...], key: bool
) -> tuple[int, int]:
    """1-based position of ``loc``; parts that are not in the file are skipped."""
    if () not in index:
        return 1, 1
    path: tuple[Any, ...] = ()
    line, col = index[()][2:]
    for i, part in enumerate(loc):
        entry = index.get((*path, part))
        if entry is None:
            continue
        path = (*path, part)
        line, col = entry[:2] if (key and i == len(loc) - 1) else entry[2:]
    return line + 1, col + 1
