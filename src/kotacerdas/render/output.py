"""Writing the books: only inside the output folder, atomically, never through a symlink.

The output folder keeps a record of the books the last build wrote (``RECORD``), so that
a book the outline no longer has is removed rather than left behind, stale. Nothing that
is not on that record is ever removed.
"""

from __future__ import annotations

import os
from pathlib import Path

from kotacerdas.errors import build_problem
from kotacerdas.source import write_atomic

#: The names of the books the last build wrote, one per line, kept in the output folder.
RECORD = ".kotacerdas-buku"


def prepare(out: Path) -> Path:
    """Create the output folder; refuse one that is a symlink or not a folder."""
    if out.is_symlink():
        raise build_problem("KC619", str(out), path=str(out), target=os.readlink(out))
    if out.exists() and not out.is_dir():
        raise build_problem("KC619", str(out), path=str(out), target="")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise build_problem("KC620", str(out), path=str(out),
                            detail=failure.strerror or "") from None
    return out


def write(out: Path, name: str, text: str) -> Path:
    """Write ``out/name``; a symlink already at that name is replaced, not followed."""
    target = out / name
    if target.parent != out:
        raise build_problem("KC619", name, path=name, target=str(target.parent))
    try:
        write_atomic(target, text)
    except OSError as failure:
        raise build_problem("KC620", str(target), path=str(target),
                            detail=failure.strerror or str(failure)) from None
    return target



def remove_stale(out: Path, written: list[str], formats: tuple[str, ...]) -> list[str]:
    """Remove the books in ``formats`` an earlier build wrote and this one did not.

    Books in other formats are kept (building only Markdown leaves the HTML alone), and
    so is every file the record does not name. Returns the names removed.
    """
    earlier = _recorded(out)
    stale = [name for name in earlier
             if name not in written and name.rpartition(".")[2] in formats]
    for name in stale:
        try:
            (out / name).unlink(missing_ok=True)  # a symlink is removed, never followed
        except OSError:
            pass  # a folder put there by hand, say: left alone
    kept = sorted({*written, *(name for name in earlier if name not in stale)})
    write(out, RECORD, "".join(f"{name}\n" for name in kept))
    return stale


def _recorded(out: Path) -> list[str]:
    try:
        lines = (out / RECORD).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [name for name in lines if _plain_name(name)]


def _plain_name(name: str) -> bool:
    """A file name directly in the output folder: no path, not hidden, not the record."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")
