"""Shared test helpers: run the CLI as a user would, and build plan folders from text."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "batam-2022"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run_cli(*args: str | Path, cwd: Path | None = None) -> Run:
    """Run `python -m kotacerdas ARGS` in a real subprocess, as a user's shell would."""
    done = subprocess.run(
        [sys.executable, "-m", "kotacerdas", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "LANG": "C.UTF-8"},
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def build_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under root (text is dedented); returns root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the worked example that a test may change."""
    target = tmp_path / "batam"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target
