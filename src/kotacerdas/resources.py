"""Where the shipped templates live: inside the installed package, or beside the sources."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def templates_dir() -> Path:
    """The top-level ``templates/`` folder (packaged as ``kotacerdas/templates``)."""
    packaged = _PACKAGE / "templates"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / "templates"
