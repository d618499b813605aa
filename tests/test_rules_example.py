"""One precise diagnostic for one mistake, on a copy of the worked Batam example.

Each test makes a single realistic edit (a stage-3 entry removed, a SWOT id misspelt in
a strategy, a programme's years moved out of the plan period) and expects exactly one
diagnostic, at the line and column of the edited or affected item.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from kotacerdas.source import load_round_trip


def diagnostics(run_stderr: str) -> list[str]:
    """The problems reported (errors and warnings; the example's one note left aside)."""
    return [line for line in run_stderr.splitlines()
            if re.match(r"^\S+:\d+:\d+: ", line) and " info[" not in line]


def position(path: Path, pattern: str) -> tuple[int, int]:
    """1-based line and column of the first match of ``pattern``'s group 1."""
    text = path.read_text("utf-8")
    found = re.search(pattern, text, re.MULTILINE)
    assert found, pattern
    start = found.start(1)
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


@pytest.fixture
def batam(example_copy: Path) -> Path:
    """The example as it stood before signing: without the seal, an edit is only an edit."""
    run = run_cli("stage", "check", "4", example_copy)
    assert run.exit_code == 0, run
    commitment = example_copy / "4-komitmen/komitmen.yaml"
    text = commitment.read_text("utf-8")
    commitment.write_text(re.sub(r"^  segel: .*\n", "", text, flags=re.MULTILINE), "utf-8")
    return example_copy


def _quick_win_programmes(root: Path) -> set[str]:
    text = (root / "4-komitmen/quick-win.yaml").read_text("utf-8")
    return set(re.findall(r"^\s+program: (\S+)", text, re.MULTILINE))


def test_removed_action_plan_entry(batam: Path) -> None:
    path = batam / "3-finalisasi/rencana-aksi-governance.yaml"
    entries = load_round_trip(path.read_text("utf-8"))["rencana_aksi"]
    victim = next(e["program"] for e in entries if e["program"] not in _quick_win_programmes(batam))
    text = path.read_text("utf-8")
    block = re.search(rf"^  - program: {victim}\n(?:    .*\n|\s*\n)*", text, re.MULTILINE)
    path.write_text(text.replace(block.group(0), ""), "utf-8")
    line, col = position(batam / "2-perumusan/program-governance.yaml", rf"- id: ({victim})$")

    run = run_cli("stage", "check", "4", batam)
    assert run.exit_code == 1, run
    index = _index(batam, victim)
    assert diagnostics(run.stdout) == [
        f"2-perumusan/program-governance.yaml:{line}:{col}: galat[KC502] program[{index}].id: "
        f"program '{victim}' belum punya rencana aksi atau alasan pembatalan"
    ]


def _index(root: Path, programme: str) -> int:
    text = (root / "2-perumusan/program-governance.yaml").read_text("utf-8")
    return [p["id"] for p in load_round_trip(text)["program"]].index(programme)


def test_misspelt_swot_id_in_a_strategy(batam: Path) -> None:
    path = batam / "2-perumusan/strategi.yaml"
    text = path.read_text("utf-8")
    first = re.search(r"swot: \[(W-(\d+))", text)
    wrong = f"W-{first.group(2)}0"
    path.write_text(text[: first.start(1)] + wrong + text[first.end(1):], "utf-8")
    line, col = position(path, rf"swot: \[({wrong})")

    run = run_cli("stage", "check", "4", batam)
    assert run.exit_code == 1, run
    (found,) = diagnostics(run.stdout)
    assert found.startswith(f"2-perumusan/strategi.yaml:{line}:{col}: galat[KC401] strategi[")
    assert found.endswith(f"id SWOT '{wrong}' tidak ditemukan")
    assert f"Mungkin maksud Anda '{first.group(1)}'?" in run.stdout


def test_programme_years_moved_out_of_the_period(batam: Path) -> None:
    path = batam / "3-finalisasi/rencana-aksi-governance.yaml"
    text = path.read_text("utf-8")
    start = load_round_trip(text)["rencana_aksi"][0]["tahun_mulai"]
    path.write_text(text.replace(f"tahun_mulai: {start}", "tahun_mulai: 2019", 1), "utf-8")
    line, col = position(path, r"tahun_mulai: (2019)")

    run = run_cli("stage", "check", "4", batam)
    assert run.exit_code == 1, run
    assert diagnostics(run.stdout) == [
        f"3-finalisasi/rencana-aksi-governance.yaml:{line}:{col}: galat[KC503] "
        "rencana_aksi[0].tahun_mulai: tahun 2019 berada di luar periode rencana 2023–2032"
    ]


def test_example_coverage_has_no_gaps(batam: Path) -> None:
    run = run_cli("coverage", batam, "--format", "json")
    assert run.exit_code == 0, run
    found = json.loads(run.stdout)
    assert found["gaps"] == []
    assert found["budget"]["total"] == sum(found["budget"]["by_year"].values())
