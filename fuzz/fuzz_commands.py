"""Coverage-guided fuzzing of every command with atheris (run it with `make fuzz`).

Each input replaces one file of a small complete plan (its first byte picks which), and
the plan then goes through what the commands do: the loader and validation of that
file, then check, status, coverage, a forced build of the books in both formats, stage
advance, stage seal and schema. Whatever the bytes, each must answer with diagnostics or
one of the library's own errors; any other exception is a finding, and so is a file
written outside the plan and the output folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["kotacerdas", "ruamel"]):
    from kotacerdas.commands.build import BuildOptions, build_plan
    from kotacerdas.commands.coverage import plan_coverage
    from kotacerdas.commands.schema import write_schemas
    from kotacerdas.commands.stage import advance, reseal
    from kotacerdas.commands.status import plan_status
    from kotacerdas.errors import KotacerdasError
    from kotacerdas.model.analysis import AnalysisFile
    from kotacerdas.origins import Origins
    from kotacerdas.source import load_file
    from kotacerdas.validation import validate_file

_BASE = Path(__file__).resolve().parents[1] / "tests" / "cases" / "rules" / "_base"
_FILES = sorted(p.relative_to(_BASE).as_posix() for p in _BASE.rglob("*.yaml"))
_SCRATCH = Path(tempfile.mkdtemp(prefix="kotacerdas-fuzz-"))
_PLAN, _OUT, _NEIGHBOUR = _SCRATCH / "rencana", _SCRATCH / "buku", _SCRATCH / "tetangga"
# A cache "folder" that is a file: the parse cache stays off, so every input is parsed.
(_SCRATCH / "no-cache").touch()
os.environ["XDG_CACHE_HOME"] = str(_SCRATCH / "no-cache")
_PROBES = [(), ("tim",), ("tim", "dewan", 0, "nama"), ("swot", "kekuatan", 3), ("x", 0, "y")]
_NEIGHBOUR.mkdir()
(_NEIGHBOUR / "catatan.txt").write_text("jangan diubah\n", "utf-8")


def _fresh_plan(data: bytes) -> Path:
    """The base plan with one file (chosen by the first byte) replaced by the rest."""
    shutil.rmtree(_PLAN, ignore_errors=True)
    shutil.rmtree(_OUT, ignore_errors=True)
    shutil.copytree(_BASE, _PLAN)
    name = _FILES[data[0] % len(_FILES)] if data else _FILES[0]
    target = _PLAN / name
    target.write_bytes(data[1:])
    return target


def _load(target: Path) -> None:
    source, found = load_file(target, _PLAN)
    for diagnostic in found:
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
    if source.data is None:
        assert found, "an unreadable file must say why"
        return
    for probe in _PROBES:
        line, column = source.locate(probe)
        assert line >= 1 and column >= 1
    _, problems = validate_file(source, AnalysisFile, Origins())
    for diagnostic in problems:
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic


def _commands() -> None:
    steps = (
        lambda: plan_status(_PLAN),
        lambda: plan_coverage(_PLAN),
        lambda: build_plan(_PLAN, BuildOptions(("md", "html"), out=_OUT, force=True)),
        lambda: advance(_PLAN, on=date(2024, 9, 7)),
        lambda: reseal(_PLAN),
        lambda: write_schemas(_PLAN),
    )
    for step in steps:
        try:
            step()
        except KotacerdasError as error:
            assert error.diagnostics, "a library error must say why"


def test_one_input(data: bytes) -> None:
    """One damaged plan through every command; a diagnostic is fine, a crash a finding."""
    _load(_fresh_plan(data))
    _commands()
    assert sorted(p.name for p in _SCRATCH.iterdir()) in (
        ["no-cache", "rencana", "tetangga"], ["buku", "no-cache", "rencana", "tetangga"])
    assert [p.name for p in _NEIGHBOUR.iterdir()] == ["catatan.txt"]


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
