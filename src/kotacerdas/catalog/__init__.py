"""Versioned dimension/element catalogues, shipped as YAML data beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class Element:
    id: str
    names: dict[str, str]
    regency_names: dict[str, str] | None = None  # where a kabupaten says it otherwise

    def name(self, language: str, kind: str = "kota") -> str:
        """The element's name in ``language``, as a region of ``kind`` says it."""
        names = self.regency_names if kind == "kabupaten" and self.regency_names else self.names
        return names.get(language, self.id)


@dataclass(frozen=True)
class Dimension:
    id: str
    code: str
    names: dict[str, str]
    aims: dict[str, str]
    elements: tuple[Element, ...]

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)


@dataclass(frozen=True)
class Catalog:
    id: str
    titles: dict[str, str]
    draft: bool
    dimensions: tuple[Dimension, ...]

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    @property
    def dimension_ids(self) -> list[str]:
        return [d.id for d in self.dimensions]


def available() -> list[str]:
    """Ids of every catalogue shipped with the toolkit."""
    return sorted(p.stem for p in _HERE.glob("*.yaml"))


@cache
def load(catalog_id: str) -> Catalog | None:
    """The catalogue named ``catalog_id``, or None when no such catalogue ships."""
    if catalog_id not in available():
        return None
    from kotacerdas.parse_cache import cached
    from kotacerdas.source_events import Unusual, compose

    data = cached((_HERE / f"{catalog_id}.yaml").read_text("utf-8"), compose, Unusual)
    return Catalog(
        id=data["id"],
        titles=data["judul"],
        draft=bool(data.get("draf")),
        dimensions=tuple(_dimension(d) for d in data["dimensi"]),
    )


def _dimension(data: dict[str, Any]) -> Dimension:
    return Dimension(
        id=data["id"],
        code=data["kode"],
        names=data["nama"],
        aims=data["tujuan"],
        elements=tuple(Element(e["id"], e["nama"], e.get("nama_kabupaten"))
                       for e in data["elemen"]),
    )
