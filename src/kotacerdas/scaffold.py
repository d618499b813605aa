"""Writing new plan files from the templates in ``templates/scaffold``: never over old ones.

The templates exist once per language (``scaffold/id``, ``scaffold/en``); they differ only
in their comments and the example text, and a test holds them to the same YAML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kotacerdas.plan import MANIFEST
from kotacerdas.resources import templates_dir
from kotacerdas.schema import write_schemas
from kotacerdas.source import write_atomic

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'()/-]*$")


class WouldOverwrite(Exception):
    """Some target already exists; nothing was written."""

    def __init__(self, existing: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in existing))
        self.existing = existing


@dataclass(frozen=True)
class Region:
    name: str
    kind: str
    province: str
    start: int
    end: int
    code: str | None = None
    language: str = "id"


def yaml_text(value: str) -> str:
    """A YAML scalar for ``value``: plain when safe, double-quoted otherwise."""
    if _PLAIN.match(value) and value.lower() not in ("yes", "no", "on", "off", "null", "true"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _environment(folder: Path) -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml_text"] = yaml_text
    return env


def scaffold_dir(part: str, language: str) -> Path:
    """The templates of ``part`` ("init", "stage-2", ...) with their comments in ``language``."""
    return templates_dir() / "scaffold" / (language if language == "en" else "id") / part


def render_tree(template_folder: Path, context: dict[str, Any]) -> dict[str, str]:
    """Render every ``*.j2`` below ``template_folder``: relative target path -> text."""
    env = _environment(template_folder)
    rendered = {}
    for template in sorted(template_folder.rglob("*.j2")):
        name = template.relative_to(template_folder).as_posix()
        target = name.removesuffix(".j2").replace("gitignore", ".gitignore")
        rendered[target] = env.get_template(name).render(context)
    return rendered


def write_new_files(root: Path, files: dict[str, str]) -> list[Path]:
    """Write all ``files`` under ``root``, or none of them if any already exists."""
    targets = {root / name: text for name, text in files.items()}
    existing = [path for path in targets if path.exists() or path.is_symlink()]
    if existing:
        raise WouldOverwrite(existing)
    for path, text in targets.items():
        write_atomic(path, text)
    return list(targets)


def init_plan(folder: Path, region: Region) -> list[Path]:
    """Start a plan for ``region`` in ``folder``: manifest, stage-1 files, editor schemas."""
    if (folder / MANIFEST).exists():
        raise WouldOverwrite([folder / MANIFEST])
    files = render_tree(scaffold_dir("init", region.language), init_context(region))
    written = write_new_files(folder, files)
    return written + write_schemas(folder)


def init_context(region: Region) -> dict[str, Any]:
    """What the `init` templates are filled with."""
    city = region.kind == "kota"
    return {
        "nama": region.name,
        "jenis": region.kind,
        "jenis_label": "Kota" if city else "Kabupaten",
        "kepala_daerah": "Wali Kota" if city else "Bupati",
        "provinsi": region.province,
        "kode": region.code,
        "mulai": region.start,
        "selesai": region.end,
        "bahasa": region.language,
    }
