"""Shared wording for "did you mean" hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from kotacerdas.messages import Phrase, advice

_LISTED = 12


def suggestion(value: str, known: Iterable[str]) -> tuple[Phrase, ...]:
    """A near match, if any, followed by the known values (cut to a readable length)."""
    known = list(known)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    listing = ", ".join(known[:_LISTED]) + (", …" if len(known) > _LISTED else "")
    found: list[Any] = [advice("did_you_mean", candidate=close[0])] if close else []
    return (*found, advice("known_ids", allowed=listing or "—"))


def near(value: str, known: Iterable[str]) -> Phrase | str:
    """Only the near match, as a phrase that ends in a space, or an empty string."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return advice("did_you_mean", candidate=close[0]) if close else ""
