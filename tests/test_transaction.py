"""Every write of the tool is one change: all or nothing, one writer at a time, files kept
as written (line endings, byte-order mark, indentation), and a clear diagnostic when the
plan folder cannot be written."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_cli

STAGE_SLUGS = ("analisis", "perumusan", "finalisasi", "komitmen")
STAGE_FOLDERS = ("1-analisis", "2-perumusan", "3-finalisasi", "4-komitmen")
CLOSING = "2022-09-07"

def reopen(plan: Path, number: int) -> Path:
    """The worked example as it stood while stage ``number`` was still open."""
    manifest = plan / "kotacerdas.yaml"
    text = manifest.read_text("utf-8")
    for index, slug in enumerate(STAGE_SLUGS, 1):
        if index < number:
            continue
        state = "berjalan" if index == number else "belum"
        block = re.search(rf"  {slug}:[^\n]*\n((?:    [^\n]*\n)*)", text)
        assert block, slug
        body = re.sub(r"    status: \w+", f"    status: {state}", block.group(1))
        body = re.sub(r"    ditutup: [^\n]*\n", "", body)
        text = text[:block.start(1)] + body + text[block.end(1):]
    text = re.sub(r"  pelaksanaan:[^\n]*\n(?:    [^\n]*\n)*", "", text)  # stage 5 not open
    manifest.write_text(text, "utf-8")
    for folder in (*STAGE_FOLDERS[number:], "5-pelaksanaan"):
        shutil.rmtree(plan / folder, ignore_errors=True)
    return plan


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) below ``root``."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        found[rel] = None if path.is_dir() and not path.is_symlink() else path.read_bytes()
    return found


def changed_lines(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]]:
    """The lines a line diff removes and adds (CRLF files split at their line ends)."""
    old, new = before.split(b"\r\n"), after.split(b"\r\n")
    removed, added = [], []
    for line in difflib.diff_bytes(difflib.unified_diff, old, new, n=0, lineterm=b""):
        if line.startswith(b"-") and not line.startswith(b"---"):
            removed.append(line[1:])
        elif line.startswith(b"+") and not line.startswith(b"+++"):
            added.append(line[1:])
    return removed, added


@pytest.fixture
def batam(tmp_path: Path) -> Path:
    target = tmp_path / "batam"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


def killed_run(args: list[str], limit: int) -> int:
    """Run the command line in a fork of this process, ended (as `kill -9` would end it) at
    its ``limit``-th file-system write: an open for writing, a rename, a removal, a new
    folder. Its exit status: 137 when it was ended, else its own."""
    from kotacerdas.cli import application

    app = application()
    pid = os.fork()
    if pid:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    count = 0

    def hook(event: str, hook_args: tuple) -> None:
        nonlocal count
        if _writes(event, hook_args):
            count += 1
            if count == limit:
                os._exit(137)

    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.addaudithook(hook)
    try:
        app(args, prog_name="kotacerdas")
    except SystemExit as done:
        os._exit(done.code if isinstance(done.code, int) else 2)
    except BaseException:
        os._exit(3)
    os._exit(0)


def _writes(event: str, args: tuple) -> bool:
    return event in ("os.rename", "os.remove", "os.mkdir", "os.rmdir", "os.chmod") or (
        event == "open" and isinstance(args[1], str) and bool(set(args[1]) & set("wax+"))) or (
        event == "open" and isinstance(args[2], int)
        and bool(args[2] & (os.O_WRONLY | os.O_RDWR)))


def run_here(*args: str | Path) -> None:
    """Run the command line in this process; it must end in an exit code, not an error."""
    from typer.testing import CliRunner

    from kotacerdas.cli import application

    done = CliRunner().invoke(application(), [str(a) for a in args])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    assert "Traceback" not in done.output, done.output


def interruption_points(make: callable, args: list[str]) -> None:
    """Kill ``args`` at every write in turn; the plan is always as before or as after."""
    reference = make("reference")
    before = snapshot(reference)
    done = run_cli(*args, reference)
    assert done.exit_code == 0, done
    after = snapshot(reference)
    assert after != before
    limit = 1
    while True:
        plan = make(f"kill-{limit}")
        status = killed_run([*args, str(plan)], limit)
        if status == 0:
            break  # the run had fewer writes than the limit: every point was tried
        assert status == 137, status
        run_here("status", plan)  # any command finishes or undoes the change
        state = snapshot(plan)
        assert state in (before, after), f"write {limit} left {sorted(set(state) ^ set(after))}"
        if state == before:  # undone: running it again makes the whole change (once done,
            run_here(*args, plan)  # advancing again would open the next stage)
            assert snapshot(plan) == after, f"re-run after write {limit}"
        limit += 1
    assert limit > 4, "the change had too few writes to test"


def test_an_interrupted_stage_advance_is_all_or_nothing(batam: Path, tmp_path: Path) -> None:
    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(batam, target)
        return reopen(target, 3)

    interruption_points(make, ["stage", "advance", "--date", CLOSING])


def test_an_interrupted_closing_of_stage_four_is_all_or_nothing(batam: Path,
                                                                tmp_path: Path) -> None:
    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(batam, target)
        return reopen(target, 4)

    interruption_points(make, ["stage", "advance", "--date", CLOSING])


def test_an_interrupted_seal_is_all_or_nothing(batam: Path, tmp_path: Path) -> None:
    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(batam, target)
        programmes = target / "2-perumusan/program-governance.yaml"
        text = programmes.read_text("utf-8")
        programmes.write_text(text.replace("nama: ", "nama: Perubahan ", 1), "utf-8")
        return target

    interruption_points(make, ["stage", "seal"])


#: The system's operations a test may refuse: a staged file put in place; a new file the
#: advance made removed again (as putting back does); the manifest's second name removed
#: (once as the change is staged, then once it is complete).
PLACING = ("os.rename", ".kotacerdas-baru")
PUTTING_BACK = ("os.remove", "4-komitmen/komitmen.yaml")
LETTING_GO = ("os.remove", ".kotacerdas.yaml.kotacerdas-lama")


def refused_run(args: list[str], refusals: dict[tuple[str, str], int], errors: Path) -> int:
    """Run the command line in a fork of this process, the system refusing (as it does an
    immutable file) the n-th operation of each kind ``refusals`` names; its exit status,
    what it said in ``errors``."""
    from kotacerdas.cli import application

    app = application()
    pid = os.fork()
    if pid:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    counts = dict.fromkeys(refusals, 0)

    def hook(event: str, hook_args: tuple) -> None:
        for (kind, marker), nth in refusals.items():
            if event == kind and marker in str(hook_args[0]) \
                    and "transaksi" not in str(hook_args[0]):  # the journal's own steps
                counts[kind, marker] += 1
                if counts[kind, marker] == nth:
                    raise PermissionError(1, "Operation not permitted", str(hook_args[0]))

    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    sys.stderr = errors.open("w", encoding="utf-8")  # noqa: SIM115  # closed by the exit
    sys.addaudithook(hook)
    code = 0
    try:
        app(args, prog_name="kotacerdas")
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 2
    except BaseException:
        code = 3
    sys.stderr.flush()
    os._exit(code)


def test_a_replacement_the_system_refuses_leaves_the_plan_as_it_was(batam: Path,
                                                                    tmp_path: Path) -> None:
    before = snapshot(reopen(batam, 3))
    limit = 1
    while True:
        plan = tmp_path / f"refused-{limit}"
        shutil.copytree(batam, plan)
        errors = tmp_path / f"errors-{limit}.txt"
        status = refused_run(["stage", "advance", str(plan), "--date", CLOSING],
                             {PLACING: limit}, errors)
        if status == 0:
            break  # fewer replacements than the limit: every one was refused once
        assert status == 2, errors.read_text()
        assert "[KC708]" in errors.read_text() and "Traceback" not in errors.read_text()
        assert snapshot(plan) == before, f"replacement {limit} refused"  # at once, as it was
        limit += 1
    assert limit > 3, "the change replaced too few files to test"


def test_a_put_back_refused_too_is_taken_up_by_the_next_command(batam: Path,
                                                                tmp_path: Path) -> None:
    before = snapshot(reopen(batam, 3))
    errors = tmp_path / "errors.txt"
    status = refused_run(["stage", "advance", str(batam), "--date", CLOSING],
                         {PLACING: 3, PUTTING_BACK: 1}, errors)
    assert status == 2 and "[KC714]" in errors.read_text(), errors.read_text()
    assert (batam / ".kotacerdas/transaksi.json").exists()
    checked = run_cli("check", batam)  # the next command puts the files back, and says so
    assert checked.exit_code == 0 and "[KC710]" in checked.stdout + checked.stderr, checked
    assert snapshot(batam) == before


def test_a_second_name_that_will_not_go_never_undoes_a_complete_change(
        batam: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(reopen(batam, 3), reference)
    assert run_cli("stage", "advance", reference, "--date", CLOSING).exit_code == 0
    after = snapshot(reference)
    status = refused_run(["stage", "advance", str(batam), "--date", CLOSING],
                         {LETTING_GO: 2}, tmp_path / "errors.txt")
    assert status == 0
    run_here("status", batam)  # what was left behind goes
    assert snapshot(batam) == after


def test_nothing_is_written_over_a_change_recovery_could_not_complete(
        batam: Path, tmp_path: Path) -> None:
    reopen(batam, 3)
    status = refused_run(["stage", "advance", str(batam), "--date", CLOSING],
                         {PLACING: 3, PUTTING_BACK: 1}, tmp_path / "errors.txt")
    assert status == 2
    journal = (batam / ".kotacerdas/transaksi.json").read_bytes()
    status = refused_run(["schema", str(batam)], {PUTTING_BACK: 1}, tmp_path / "again.txt")
    said = (tmp_path / "again.txt").read_text()
    assert status == 2 and "[KC714]" in said and "Traceback" not in said, said
    assert (batam / ".kotacerdas/transaksi.json").read_bytes() == journal


@pytest.mark.parametrize("seed", range(6))
def test_a_kill_at_any_moment_leaves_the_plan_whole(batam: Path, tmp_path: Path,
                                                    seed: int) -> None:
    reference = reopen(batam, 3)
    plan = tmp_path / "plan"
    shutil.copytree(reference, plan)
    before = snapshot(plan)
    assert run_cli("stage", "advance", reference, "--date", CLOSING).exit_code == 0
    after = snapshot(reference)
    child = subprocess.Popen([sys.executable, "-m", "kotacerdas", "stage", "advance", str(plan),
                              "--date", CLOSING], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(0.15 + 0.08 * seed)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert "Traceback" not in run_cli("check", plan).stderr
    assert snapshot(plan) in (before, after)


#: Run kotacerdas with a pause inside its change, once the journal is written.
PAUSE_IN_CHANGE = """
import runpy, sys, time
def hook(event, args):
    if event == "os.rename" and str(args[1]).endswith("transaksi.json"):
        time.sleep(2)
sys.addaudithook(hook)
sys.argv = ["kotacerdas", *sys.argv[1:]]
runpy.run_module("kotacerdas", run_name="__main__")
"""


def test_two_writers_at_once_the_second_is_refused_and_nothing_is_lost(batam: Path) -> None:
    plan = reopen(batam, 3)
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", "")}
    first = subprocess.Popen([sys.executable, "-c", PAUSE_IN_CHANGE, "stage", "advance",
                              str(plan), "--date", CLOSING], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    journal = plan / ".kotacerdas/transaksi.json"
    deadline = time.monotonic() + 30
    while not journal.exists() and time.monotonic() < deadline:
        time.sleep(0.02)  # the first is inside its change, holding the lock
    second = run_cli("stage", "advance", plan, "--date", "2022-09-08")
    reader = run_cli("status", plan)
    _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert second.exit_code == 2 and "[KC709]" in second.stderr, second
    assert reader.exit_code == 0 and "Traceback" not in reader.stderr, reader
    manifest = (plan / "kotacerdas.yaml").read_text("utf-8")
    assert f"ditutup: {CLOSING}" in manifest and "2022-09-08" not in manifest
    assert not (plan / ".kotacerdas/kunci").exists() and not journal.exists()


def test_line_endings_byte_order_mark_and_indentation_survive_an_advance(
        batam: Path) -> None:
    plan = reopen(batam, 3)
    manifest = plan / "kotacerdas.yaml"
    text = manifest.read_text("utf-8")
    wide = re.sub(r"^( +)", lambda m: m.group(1) * 2, text, flags=re.MULTILINE)
    manifest.write_bytes(b"\xef\xbb\xbf" + wide.replace("\n", "\r\n").encode("utf-8"))
    before = manifest.read_bytes()
    run = run_cli("stage", "advance", plan, "--date", CLOSING)
    assert run.exit_code == 0, run
    after = manifest.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\n") == after.count(b"\r\n")
    stage_three = re.search(rb"    finalisasi:.*?\r\n(?=    komitmen:)", before, re.DOTALL)
    assert stage_three
    closed = stage_three.group(0).replace(b"status: berjalan", b"status: selesai") + (
        f"        ditutup: {CLOSING}\r\n".encode())
    expected = before[:stage_three.start()] + closed + before[stage_three.end():].replace(
        b"status: belum", b"status: berjalan", 1)
    assert after == expected


def test_a_seal_keeps_the_commitment_file_as_written(batam: Path) -> None:
    commitment = batam / "4-komitmen/komitmen.yaml"
    text = commitment.read_text("utf-8")
    text = re.sub(r"(?m)^  segel: \S+\n", "", text)  # the seal, not its history
    commitment.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    before = commitment.read_bytes()
    run = run_cli("stage", "seal", batam)
    assert run.exit_code == 0, run
    after = commitment.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\n") == after.count(b"\r\n")
    removed, added = changed_lines(before, after)
    assert removed == [] and len(added) == 1 and added[0].startswith(b"  segel: sha256:")


def test_a_file_where_the_state_folder_belongs_is_a_diagnostic(batam: Path) -> None:
    plan = reopen(batam, 3)
    shutil.rmtree(plan / ".kotacerdas")
    (plan / ".kotacerdas").write_text("bukan folder\n", "utf-8")
    before = snapshot(plan)
    for language, words in (("id", "galat[KC708] .kotacerdas"), ("en", "error[KC708] .kotacerdas")):
        run = run_cli("stage", "advance", plan, "--lang", language)
        assert run.exit_code == 2 and words in run.stderr, run
        assert "Traceback" not in run.stderr
    assert snapshot(plan) == before


def test_schemas_go_nowhere_but_their_own_folder(batam: Path, tmp_path: Path) -> None:
    """Their folder a file, or a link out of the plan: refused, nothing written."""
    skema = batam / ".kotacerdas" / "skema"
    shutil.rmtree(skema)
    skema.write_text("bukan folder\n", "utf-8")
    run = run_cli("schema", batam)
    assert run.exit_code == 2 and "galat[KC708] .kotacerdas/skema" in run.stderr, run
    assert skema.read_text("utf-8") == "bukan folder\n"
    skema.unlink()
    outside = tmp_path / "di-luar"
    outside.mkdir()
    skema.symlink_to(outside)
    run = run_cli("schema", batam)
    assert run.exit_code == 2 and "galat[KC107]" in run.stderr, run
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("args", [("stage", "advance"), ("schema",), ("stage", "seal")])
def test_a_full_disk_leaves_nothing_half_written(batam: Path, args: tuple[str, ...]) -> None:
    plan = reopen(batam, 3) if args == ("stage", "advance") else batam
    before = snapshot(plan)

    def small_files() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    done = subprocess.run([sys.executable, "-m", "kotacerdas", *args, str(plan)],
                          capture_output=True, text=True, preexec_fn=small_files,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                               # a size limit would cut short the interpreter's own
                               # bytecode files too
                               "PYTHONDONTWRITEBYTECODE": "1"}, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "[KC708]" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert snapshot(plan) == before


def test_init_into_a_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "berkas").write_text("x\n", "utf-8")
    run = run_cli("init", tmp_path / "berkas", "--name", "X", "--province", "Y")
    assert run.exit_code == 2 and "[KC708]" in run.stderr and "Traceback" not in run.stderr
    assert (tmp_path / "berkas").read_text("utf-8") == "x\n"


def read_only_run(plan: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    """Run kotacerdas with ``plan`` on a read-only file system (a private read-only bind
    mount for root, who may write anywhere; plain permissions for other users)."""
    command = [sys.executable, "-m", "kotacerdas", *args, str(plan)]
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    if os.geteuid() != 0:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    script = (f'mount --bind "{plan}" "{plan}" && mount -o remount,bind,ro "{plan}" && '
              'exec "$@"')
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", *command],
                          capture_output=True, text=True, env=env, timeout=120)


def test_a_read_only_plan_is_a_diagnostic(batam: Path) -> None:
    plan = reopen(batam, 3)
    if os.geteuid() == 0:
        probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
        if probe.returncode != 0 or not shutil.which("unshare"):
            pytest.skip("root can write anywhere, and this system allows no private "
                        "read-only mount (unshare -m) to stand in for a read-only folder")
    else:
        for path in [plan, *plan.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
    before = snapshot(plan)
    try:
        for args in (("stage", "advance"), ("schema",), ("stage", "seal")):
            done = read_only_run(plan, args)
            assert done.returncode == 2, done.stderr
            assert "[KC708]" in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert snapshot(plan) == before
    finally:
        for path in [plan, *plan.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_journal_cannot_move_files_out_of_the_plan(batam: Path, tmp_path: Path) -> None:
    outside = tmp_path / "di-luar.txt"
    outside.write_text("tetap\n", "utf-8")
    (batam / ".kotacerdas/transaksi.json").write_text(
        '{"keadaan": "disetujui", "folder_baru": ["../"], "berkas": '
        f'[{{"tujuan": "{outside}", "sementara": "kotacerdas.yaml"}}, '
        '{"tujuan": "../di-luar.txt", "sementara": "../.di-luar.txt.kotacerdas-baru"}]}',
        "utf-8")
    before = snapshot(batam)
    run = run_cli("check", batam)
    assert run.exit_code == 0 and "Traceback" not in run.stderr, run
    assert outside.read_text("utf-8") == "tetap\n"
    assert snapshot(batam) == before
