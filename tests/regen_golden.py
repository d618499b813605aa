"""Rebuild the pinned books under tests/golden/ from the worked example and the fixtures.

Run it (``make golden``) after a deliberate change to the templates, the renderer, the
example or a fixture, then review the difference with ``git diff tests/golden`` before
committing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "batam-2022"
KABUPATEN = ROOT / "tests" / "fixtures" / "kabupaten-sumberjaya"
GOLDEN_ROOT = ROOT / "tests" / "golden"
GOLDEN = GOLDEN_ROOT / EXAMPLE.name
#: The plans whose books are pinned, each under tests/golden/<its folder name>.
PINNED = (EXAMPLE, KABUPATEN)
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def build_example(out: Path, plan: Path = EXAMPLE) -> subprocess.CompletedProcess[str]:
    """Build ``plan``'s books into ``out`` exactly as the golden tests do."""
    command = [sys.executable, "-m", "kotacerdas", "build", str(plan), "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=120)


def main() -> int:
    code = 0
    for plan in PINNED:
        golden = GOLDEN_ROOT / plan.name
        if golden.exists():
            shutil.rmtree(golden)
        done = build_example(golden, plan)
        (golden / ".kotacerdas-buku").unlink(missing_ok=True)  # the build's own record
        sys.stderr.write(done.stderr)
        code = code or done.returncode
    return code


if __name__ == "__main__":
    raise SystemExit(main())
