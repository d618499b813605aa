"""Shared test helpers: run the CLI as a user would, and build plan folders from text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
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


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
            encoding: str = "utf-8") -> Run:
    """Run `python -m kotacerdas ARGS` in a real subprocess, as a user's shell would;
    ``env`` adds to its environment, ``encoding`` is how its output is read."""
    done = subprocess.run(
        [sys.executable, "-m", "kotacerdas", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "LANG": "C.UTF-8",
             "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", ""), **(env or {})},
        timeout=120,
    )
    return Run(done.returncode, done.stdout.decode(encoding, "replace"),
               done.stderr.decode(encoding, "replace"))


def build_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under root (text is dedented); returns root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """The run's parse and template caches live apart from the user's own cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the worked example that a test may change."""
    target = tmp_path / "batam"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


CASE_FILES = ("case.toml", "expected.txt")
UPDATE_CASES = os.environ.get("KOTACERDAS_UPDATE_CASES") == "1"


def materialise_case(case: Path, base: Path, target: Path) -> dict:
    """Copy ``base`` to ``target`` and apply a case folder: its files, then `case.toml`.

    `case.toml` may name text replacements (`[[replace]] file, old, new`), files to
    `remove`, links to make (`[[symlink]] path, target`), lines to append many times
    (`[[generate]] path, line, repeat`) and entries that are not files
    (`[[special]] path, kind = "fifo" | "folder"`). Returns the parsed `case.toml`.
    """
    spec = tomllib.loads((case / "case.toml").read_text("utf-8"))
    shutil.copytree(base, target)
    for path in case.rglob("*"):
        rel = path.relative_to(case)
        if path.is_file() and rel.as_posix() not in CASE_FILES:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)
    for edit in spec.get("replace", []):
        path = target / edit["file"]
        text = path.read_text("utf-8")
        assert text.count(edit["old"]) == 1, f"{case.name}: '{edit['old']}' not unique"
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    for rel in spec.get("remove", []):
        (target / rel).unlink()
    for link in spec.get("symlink", []):
        (target / link["path"]).unlink(missing_ok=True)
        (target / link["path"]).symlink_to(link["target"])
    for entry in spec.get("special", []):
        path = target / entry["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path) if entry["kind"] == "fifo" else path.mkdir()
    for pad in spec.get("generate", []):
        with (target / pad["path"]).open("a", encoding="utf-8") as handle:
            handle.write(pad["line"] * pad["repeat"])
    return spec


def check_case(case: Path, plan: Path, spec: dict, default_stage: int) -> None:
    """Run `stage check` on a materialised case and compare with its `expected.txt`."""
    stage = str(spec.get("stage", default_stage))
    run = run_cli("stage", "check", stage, plan, *spec.get("args", []))
    assert "Traceback" not in run.stderr, run
    assert run.exit_code == spec.get("exit", 1), run
    # What the plan holds is reported on stdout; a check that could not run says so on
    # stderr. Either way the other stream stays empty.
    shown, other = (run.stderr, run.stdout) if run.exit_code == 2 else (run.stdout, run.stderr)
    expected = case / "expected.txt"
    if UPDATE_CASES:
        expected.write_text(shown, encoding="utf-8")
    assert shown == expected.read_text("utf-8"), run
    assert other == "", run


#: Git without the user's configuration, with one author and one clock, so that commits
#: made by a test are the same on every machine.
GIT_ENV = {"GIT_AUTHOR_NAME": "Tim Smart City", "GIT_AUTHOR_EMAIL": "tim@example.org",
           "GIT_COMMITTER_NAME": "Tim Smart City", "GIT_COMMITTER_EMAIL": "tim@example.org",
           "GIT_AUTHOR_DATE": "2023-01-02T10:00:00+07:00",
           "GIT_COMMITTER_DATE": "2023-01-02T10:00:00+07:00", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=True)
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")
