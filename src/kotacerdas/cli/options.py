"""Options shared by several commands."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class Format(str, Enum):
    text = "text"
    json = "json"


class CheckFormat(str, Enum):
    """What `check` and `stage check` can print: also SARIF and GitHub annotations."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class Language(str, Enum):
    id = "id"
    en = "en"


PlanDir = Annotated[
    Optional[Path],
    typer.Argument(
        help="Folder rencana (bawaan: folder terdekat yang memuat kotacerdas.yaml). "
        "/ Plan folder (default: the nearest folder holding kotacerdas.yaml).",
        show_default=False,
        metavar="DIR",
    ),
]
OutputFormat = Annotated[
    Format, typer.Option("--format", "-f",
                         help="text atau json, ke stdout. / text or json, on stdout.")
]
CheckOutputFormat = Annotated[
    CheckFormat,
    typer.Option("--format", "-f", help="text, json, sarif (SARIF 2.1.0) atau github "
                 "(anotasi GitHub Actions / workflow annotations)."),
]
Lang = Annotated[
    Optional[Language],
    typer.Option("--lang", help="Bahasa pesan: id atau en (bawaan: dari manifes)."),
]
Strict = Annotated[
    bool, typer.Option("--strict", help="Peringatan juga dianggap gagal. / Warnings fail too.")
]


class RegionKind(str, Enum):
    kota = "kota"
    kabupaten = "kabupaten"
