"""Characters that must not pass from plan text to a terminal or a book.

Control characters (other than tab and newline) can move a terminal's cursor, set its
window title or hide text, and bidirectional overrides make text read differently from
how it is stored. Plan files may not hold them (KC117); wherever a diagnostic shows a
name or value, any such character is written as a visible escape.
"""

from __future__ import annotations

import re
from typing import Any

from kotacerdas.diagnostics import Diagnostic, field_path

_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
#: Lone surrogates and the two noncharacters YAML refuses are no text at all (a workbook
#: can still write each of them as an ``_xHHHH_`` escape).
_UNSAFE += "\ud800-\udfff\ufffe\uffff"
UNSAFE = re.compile(f"[{_UNSAFE}]")
#: What a one-line value (a name given on the command line) may not hold: a line break too.
UNSAFE_IN_A_LINE = re.compile(f"[{_UNSAFE}\n]")
#: Text in which no scalar can hold an unsafe character: YAML writes one only as an
#: escape (which needs a backslash) or as the character itself.
_SUSPECT = re.compile(f"[\\\\{_UNSAFE}]")
_STAND_IN = "\ufffd"


def visible(text: str) -> str:
    """``text`` with every unsafe character, tab and newline written as an escape."""
    return re.sub(f"[{_UNSAFE}\t\n]", _escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def refuse_unsafe(rel: str, text: str, data: Any, locate: Any) -> list[Diagnostic]:
    """KC117 for every value of ``data`` that holds an unsafe character; each such
    character is replaced in ``data`` by U+FFFD, so that nothing downstream sees it.

    Keys are left alone: no key of the plan's schema holds such a character, so a key
    that does is reported as unknown, escaped, where it is written. ``locate(path)``
    gives the line and column of a path in the file.
    """
    if not _SUSPECT.search(text):
        return []
    found: list[Diagnostic] = []
    _walk(data, (), rel, locate, found)
    return found


def _walk(node: Any, path: tuple[Any, ...], rel: str, locate: Any,
          found: list[Diagnostic]) -> Any:
    if isinstance(node, str):
        return _clean(node, path, rel, locate, found)
    if isinstance(node, list):
        for index, item in enumerate(node):
            node[index] = _walk(item, (*path, index), rel, locate, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            node[key] = _walk(value, (*path, key), rel, locate, found)
    return node


def _clean(text: str, path: tuple[Any, ...], rel: str, locate: Any,
           found: list[Diagnostic]) -> str:
    bad = UNSAFE.search(text)
    if bad is None:
        return text
    line, column = locate(path)
    found.append(Diagnostic.new("KC117", rel, line, column, field=visible(field_path(path)),
                                char=_escape(bad)))
    return UNSAFE.sub(_STAND_IN, text)
