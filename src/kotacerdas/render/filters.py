"""Template filters every book family shares: labels, Roman numerals, and the links a
book may carry."""

from __future__ import annotations

import re
from typing import Any

#: The language plan text is written in; a book in another language marks it so.
PLAN_LANGUAGE = "id"
#: A ``{name}`` placeholder in a label.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SAFE_LINK = re.compile(r"(?:https?:|mailto:|#)", re.IGNORECASE)


def fill(template: str, **values: Any) -> str:
    """Replace ``{name}`` placeholders of a label; nothing else in it is interpreted."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def roman(number: int) -> str:
    """``number`` in Roman numerals (chapters are numbered BAB I, BAB II, ...)."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def safe_link(url: str) -> bool:
    """Whether a link written in plan text may stay a link: web, mail, or an in-page anchor.

    ``url`` is the destination as markdown-it normalised it (entities and escapes decoded,
    anything unusual percent-encoded), so no spelling of ``javascript:`` gets through.
    """
    return _SAFE_LINK.match(url) is not None
