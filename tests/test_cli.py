"""The command line end to end: init, stage check, check, status, exit codes, help."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

CASES = Path(__file__).parent / "cases"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def init_contoh(tmp_path: Path) -> Path:
    run = run_cli("init", "contoh", "--name", "Contoh", "--kind", "kota",
                  "--province", "Jawa Barat", "--start", "2025", cwd=tmp_path)
    assert run.exit_code == 0, run
    return tmp_path / "contoh"


def test_init_writes_a_plan_whose_stage_one_lists_what_is_missing(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    assert (plan / "kotacerdas.yaml").is_file()
    assert sorted(p.name for p in (plan / "1-analisis").iterdir()) == [
        "kesiapan.yaml", "pendahuluan.yaml", "profil.yaml", "swot.yaml", "tim.yaml"]

    run = run_cli("stage", "check", "1", plan)
    assert run.exit_code == 1, run
    lines = [line for line in run.stdout.splitlines() if "galat[" in line]
    assert "1-analisis/tim.yaml:25:3: galat[KC501] tim.dewan: tahap 1 memerlukan sedikitnya " \
        "satu anggota Dewan Smart City" in lines
    assert len(lines) == 11
    assert all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines)
    assert {line.split("[")[1].split("]")[0] for line in lines} == {"KC501"}


def test_init_writes_a_manifest_that_validates(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    run = run_cli("check", plan, "--format", "json")
    manifest_problems = [d for d in json.loads(run.stdout)["diagnostics"]
                         if d["file"] == "kotacerdas.yaml"]
    assert manifest_problems == []


def test_second_init_exits_2_and_changes_no_byte(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    (plan / "1-analisis" / "tim.yaml").write_text("versi_skema: 1\n# catatan saya\n")
    before = snapshot(plan)

    again = run_cli("init", "contoh", "--name", "Lain", "--province", "Bali", cwd=tmp_path)

    assert again.exit_code == 2, again
    assert "kotacerdas.yaml" in again.stderr
    assert snapshot(plan) == before


def test_init_refuses_a_folder_holding_any_target_file(tmp_path: Path) -> None:
    (tmp_path / "kota" / "1-analisis").mkdir(parents=True)
    (tmp_path / "kota" / "1-analisis" / "swot.yaml").write_text("# draf lama\n")
    run = run_cli("init", "kota", "--name", "X", "--province", "Y", cwd=tmp_path)
    assert run.exit_code == 2, run
    assert sorted(p.name for p in (tmp_path / "kota").rglob("*") if p.is_file()) == ["swot.yaml"]


def test_filled_stage_one_passes(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    for name in ("tim", "profil", "kesiapan", "swot"):
        shutil.copyfile(CASES / "base" / "1-analisis" / f"{name}.yaml",
                        plan / "1-analisis" / f"{name}.yaml")
    run = run_cli("stage", "check", "1", plan)
    assert run.exit_code == 0, run
    assert run.stdout.strip() == "Tidak ada masalah di 6 berkas."


def test_messages_follow_the_manifest_language(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    manifest = plan / "kotacerdas.yaml"
    manifest.write_text(manifest.read_text().replace("bahasa: id", "bahasa: en"))
    run = run_cli("stage", "check", "1", plan)
    assert "1-analisis/tim.yaml:25:3: error[KC501] tim.dewan: stage 1 needs at least one " \
        "member of the Smart City Council (dewan)" in run.stdout
    assert "    hint: Fill `tim: dewan:`" in run.stdout
    assert "galat" not in run.stdout


def test_json_report_carries_the_same_diagnostics(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    text = run_cli("stage", "check", "1", plan)
    data = run_cli("stage", "check", "1", plan, "--format", "json")
    assert data.exit_code == text.exit_code == 1
    payload = json.loads(data.stdout)
    assert payload["ok"] is False and payload["errors"] == 11
    first = payload["diagnostics"][0]
    assert set(first) == {"severity", "code", "file", "line", "column", "field", "message",
                          "hint", "waived"}
    heads = [line for line in text.stdout.splitlines() if "[KC" in line]
    assert [f"{d['file']}:{d['line']}:{d['column']}: galat[{d['code']}] {d['field']}: "
            f"{d['message']}" for d in payload["diagnostics"]] == heads


def test_plan_folder_is_found_from_a_subfolder(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    run = run_cli("stage", "check", "1", cwd=plan / "1-analisis")
    assert run.exit_code == 1
    assert "1-analisis/tim.yaml:25:3" in run.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("check",), "KC601"),
        (("stage", "check", "6"), "KC602"),
        (("stage", "check", "satu"), "galat[KC636] perintah tidak dapat dijalankan seperti ini: "
         "nilai 'N' tidak diterima: 'satu' bukan bilangan bulat"),
        (("stage", "check"), ": 'N' belum diberikan"),
        (("check", "--lng", "id"), ": pilihan --lng tidak dikenal; mungkin maksudnya --lang"),
        (("build", "--format"), "pilihan --format memerlukan nilai\n"
         "    saran: `kotacerdas build --help`"),
        (("stag",), ": perintah 'stag' tidak dikenal; mungkin maksudnya 'stage', 'status'"),
        (("check", "a", "b"), ": ada kata yang tidak diharapkan: b"),
        (("check", "--lang", "xx"), "nilai '--lang' tidak diterima: 'xx' bukan salah satu dari "
         "'id', 'en'"),
        (("check", "--bogus", "--lang", "en"), "error[KC636] the command cannot run as given: "
         "no such option: --bogus"),
        (("check", "--lang=en", "--bogus"), "error[KC636] the command cannot run as given: "
         "no such option: --bogus"),
        (("check", "--quiet=yes"), ": pilihan --quiet tidak menerima nilai"),
        (("build", "--template-timeout", "abc"), "'abc' bukan angka"),
        (("build", "--template-timeout", "nan"), "'nan' bukan angka"),
        (("init", "x", "--name", "X", "--province", "Y", "--kind", "desa"), "desa"),
        (("tidak-ada",), "galat[KC636]"),
        (("check", "--format", "bogus", "--lang", "en"), "hint: `kotacerdas check --help`"),
    ],
)
def test_usage_problems_exit_2_without_traceback(tmp_path: Path, args, needle) -> None:
    run = run_cli(*args, cwd=tmp_path)
    assert run.exit_code == 2, run
    assert needle in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_a_usage_error_speaks_the_language_of_the_plan(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    manifest = plan / "kotacerdas.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("bahasa: id", "bahasa: en"),
                        "utf-8")
    inside = run_cli("check", "--bogus", cwd=plan)
    named = run_cli("check", plan, "--format", "xml", cwd=tmp_path)
    assert "error[KC636] the command cannot run as given: no such option" in inside.stderr
    assert "'xml' is not one of 'text', 'json', 'sarif', 'github'" in named.stderr
    assert inside.exit_code == named.exit_code == 2


def test_status_shows_the_four_stages_and_the_next_step(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    run = run_cli("status", plan)
    assert run.exit_code == 0, run
    for word in ("Analisis", "Perumusan", "Finalisasi", "Komitmen", "Langkah berikutnya"):
        assert word in run.stdout
    assert "11 galat" in run.stdout
    assert "perbaiki 11 galat, lalu jalankan `kotacerdas stage check 1`" in run.stdout


def _commands(app) -> list[tuple[str, ...]]:
    import typer.main

    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found += [(name, sub) for sub in subcommands]
        else:
            found.append((name,))
    return found


def test_every_command_has_help_text() -> None:
    from kotacerdas.cli import application

    app = application()

    commands = _commands(app)
    assert ("init",) in commands and ("stage", "check") in commands
    for command in commands:
        run = run_cli(*command, "--help")
        assert run.exit_code == 0, run
        assert len(run.stdout.split("\n\n")[1].strip()) > 20, (command, run.stdout)


def test_every_command_is_in_the_readme() -> None:
    from kotacerdas.cli import application

    app = application()

    readme = (ROOT / "README.md").read_text("utf-8")
    for command in _commands(app):
        assert f"kotacerdas {' '.join(command)}" in readme, command


def test_help_does_not_import_heavy_libraries() -> None:
    import subprocess
    import sys

    probe = ("import sys; sys.argv=['kotacerdas','--help']\n"
             "from kotacerdas.cli import main\n"
             "try:\n main()\nexcept SystemExit: pass\n"
             "print(sorted(m for m in ('pydantic','ruamel','jinja2','rich','babel') "
             "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_written_files_follow_the_umask_and_keep_their_mode(tmp_path: Path) -> None:
    plan = init_contoh(tmp_path)
    assert (plan / "kotacerdas.yaml").stat().st_mode & 0o777 == 0o644
    from kotacerdas.source import write_atomic

    (plan / "kotacerdas.yaml").chmod(0o600)
    write_atomic(plan / "kotacerdas.yaml", "versi_skema: 1\n")
    assert (plan / "kotacerdas.yaml").stat().st_mode & 0o777 == 0o600


def test_status_never_suggests_closing_a_stage_while_the_plan_has_errors(
        example_copy: Path) -> None:
    (example_copy / "kotacerdas.yaml").write_text("", "utf-8")  # no stage row owns it
    run = run_cli("status", example_copy)
    assert run.exit_code == 0, run
    assert run.stdout.splitlines()[-1] == (
        "Langkah berikutnya: perbaiki 1 galat, lalu jalankan `kotacerdas check`")
    assert "stage advance" not in run.stdout


def test_init_names_only_the_year_that_was_given(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path / "baru", "-n", "X", "-p", "Y", "--start", "-5")
    refused = [line.split("`")[1] for line in run.stderr.splitlines() if "KC635" in line]
    assert run.exit_code == 2 and refused == ["--start -5"], run  # not the --end worked out


@pytest.mark.parametrize(("option", "value"), [("--start", "0"), ("--end", "0")])
def test_init_takes_a_year_zero_as_given_and_refuses_it(tmp_path: Path, option: str,
                                                        value: str) -> None:
    run = run_cli("init", tmp_path / "baru", "-n", "X", "-p", "Y", option, value)
    refused = [line.split("`")[1] for line in run.stderr.splitlines() if "KC635" in line]
    assert run.exit_code == 2 and f"{option} 0" in refused, run
    assert not (tmp_path / "baru").exists()


def test_init_refuses_a_name_of_two_lines(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path / "baru", "-n", "Ba\ntam", "-p", "Y")
    refused = [line.split("`")[1] for line in run.stderr.splitlines() if "KC635" in line]
    assert run.exit_code == 2 and refused == ["--name Ba\\x0atam"], run
    assert not (tmp_path / "baru").exists()


def test_init_refuses_options_its_own_plan_would_refuse(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path / "baru", "-n", "Kota\x1b[31m", "-p", " ", "--start",
                  "2030", "--end", "2020", "--code", "2171")
    assert run.exit_code == 2, run
    assert [line.split("`")[1] for line in run.stderr.splitlines() if "KC635" in line] == [
        "--name Kota\\x1b[31m", "--province  ", "--end 2020", "--code 2171"]
    assert not (tmp_path / "baru").exists()
    done = run_cli("init", tmp_path / "baru", "-n", "Batam", "-p", "Kepulauan Riau",
                   "--start", "2025", "--code", "21.71", "--quiet")
    assert done.exit_code == 0 and done.stdout == "", done
    assert 'kode: "21.71"' in (tmp_path / "baru" / "kotacerdas.yaml").read_text("utf-8")


@pytest.mark.parametrize("verb", [("check",), ("status",), ("ids", "--write"), ("build",)])
def test_a_mistyped_folder_inside_a_plan_is_not_taken_for_the_plan(example_copy: Path,
                                                                  verb: tuple[str, ...]) -> None:
    before = sorted(path for path in example_copy.rglob("*"))
    run = run_cli(*verb, example_copy / "2-perumusn")
    assert run.exit_code == 2 and "galat[KC601]" in run.stderr, run
    assert "2-perumusn" in run.stderr
    assert sorted(path for path in example_copy.rglob("*")) == before
