"""Writing a set of plan files together: new files first, edited files after them."""

from __future__ import annotations

from pathlib import Path

from kotacerdas.source import write_atomic


def write_files(root: Path, files: dict[str, str], last: str | None = None) -> list[Path]:
    """Write each ``files`` entry (relative path -> text) under ``root``, ``last`` last.

    Each file is replaced atomically; readers see the old or the new file, never half.
    """
    order = sorted(files, key=lambda name: name == last)
    for name in order:
        write_atomic(root / name, files[name])
    return [root / name for name in order]
