"""Painting a laid-out part of a long PDF in a forked process, while the next is laid out.

WeasyPrint works in two steps: laying a document out on pages (about three quarters of
the time for a long book) and painting the pages into PDF bytes. A part can only be laid
out once the pages before it are counted, so the parts of a book are laid out one after
the other; but each part's painting needs nothing from the next. `Painter` forks a process
that inherits the laid-out part and paints it, and the parent goes on to lay out the next
part on the other core. At most one painting runs at a time, so no more than two parts
are in memory at once.

Where processes cannot be forked (no ``fork``, a process limit reached), or only one
core is free, a part is painted here, as before. A painting process that fails or dies
becomes EngineFailed (KC629); when the parent stops (its time limit, an interrupt, a
failure), the painting is killed with it.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from kotacerdas.lifetime import die_with_parent
from kotacerdas.render.formats.finishing import EngineFailed, cores

#: What a painting process leaves with when it could not paint.
_FAILED = 70


class Painter:
    """Paints documents one at a time, each into ``done(bytes)``, beside the caller's work."""

    def __init__(self, forked: bool | None = None) -> None:
        self.forked = _can_fork() if forked is None else forked
        self._pid = 0
        self._thread: threading.Thread | None = None
        self._chunks: list[bytes] = []
        self._done: Callable[[bytes], None] = lambda data: None

    def paint(self, document: Any, done: Callable[[bytes], None]) -> None:
        """Paint ``document`` and hand its PDF to ``done``, here or in a process of its
        own; the painting before it is finished first."""
        self.wait()
        if not self.forked:
            done(document.write_pdf())
            return
        try:
            reading, writing = os.pipe()
        except OSError:  # no file descriptors left: paint here
            done(document.write_pdf())
            return
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no process can be started (a process limit): paint here
            os.close(reading)
            os.close(writing)
            done(document.write_pdf())
            return
        if pid == 0:  # the painting process: paint, send the bytes, leave
            os.close(reading)
            _paint_and_leave(document, writing, parent)
        os.close(writing)
        self._pid, self._chunks, self._done = pid, [], done
        self._thread = threading.Thread(target=self._read, args=(reading,), daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Wait for the painting under way, if any, and hand over its bytes."""
        if not self._pid:
            return
        assert self._thread is not None
        self._thread.join()
        _, status = os.waitpid(self._pid, 0)
        self._pid, self._thread = 0, None
        if status != 0:
            raise EngineFailed(f"the process painting a part of the book ended ({_how(status)})")
        self._done(b"".join(self._chunks))
        self._chunks = []

    def stop(self) -> None:
        """Kill the painting under way, if any (the parent is giving up)."""
        if not self._pid:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except OSError:
            pass
        os.waitpid(self._pid, 0)
        if self._thread is not None:
            self._thread.join()
        self._pid, self._thread, self._chunks = 0, None, []

    def _read(self, reading: int) -> None:
        try:
            while chunk := os.read(reading, 1 << 20):
                self._chunks.append(chunk)
        finally:
            os.close(reading)


def _paint_and_leave(document: Any, writing: int, parent: int) -> None:
    """In the forked process: never returns, never runs the parent's exit handlers."""
    code = _FAILED
    try:  # an interrupt (unless the parent ignores them, as this process then does) ends it
        die_with_parent(parent)
        view = memoryview(document.write_pdf())
        while view:
            view = view[os.write(writing, view):]
        code = 0
    finally:
        os._exit(code)


def _can_fork() -> bool:
    return hasattr(os, "fork") and cores() > 1


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit {os.waitstatus_to_exitcode(status)}"
