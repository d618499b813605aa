"""Many edits of one YAML text at once, at paths that may index into lists.

`Document` locates every edit in the text as first read and applies them together, each
replacing only the characters of its value (`yaml_spans`); comments, quoting, key order,
line endings and the rest of the file stay byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kotacerdas.yaml_spans import (
    Node,
    SpliceError,
    aligned,
    line_end_at,
    newline_of,
    tree,
)

Part = str | int
Scalar = str | int | float | None
#: Writes a value as YAML text: ``render(value, how the old value is written or None,
#: inside a flow collection)``. The caller decides quoting; this module, where it goes.
Render = Callable[[Scalar, "ScalarInfo | None", bool], str]
#: How a new list is written when the text has no list of that key to copy: ``flow``
#: (``[a, b]``), ``block`` (one ``- a`` per line), ``flow-items`` (one ``- {k: v}`` per
#: line) or ``block-items`` (mappings in block style, the default).
ListStyle = str
_NULLS = ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class ScalarInfo:
    """How a scalar is written, so that a new value can be written the same way."""

    value: str  # the scalar's text once read (without quotes)
    style: str  # "" plain, "'" or '"' quoted, "|" or ">" a block scalar
    flow: bool  # inside a flow collection
    column: int  # where the scalar starts
    indent: int = 0  # a block scalar: the indentation of its lines
    header: str = ""  # a block scalar: its indicator line (">-", "|", ...)


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str
    order: int


@dataclass(frozen=True)
class _Shape:
    """How a file writes a list under a key: brackets or lines, and its indentation."""

    flow: bool  # ``[a, b]``
    flow_items: bool  # mappings as ``- {k: v}``
    offset: int  # dash column minus key column
    gap: int  # item column minus dash column


class Document:
    """A YAML text and many edits to it, all located in the text as first read and
    applied together by ``text()``.

    Set a scalar (a missing key is added after the keys named in ``after``, in the
    mapping's own indentation), replace a list of scalars (in its own style: brackets or
    one item per line), or append mappings to a list (appends to one list are written
    together, in the style of its items, a blank line between items where the list has
    them). Paths may index into lists: ``("rencana_aksi", 3, "opd")``. Everything not
    edited stays byte for byte; new lines use the text's line ending. ``hints`` give
    the style of a new list whose key the text has no example of (`ListStyle`).
    """

    def __init__(self, text: str, render: Render,
                 hints: Mapping[str, ListStyle] | None = None) -> None:
        self.source = text
        self.newline = newline_of(text)
        self._root = tree(text)
        self._render = render
        self._hints = dict(hints or {})
        self._splices: list[_Splice] = []
        self._appends: dict[tuple[Part, ...], list[tuple[dict[str, Any], tuple[str, ...]]]] = {}
        self._shapes: dict[str, _Shape | None] = {}

    # Reading --------------------------------------------------------------------------

    def scalar(self, path: tuple[Part, ...]) -> ScalarInfo | None:
        """How the scalar at ``path`` is written; None when it is missing. A list or
        mapping there raises SpliceError."""
        node, flow = self._find(path)
        if node is None:
            return None
        if node.kind != "scalar":
            raise SpliceError(_where(path))
        return self._info(node, flow)

    # Editing --------------------------------------------------------------------------

    def set_scalar(self, path: tuple[Part, ...], value: Scalar,
                   after: Sequence[str] = ()) -> None:
        """Set the scalar at ``path`` (adding its key when missing) to ``value``."""
        parent, flow = self._mapping(path[:-1])
        key = _key(path)
        node = parent.get(key)
        if node is None:
            self._add_key(parent, flow, [f"{key}: {self._render(value, None, flow)}"], after)
            return
        if node.kind != "scalar":
            raise SpliceError(_where(path))
        self._replace(node, self._render(value, self._info(node, flow), flow))

    def set_sequence(self, path: tuple[Part, ...], values: Sequence[Scalar],
                     after: Sequence[str] = ()) -> None:
        """Make the list of scalars at ``path`` hold ``values``, in the list's own style;
        items that keep their value keep their text."""
        parent, flow = self._mapping(path[:-1])
        key = _key(path)
        node = parent.get(key)
        if node is None:
            self._add_key(parent, flow, self._list_lines(key, list(values), flow), after)
        elif node.kind == "scalar" and node.value in _NULLS:
            self._fill_empty(parent, node, key, list(values), flow)
        elif node.kind == "seq" and all(item.kind == "scalar" for item in node.items):
            if node.flow or flow:
                self._flow_sequence(node, list(values))
            else:
                self._block_sequence(self._key_node(parent, node), node, list(values))
        else:
            raise SpliceError(_where(path))

    def append(self, path: tuple[Part, ...], item: dict[str, Any],
               after: Sequence[str] = ()) -> None:
        """Add the mapping ``item`` at the end of the list at ``path`` (made when missing
        or empty). Values are scalars, lists of scalars or lists of flat mappings."""
        self._appends.setdefault(tuple(path), []).append((item, tuple(after)))

    def text(self) -> str:
        """The text with every edit applied."""
        for path, items in self._appends.items():
            self._append_all(path, [item for item, _ in items], items[0][1])
        self._appends.clear()
        splices = sorted(self._splices, key=lambda s: (s.start, s.order))
        parts, position = [], 0
        for splice in splices:
            if splice.start < position:
                raise SpliceError("(overlapping edits)")
            parts += [self.source[position:splice.start], splice.text]
            position = splice.end
        parts.append(self.source[position:])
        return "".join(parts)

    # Finding --------------------------------------------------------------------------

    def _find(self, path: tuple[Part, ...]) -> tuple[Node | None, bool]:
        node, flow = self._root, self._root.flow
        for part in path:
            child = _child(node, part)
            if child is None:
                return None, flow
            node = child
            flow = flow or (node.kind != "scalar" and node.flow)
        return node, flow

    def _mapping(self, path: tuple[Part, ...]) -> tuple[Node, bool]:
        node, flow = self._find(path)
        if node is None or node.kind != "map":
            raise SpliceError(_where(path) or "(root)")
        return node, flow

    def _info(self, node: Node, flow: bool) -> ScalarInfo:
        text = self.source
        first = text[node.start:node.start + 1] if node.end > node.start else ""
        style = first if first in ("'", '"', "|", ">") else ""
        if style not in ("|", ">"):
            return ScalarInfo(str(node.value), style, flow, node.column)
        header_end = text.find("\n", node.start)
        header = text[node.start:header_end].rstrip("\r ")
        body = text[header_end + 1:node.end]
        lines = [line for line in body.splitlines() if line.strip()]
        indent = len(lines[0]) - len(lines[0].lstrip(" ")) if lines else node.column + 2
        return ScalarInfo(str(node.value), style, flow, node.column, indent, header)

    def _key_node(self, parent: Node, value: Node) -> Node:
        return next(name for name, child in parent.pairs if child is value)

    # Writing --------------------------------------------------------------------------

    def _splice(self, start: int, end: int, text: str) -> None:
        self._splices.append(_Splice(start, end, text, len(self._splices)))

    def _replace(self, node: Node, text: str) -> None:
        if self.newline != "\n":  # a block scalar's new lines end as the file's lines do
            text = text.replace("\r\n", "\n").replace("\n", self.newline)
        end = node.end
        if self._info(node, False).style in ("|", ">"):
            while end > node.start and self.source[end - 1] in "\r\n":
                end -= 1  # the block scalar's own line break stays
        if node.end == node.start:  # ``key:`` with nothing after it
            self._splice(node.start, node.start, " " + text)
        elif self.source[node.start:end] != text:
            self._splice(node.start, *aligned(self.source, node.start, end, text))

    def _add_key(self, parent: Node, flow: bool, lines: list[str],
                 after: Sequence[str]) -> None:
        if parent.flow or flow:
            if len(lines) != 1:
                raise SpliceError(lines[0].split(":", 1)[0])
            at = parent.end - 1  # before the closing brace
            self._splice(at, at, (", " if parent.pairs else "") + lines[0])
            return
        present = [(after.index(name.value), value) for name, value in parent.pairs
                   if name.value in after]
        last = max(present, key=lambda pair: pair[0])[1] if present else parent.pairs[-1][1]
        at = self._past_comments(line_end_at(self.source, last.last_end), parent.column)
        self._splice(at, at, "".join(self.newline + " " * parent.column + line
                                     for line in lines))

    def _past_comments(self, position: int, column: int) -> int:
        """Past the comment lines right after ``position`` indented at least ``column``:
        they belong to what comes before (a commented example under a list)."""
        text = self.source
        while True:
            start = text.find("\n", position)
            if start < 0:
                return position
            line_end = _end_of_line(text, start + 1)
            line = text[start + 1:line_end]
            if not line.lstrip(" ").startswith("#") or len(line) - len(line.lstrip(" ")) < column:
                return position
            position = line_end

    def _fill_empty(self, parent: Node, node: Node, key: str, values: list[Scalar],
                    flow: bool) -> None:
        """A list given to a key that holds nothing, ``~`` or null."""
        shape = self._shape(key)
        if not values or flow or shape.flow:
            self._replace(node, "[" + ", ".join(self._render(v, None, True) for v in values)
                          + "]")
            return
        name = self._key_node(parent, node)
        dash = name.column + shape.offset
        lines = [self._dash(dash, shape.gap) + self._render(v, None, False) for v in values]
        self._splice(name.end, node.end, ":" + "".join(self.newline + line for line in lines))

    def _flow_sequence(self, node: Node, values: list[Scalar]) -> None:
        items = [self._kept(node.items[i], v, True) if i < len(node.items)
                 else self._render(v, None, True) for i, v in enumerate(values)]
        old = [self.source[item.start:item.end] for item in node.items]
        if items != old:
            self._splice(node.start, node.end, "[" + ", ".join(items) + "]")

    def _block_sequence(self, name: Node, node: Node, values: list[Scalar]) -> None:
        text, items = self.source, node.items
        if not values:  # ``key:`` and its lines become ``key: []``
            self._splice(name.end, line_end_at(text, node.last_end), ": []")
            return
        for item, value in zip(items, values):
            self._replace(item, self._kept(item, value, False))
        gap = items[0].column - node.column if items else 2
        if len(values) > len(items):
            at = line_end_at(text, node.last_end)
            self._splice(at, at, "".join(
                self.newline + self._dash(node.column, gap) + self._render(v, None, False)
                for v in values[len(items):]))
        elif len(values) < len(items):
            self._splice(line_end_at(text, items[len(values) - 1].last_end),
                         line_end_at(text, node.last_end), "")

    def _list_lines(self, key: str, values: list[Scalar], flow: bool) -> list[str]:
        """``key`` and a list of ``values``, indented from column 0 (the key's)."""
        shape = self._shape(key)
        if flow or shape.flow or not values:
            return [f"{key}: " + "[" + ", ".join(self._render(v, None, True) for v in values)
                    + "]"]
        return [f"{key}:"] + [self._dash(shape.offset, shape.gap) + self._render(v, None, False)
                              for v in values]

    def _kept(self, item: Node, value: Scalar, flow: bool) -> str:
        """The text of a list item: its old text when the value is the same."""
        info = self._info(item, flow)
        if isinstance(value, str) and info.value == value and info.style in ("", "'", '"'):
            return self.source[item.start:item.end]
        return self._render(value, info, flow)

    def _dash(self, column: int, gap: int) -> str:
        return " " * column + "-" + " " * max(gap - 1, 1)

    # Appending mappings -------------------------------------------------------------------

    def _append_all(self, path: tuple[Part, ...], items: list[dict[str, Any]],
                    after: Sequence[str]) -> None:
        node, flow = self._find(path)
        key = _key(path)
        if node is None:
            parent, flow = self._mapping(path[:-1])
            if flow or parent.flow:
                raise SpliceError(_where(path))
            shape = self._shape(key)
            lines = [f"{key}:"] + self._item_lines(items, shape.offset, shape)
            self._add_key(parent, False, lines, after)
        elif node.kind == "scalar" and node.value in _NULLS or (
                node.kind == "seq" and not node.items):
            parent, flow = self._mapping(path[:-1])
            if flow or parent.flow:
                raise SpliceError(_where(path))
            name = self._key_node(parent, node)
            shape = self._shape(key)
            lines = self._item_lines(items, name.column + shape.offset, shape)
            self._splice(name.end, node.end, ":" + "".join(self.newline + line
                                                           for line in lines))
        elif node.kind == "seq" and (node.flow or flow):
            at = node.end - 1  # before the closing bracket
            self._splice(at, at, ", " + ", ".join(self._flow_map(item) for item in items))
        elif node.kind == "seq":
            self._append_block(node, items)
        else:
            raise SpliceError(_where(path))

    def _append_block(self, node: Node, items: list[dict[str, Any]]) -> None:
        first = node.items[0]
        shape = _Shape(False, first.kind == "map" and first.flow, 0, first.column - node.column)
        separator = self.newline * (2 if self._spaced(node) else 1)
        at = self._past_comments(line_end_at(self.source, node.last_end), node.column + 1)
        lines = self._item_lines(items, node.column, shape, separate=separator)
        self._splice(at, at, separator + self.newline.join(lines))

    def _spaced(self, node: Node) -> bool:
        """Whether the list leaves a blank line between its last two items."""
        if len(node.items) < 2:
            return False
        between = self.source[line_end_at(self.source, node.items[-2].last_end):
                              node.items[-1].start]
        return any(not line.strip() for line in between.splitlines()[1:])

    def _item_lines(self, items: list[dict[str, Any]], dash: int, shape: _Shape,
                    separate: str = "") -> list[str]:
        lines: list[str] = []
        for index, item in enumerate(items):
            if index and separate == self.newline * 2:
                lines.append("")
            if shape.flow_items:
                lines.append(self._dash(dash, shape.gap) + self._flow_map(item))
            else:
                lines += self._block_map(item, dash, shape.gap)
        return lines

    def _flow_map(self, item: dict[str, Any]) -> str:
        return "{" + ", ".join(f"{k}: {self._flow_value(v)}" for k, v in item.items()) + "}"

    def _flow_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(self._flow_value(v) for v in value) + "]"
        if isinstance(value, dict):
            return self._flow_map(value)
        return self._render(value, None, True)

    def _block_map(self, item: dict[str, Any], dash: int, gap: int) -> list[str]:
        column = dash + gap
        lines: list[str] = []
        for key, value in item.items():
            lead = self._dash(dash, gap) if not lines else " " * column
            if not isinstance(value, list):
                lines.append(f"{lead}{key}: {self._render(value, None, False)}")
                continue
            shape = self._shape(key)
            if not value or (shape.flow and not any(isinstance(v, dict) for v in value)):
                lines.append(f"{lead}{key}: {self._flow_value(value)}")
                continue
            lines.append(f"{lead}{key}:")
            for entry in value:
                if isinstance(entry, dict) and not shape.flow_items:
                    lines += self._block_map(entry, column + shape.offset, shape.gap)
                elif isinstance(entry, dict):
                    lines.append(self._dash(column + shape.offset, shape.gap)
                                 + self._flow_map(entry))
                else:
                    lines.append(self._dash(column + shape.offset, shape.gap)
                                 + self._render(entry, None, False))
        return lines

    def _shape(self, key: str) -> _Shape:
        """How this text writes a list under ``key`` (else any list, else the hint)."""
        if key not in self._shapes:
            self._shapes[key] = _find_shape(self._root, key)
        found = self._shapes[key]
        if found is not None:
            return found
        hint = self._hints.get(key, "block-items")
        if "*" not in self._shapes:
            self._shapes["*"] = _find_shape(self._root, None)
        any_list = self._shapes["*"]
        offset, gap = (any_list.offset, any_list.gap) if any_list else (2, 2)
        return _Shape(hint == "flow", hint == "flow-items", offset, gap)


def _find_shape(root: Node, key: str | None) -> _Shape | None:
    """The shape of the first non-empty list under ``key`` (any block list when None)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.kind == "seq":
            stack.extend(reversed(node.items))
            continue
        if node.kind != "map":
            continue
        for name, value in node.pairs:
            if value.kind == "seq" and value.items and (
                    name.value == key or (key is None and not value.flow)):
                first = value.items[0]
                return _Shape(value.flow, first.kind == "map" and first.flow,
                              value.column - name.column, first.column - value.column)
        stack.extend(reversed([value for _, value in node.pairs]))
    return None


def _end_of_line(text: str, position: int) -> int:
    """Where the line that holds ``position`` ends, before its line break."""
    end = text.find("\n", position)
    if end < 0:
        return len(text)
    return end - 1 if end > position and text[end - 1] == "\r" else end


def _child(node: Node, part: Part) -> Node | None:
    if isinstance(part, int):
        return node.items[part] if node.kind == "seq" and 0 <= part < len(node.items) else None
    return node.get(part) if node.kind == "map" else None


def _key(path: tuple[Part, ...]) -> str:
    if not path or not isinstance(path[-1], str):
        raise SpliceError(_where(path) or "(root)")
    return path[-1]


def _where(path: tuple[Part, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
