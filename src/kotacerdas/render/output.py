"""Writing the books: only inside the output folder, atomically, never through a symlink."""

from __future__ import annotations

import os
from pathlib import Path

from kotacerdas.render.problems import problem
from kotacerdas.source import write_atomic


def prepare(out: Path) -> Path:
    """Create the output folder; refuse one that is a symlink or not a folder."""
    if out.is_symlink():
        raise problem("KC619", str(out), path=str(out), target=os.readlink(out))
    if out.exists() and not out.is_dir():
        raise problem("KC619", str(out), path=str(out), target="")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise problem("KC620", str(out), path=str(out), detail=failure.strerror or "") from None
    return out


def write(out: Path, name: str, text: str) -> Path:
    """Write ``out/name``; a symlink already at that name is replaced, not followed."""
    target = out / name
    if target.parent != out:
        raise problem("KC619", name, path=name, target=str(target.parent))
    try:
        write_atomic(target, text)
    except OSError as failure:
        raise problem("KC620", str(target), path=str(target),
                      detail=failure.strerror or str(failure)) from None
    return target

