"""Rendering the books' text on every core.

Each book renders on its own, so the jobs are shared out among forked worker processes,
which inherit the book context and the jobs and send back only each book's text. With one
core, one job, or no ``fork``, they render here one after the other; a worker that dies
leaves its jobs to this process, so the outcome is the same either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kotacerdas.lifetime import forked_pool
from kotacerdas.render.environment import render_jobs

#: What the workers inherit: set just before they are forked, cleared once they are done.
_WORK: dict[str, Any] = {}


class RenderFailed(Exception):
    """A job's template failed in a worker; ``failure`` says how, as
    `kotacerdas.render.sandbox.describe_error` does."""

    def __init__(self, failure: dict[str, Any]) -> None:
        super().__init__(failure.get("detail", ""))
        self.failure = failure


def render_on_cores(folders: list[Path], language: str, jobs: list[dict[str, Any]],
                    context: dict[str, Any], workers: int) -> list[dict[str, Any]]:
    """`render_jobs` for the trusted templates in ``folders``, on up to ``workers``
    processes; results in the order of ``jobs``. A template that fails raises as it does
    in `render_jobs` (here) or as RenderFailed (in a worker)."""
    import multiprocessing

    count = min(workers, len(jobs))
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return render_jobs(folders, language, jobs, context, sandboxed=False)
    _WORK.update(folders=folders, language=language, jobs=jobs, context=context)
    try:
        results = _in_pool(count, len(jobs))
    except OSError:  # no worker could be started (a process limit): render them here
        results = [None] * len(jobs)
    finally:
        _WORK.clear()
    missing = [index for index, result in enumerate(results) if result is None]
    if missing:  # a worker died or never started: this process renders what it left
        done = render_jobs(folders, language, [jobs[i] for i in missing], context,
                           sandboxed=False)
        for index, result in zip(missing, done):
            results[index] = result
    return [result for result in results if result is not None]


def _in_pool(count: int, total: int) -> list[dict[str, Any] | None]:
    from concurrent.futures.process import BrokenProcessPool

    results: list[dict[str, Any] | None] = [None] * total
    with forked_pool(count) as pool:
        futures = [pool.submit(_run, index) for index in range(total)]
        for index, future in enumerate(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                continue
            if "error" in outcome:
                raise RenderFailed(outcome["error"])
            results[index] = outcome
    return results


#: Each worker's environments, made on its first job and kept for the next.
_ENVIRONMENTS: dict[str, Any] = {}


def _run(index: int) -> dict[str, Any]:
    """What a worker is sent: a name to look up there, so that only the index is pickled."""
    return _render_one(index)


def _render_one(index: int) -> dict[str, Any]:
    """Job ``index`` of the inherited work, rendered in this worker."""
    from kotacerdas.render.sandbox import describe_error

    work = _WORK
    try:
        return render_jobs(work["folders"], work["language"], [work["jobs"][index]],
                           work["context"], sandboxed=False, cache=_ENVIRONMENTS)[0]
    except Exception as error:
        return {"error": describe_error(error)}
