"""How a region is named: "Kota Batam" or "Kabupaten Sleman", its head and its government.

The official words are Indonesian and stay so in English plans too (they are titles);
the books may pass their own, translatable label tables of the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Word tables by region kind; ``{nama}`` stands for the region's name.
OFFICIAL: Mapping[str, Mapping[str, str]] = {
    "wilayah": {"kota": "Kota {nama}", "kabupaten": "Kabupaten {nama}"},
    "kepala": {"kota": "Wali Kota", "kabupaten": "Bupati"},
    "pemerintah": {"kota": "Pemerintah Kota {nama}", "kabupaten": "Pemerintah Kabupaten {nama}"},
}


@dataclass(frozen=True)
class RegionWords:
    title: str  # Kota Batam
    head: str  # Wali Kota
    government: str  # Pemerintah Kota Batam


def region_words(kind: str, name: str,
                 words: Mapping[str, Mapping[str, str]] = OFFICIAL) -> RegionWords:
    """The title, head and government of a ``kind`` ("kota" or "kabupaten") named ``name``."""
    def fill(table: str) -> str:
        return (words.get(table) or OFFICIAL[table])[kind].replace("{nama}", name)

    return RegionWords(fill("wilayah"), fill("kepala"), fill("pemerintah"))
