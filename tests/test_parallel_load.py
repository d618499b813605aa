"""Large plans are parsed on several cores; the result must not depend on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE
from kotacerdas import plan as plan_module
from kotacerdas.check import check_plan


def _check(path: Path, parallel_bytes: int, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(plan_module, "PARALLEL_BYTES", parallel_bytes)
    plan, result = check_plan(path)
    return plan, result.sorted()


def test_parallel_parse_gives_the_same_plan_and_diagnostics(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = example_copy / "2-perumusan" / "strategi.yaml"
    broken.write_text(broken.read_text("utf-8").replace("W-01", "W-99", 1), "utf-8")
    (example_copy / "4-komitmen" / "reviu.yaml").write_text("versi_skema: 1\nreviu: [\n", "utf-8")

    sequential, expected = _check(example_copy, 10**12, monkeypatch)
    parallel, found = _check(example_copy, 0, monkeypatch)

    assert found == expected
    assert {d.code for d in found} >= {"KC101", "KC401"}
    assert parallel.formulation == sequential.formulation
    assert parallel.action == sequential.action
    assert sorted(parallel.files) == sorted(sequential.files)


def test_example_is_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    sequential, expected = _check(EXAMPLE, 10**12, monkeypatch)
    parallel, found = _check(EXAMPLE, 0, monkeypatch)
    assert found == expected == []
    assert parallel.commitment == sequential.commitment
