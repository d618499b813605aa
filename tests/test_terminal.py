"""What reaches a terminal: plan text printed literally, any output encoding, and an
environment that is not what it should be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_cli

BASE = Path(__file__).parent / "cases" / "rules" / "_base"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(BASE, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def test_brackets_in_plan_text_are_printed_literally(plan: Path) -> None:
    _replace(plan / "kotacerdas.yaml", "nama: Contoh", 'nama: "Batam [/]"')
    actions = plan / "3-finalisasi/rencana-aksi.yaml"
    _replace(actions, "nama: OPD yang terhubung ke portal data",
             'nama: "[link=https://contoh.invalid]Klik[/link] [bold]tebal[/bold]"')
    status = run_cli("status", plan)
    assert status.exit_code == 0, status
    assert "Status masterplan Kota Batam [/]" in status.stdout
    coverage = run_cli("coverage", plan)
    assert coverage.exit_code == 0, coverage
    assert "Keterlacakan Batam [/]" in coverage.stdout
    assert "[link=https://contoh.invalid]Klik[/link] [bold]tebal[/bold]" in coverage.stdout
    assert "\x1b]8;" not in coverage.stdout  # no hidden terminal hyperlink


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("args", [("status",), ("coverage",), ("check",), ("stage", "check", "4")])
def test_an_output_that_is_not_utf8_still_gets_the_whole_report(
        encoding: str, args: tuple[str, ...]) -> None:
    run = run_cli(*args, EXAMPLE, env={"PYTHONIOENCODING": encoding}, encoding=encoding)
    assert run.exit_code == 0, run
    assert "Traceback" not in run.stderr
    if args[0] in ("status", "coverage"):
        assert "Batam" in run.stdout and "+====" in run.stdout
    else:
        folders = ["1-analisis", "2-perumusan", "3-finalisasi", "4-komitmen"]
        if args[0] == "check":  # `check` reads stage 5 too
            folders.append("5-pelaksanaan")
        files = 1 + sum(len(list((EXAMPLE / f).glob("*.yaml"))) for f in folders)
        assert f"Tidak ada masalah di {files} berkas." in run.stdout


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "1.5e9", "-1", "abc"])
def test_an_unusable_source_date_epoch_is_reported_and_ignored(
        tmp_path: Path, value: str) -> None:
    plain, pinned = tmp_path / "plain", tmp_path / "pinned"
    assert run_cli("build", EXAMPLE, "--out", plain).exit_code == 0
    run = run_cli("build", EXAMPLE, "--out", pinned, env={"SOURCE_DATE_EPOCH": value})
    assert run.exit_code == 0, run
    assert f"peringatan[KC623] SOURCE_DATE_EPOCH={value} tidak dapat dipakai" in run.stderr
    books = sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    assert sorted(p.relative_to(pinned) for p in pinned.rglob("*") if p.is_file()) == books
    for book in books:
        assert (pinned / book).read_bytes() == (plain / book).read_bytes(), book


def test_an_unusable_source_date_epoch_does_not_stop_an_advance(tmp_path: Path) -> None:
    init = run_cli("init", "baru", "--name", "Baru", "--province", "Riau", cwd=tmp_path)
    assert init.exit_code == 0, init
    run = run_cli("stage", "advance", tmp_path / "baru", "--lang", "en",
                  env={"SOURCE_DATE_EPOCH": "²"})
    assert "warning[KC623]" in run.stderr and "Traceback" not in run.stderr, run
    assert run.exit_code == 1  # the new plan's stage 1 does not pass yet


def test_a_narrow_terminal_wraps_text_but_never_splits_a_number(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kotacerdas.cli import tables

    monkeypatch.setattr(tables, "_terminal_width", lambda: 60)
    rows = [["governance", "9.150.000.000", "Aplikasi layanan warga yang terpadu dan mudah"],
            ["branding", "610.000.000", "Kalender acara dan portal wisata satu pintu"]]
    text = tables.draw("", ["Dimensi", "Anggaran (Rp)", "Program"], rows,
                       ["left", "right", "left"])
    assert max(len(line) for line in text.splitlines()) <= 60
    lines = text.splitlines()
    assert any("9.150.000.000" in line for line in lines)
    assert any("610.000.000" in line for line in lines)
    assert any(line.count("│") == 4 and "9.150" not in line and "terpadu" in line
               for line in lines)  # the text column wrapped onto a line of its own
