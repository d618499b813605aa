"""Rebuild the pinned books under tests/golden/ from the worked example.

Run it (``make golden``) after a deliberate change to the templates, the renderer or the
example, then review the difference with ``git diff tests/golden`` before committing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "batam-2022"
GOLDEN = ROOT / "tests" / "golden" / "batam-2022"
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def build_example(out: Path) -> subprocess.CompletedProcess[str]:
    """Build the example's books into ``out`` exactly as the golden test does."""
    command = [sys.executable, "-m", "kotacerdas", "build", str(EXAMPLE), "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=120)


def main() -> int:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    done = build_example(GOLDEN)
    sys.stderr.write(done.stderr)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
