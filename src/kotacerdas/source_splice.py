"""Value edits spliced into YAML text: only the characters of the changed value change.

A round-trip dump re-emits the whole file in one house style, which rewrites every line
of a file with Windows line endings or another indentation. Setting a value here
replaces exactly the characters of its scalar; a key that is missing is inserted as one
new line (or a few, for missing parents) in the indentation and line ending the file
already uses. Comments, quoting, key order and everything else stay byte for byte.
"""

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
class _Node:
    """A node of the text with its character span; mappings keep their (key, value) pairs."""

    kind: str  # "map" | "seq" | "scalar"
    start: int
    end: int
    column: int
    flow: bool = False
    value: Any = None  # a scalar's text
    pairs: list[tuple[_Node, _Node]] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)

    def get(self, key: Key) -> _Node | None:
        return next((value for name, value in self.pairs if name.value == key), None)

    @property
    def last_end(self) -> int:
        """Where the node's last character is, children included."""
        if self.kind == "map" and self.pairs and not self.flow:
            return self.pairs[-1][1].last_end
        if self.kind == "seq" and self.items and not self.flow:
            return self.items[-1].last_end
        return self.end


def set_value(text: str, path: tuple[Key, ...], value: str) -> str:
    """``text`` with the scalar at ``path`` set to the YAML text ``value``.

    Missing mappings on the way are inserted; a value that is a list or mapping, or a
    parent that is not a mapping, raises SpliceError.
    """
    node = _tree(text)
    for depth, key in enumerate(path):
        if node.kind != "map":
            raise SpliceError(".".join(path[:depth]) or "(root)")
        child = node.get(key)
        if child is None:
            return _insert(text, node, path[depth:], value)
        if child.kind == "scalar" and depth < len(path) - 1 and child.value in ("", "~", "null"):
            return _fill_null(text, node, child, path[depth:], value)
        node = child
    if node.kind != "scalar":
        raise SpliceError(".".join(path))
    return text[:node.start] + value + text[node.end:]


def append_mapping(text: str, path: tuple[Key, ...], fields: list[tuple[Key, str]]) -> str:
    """``text`` with a new mapping (``fields``: key and YAML value text) at the end of the
    list at ``path``; a missing or empty list is made. The item is written in the style
    of the list: a block item in its indentation, or a flow item inside brackets."""
    parent = _tree(text)
    for depth, key in enumerate(path[:-1]):
        child = parent.get(key) if parent.kind == "map" else None
        if child is None or child.kind != "map":
            raise SpliceError(".".join(path[:depth + 1]))
        parent = child
    if parent.kind != "map":
        raise SpliceError(".".join(path[:-1]) or "(root)")
    node = parent.get(path[-1])
    flow = "{" + ", ".join(f"{key}: {value}" for key, value in fields) + "}"
    if node is None or (node.kind == "scalar" and node.value in ("", "~", "null")):
        column = next((name.column for name, _ in parent.pairs), 0) if node is None else \
            next(name.column for name, child in parent.pairs if child is node)
        return _new_list(text, parent, node, path[-1], fields, column)
    if node.kind != "seq":
        raise SpliceError(".".join(path))
    if node.flow:
        at = node.end - 1  # before the closing bracket
        return text[:at] + (", " if node.items else "") + flow + text[at:]
    newline = _newline(text)
    block = _block_item(fields, node.column, node.items[0].column - node.column, newline)
    line_end = _line_end(text, node.last_end)
    return text[:line_end] + newline + block + text[line_end:]


def _block_item(fields: list[tuple[Key, str]], dash: int, gap: int, newline: str) -> str:
    """``- key: value`` and the fields below it, the dash at column ``dash``."""
    lines = [" " * dash + "-" + " " * (gap - 1) + f"{fields[0][0]}: {fields[0][1]}"]
    lines += [" " * (dash + gap) + f"{key}: {value}" for key, value in fields[1:]]
    return newline.join(lines)


def _new_list(text: str, parent: _Node, empty: _Node | None, key: Key,
              fields: list[tuple[Key, str]], column: int) -> str:
    newline = _newline(text)
    step = _indent_step(_tree(text))
    item = _block_item(fields, column + step, 2, newline)
    if empty is not None:  # ``key:`` with nothing after it
        line_end = _line_end(text, empty.start)
        return text[:line_end] + newline + item + text[line_end:]
    if parent.flow:
        raise SpliceError(key)
    line_end = _line_end(text, parent.last_end)
    return text[:line_end] + newline + " " * column + f"{key}:" + newline + item + \
        text[line_end:]


def _tree(text: str) -> _Node:
    from _ruamel_yaml import CParser
    from ruamel.yaml.events import (
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    stack: list[tuple[_Node, list[_Node]]] = []
    root: _Node | None = None
    for event in iter(CParser(text).get_event, None):
        kind = type(event)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            node = _Node("map" if kind is MappingStartEvent else "seq", event.start_mark.index,
                         event.start_mark.index, event.start_mark.column,
                         flow=bool(event.flow_style))
            root = _attach(stack, node) or root
            stack.append((node, []))
        elif kind is ScalarEvent:
            node = _Node("scalar", event.start_mark.index, event.end_mark.index,
                         event.start_mark.column, value=event.value)
            root = _attach(stack, node) or root
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            done, _ = stack.pop()
            done.end = event.end_mark.index
    if root is None or root.kind != "map":
        raise SpliceError("(root)")
    return root


def _attach(stack: list[tuple[_Node, list[_Node]]], node: _Node) -> _Node | None:
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


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _indent_step(mapping: _Node) -> int:
    """How far the file indents a nested block mapping (two spaces when it never does)."""
    for _, value in mapping.pairs:
        if value.kind == "map" and not value.flow and value.pairs:
            return max(value.column - mapping.column, 1)
        if value.kind == "map":
            step = _indent_step(value)
            if step:
                return step
    return 2


def _nested(keys: tuple[Key, ...], value: str, column: int, step: int, newline: str) -> str:
    lines = [" " * (column + step * i) + f"{key}:" for i, key in enumerate(keys[:-1])]
    lines.append(" " * (column + step * (len(keys) - 1)) + f"{keys[-1]}: {value}")
    return newline.join(lines)


def _flow(keys: tuple[Key, ...], value: str) -> str:
    inner = f"{keys[-1]}: {value}"
    for key in reversed(keys[:-1]):
        inner = f"{key}: {{{inner}}}"
    return inner


def _insert(text: str, mapping: _Node, keys: tuple[Key, ...], value: str) -> str:
    """Add ``keys`` (the first missing, then any below it) with ``value`` to ``mapping``."""
    if mapping.flow:
        at = mapping.end - 1  # just before the closing brace
        joint = ", " if mapping.pairs else ""
        return text[:at] + joint + _flow(keys, value) + text[at:]
    newline = _newline(text)
    block = _nested(keys, value, mapping.column, _indent_step(_tree(text)), newline)
    line_end = _line_end(text, mapping.last_end)
    return text[:line_end] + newline + block + text[line_end:]


def _fill_null(text: str, parent: _Node, null: _Node, keys: tuple[Key, ...], value: str) -> str:
    """Give a key whose value is empty or null (``analisis:``) the mapping ``keys`` needs."""
    if null.value != "" or parent.flow:
        return text[:null.start] + "{" + _flow(keys[1:], value) + "}" + text[null.end:]
    key_column = next(name.column for name, child in parent.pairs if child is null)
    step = _indent_step(_tree(text))
    newline = _newline(text)
    block = _nested(keys[1:], value, key_column + step, step, newline)
    line_end = _line_end(text, null.start)
    return text[:line_end] + newline + block + text[line_end:]


def _line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends (before its line break); a node that ends
    with its own line break (a block scalar) ends on the line before."""
    if position > 0 and text[position - 1] == "\n":
        end = position - 1
    else:
        end = text.find("\n", position)
        if end < 0:
            return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end
