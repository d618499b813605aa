"""Tables for the terminal: plan text printed literally, fast at any size.

Drawn here rather than by Rich or tabulate: a coverage table of 20,000 chains takes Rich
over ten seconds, and tabulate half the run of `coverage` on 10,000 programmes, guessing
a type for every cell that is already text; Rich also reads square brackets in plan text
as markup. Cells wrap only when the table would not fit a terminal.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Sequence

#: Narrowest a wrapped column may become, in characters.
MIN_WRAP = 12
#: Each column is this much wider than its header at least, so a header never touches
#: the edges of its column.
HEADER_ROOM = 2
#: The lines of a table: above, below the header, below, and the side of header and data
#: rows; each line as (left end, fill, between columns, right end).
BOXES = {True: (("┏", "━", "┳", "┓"), ("┡", "━", "╇", "┩"), ("└", "─", "┴", "┘"), "┃", "│"),
         False: (("+", "=", "+", "+"), ("+", "=", "+", "+"), ("+", "-", "+", "+"), "|", "|")}


def draw(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
         align: Sequence[str] | None = None) -> str:
    """A boxed table under its title; ``align`` gives each column's "left" or "right"."""
    sides = list(align or ["left"] * len(headers))
    # A cell is one line, and a tab in it could not be lined up: each shows as a space.
    rows = [[cell.replace("\n", " ").replace("\t", " ") for cell in row] for row in rows]
    boxes = _can_draw_boxes()
    text = _boxed([headers], rows, sides, boxes, HEADER_ROOM)
    limit = _terminal_width()
    if limit and _widest(text) > limit:  # every cell wraps at its column's width, headers too
        widths = _fitted(headers, rows, limit, sides)
        text = _boxed(_wrapped(headers, widths),
                      [line for row in rows for line in _wrapped(row, widths)], sides, boxes)
    return f"{title}\n{text}" if title else text


def _boxed(headers: Sequence[Sequence[str]], rows: Sequence[Sequence[str]],
           align: Sequence[str], boxes: bool, room: int = 0) -> str:
    """The table of ``headers`` (the lines of the header row) over ``rows``; each column at
    least ``room`` wider than its header."""
    above, under_header, below, header_side, side = BOXES[boxes]
    widths = [max([*(width(line[i]) + room for line in headers), *(width(row[i]) for row in rows)])
              for i in range(len(headers[0]))]

    def rule(left: str, fill: str, between: str, right: str) -> str:
        return left + between.join(fill * (w + 2) for w in widths) + right

    def line(cells: Sequence[str], edge: str) -> str:
        padded = (_padded(cell, w, how) for cell, w, how in zip(cells, widths, align))
        return edge + edge.join(f" {cell} " for cell in padded) + edge

    return "\n".join([rule(*above), *(line(cells, header_side) for cells in headers),
                      rule(*under_header), *(line(row, side) for row in rows), rule(*below)])


def _padded(cell: str, room: int, how: str) -> str:
    gap = " " * (room - width(cell))
    return gap + cell if how == "right" else cell + gap


def width(text: str) -> int:
    """Terminal columns ``text`` takes: two for each wide (East Asian) character, none for
    a combining mark or an invisible format character (a zero-width space, a joiner)."""
    if text.isascii():
        return len(text)
    return sum(_columns(c) for c in text)


def _columns(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _wrapped(row: Sequence[str], widths: list[int]) -> list[list[str]]:
    """One row as the physical lines it takes when each cell wraps at its width."""
    cells = [[line.strip() for line in textwrap.wrap(cell, room)] or [""]
             for cell, room in zip(row, widths)]
    height = max(len(lines) for lines in cells)
    return [[lines[i] if i < len(lines) else "" for lines in cells] for i in range(height)]


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
    return max((width(line) for line in text.splitlines()), default=0)


def _fitted(headers: Sequence[str], rows: Sequence[Sequence[str]], limit: int,
            align: Sequence[str]) -> list[int]:
    """Column widths that fit ``limit``: the widest columns give way first, and a
    right-aligned column (an amount, a count) is never narrower than its widest value,
    so that no number is split over two lines."""
    natural = [max([width(headers[i]), *(width(r[i]) for r in rows)])
               for i in range(len(headers))]
    floors = [max([width(word) for word in headers[i].split()] + [width(r[i]) for r in rows])
              if align[i] == "right" else min(MIN_WRAP, natural[i])
              for i in range(len(headers))]
    room = limit - 3 * len(natural) - 1  # borders and padding around each column
    widths = list(natural)
    while sum(widths) > room:
        narrower = [i for i, now in enumerate(widths) if now > floors[i]]
        if not narrower:
            break
        widths[max(narrower, key=widths.__getitem__)] -= 1
    return widths
