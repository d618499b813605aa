"""Where the toolkit's own files live: the shipped templates, and the user's cache folder."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).parent


def templates_dir() -> Path:
    """The top-level ``templates/`` folder (packaged as ``kotacerdas/templates``)."""
    packaged = _PACKAGE / "templates"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / "templates"


def cache_folder(name: str) -> Path | None:
    """``$XDG_CACHE_HOME/kotacerdas/<name>`` (by default under ``~/.cache``), made if need be;
    None when it cannot be made or written, and the caller works without a cache. A
    ``$XDG_CACHE_HOME`` that does not exist yet is made, as the XDG rules ask; a home
    folder that does not exist is not."""
    chosen = os.environ.get("XDG_CACHE_HOME")
    if chosen and os.path.isabs(chosen):  # a relative one is to be ignored, says XDG
        return _usable(Path(chosen) / "kotacerdas" / name)
    try:
        home = Path.home()
    except RuntimeError:  # no home folder can be worked out at all
        return None
    return _usable(home / ".cache" / "kotacerdas" / name) if home.is_dir() else None


@cache
def _usable(folder: Path) -> Path | None:
    """Asked once per folder and process: a check looks its cache up for every file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def keep(path: Path, content: str | bytes) -> bool:
    """Write ``content`` (text as UTF-8) to the cache entry ``path`` whole or not at all
    (through a temporary file beside it); whether it was written. A cache that cannot be
    written only means working without it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        return False
    return True


def read_entry(path: Path) -> bytes | None:
    """The bytes of the cache entry ``path``; None when it is missing or not a regular
    file (a pipe put there is never waited on)."""
    import stat

    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        with os.fdopen(handle, "rb", closefd=False) as entry:
            return entry.read()
    except OSError:
        return None
    finally:
        os.close(handle)


def prune(folder: Path, pattern: str, most: int) -> None:
    """Keep no more than ``most`` entries matching ``pattern`` in ``folder``: the least
    recently written go first (one that cannot be removed is left)."""
    try:
        entries = list(folder.glob(pattern))
    except OSError:
        return
    if len(entries) <= most:
        return
    entries.sort(key=_written)
    for stale in entries[: len(entries) - most]:
        try:
            stale.unlink(missing_ok=True)
        except OSError:
            continue


def _written(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
