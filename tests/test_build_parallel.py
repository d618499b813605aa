"""The books render on every core, and nothing a user sees depends on it: the same
bytes, the same diagnostic when a template fails, and a worker that dies costs only
time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kotacerdas.commands.check import check_plan
from kotacerdas.errors import KotacerdasError
from kotacerdas.render import parallel
from kotacerdas.render.books import BookOptions, write_books
from kotacerdas.render.environment import render_jobs
from tests.conftest import EXAMPLE


def _build(out: Path, workers: int) -> dict[str, bytes]:
    plan, checked = check_plan(EXAMPLE)
    write_books(plan, checked.language, BookOptions(("md", "html"), out=out, workers=workers))
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def one_by_one(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _build(tmp_path_factory.mktemp("sequential"), workers=1)


def test_books_rendered_on_two_cores_are_the_same_bytes(
        one_by_one: dict[str, bytes], tmp_path: Path) -> None:
    assert len(one_by_one) > 10
    assert _build(tmp_path, workers=2) == one_by_one


def test_a_worker_that_dies_leaves_its_books_to_the_build(
        one_by_one: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    render = parallel._render_one

    def dies_on_the_third(index: int) -> dict:
        if index == 2:
            os._exit(9)
        return render(index)

    here: list[int] = []  # what this process rendered itself, the workers' jobs aside

    def rendered_here(folders: list, language: str, jobs: list, context: dict,
                      **options: object) -> list:
        here.append(len(jobs))
        return render_jobs(folders, language, jobs, context, **options)

    monkeypatch.setattr(parallel, "_render_one", dies_on_the_third)
    monkeypatch.setattr(parallel, "render_jobs", rendered_here)
    assert _build(tmp_path, workers=2) == one_by_one
    assert here and sum(here) >= 1  # the jobs the dead worker left


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_template_is_the_same_diagnostic_on_any_core(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    from kotacerdas.render.formats import html

    def broken(text: str) -> str:
        raise RuntimeError("renderer gave up")

    monkeypatch.setattr(html, "markdown_to_html", broken)
    with pytest.raises(KotacerdasError) as stopped:
        _build(tmp_path / "out", workers)
    (diagnostic,) = stopped.value.diagnostics
    assert diagnostic.code == "KC615", diagnostic
    assert "renderer gave up" in str(diagnostic.params), diagnostic.params
    assert diagnostic.file.endswith(".html.j2"), diagnostic.file
    assert not (tmp_path / "out").exists()


def test_no_worker_to_start_renders_the_books_here(
        one_by_one: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes(count: int, total: int) -> list:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "_in_pool", no_processes)
    assert _build(tmp_path, workers=2) == one_by_one
