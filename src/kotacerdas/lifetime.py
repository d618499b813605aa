"""Processes the toolkit forks end with the process that forked them.

A forked worker (the parse, render and finishing pools, a PDF part's painting) waits on
its parent; if the parent is killed outright (SIGKILL, or SIGTERM without the handler the
program sets), nothing would ever tell the worker to stop. On Linux the kernel sends it
SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); elsewhere a worker outlives its parent
only until its next task, as before.
"""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

#: prctl(2): deliver a signal to this process when its parent dies.
_PR_SET_PDEATHSIG = 1


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes, which inherit what this one holds and end
    with it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """In a forked process: be killed when the process ``parent`` ends (at once if it has
    ended already), and by SIGTERM at once, as before the program's own handler (which
    stops the parent the way Ctrl-C does, its workers with it)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError, ImportError):  # not Linux: no such call
        return
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)
