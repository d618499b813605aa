"""Running the ``finish`` steps of the binary writers (PDF, Word) on every core.

Laying a book out on pages or building a Word document takes seconds where rendering its
text takes milliseconds, and each book finishes on its own, so the finishing steps are
shared out among worker processes, the longest first, and each is reported as it is done.
With one core, or one book, they run here one after the other.

A finishing step that raises, that runs past its time limit or whose process dies ends in
a diagnostic (KC629, KC630) naming the book, never in a traceback. The time limit is kept
by the process doing the work (an alarm that interrupts the engine where it is); the
parent waits a little longer and then kills the workers of an engine stuck beyond reach.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import TOOL, BuildProblem, KotacerdasError
from kotacerdas.lifetime import forked_pool
from kotacerdas.render.formats import WRITERS, Finished

#: The time one book may take to finish by default (seconds).
FINISH_TIMEOUT = 600.0
#: How long past its time limit the parent waits for a worker to answer.
GRACE = 5.0
#: How deep the engines may recurse while they finish a book: a layout engine walks the
#: HTML's nesting by recursion, and a city template may nest blocks a few hundred deep
#: (measured: WeasyPrint stops with RecursionError at some 6,000 levels, well before the
#: stack ends).
RECURSION_LIMIT = 20_000


class EngineProblem(BuildProblem):
    """A PDF or Word engine could not finish a book: the tool failed, not the plan."""


class TimeUp(Exception):
    """Raised inside a finishing step when its time is up."""


class EngineFailed(Exception):
    """A finishing step's engine (WeasyPrint, Chromium, python-docx) gave up; the message
    says why, in the engine's words."""


@dataclass
class Task:
    """One book to finish: which writer, the text its family rendered, and the job data."""

    writer: str
    text: str
    job: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.job.get("name", ""))


@dataclass
class Outcome:
    """What became of a task: the finished book, or what stopped it."""

    finished: Finished | None = None
    code: str = ""  # KC629 (failed) or KC630 (time up) when it did not finish
    detail: str = ""
    raised: list[Diagnostic] = field(default_factory=list)  # a KotacerdasError inside
    seconds: float = 0.0


def finish_all(tasks: list[Task], workers: int, timeout: float,
               done: Callable[[int, Outcome], None] = lambda index, outcome: None
               ) -> list[Finished]:
    """Finish every task, on up to ``workers`` processes; ``done(index, outcome)`` is called
    as each one is ready. Returns the finished books in the order of ``tasks``; the first
    failure raises EngineProblem (or the KotacerdasError the step raised)."""
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i].text))
    results: dict[int, Finished] = {}
    if workers < 2 or len(tasks) < 2:
        for index in order:
            outcome = run_task(tasks[index], timeout)
            results[index] = _accepted(tasks[index], outcome, timeout)
            done(index, outcome)
    else:
        _in_pool(tasks, order, min(workers, len(tasks)), timeout, results, done)
    return [results[index] for index in range(len(tasks))]


def _in_pool(tasks: list[Task], order: list[int], count: int, timeout: float,
             results: dict[int, Finished], done: Callable[[int, Outcome], None]) -> None:
    """Finish the tasks on ``count`` forked processes, which inherit the engines the build
    has imported already."""
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    pool = forked_pool(count)
    stopped = True
    try:
        futures = {pool.submit(run_task, tasks[index], timeout): index for index in order}
        waves = -(-len(tasks) // count)
        for future in as_completed(futures, timeout=timeout * waves + GRACE):
            index = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                raise _failure(tasks[index], "KC629", _DIED, timeout) from None
            results[index] = _accepted(tasks[index], outcome, timeout)
            done(index, outcome)
        stopped = False
    except BrokenProcessPool:  # a worker died as it started
        raise _failure(tasks[order[0]], "KC629", _DIED, timeout) from None
    except TimeoutError:
        stuck = next(index for future, index in futures.items() if not future.done())
        raise _failure(tasks[stuck], "KC630", "", timeout) from None
    finally:
        if stopped:
            _kill(pool)  # its workers are dead now, so waiting for the pool cannot hang
        pool.shutdown(wait=True, cancel_futures=True)


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_DIED = "the process finishing it ended without an answer (crashed or killed)"


def _kill(pool: Any) -> None:
    """Stop the pool's workers at once: one failed book stops the build."""
    for process in list(getattr(pool, "_processes", {}).values()):
        try:
            process.kill()
        except (OSError, AttributeError):
            pass


def _accepted(task: Task, outcome: Outcome, timeout: float) -> Finished:
    if outcome.raised:
        raise KotacerdasError(*outcome.raised)
    if outcome.finished is None:
        raise _failure(task, outcome.code or "KC629", outcome.detail, timeout)
    return outcome.finished


def _failure(task: Task, code: str, detail: str, timeout: float) -> EngineProblem:
    engine = task.job.get("engine") or task.writer
    return EngineProblem(Diagnostic.new(code, TOOL, 0, 0, book=task.name, engine=engine,
                                       detail=detail or "?", seconds=f"{timeout:g}"))


def run_task(task: Task, timeout: float) -> Outcome:
    """Finish one task here, within ``timeout`` seconds; never raises."""
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # the cycle collector would walk the engines' trees again and again
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    alarm = _start_alarm(timeout)
    try:
        finish = WRITERS[task.writer].finish
        assert finish is not None, task.writer
        return Outcome(finish(task.text, task.job), seconds=time.perf_counter() - started)
    except TimeUp:
        return Outcome(code="KC630")
    except KotacerdasError as refused:
        return Outcome(raised=refused.diagnostics)
    except (Exception, MemoryError, RecursionError) as failure:
        detail = " ".join(f"{type(failure).__name__}: {failure}".split())[:300]
        return Outcome(code="KC629", detail=detail)
    finally:
        if alarm is not None:  # SIG_DFL, the usual handler before, is 0: test for None
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, alarm)
        sys.setrecursionlimit(limit)
        if collecting:
            gc.enable()


def _start_alarm(seconds: float) -> Any:
    """Raise TimeUp in this thread after ``seconds``; the handler it replaces, or None when
    alarms cannot be had here (not the main thread, or no ``setitimer``)."""
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not main:
        return None

    def time_up(signum: int, frame: Any) -> None:
        raise TimeUp()

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return signal.SIG_DFL if previous is None else previous
