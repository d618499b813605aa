"""YAML text as a tree of spans: where each mapping, list and scalar of a file starts and
ends, read from libyaml's events, so that an edit can replace exactly the characters of
one value (`source_splice`, `source_document`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Key = str


class SpliceError(ValueError):
    """The value cannot be set in place: ``where`` names the key path that is in the way."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


@dataclass
class Node:
    """A node of the text with its character span; mappings keep their (key, value) pairs."""

    kind: str  # "map" | "seq" | "scalar"
    start: int
    end: int
    column: int
    flow: bool = False
    value: Any = None  # a scalar's text
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def get(self, key: Key) -> Node | None:
        return next((value for name, value in self.pairs if name.value == key), None)

    @property
    def last_end(self) -> int:
        """Where the node's last character is, children included."""
        if self.kind == "map" and self.pairs and not self.flow:
            return self.pairs[-1][1].last_end
        if self.kind == "seq" and self.items and not self.flow:
            return self.items[-1].last_end
        return self.end


def tree(text: str) -> Node:
    """The spans of ``text``, whose top must be a mapping (SpliceError otherwise)."""
    from _ruamel_yaml import CParser
    from ruamel.yaml.events import (
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    stack: list[tuple[Node, list[Node]]] = []
    root: Node | None = None
    for event in iter(CParser(text).get_event, None):
        kind = type(event)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            node = Node("map" if kind is MappingStartEvent else "seq", event.start_mark.index,
                        event.start_mark.index, event.start_mark.column,
                        flow=bool(event.flow_style))
            root = _attach(stack, node) or root
            stack.append((node, []))
        elif kind is ScalarEvent:
            node = Node("scalar", event.start_mark.index, event.end_mark.index,
                        event.start_mark.column, value=event.value)
            root = _attach(stack, node) or root
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            done, _ = stack.pop()
            done.end = event.end_mark.index
    if root is None or root.kind != "map":
        raise SpliceError("(root)")
    return root


def _attach(stack: list[tuple[Node, list[Node]]], node: Node) -> Node | None:
    """Hang ``node`` under the open collection; returns it when it is the root."""
    if not stack:
        return node
    parent, pending = stack[-1]
    if parent.kind == "seq":
        parent.items.append(node)
    elif pending:
        parent.pairs.append((pending.pop(), node))
    else:
        pending.append(node)
    return None


def newline_of(text: str) -> str:
    """The line ending the file uses."""
    return "\r\n" if "\r\n" in text else "\n"


def indent_step(mapping: Node) -> int:
    """How far the file indents a nested block mapping (two spaces when it never does)."""
    for _, value in mapping.pairs:
        if value.kind == "map" and not value.flow and value.pairs:
            return max(value.column - mapping.column, 1)
        if value.kind == "map":
            step = indent_step(value)
            if step:
                return step
    return 2


def aligned(text: str, start: int, end: int, value: str) -> tuple[int, str]:
    """The span to replace and its new text so that a comment lined up after the old
    value (two spaces or more before its ``#``) keeps its column where the new value
    leaves room, and keeps at least one space where it does not."""
    gap = end
    while gap < len(text) and text[gap] == " ":
        gap += 1
    spaces = gap - end
    if spaces < 2 or text[gap:gap + 1] != "#" or "\n" in text[start:end] or "\n" in value:
        return end, value
    kept = max(1, spaces - (len(value) - (end - start)))
    return gap, value + " " * kept


def line_end_at(text: str, position: int) -> int:
    """Where the line holding ``position`` ends (before its line break); a node that ends
    with its own line break (a block scalar) ends on the line before."""
    if position > 0 and text[position - 1] == "\n":
        end = position - 1
    else:
        end = text.find("\n", position)
        if end < 0:
            return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end
