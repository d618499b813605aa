"""`make bench`: the speed of `diff` between revisions and the cost of `--format sarif`.

The 1,000-programme plan is committed to a fresh git repository, then ten programmes are
renamed and ten budget lines changed in a second commit; `kotacerdas diff HEAD~1 HEAD`
reads both revisions through git. `check --format sarif` runs on the same plan as the
plain `check` it is compared with, the two in turn, round after round.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

_GIT = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def git_figures(measure: Callable[..., dict], kotacerdas: str, plan_1000: Path, work: Path,
                repeats: int) -> dict[str, dict]:
    """Time `diff HEAD~1 HEAD` and `check --format sarif` on the 1,000-programme plan with
    bench.py's ``measure``; keyed ``diff-1000``,
    ``check-1000-sarif`` and ``check-1000-beside-sarif``."""
    repo = work / "git-1000"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(plan_1000, repo)
    _git(repo, "init", "-q")
    _commit(repo, "first")
    _change_ten_programmes(repo)
    _commit(repo, "second")
    return {
        "diff-1000": measure("kotacerdas diff HEAD~1 HEAD (1000)",
                             [kotacerdas, "diff", "HEAD~1", "HEAD", str(repo)], repeats),
        **_side_by_side(measure, {
            "check-1000-beside-sarif": ("kotacerdas check (1000), beside sarif",
                                        [kotacerdas, "check", str(plan_1000)]),
            "check-1000-sarif": ("kotacerdas check --format sarif (1000)",
                                 [kotacerdas, "check", str(plan_1000), "--format", "sarif"]),
        }, repeats * 2),
    }


def _side_by_side(measure: Callable[..., dict], commands: dict[str, tuple[str, list[str]]],
                  rounds: int) -> dict[str, dict]:
    """Each command timed once per round, in turn, so that a change in the machine's load
    falls on all of them alike; each row holds the median of its rounds."""
    import statistics

    runs: dict[str, list[dict]] = {key: [] for key in commands}
    for _ in range(rounds):
        for key, (name, command) in commands.items():
            runs[key].append(measure(name, command, 1))
    rows = {}
    for key, found in runs.items():
        rows[key] = {**found[0], "runs": rounds,
                     "median_s": round(statistics.median(r["median_s"] for r in found), 3),
                     "min_s": min(r["min_s"] for r in found),
                     "peak_mb": max(r["peak_mb"] for r in found)}
    return rows


def _change_ten_programmes(repo: Path) -> None:
    """Rename the first ten programmes of one file and raise ten amounts of another."""
    _first_ten(sorted((repo / "2-perumusan").glob("program-*.yaml"))[0],
               r"(?m)^(    nama: .*)$", lambda m: m.group(1) + " (revisi)")
    _first_ten(sorted((repo / "3-finalisasi").glob("rencana-aksi-*.yaml"))[0],
               r"jumlah: (\d+)", lambda m: f"jumlah: {int(m.group(1)) + 1000}")


def _first_ten(path: Path, pattern: str, change: Callable[[re.Match[str]], str]) -> None:
    text = path.read_text("utf-8")
    path.write_text(re.sub(pattern, change, text, count=10), "utf-8")


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, env={**os.environ, **_GIT})
