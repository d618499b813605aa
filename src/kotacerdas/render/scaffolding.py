"""Rendering the scaffold templates (``templates/scaffold``) into the text of new plan files.

The templates write YAML, so nothing is HTML-escaped; plan text that goes into a YAML
value passes the ``yaml_text`` filter, which quotes it where YAML would misread it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kotacerdas.source import yaml_scalar


def _environment(folder: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml_text"] = yaml_scalar
    return env


def render_one(template_folder: Path, name: str, context: dict[str, Any]) -> str:
    """Render the template ``name`` of ``template_folder``."""
    return _environment(template_folder).get_template(name).render(context)


def render_tree(template_folder: Path, context: dict[str, Any]) -> dict[str, str]:
    """Render every ``*.j2`` below ``template_folder``: relative target path -> text."""
    env = _environment(template_folder)
    rendered = {}
    for template in sorted(template_folder.rglob("*.j2")):
        name = template.relative_to(template_folder).as_posix()
        target = name.removesuffix(".j2").replace("gitignore", ".gitignore")
        rendered[target] = env.get_template(name).render(context)
    return rendered
