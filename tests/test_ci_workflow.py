"""The CI workflow `init --ci` writes, its steps run here as GitHub Actions would run them:
the same shell, the same environment variables, a stand-in for `gh` that keeps what it is
asked to post."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLE, GIT_ENV, commit_all, git, run_cli

FAKE_GH = """#!/bin/sh
printf '%s\\n' "$@" > "$GH_ARGS"
while [ "$#" -gt 0 ]; do
  if [ "$1" = "--body-file" ]; then cp "$2" "$GH_BODY"; fi
  shift
done
"""


def workflow(tmp_path: Path, language: str) -> dict[str, Any]:
    run = run_cli("init", "baru", "--name", "Contoh", "--province", "Jawa Barat", "--ci",
                  "--lang", language, cwd=tmp_path)
    assert run.exit_code == 0, run
    assert ".github/workflows/kotacerdas.yml" in run.stdout
    loaded: dict[str, Any] = YAML(typ="safe").load(
        tmp_path / "baru" / ".github" / "workflows" / "kotacerdas.yml")
    return loaded


def run_steps(flow: dict[str, Any], repo: Path, tmp_path: Path, event: str) -> dict[str, Any]:
    """Run the workflow's shell steps in ``repo``; what they left behind."""
    runner = tmp_path / "runner"
    bin_dir = runner / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    files = {name: runner / name for name in ("output", "summary", "gh-args", "gh-body")}
    env = {**os.environ, **GIT_ENV, **{k: str(v) for k, v in flow.get("env", {}).items()},
           "PATH": f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin",
           "GITHUB_OUTPUT": str(files["output"]), "GITHUB_STEP_SUMMARY": str(files["summary"]),
           "RUNNER_TEMP": str(runner), "GITHUB_BASE_REF": "main", "GITHUB_WORKSPACE": str(repo),
           "GH_ARGS": str(files["gh-args"]), "GH_BODY": str(files["gh-body"])}
    outputs: dict[str, str] = {}
    results = []
    for step in next(iter(flow["jobs"].values()))["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue  # checkout and setup-python; kotacerdas is installed already
        if step.get("if") == "github.event_name == 'pull_request'" and event != "pull_request":
            continue
        step_env = {**env, **{k: _expand(str(v), outputs) for k, v in step.get("env", {}).items()}}
        done = subprocess.run(["bash", "-e", "-c", _expand(step["run"], outputs)], cwd=repo,
                              env=step_env, capture_output=True, text=True, timeout=300)
        results.append((step["name"], done))
        if files["output"].exists():
            outputs.update(line.split("=", 1) for line in
                           files["output"].read_text().splitlines() if "=" in line)
    return {"results": results, "outputs": outputs,
            **{name: path.read_text("utf-8") if path.exists() else "" for name, path in
               files.items()}}


def _expand(text: str, outputs: dict[str, str]) -> str:
    """``${{ ... }}`` as Actions fills it for this test's pull request."""
    values = {"github.token": "t0ken", "github.event.pull_request.number": "7",
              **{f"steps.periksa.outputs.{k}": v for k, v in outputs.items()}}
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: values[m.group(1)], text)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns("build"))
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Batam")
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    git(repo, "checkout", "-q", "-b", "usulan")
    return repo


def test_a_pull_request_gets_its_check_summary_and_its_plan_diff(tmp_path: Path,
                                                                 repository: Path) -> None:
    flow = workflow(tmp_path, "id")
    programmes = repository / "2-perumusan" / "program-governance.yaml"
    programmes.write_text(programmes.read_text("utf-8").replace(
        "nama: Antrean dan Pelacakan Layanan Daring Mal Pelayanan Publik",
        "nama: Antrean Daring MPP", 1), "utf-8")
    commit_all(repository, "Nama GOV-01 dipersingkat")

    found = run_steps(flow, repository, tmp_path, "pull_request")
    assert [done.returncode for _, done in found["results"]] == [0, 0, 0], found["results"]
    assert found["outputs"]["hasil"] == "0"
    summary = found["summary"]
    # a renamed programme is a change to what was signed: a warning, not a failure
    assert summary.startswith("## Status masterplan Kota Batam\n\n⚠️ Rencana lolos pemeriksaan,"
                              " dengan 1 peringatan yang perlu ditimbang.")
    assert "### Yang perlu ditimbang\n\n- [4-komitmen/komitmen.yaml:" in summary
    assert "| 4 Komitmen |" in summary
    assert "**diubah** program GOV-01 Antrean Daring MPP" in summary
    assert found["gh-args"].split("\n")[:3] == ["pr", "comment", "7"]
    assert found["gh-body"].startswith("### Perubahan rencana Kota Batam: origin/main (")
    assert "**+** Antrean Daring MPP" in found["gh-body"]


def test_a_push_with_errors_fails_and_links_each_problem_to_its_line(
        tmp_path: Path, repository: Path) -> None:
    flow = workflow(tmp_path, "en")
    programmes = repository / "2-perumusan" / "program-governance.yaml"
    programmes.write_text(programmes.read_text("utf-8").replace(
        "    dimensi: governance", "    dimensi: governanse", 1), "utf-8")
    commit_all(repository, "salah ketik")

    found = run_steps(flow, repository, tmp_path, "push")
    names = [name for name, _ in found["results"]]
    assert names == ["Check the plan", "Result of the check"]
    check, result = (done for _, done in found["results"])
    assert re.search(r"^::error file=2-perumusan/program-governance\.yaml,line=16,col=14,"
                     r"title=KC302::", check.stdout, re.M), check.stdout
    assert result.returncode == 1
    assert "❌ Rencana belum lolos pemeriksaan: 1 galat harus diperbaiki" in found["summary"]
    assert "- [2-perumusan/program-governance.yaml:16](2-perumusan/program-governance.yaml#L16)" \
        " **KC302**" in found["summary"]
    assert found["gh-args"] == ""
