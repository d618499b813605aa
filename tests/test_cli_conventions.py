"""What a command-line user expects: results on stdout, the tool's own words on stderr,
`--version`, `--quiet`, colours only where they belong, shell completion."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_cli

ESCAPE = "\x1b["


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    plan = tmp_path / "rencana"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    tim = plan / "1-analisis" / "tim.yaml"
    tim.write_text(tim.read_text("utf-8").replace("    jabatan:", "    jabtan:", 1), "utf-8")
    return plan


def test_diagnostics_and_summary_go_to_stdout_so_they_can_be_redirected(broken: Path,
                                                                       tmp_path: Path) -> None:
    report = tmp_path / "laporan.txt"
    with report.open("w") as out:
        done = subprocess.run([sys.executable, "-m", "kotacerdas", "check", str(broken)],
                              stdout=out, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    text = report.read_text("utf-8")
    assert re.search(r"^1-analisis/tim\.yaml:\d+:\d+: galat\[KC202\]", text, re.M)
    assert text.rstrip().endswith("di 27 berkas.")
    assert done.stderr == ""


def test_the_tools_own_failures_go_to_stderr(tmp_path: Path) -> None:
    run = run_cli("check", tmp_path)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "kotacerdas:0:0: galat[KC601]" in run.stderr


def test_version() -> None:
    from kotacerdas import __version__

    run = run_cli("--version")
    assert run.exit_code == 0
    assert run.stdout == f"kotacerdas {__version__}\n"


def test_quiet_prints_only_the_problems(broken: Path) -> None:
    loud, quiet = run_cli("check", broken), run_cli("check", broken, "--quiet")
    assert loud.exit_code == quiet.exit_code == 1
    assert "[KC202]" in quiet.stdout
    assert "[KC524]" in loud.stdout and "[KC524]" not in quiet.stdout  # an info is not a problem
    assert "berkas." in loud.stdout and "berkas." not in quiet.stdout
    clean = run_cli("stage", "check", "1", EXAMPLE, "-q")
    assert clean.exit_code == 0 and clean.stdout == "" and clean.stderr == ""


def test_quiet_build_says_nothing_but_writes_the_books(tmp_path: Path) -> None:
    run = run_cli("build", EXAMPLE, "--out", tmp_path / "buku", "--format", "md", "-q")
    assert run.exit_code == 0, run
    assert run.stdout == "" and run.stderr == ""
    assert (tmp_path / "buku" / "2-masterplan.md").is_file()


def test_quiet_schema_says_nothing_but_writes_the_schemas(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    shutil.rmtree(plan / ".kotacerdas" / "skema", ignore_errors=True)
    run = run_cli("schema", plan, "-q")
    assert run.exit_code == 0, run
    assert run.stdout == "" and run.stderr == ""
    assert (plan / ".kotacerdas" / "skema" / "manifest.schema.json").is_file()
    assert "manifest.schema.json" in run_cli("schema", plan).stdout


def test_no_colour_when_piped_and_colour_when_asked(broken: Path) -> None:
    piped = run_cli("check", broken)
    assert ESCAPE not in piped.stdout + piped.stderr
    forced = run_cli("check", broken, "--color")
    assert f"{ESCAPE}1;31mgalat[KC202]{ESCAPE}0m" in forced.stdout
    assert ESCAPE not in run_cli("check", broken, "--no-color").stdout


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What a command prints on a pseudo-terminal."""
    main, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "kotacerdas", *args], stdin=secondary,
                               stdout=secondary, stderr=secondary, close_fds=True,
                               env={**os.environ, "TERM": "xterm", **env})
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_unless_no_color_is_set(broken: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = on_a_terminal(["check", str(broken)], env)
    assert f"{ESCAPE}1;31mgalat[KC202]" in coloured
    plain = on_a_terminal(["check", str(broken)], {**env, "NO_COLOR": "1"})
    assert "galat[KC202]" in plain and ESCAPE not in plain


def test_shell_completion_script() -> None:
    # The shell is named rather than detected from the process tree, which under a test
    # runner holds no shell at all.
    run = run_cli("--show-completion", "bash",
                  env={"SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert run.exit_code == 0, run
    assert "_KOTACERDAS_COMPLETE" in run.stdout
    done = subprocess.run([sys.executable, "-m", "kotacerdas"], capture_output=True, text=True,
                          env={**os.environ, "_KOTACERDAS_COMPLETE": "complete_bash",
                               "COMP_WORDS": "kotacerdas st", "COMP_CWORD": "1"})
    assert {"status", "stage"} <= set(done.stdout.split())
