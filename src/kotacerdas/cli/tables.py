"""Tables for the terminal: plan text printed literally, fast at any size.

Drawn with tabulate rather than Rich: a coverage table of 20,000 chains takes Rich over
ten seconds, and Rich reads square brackets in plan text as markup. Cells wrap only when
the table would not fit a terminal.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence
from functools import cache
from typing import Any

#: Narrowest a wrapped column may become, in characters.
MIN_WRAP = 12


def draw(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
         align: Sequence[str] | None = None) -> str:
    """A boxed table under its title; ``align`` gives each column's "left" or "right"."""
    from tabulate import tabulate

    options = {"headers": list(headers), "tablefmt": _box(_can_draw_boxes()),
               "disable_numparse": True, "colalign": align}
    rows = [[cell.replace("\n", " ") for cell in row] for row in rows]  # a cell is one line
    text = tabulate(rows, **options)
    limit = _terminal_width()
    if limit and _widest(text) > limit:
        room = limit
        for _ in range(3):  # tabulate keeps a header two characters clear of its edges
            widths = _fitted(headers, rows, room, align or ["left"] * len(headers))
            text = tabulate([line for row in rows for line in _wrapped(row, widths)],
                            **options)
            over = _widest(text) - limit
            if over <= 0:
                break
            room -= over
    return f"{title}\n{text}" if title else text


def _wrapped(row: Sequence[str], widths: list[int]) -> list[list[str]]:
    """One row as the physical lines it takes when each cell wraps at its width."""
    cells = [textwrap.wrap(cell, width) or [""] for cell, width in zip(row, widths)]
    height = max(len(lines) for lines in cells)
    return [[lines[i] if i < len(lines) else "" for lines in cells] for i in range(height)]


@cache
def _box(boxes: bool) -> Any:
    """A heavy header over light rows, the look of the earlier Rich tables; in plain
    ASCII where the output cannot show box-drawing characters."""
    from tabulate import DataRow, Line, TableFormat

    if not boxes:
        return TableFormat(lineabove=Line("+", "=", "+", "+"),
                           linebelowheader=Line("+", "=", "+", "+"), linebetweenrows=None,
                           linebelow=Line("+", "-", "+", "+"), headerrow=DataRow("|", "|", "|"),
                           datarow=DataRow("|", "|", "|"), padding=1, with_header_hide=None)
    return TableFormat(lineabove=Line("┏", "━", "┳", "┓"),
                       linebelowheader=Line("┡", "━", "╇", "┩"), linebetweenrows=None,
                       linebelow=Line("└", "─", "┴", "┘"), headerrow=DataRow("┃", "┃", "┃"),
                       datarow=DataRow("│", "│", "│"), padding=1, with_header_hide=None)


def _can_draw_boxes() -> bool:
    try:
        "┏━┃│┡╇└─┴".encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _terminal_width() -> int | None:
    """The terminal's width when standard output is one; None when it is piped."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def _widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _fitted(headers: Sequence[str], rows: Sequence[Sequence[str]], limit: int,
            align: Sequence[str]) -> list[int]:
    """Column widths that fit ``limit``: the widest columns give way first, and a
    right-aligned column (an amount, a count) is never narrower than its widest value,
    so that no number is split over two lines."""
    natural = [max([len(headers[i]), *(len(r[i]) for r in rows)]) for i in range(len(headers))]
    floors = [max([len(word) for word in headers[i].split()] + [len(r[i]) for r in rows])
              if align[i] == "right" else min(MIN_WRAP, natural[i])
              for i in range(len(headers))]
    room = limit - 3 * len(natural) - 1  # borders and padding around each column
    widths = list(natural)
    while sum(widths) > room:
        narrower = [i for i, width in enumerate(widths) if width > floors[i]]
        if not narrower:
            break
        widths[max(narrower, key=widths.__getitem__)] -= 1
    return widths
