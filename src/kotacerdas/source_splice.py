"""Value edits spliced into YAML text: only the characters of the changed value change.

A round-trip dump re-emits the whole file in one house style, which rewrites every line
of a file with Windows line endings or another indentation. Setting a value here
replaces exactly the characters of its scalar; a key that is missing is inserted as one
new line (or a few, for missing parents) in the indentation and line ending the file
already uses. Comments, quoting, key order and everything else stay byte for byte.
"""

from __future__ import annotations

from kotacerdas.yaml_spans import (
    Key,
    Node,
    SpliceError,
    aligned,
    indent_step,
    line_end_at,
    newline_of,
    tree,
)


def set_value(text: str, path: tuple[Key, ...], value: str) -> str:
    """``text`` with the scalar at ``path`` set to the YAML text ``value``.

    Missing mappings on the way are inserted; a value that is a list or mapping, or a
    parent that is not a mapping, raises SpliceError.
    """
    node = tree(text)
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
    end, value = aligned(text, node.start, node.end, value)
    return text[:node.start] + value + text[end:]


def append_mapping(text: str, path: tuple[Key, ...], fields: list[tuple[Key, str]]) -> str:
    """``text`` with a new mapping (``fields``: key and YAML value text) at the end of the
    list at ``path``; a missing or empty list is made. The item is written in the style
    of the list: a block item in its indentation, or a flow item inside brackets."""
    parent = tree(text)
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
    newline = newline_of(text)
    block = _block_item(fields, node.column, node.items[0].column - node.column, newline)
    line_end = line_end_at(text, node.last_end)
    return text[:line_end] + newline + block + text[line_end:]


def _block_item(fields: list[tuple[Key, str]], dash: int, gap: int, newline: str) -> str:
    """``- key: value`` and the fields below it, the dash at column ``dash``."""
    lines = [" " * dash + "-" + " " * (gap - 1) + f"{fields[0][0]}: {fields[0][1]}"]
    lines += [" " * (dash + gap) + f"{key}: {value}" for key, value in fields[1:]]
    return newline.join(lines)


def _new_list(text: str, parent: Node, empty: Node | None, key: Key,
              fields: list[tuple[Key, str]], column: int) -> str:
    newline = newline_of(text)
    step = indent_step(tree(text))
    item = _block_item(fields, column + step, 2, newline)
    if empty is not None:  # ``key:`` with nothing after it
        line_end = line_end_at(text, empty.start)
        return text[:line_end] + newline + item + text[line_end:]
    if parent.flow:
        raise SpliceError(key)
    line_end = line_end_at(text, parent.last_end)
    return text[:line_end] + newline + " " * column + f"{key}:" + newline + item + \
        text[line_end:]


def _nested(keys: tuple[Key, ...], value: str, column: int, step: int, newline: str) -> str:
    lines = [" " * (column + step * i) + f"{key}:" for i, key in enumerate(keys[:-1])]
    lines.append(" " * (column + step * (len(keys) - 1)) + f"{keys[-1]}: {value}")
    return newline.join(lines)


def _flow(keys: tuple[Key, ...], value: str) -> str:
    inner = f"{keys[-1]}: {value}"
    for key in reversed(keys[:-1]):
        inner = f"{key}: {{{inner}}}"
    return inner


def _insert(text: str, mapping: Node, keys: tuple[Key, ...], value: str) -> str:
    """Add ``keys`` (the first missing, then any below it) with ``value`` to ``mapping``."""
    if mapping.flow:
        at = mapping.end - 1  # just before the closing brace
        joint = ", " if mapping.pairs else ""
        return text[:at] + joint + _flow(keys, value) + text[at:]
    newline = newline_of(text)
    block = _nested(keys, value, mapping.column, indent_step(tree(text)), newline)
    line_end = line_end_at(text, mapping.last_end)
    return text[:line_end] + newline + block + text[line_end:]


def _fill_null(text: str, parent: Node, null: Node, keys: tuple[Key, ...], value: str) -> str:
    """Give a key whose value is empty or null (``analisis:``) the mapping ``keys`` needs."""
    if null.value != "" or parent.flow:
        return text[:null.start] + "{" + _flow(keys[1:], value) + "}" + text[null.end:]
    key_column = next(name.column for name, child in parent.pairs if child is null)
    step = indent_step(tree(text))
    newline = newline_of(text)
    block = _nested(keys[1:], value, key_column + step, step, newline)
    line_end = line_end_at(text, null.start)
    return text[:line_end] + newline + block + text[line_end:]
