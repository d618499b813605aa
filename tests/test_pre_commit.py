"""The pre-commit hook this repository offers, run by pre-commit itself on a plan repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, GIT_ENV, ROOT, commit_all, git


def pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("pre-commit is not installed (the test extra installs it)")
    return found


def this_repository(into: Path) -> Path:
    """This repository's current files (committed or not, as git lists them) committed to a
    fresh repository, so that the hook under test is the one in the work tree."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    wanted = [name for name in listed if name and (ROOT / name).is_file()
              and not name.startswith(("tests/", "examples/", "fuzz/"))]
    into.mkdir()
    with tarfile.open(into / "src.tar", "w") as archive:
        for name in wanted:
            archive.add(ROOT / name, arcname=name)
    with tarfile.open(into / "src.tar") as archive:
        archive.extractall(into, filter="data")
    (into / "src.tar").unlink()
    git(into, "init", "-q")
    commit_all(into, "kotacerdas")
    return into


def test_the_hook_passes_a_clean_plan_and_stops_a_broken_one(tmp_path: Path) -> None:
    command = pre_commit()
    tool = this_repository(tmp_path / "kotacerdas")
    plan = tmp_path / "rencana"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    git(plan, "init", "-q")
    commit_all(plan, "Batam")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run([command, "try-repo", str(tool), "kotacerdas-check",
                               "--all-files"], cwd=plan, capture_output=True, text=True,
                              env=env, timeout=600)

    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "kotacerdas check" in passed.stdout and "Passed" in passed.stdout

    programmes = plan / "2-perumusan" / "program-governance.yaml"
    programmes.write_text(programmes.read_text("utf-8").replace(
        "    dimensi: governance", "    dimensi: governanse", 1), "utf-8")
    git(plan, "add", "-A")
    failed = hook()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "2-perumusan/program-governance.yaml:" in failed.stdout
    assert "[KC302]" in failed.stdout
