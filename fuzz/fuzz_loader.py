"""Coverage-guided fuzzing of the plan loader with atheris (run it with `make fuzz`).

Every input is written as a plan file and read the way `check` reads it: decoding, the
screens for size, nesting, node count and aliases, the C load, positions on demand and
validation against a stage model. Whatever the bytes, the loader must answer with
diagnostics; any exception that escapes is a finding.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["kotacerdas", "ruamel"]):
    from kotacerdas.model.analysis import AnalysisFile
    from kotacerdas.origins import Origins
    from kotacerdas.source import load_file
    from kotacerdas.validation import validate_file

_ROOT = Path(tempfile.mkdtemp(prefix="kotacerdas-fuzz-"))
_FILE = _ROOT / "1-analisis.yaml"
# A cache "folder" that is a file: the parse cache stays off, so every input is parsed.
(_ROOT / "no-cache").touch()
os.environ["XDG_CACHE_HOME"] = str(_ROOT / "no-cache")
_PROBES = [(), ("tim",), ("tim", "dewan", 0, "nama"), ("swot", "kekuatan", 3), ("x", 0, "y")]


def test_one_input(data: bytes) -> None:
    """Load one candidate plan file; a diagnostic is fine, an exception is a finding."""
    _FILE.write_bytes(data)
    source, found = load_file(_FILE, _ROOT)
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


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
