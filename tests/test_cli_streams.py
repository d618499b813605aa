"""What the system refuses around a command (its output stream full, closed or no longer
read, a path too long, a working folder gone) ends in a diagnostic and exit 2, never a
traceback, and never in exit 1, which says the plan has errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

TOOL = [sys.executable, "-m", "kotacerdas"]


def run(*args: str, cwd: Path = EXAMPLE, **streams: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TOOL, *args], cwd=cwd, text=True, stderr=subprocess.PIPE,
                          timeout=120, **streams)  # type: ignore[call-overload]


def refused(done: subprocess.CompletedProcess[str], what: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"galat[KC634] {what} tidak dapat dipakai" in done.stderr, done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [("status",), ("check",), ("--help",)])
def test_a_full_output_stream_is_a_diagnostic(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        refused(run(*args, stdout=full), "stdout")


def test_a_closed_output_stream_is_a_diagnostic() -> None:
    done = subprocess.run(["sh", "-c", '"$@" >&-', "sh", *TOOL, "check", "-f", "json"],
                          cwd=EXAMPLE, text=True, stderr=subprocess.PIPE, timeout=120)
    refused(done, "stdout")


@pytest.mark.parametrize("args", [("status",), ("--help",), ("stage", "check", "--help")])
def test_output_no_longer_read_is_not_a_plan_error(args: tuple[str, ...]) -> None:
    reader = subprocess.Popen([*TOOL, *args], cwd=EXAMPLE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert reader.stdout is not None
    reader.stdout.close()  # the reader goes away before the table is written
    _, errors = reader.communicate(timeout=120)
    assert reader.returncode == 2 and "Traceback" not in errors, errors


def test_a_name_too_long_and_a_vanished_working_folder(tmp_path: Path) -> None:
    refused(run("check", str(tmp_path / ("a" * 300)), stdout=subprocess.DEVNULL),
            str(tmp_path / ("a" * 300)))
    gone = tmp_path / "gone"
    gone.mkdir()
    reader = subprocess.Popen(
        ["sh", "-c", 'cd "$1" && rmdir "$1" && shift && exec "$@"', "sh", str(gone), *TOOL,
         "status"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    _, errors = reader.communicate(timeout=120)
    assert reader.returncode == 2 and "Traceback" not in errors, errors
    assert "galat[KC634]" in errors


@pytest.mark.parametrize(("shell", "code"), [
    ('"$@" --help >&-', 2),  # the help asked for went nowhere
    ('"$@" --version 2>&-', 0),
    ('"$@" bogus 2>&-', 2),
    ('"$@" bogus 2>/dev/full', 2),
    ('"$@" check --format nope 2>/dev/full', 2),
])
def test_a_closed_or_full_stream_around_help_and_usage_errors(shell: str, code: int) -> None:
    if "/dev/full" in shell and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    done = subprocess.run(["sh", "-c", shell + " 3>&1", "sh", *TOOL], cwd=EXAMPLE, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == code, done
    assert "Traceback" not in done.stdout + done.stderr
    assert "KC636" not in done.stdout  # a usage error is never written where data goes


def test_an_interrupt_while_the_command_line_loads_is_a_quiet_exit_130() -> None:
    probe = ("import sys\n"
             "class Interrupting:\n"
             "    def find_spec(self, name, path=None, target=None):\n"
             "        if name == 'typer':\n"
             "            raise KeyboardInterrupt\n"
             "sys.meta_path.insert(0, Interrupting())\n"
             "from kotacerdas.program import run\n"
             "run()\n")
    done = subprocess.run([sys.executable, "-c", probe, "check"], cwd=EXAMPLE, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 130, done
    assert "Traceback" not in done.stderr and done.stdout == ""
