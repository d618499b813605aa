"""Limits on what one plan file may hold: each refused early, located, with its own code.

Every test builds the offending input itself and checks both the diagnostic and that it
arrives quickly, because a limit that is only reached after minutes of parsing protects
nothing.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest

from conftest import build_tree, run_cli
from kotacerdas.plan import MAX_STAGE_FILES
from kotacerdas.source import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, load_file

#: Tests that hold a clock, and the PDF and Word builds that use every core, run one after
#: another on one worker (`make test` distributes by group), so that neither slows the other.
pytestmark = pytest.mark.xdist_group("clock")

MANIFEST = """\
versi_skema: 1
wilayah: {nama: Batam, jenis: kota, provinsi: Kepulauan Riau}
periode: {mulai: 2025, selesai: 2034}
"""


def alias_bomb(levels: int) -> str:
    """Billion laughs: each level lists the previous one nine times."""
    lines = ["versi_skema: 1", 'l0: &l0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def load_timed(tmp_path: Path, text: str) -> tuple[list, float]:
    path = tmp_path / "berkas.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    _, found = load_file(path, tmp_path)
    return found, time.perf_counter() - started


def only(found: list) -> tuple[str, int, int]:
    assert len(found) == 1, found
    return found[0].code, found[0].line, found[0].column


@pytest.mark.parametrize("levels", [8, 9])
def test_alias_bomb_is_refused_in_milliseconds(tmp_path: Path, levels: int) -> None:
    found, seconds = load_timed(tmp_path, alias_bomb(levels))
    assert only(found) == ("KC113", 3, 10)
    assert found[0].params["anchor"] == "l0"
    assert seconds < 0.2


def test_alias_bomb_through_the_cli_ends_within_two_seconds(tmp_path: Path) -> None:
    build_tree(tmp_path, {"kotacerdas.yaml": MANIFEST, "1-analisis/swot.yaml": alias_bomb(9)})
    started = time.perf_counter()
    run = run_cli("check", tmp_path)
    assert time.perf_counter() - started < 2.0
    assert run.exit_code == 1, run
    assert "1-analisis/swot.yaml:3:10: galat[KC113]" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_ten_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    text = "versi_skema: 1\n" + ("# isian\n" * (10 * 1024 * 1024 // 8))
    found, seconds = load_timed(tmp_path, text)
    assert only(found) == ("KC108", 1, 1)
    assert found[0].params == {"size": len(text), "limit": MAX_FILE_BYTES}
    assert seconds < 0.2


def test_depth_one_hundred_is_refused_where_it_goes_too_deep(tmp_path: Path) -> None:
    text = "versi_skema: 1\nprofil: " + "[" * 100 + "]" * 100 + "\n"
    found, _ = load_timed(tmp_path, text)
    # The mapping is level 1, so the first bracket past the limit is bracket number 40.
    assert only(found) == ("KC111", 2, len("profil: ") + MAX_DEPTH)


def test_depth_one_hundred_in_block_style_is_refused(tmp_path: Path) -> None:
    text = "versi_skema: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(100))
    found, _ = load_timed(tmp_path, text)
    code, line, _ = only(found)
    assert (code, line) == ("KC111", 2 + MAX_DEPTH)  # the mapping at level 41 starts there


def test_nesting_that_would_crash_the_parser_is_refused_through_the_cli(tmp_path: Path) -> None:
    """Past ten thousand levels the C composer overflows the stack; it must never run."""
    deep = "versi_skema: 1\nprofil: " + "[" * 100_000 + "]" * 100_000 + "\n"
    compact = "- " * 100_000 + "x\n"
    build_tree(tmp_path, {"kotacerdas.yaml": MANIFEST, "1-analisis/profil.yaml": deep,
                          "1-analisis/tim.yaml": compact})
    run = run_cli("check", tmp_path)
    assert run.exit_code == 1, run
    assert "1-analisis/profil.yaml:2:48: galat[KC111]" in run.stdout
    assert "1-analisis/tim.yaml:1:81: galat[KC111]" in run.stdout


def test_a_list_of_three_million_items_is_refused_quickly(tmp_path: Path) -> None:
    text = "versi_skema: 1\nkata_kunci_visi: [" + ",".join(["a"] * 3_000_000) + "]\n"
    found, seconds = load_timed(tmp_path, text)
    code, line, column = only(found)
    assert (code, line) == ("KC112", 2)
    assert found[0].params["limit"] == MAX_NODES
    # Five nodes come before the first item: the mapping, two keys, a value and the list.
    assert column == len("kata_kunci_visi: [") + 1 + 2 * (MAX_NODES - 5)
    assert seconds < 8
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1024 * 1024  # KB: < 1 GB


def test_six_hundred_thousand_keys_are_refused(tmp_path: Path) -> None:
    text = "versi_skema: 1\n" + "".join(f"k{i}: 1\n" for i in range(600_000))
    found, seconds = load_timed(tmp_path, text)
    code, line, _ = only(found)
    assert code == "KC112"
    assert line == MAX_NODES // 2  # two nodes a line, after the mapping and the first line
    assert seconds < 8


def test_a_long_line_within_the_size_limit_loads(tmp_path: Path) -> None:
    text = 'versi_skema: 1\nprofil: {ringkasan: "' + "panjang " * 500_000 + '"}\n'
    found, seconds = load_timed(tmp_path, text)
    assert found == []
    assert seconds < 3


def test_a_plan_file_just_under_the_limits_still_loads(tmp_path: Path) -> None:
    items = "".join(f"  - id: S-{i:05d}\n    dimensi: governance\n    teks: butir {i}\n"
                    for i in range(20_000))
    found, _ = load_timed(tmp_path, "versi_skema: 1\nswot:\n kekuatan:\n" + items)
    assert found == []


def test_too_many_files_in_a_stage_folder(tmp_path: Path) -> None:
    files = {f"1-analisis/bagian-{i:03d}.yaml": "versi_skema: 1\n"
             for i in range(MAX_STAGE_FILES + 1)}
    build_tree(tmp_path, {"kotacerdas.yaml": MANIFEST, **files})
    run = run_cli("check", tmp_path, "--lang", "en")
    assert run.exit_code == 1, run
    assert run.stdout.splitlines() == [
        f"1-analisis:1:1: error[KC115] the stage folder holds too many YAML files "
        f"({MAX_STAGE_FILES + 1}; the limit is {MAX_STAGE_FILES})",
        "    hint: Join small files: a stage folder needs a few files, each holding a list.",
        "1 error, 0 warnings in 1 file.",
    ]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_plan_path_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "profil.yaml"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    started = time.perf_counter()
    _, found = load_file(path, tmp_path)
    assert time.perf_counter() - started < 1
    assert only(found) == ("KC116", 1, 1)
