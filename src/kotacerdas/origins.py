"""Where each object of a loaded plan was written: its file and its path inside that file.

Walking every object of a large plan costs as much as validating it, and a plan without
problems never needs to know where anything is. So validated files are only queued here,
and walked, in the order they were loaded, only as far as a diagnostic's question needs:
a note on the profile walks the profile, not the ten thousand programmes after it.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from pydantic import BaseModel

Origin = tuple[str, tuple[Any, ...]]


class Origins:
    """The file and path of every model object below the files queued so far."""

    def __init__(self) -> None:
        self._known: dict[int, Origin] = {}
        self._queued: deque[tuple[Any, str, tuple[Any, ...]]] = deque()
        # Every object walked stays reachable from here, so no id in _known is reused.
        self._walked: list[Any] = []

    def queue(self, node: Any, rel: str, loc: tuple[Any, ...] = ()) -> None:
        """``node`` (a model, or a list) and all below it came from ``rel`` at ``loc``."""
        self._queued.append((node, rel, loc))

    def place(self, obj: BaseModel, rel: str, loc: tuple[Any, ...]) -> None:
        """``obj`` itself, but not what it holds, came from ``rel`` at ``loc``."""
        self._known[id(obj)] = (rel, loc)
        self._walked.append(obj)

    def of(self, obj: BaseModel) -> Origin:
        """File and path of ``obj``; ``("", ())`` for an object no file was queued for."""
        found = self._known.get(id(obj))
        while found is None and self._queued:
            node, rel, loc = self._queued.popleft()
            self._walk(node, rel, loc)
            self._walked.append(node)
            found = self._known.get(id(obj))
        return found or ("", ())

    def _walk(self, node: Any, rel: str, loc: tuple[Any, ...]) -> None:
        if isinstance(node, BaseModel):
            self._known[id(node)] = (rel, loc)
            for name, value in node.__dict__.items():
                if isinstance(value, (BaseModel, list)):
                    self._walk(value, rel, (*loc, name))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, (BaseModel, list)):
                    self._walk(value, rel, (*loc, index))
