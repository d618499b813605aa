"""`kotacerdas diff`: a plan's changes between git revisions, by id, in three formats."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, GIT_ENV, ROOT, UPDATE_CASES, commit_all, git, run_cli

GOLDEN = ROOT / "tests" / "golden" / "diff"
@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the Batam plan in `rencana/`."""
    shutil.copytree(EXAMPLE, tmp_path / "rencana", ignore=shutil.ignore_patterns("build"))
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "Batam, empat tahap")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def two_changes_reordered_and_reformatted(plan: Path) -> None:
    """Two programmes' fields change; a list is reordered and a file reformatted, which
    are no changes at all."""
    stage2 = plan / "2-perumusan"
    edit(stage2 / "program-governance.yaml",
         "nama: Antrean dan Pelacakan Layanan Daring Mal Pelayanan Publik",
         "nama: Antrean Daring Mal Pelayanan Publik")
    edit(stage2 / "program-living.yaml",
         "      Peta rencana tata ruang yang dapat diperiksa warga dan pengembang, terhubung\n"
         "      dengan layanan persetujuan bangunan gedung.",
         "      Peta rencana tata ruang yang dapat diperiksa warga, pengembang, dan\n"
         "      investor, terhubung dengan layanan persetujuan bangunan gedung.")
    society = stage2 / "program-society.yaml"
    head, *items = re.split(r"(?m)^(?=  - id: )", society.read_text("utf-8"))
    society.write_text(head + "".join([items[1], items[0], *items[2:]]), "utf-8")
    living = plan / "3-finalisasi" / "rencana-aksi-living.yaml"
    living.write_text(re.sub(
        r"(?m)^      - \{tahun: (\d+), jumlah: (\d+), sumber: (\w+)\}$",
        r'      - tahun: \1\n        sumber: "\3"\n        jumlah: \2',
        living.read_text("utf-8")), "utf-8")


def masked(text: str, commits: dict[str, str]) -> str:
    for label, commit in commits.items():
        text = text.replace(commit, f"<{label}>").replace(commit[:7], f"<{label}>")
    return text


@pytest.mark.parametrize(("output", "golden"), [
    ("text", "two-changes.txt"), ("markdown", "two-changes.md"), ("json", "two-changes.json")])
def test_two_changed_programmes_are_exactly_what_the_diff_reports(
        repo: Path, output: str, golden: str) -> None:
    first = git(repo, "rev-parse", "HEAD")
    two_changes_reordered_and_reformatted(repo / "rencana")
    second = commit_all(repo, "Dua program diubah, satu daftar diurutkan ulang")
    assert "rencana-aksi-living.yaml" in git(repo, "show", "--stat", "HEAD")

    run = run_cli("diff", "HEAD~1", "HEAD", "rencana", "--format", output, cwd=repo)
    assert run.exit_code == 0, run
    shown = masked(run.stdout, {"A": first, "B": second})
    expected = GOLDEN / golden
    if UPDATE_CASES:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(shown, "utf-8")
    assert shown == expected.read_text("utf-8")
    if output == "json":
        found = json.loads(run.stdout)
        assert [(c["kind"], c["id"], c["change"]) for c in found["changes"]] == [
            ("program", "GOV-01", "changed"), ("program", "LIV-01", "changed")]
        assert found["budget"]["total"]["change"] == 0


def test_without_revisions_the_working_tree_is_compared_with_head(repo: Path) -> None:
    plan = repo / "rencana"
    edit(plan / "3-finalisasi" / "rencana-aksi-living.yaml",
         "{tahun: 2024, jumlah: 1500000000, sumber: APBD}",
         "{tahun: 2024, jumlah: 1750000000, sumber: APBD}")
    run = run_cli("diff", "--lang", "en", cwd=plan)
    assert run.exit_code == 0, run
    assert "~ action plan LIV-01 Sistem Informasi Tata Ruang dan Persetujuan Bangunan Daring" \
        in run.stdout
    assert "      - Rp1,500,000,000\n      + Rp1,750,000,000" in run.stdout
    assert "  year 2024: " in run.stdout and "(+Rp250,000,000)" in run.stdout
    assert "  programme LIV-01: Rp3,000,000,000 → Rp3,250,000,000" in run.stdout
    assert git(repo, "status", "--porcelain") == "M rencana/3-finalisasi/rencana-aksi-living.yaml"


def test_the_yearly_reports_of_stage_5_are_compared_too(repo: Path) -> None:
    yearly = repo / "rencana" / "5-pelaksanaan"
    report = yearly / "realisasi-2024.yaml"
    text = report.read_text("utf-8")
    first = text.index("  - program: GOV-02")
    report.write_text(text[:first] + text[first:].replace("status: berjalan", "status: selesai", 1)
                      .replace("nilai: 36 ", "nilai: 38 ", 1), "utf-8")
    evaluation = yearly / "evaluasi-2024.yaml"
    text = evaluation.read_text("utf-8")
    evaluation.write_text(text.replace("    nilai: 3.4\n", "    nilai: 3.5\n", 1), "utf-8")
    (yearly / "realisasi-2023.yaml").unlink()

    run = run_cli("diff", "--format", "json", cwd=repo / "rencana")
    assert run.exit_code == 0, run
    found = json.loads(run.stdout)
    changes = {(c["kind"], c["id"]): c for c in found["changes"]}
    programme = changes[("realisasi_program", "2024/GOV-02")]
    assert programme["name"] == "Aplikasi Layanan Warga Terpadu Batam"
    assert programme["fields"] == [
        {"path": "status", "old": "berjalan", "new": "selesai"},
        {"path": "indikator[GOV-02-I1].nilai", "old": 36, "new": 38}]
    assert changes[("evaluasi", "2024")]["fields"] == [
        {"path": "aspek.baseline.nilai", "old": 3.4, "new": 3.5}]
    gone = {key for key, change in changes.items() if change["change"] == "removed"}
    assert ("realisasi_quick_win", "2023/QW-01") in gone
    assert ("realisasi", "2023") in gone  # the file itself
    assert all(key[1].partition("/")[0] == "2023" for key in gone)
    assert found["summary"]["changed"] == 2 and found["summary"]["added"] == 0
    assert found["budget"]["total"]["change"] == 0  # what was spent is not the budget
    text_run = run_cli("diff", cwd=repo / "rencana")
    assert "~ realisasi program 2024/GOV-02 Aplikasi Layanan Warga Terpadu Batam" \
        in text_run.stdout
    assert "~ evaluasi 2024\n    aspek.baseline.nilai\n      - 3.4\n      + 3.5" \
        in text_run.stdout


def test_a_duplicate_report_and_the_year_of_a_report_file_are_changes(repo: Path) -> None:
    report = repo / "rencana" / "5-pelaksanaan" / "realisasi-2024.yaml"
    text = report.read_text("utf-8").replace("tahun: 2024", "tahun: 2023", 1)
    first = text.index("  - program: GOV-02")
    report.write_text(text[:first] + "  - program: GOV-02\n    status: berjalan\n"
                      + text[first:], "utf-8")
    found = json.loads(run_cli("diff", "--format", "json", cwd=repo / "rencana").stdout)
    changes = {(c["kind"], c["id"]): c for c in found["changes"]}
    assert changes[("realisasi", "2024")]["fields"] == [
        {"path": "tahun", "old": 2024, "new": 2023}]
    assert changes[("realisasi_program", "2024/GOV-02 #2")]["change"] == "added"
    assert changes[("realisasi_program", "2024/GOV-02 #2")]["name"] == \
        "Aplikasi Layanan Warga Terpadu Batam"


def test_added_and_removed_programmes_a_reopened_stage_and_a_new_seal(repo: Path) -> None:
    plan = repo / "rencana"
    programmes = plan / "2-perumusan" / "program-branding.yaml"
    head, *items = re.split(r"(?m)^(?=  - id: )", programmes.read_text("utf-8"))
    programmes.write_text(head + "".join(items[1:]), "utf-8")
    removed = re.search(r"id: (\S+)", items[0]).group(1)
    added = items[0].replace(f"id: {removed}", "id: BRA-90", 1)
    (plan / "2-perumusan" / "program-baru.yaml").write_text(
        "versi_skema: 1\n\nprogram:\n" + added, "utf-8")
    manifest = plan / "kotacerdas.yaml"
    text = manifest.read_text("utf-8")
    komitmen = text[text.index("  komitmen:"):]
    reopened = re.sub(r"status: selesai", "status: berjalan", komitmen, count=1)
    reopened = re.sub(r"\n    ditutup: [0-9-]+", "", reopened, count=1)
    manifest.write_text(text.replace(komitmen, reopened), "utf-8")
    commitment = plan / "4-komitmen" / "komitmen.yaml"
    commitment.write_text(re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64,
                                 commitment.read_text("utf-8"), count=1), "utf-8")

    run = run_cli("diff", "--format", "json", cwd=plan)
    assert run.exit_code == 0, run
    found = json.loads(run.stdout)
    changes = {(c["kind"], c["id"]): c["change"] for c in found["changes"]}
    assert changes[("program", "BRA-90")] == "added"
    assert changes[("program", removed)] == "removed"
    assert found["summary"] == {"added": 1, "removed": 1, "changed": 0}
    assert found["stages"] == [{"stage": 4, "fields": [
        {"path": "status", "old": "selesai", "new": "berjalan"},
        {"path": "ditutup", "old": found["stages"][0]["fields"][1]["old"], "new": None}]}]
    assert found["seal"]["new"] == "sha256:" + "0" * 64
    assert found["seal"]["old"].startswith("sha256:")


def test_a_revision_where_the_plan_does_not_parse_is_located_there(repo: Path) -> None:
    tim = repo / "rencana" / "1-analisis" / "tim.yaml"
    tim.write_text(tim.read_text("utf-8") + "  - nama: [rusak\n", "utf-8")
    commit_all(repo, "rusak")
    run = run_cli("diff", "HEAD~1", "HEAD", "rencana", cwd=repo)
    assert run.exit_code == 1, run
    assert re.search(r"^HEAD:1-analisis/tim\.yaml:\d+:\d+: galat\[KC101\]", run.stderr, re.M)
    assert "tidak dapat dibandingkan" in run.stderr
    assert run.stdout == ""
    as_json = run_cli("diff", "HEAD~1", "HEAD", "rencana", "--format", "json", cwd=repo)
    assert as_json.exit_code == 1, as_json
    found = json.loads(as_json.stdout)
    assert found["compared"] is False and "changes" not in found
    assert [(d["code"], d["file"]) for d in found["diagnostics"]] == [
        ("KC101", "HEAD:1-analisis/tim.yaml")]


@pytest.mark.parametrize(("args", "code"), [
    (("no-such-branch",), "KC902"),
    (("--", "--output=/tmp/x"), "KC902"),
    (("HEAD", "HEAD", "HEAD"), "KC906"),
    (("",), "KC902"),  # not the working tree compared with itself
    (("HEAD", " "), "KC902"),
])
def test_revisions_git_does_not_know_are_diagnostics(repo: Path, args: tuple[str, ...],
                                                     code: str) -> None:
    run = run_cli("diff", *args, cwd=repo / "rencana")
    assert run.exit_code == 2, run
    assert f"[{code}]" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_revision_named_by_its_message(repo: Path) -> None:
    two_changes_reordered_and_reformatted(repo / "rencana")
    commit_all(repo, "Nama program GOV dipersingkat")
    run = run_cli("diff", ":/empat tahap", ":/dipersingkat", "-f", "json",
                  cwd=repo / "rencana")
    assert run.exit_code == 0, run
    found = json.loads(run.stdout)
    assert found["old"]["commit"] == git(repo, "rev-parse", "HEAD~1")
    assert found["new"]["commit"] == git(repo, "rev-parse", "HEAD")
    assert found["compared"] and found["changes"]
    unknown = run_cli("diff", ":/tidak ada pesan seperti ini", cwd=repo / "rencana")
    assert unknown.exit_code == 2 and "[KC902]" in unknown.stderr, unknown


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="handing the repository to another user needs root")
def test_a_repository_another_user_owns(repo: Path) -> None:
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 65534, 65534)
    run = run_cli("diff", cwd=repo / "rencana", env={"GIT_CONFIG_GLOBAL": "/dev/null"})
    assert run.exit_code == 2, run
    assert "[KC908]" in run.stderr and "safe.directory" in run.stderr, run.stderr
    assert "[KC901]" not in run.stderr


def test_a_revision_before_the_plan_existed(repo: Path) -> None:
    shutil.move(repo / "rencana", repo / "lama")
    commit_all(repo, "pindah")
    (repo / "rencana").mkdir()
    shutil.copytree(repo / "lama", repo / "rencana", dirs_exist_ok=True)
    run = run_cli("diff", "HEAD", cwd=repo / "rencana")
    assert run.exit_code == 2, run
    assert "[KC903]" in run.stderr and "rencana" in run.stderr


def test_a_plan_outside_any_repository(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "rencana", ignore=shutil.ignore_patterns("build"))
    alone = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    run = run_cli("diff", cwd=tmp_path / "rencana", env=alone)
    assert run.exit_code == 2, run
    assert "[KC901]" in run.stderr and run.stdout == ""
    as_json = run_cli("diff", "HEAD~1", "--format", "json", cwd=tmp_path / "rencana", env=alone)
    assert as_json.exit_code == 2 and "[KC901]" in as_json.stderr, as_json
    found = json.loads(as_json.stdout)  # a reader of the JSON learns why nothing was compared
    assert found["compared"] is False and found["old"]["revision"] == "HEAD~1"
    assert found["new"]["revision"] is None
    assert [d["code"] for d in found["diagnostics"]] == ["KC901"]


@pytest.mark.parametrize(("args", "code"), [
    (("no-such-branch", "HEAD"), "KC902"),
    (("a" * 300,), "KC902"),  # too long to be a folder's name: a revision
    (("a", "b", "c"), "KC906"),
    (("",), "KC902"),
])
def test_a_refused_comparison_is_said_in_json_too(repo: Path, args: tuple[str, ...],
                                                  code: str) -> None:
    run = run_cli("diff", *args, "-f", "json", cwd=repo / "rencana")
    assert run.exit_code == 2, run
    found = json.loads(run.stdout)
    assert [d["code"] for d in found["diagnostics"]] == [code] and not found["compared"]
    assert found["old"]["revision"] == args[0]


def test_the_work_tree_is_never_touched_and_nothing_is_left_behind(repo: Path,
                                                                   tmp_path: Path) -> None:
    two_changes_reordered_and_reformatted(repo / "rencana")
    commit_all(repo, "dua")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    plan = repo / "rencana"
    before = {p: p.stat().st_mtime_ns for p in [plan, *plan.rglob("*")]}
    run = run_cli("diff", "HEAD~1", "HEAD", cwd=plan, env={"TMPDIR": str(scratch)})
    assert run.exit_code == 0, run
    after = {p: p.stat().st_mtime_ns for p in [plan, *plan.rglob("*")]}
    assert after == before
    assert list(scratch.iterdir()) == []


def _tree(repo: Path, lines: list[str]) -> str:
    done = subprocess.run(["git", "mktree"], cwd=repo, input="".join(lines), text=True,
                          capture_output=True, check=True, env={**os.environ, **GIT_ENV})
    return done.stdout.strip()


def _commit_with(repo: Path, folder: str, extra: list[str]) -> str:
    """A commit whose ``folder`` holds its own entries and ``extra`` ones, made with git's
    plumbing as a hostile branch could be, whatever `git add` would allow."""
    inner = _tree(repo, [line + "\n" for line in git(repo, "ls-tree", f"HEAD:{folder}")
                         .splitlines()] + extra)
    top = [line + "\n" for line in git(repo, "ls-tree", "HEAD").splitlines()
           if not line.endswith("\t" + folder)]
    root = _tree(repo, [*top, f"040000 tree {inner}\t{folder}\n"])
    return git(repo, "commit-tree", root, "-p", "HEAD", "-m", "hostile")


def test_a_revision_cannot_write_outside_its_folder(tmp_path: Path) -> None:
    repo = tmp_path / "plan"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns("build"))
    git(repo, "init", "-q")
    commit_all(repo, "Batam")
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo,
                          input=b"versi_skema: 1\n", capture_output=True,
                          check=True).stdout.decode().strip()
    escape = _tree(repo, [f"100644 blob {blob}\tESCAPED.yaml\n"])
    up = _tree(repo, [f"040000 tree {escape}\t..\n"])
    upward = _commit_with(repo, "1-analisis", [f"040000 tree {up}\t..\n"])
    link_target = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo,
                                 input=b"a\0b", capture_output=True, check=True)
    bad_link = _commit_with(repo, "1-analisis",
                            [f"120000 blob {link_target.stdout.decode().strip()}\tlink.yaml\n"])
    for commit, path in ((upward, "1-analisis/../../ESCAPED.yaml"),
                         (bad_link, "1-analisis/link.yaml")):
        run = run_cli("diff", "HEAD", commit, repo)
        assert run.exit_code == 2, run
        assert "galat[KC907]" in run.stderr and path in run.stderr, run.stderr
    assert not (Path(tempfile.gettempdir()) / "ESCAPED.yaml").exists()


def _blob(repo: Path, data: bytes) -> str:
    return subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=data,
                          capture_output=True, check=True).stdout.decode().strip()


def test_a_link_laid_out_first_is_never_followed_by_the_folders_after_it(
        tmp_path: Path) -> None:
    repo, outside = tmp_path / "plan", tmp_path / "outside"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns("build"))
    outside.mkdir()
    git(repo, "init", "-q")
    commit_all(repo, "Batam")
    deep = _tree(repo, [f"100644 blob {_blob(repo, b'a: 1')}\tb.yaml\n"])
    through = _tree(repo, [f"040000 tree {deep}\tdeep\n"])
    hostile = _commit_with(repo, "4-komitmen", [
        f"120000 blob {_blob(repo, str(outside).encode())}\tx\n",
        f"040000 tree {through}\tx\n"])
    run = run_cli("diff", "HEAD", hostile, repo)
    assert run.exit_code == 2 and "galat[KC907]" in run.stderr, run
    assert list(outside.iterdir()) == []  # not even an empty folder made through the link


def test_a_plan_folder_whose_name_git_would_read_as_magic(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / ":rencana", ignore=shutil.ignore_patterns("build"))
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "Batam")
    run = run_cli("diff", "HEAD", cwd=tmp_path / ":rencana")
    assert run.exit_code == 0, run
    assert "Tidak ada perubahan" in run.stdout, run.stdout


def test_a_damaged_repository_is_said_as_such(repo: Path) -> None:
    tree = git(repo, "rev-parse", "HEAD^{tree}")
    (repo / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    run = run_cli("diff", "HEAD", cwd=repo / "rencana")
    assert run.exit_code == 2, run
    assert "galat[KC905]" in run.stderr and "[KC902]" not in run.stderr, run.stderr


def test_a_name_with_a_line_break_cannot_forge_a_line_of_the_report(repo: Path) -> None:
    programmes = repo / "rencana" / "2-perumusan" / "program-branding.yaml"
    text = programmes.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("nama: "))
    forged = old.split("nama: ")[0] + 'nama: "Kalender\\n\\nTidak ada perubahan isi rencana."'
    programmes.write_text(text.replace(old, forged, 1), "utf-8")
    for output in ("text", "markdown"):
        run = run_cli("diff", repo / "rencana", "--format", output)
        assert run.exit_code == 0, run
        # a value of several lines is shown indented under its field; only the report's
        # own lines start at the margin
        assert not any(line.startswith("Tidak ada perubahan")
                       for line in run.stdout.splitlines()), run.stdout
