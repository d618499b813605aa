"""The walls of the house: formats behind their registry, libraries in their rooms, one
error path, and every error the library raises reaching the user as a coded diagnostic."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, run_cli
from kotacerdas.render.formats import WRITERS

SOURCE = ROOT / "src" / "kotacerdas"
REGISTRY = SOURCE / "render" / "formats"


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (they may speak of formats)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def format_names_in(text: str, names: list[str]) -> list[str]:
    """The string literals of a module's code that name one of the formats ``names``:
    the name itself, a file suffix (``.html``) or a template path (``html/...``)."""
    pattern = re.compile(rf"(^|[./])({'|'.join(map(re.escape, names))})($|[./])")
    tree = ast.parse(text)
    skip = _docstrings(tree)
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip and pattern.search(node.value)]


def test_no_module_outside_the_registry_names_a_format() -> None:
    names = list(WRITERS)
    offenders = {}
    for path in SOURCE.rglob("*.py"):
        if path.is_relative_to(REGISTRY):
            continue
        found = format_names_in(path.read_text("utf-8"), names)
        if found:
            offenders[path.relative_to(SOURCE).as_posix()] = found
    assert offenders == {}


def test_the_format_check_catches_a_format_named_outside_the_registry() -> None:
    module = '"""Writes books as HTML."""\nNAME = f"{stem}.html"\nTEMPLATE = "md/buku.md.j2"\n'
    assert sorted(format_names_in(module, list(WRITERS))) == [".html", "md/buku.md.j2"]
    assert format_names_in('KIND = "html_like"\n', list(WRITERS)) == []


def test_every_registered_format_is_written_by_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    small_plan = ROOT / "tests/cases/rules/_base"
    run = run_cli("build", small_plan, "--out", out, "--format", ",".join(WRITERS))
    assert run.exit_code == 0, run
    suffixes = {path.suffix.removeprefix(".") for path in out.iterdir()
                if path.is_file() and not path.name.startswith(".")}
    assert suffixes == set(WRITERS)
    help_text = run_cli("build", "--help").stdout
    assert all(f"{name} = {w.description}" in " ".join(help_text.split())
               for name, w in WRITERS.items())


def _lint_imports(source_root: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).parent / "lint-imports"
    return subprocess.run([str(tool), "--no-logo", "--no-cache", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=source_root,
                          env={"PYTHONPATH": str(source_root), "PATH": "/usr/bin:/bin"})


def test_the_import_walls_hold() -> None:
    done = _lint_imports(ROOT / "src")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("model/common.py", "import jinja2", "Jinja and MarkupSafe stay in render"),
    ("rules/planning.py", "import typer", "typer stays in"),
    ("render/viewmodel.py", "from ruamel.yaml import YAML", "ruamel.yaml stays in"),
    ("cli/status_view.py", "import babel", "Babel stays where numbers"),
    ("plan.py", "from kotacerdas.render import books", "Imports flow one way"),
])
def test_an_import_across_a_wall_breaks_a_contract(tmp_path: Path, module: str, line: str,
                                                   contract: str) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SOURCE, copy / "kotacerdas", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "kotacerdas" / module
    target.write_text(target.read_text("utf-8") + f"\n\ndef _crossing() -> None:\n    {line}\n")
    done = _lint_imports(copy)
    assert done.returncode == 1, done.stdout
    assert contract in done.stdout.split("Broken contracts", 1)[-1]


def test_one_place_turns_outcomes_into_exit_codes() -> None:
    found = [path.relative_to(SOURCE).as_posix() for path in SOURCE.rglob("*.py")
             for _ in re.finditer(r"typer\.Exit", path.read_text("utf-8"))]
    assert found == ["cli/app.py"]


def _new_plan(tmp_path: Path) -> Path:
    run = run_cli("init", "baru", "--name", "Baru", "--province", "Riau", cwd=tmp_path)
    assert run.exit_code == 0, run
    return tmp_path / "baru"


CASES = {
    "KC601": lambda tmp: ("check", tmp),
    "KC602": lambda tmp: ("stage", "check", "9", tmp),
    "KC622": lambda tmp: ("build", EXAMPLE, "--out", tmp / "out", "--format", "odt"),
    "KC702": lambda tmp: ("stage", "advance", _copy(tmp)),  # stage 5 open: nothing to close
    "KC704": lambda tmp: ("stage", "advance", _copy(tmp), "--date", "2024-13-01"),
    "KC706": lambda tmp: ("stage", "seal", _new_plan(tmp)),
    "KC707": lambda tmp: ("init", _new_plan(tmp), "--name", "Lagi", "--province", "Riau"),
}


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "batam"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("code", sorted(CASES))
def test_library_errors_reach_the_user_as_coded_diagnostics(tmp_path: Path, code: str,
                                                            language: str) -> None:
    from kotacerdas.messages import catalogue

    args = CASES[code](tmp_path)
    run = run_cli(*args, "--lang", language)
    assert run.exit_code == 2, run
    assert "Traceback" not in run.stderr
    severity = catalogue(language)["words"]["error"]
    hint = catalogue(language)["words"]["hint"]
    assert f"kotacerdas:0:0: {severity}[{code}]" in run.stderr, run
    assert f"    {hint}: " in run.stderr, run
