"""Large plans are parsed on several cores, and parsed files come back from the cache;
the result must depend on neither."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE
from kotacerdas import plan as plan_module
from kotacerdas import source as source_module
from kotacerdas.commands.check import check_plan


def _check(path: Path, parallel_bytes: int, monkeypatch: pytest.MonkeyPatch,
           cache: Path | None = None):
    """Check ``path``; with an empty ``cache`` folder, so that every file is parsed."""
    monkeypatch.setattr(plan_module, "PARALLEL_BYTES", parallel_bytes)
    if cache is not None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    plan, result = check_plan(path)
    return plan, result.sorted()


def test_parallel_parse_gives_the_same_plan_and_diagnostics(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = example_copy / "2-perumusan" / "strategi.yaml"
    broken.write_text(broken.read_text("utf-8").replace("W-01", "W-99", 1), "utf-8")
    (example_copy / "4-komitmen" / "reviu.yaml").write_text("versi_skema: 1\nreviu: [\n", "utf-8")

    sequential, expected = _check(example_copy, 10**12, monkeypatch, tmp_path / "a")
    parallel, found = _check(example_copy, 0, monkeypatch, tmp_path / "b")

    assert found == expected
    assert {d.code for d in found} >= {"KC101", "KC401"}
    assert parallel.formulation == sequential.formulation
    assert parallel.action == sequential.action
    assert sorted(parallel.files) == sorted(sequential.files)


def test_example_is_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sequential, expected = _check(EXAMPLE, 10**12, monkeypatch, tmp_path / "a")
    parallel, found = _check(EXAMPLE, 0, monkeypatch, tmp_path / "b")
    assert found == expected
    # A note only (the RPJMD ends before the plan), and the waived reminders of the years
    # the example does not report.
    assert [d.code for d in found if not d.waived] == ["KC524"]
    assert parallel.commitment == sequential.commitment


def test_a_check_from_the_cache_equals_one_that_parses(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = example_copy / "2-perumusan" / "strategi.yaml"
    broken.write_text(broken.read_text("utf-8").replace("W-01", "W-99", 1), "utf-8")
    unreadable = "versi_skema: 1\nreviu: [\n"
    (example_copy / "4-komitmen" / "reviu.yaml").write_text(unreadable, "utf-8")
    first, expected = _check(example_copy, 10**12, monkeypatch, tmp_path)

    parsed: list[str] = []
    real_compose = source_module.compose
    monkeypatch.setattr(source_module, "compose", lambda text: parsed.append(text) or
                        real_compose(text))
    again, found = _check(example_copy, 10**12, monkeypatch, tmp_path)

    assert parsed == [unreadable]  # only the file that cannot be parsed is parsed again
    assert found == expected and {d.code for d in found} >= {"KC101", "KC401"}
    assert again.formulation == first.formulation and again.action == first.action
