"""The planning horizons (`jangka`): which years count as short, medium and long term.

Each horizon is a length in years counted from the first plan year (the manifest's
`jangka`, by default 1, 5 and 10). A programme's horizon is the one its last year falls
in; the horizons laid end to end give the bands of the roadmap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HORIZONS = ("pendek", "menengah", "panjang")


def horizon_of(first_year: int, lengths: Mapping[str, int], last_year: int) -> str:
    """The horizon a programme ending in ``last_year`` falls in."""
    length = last_year - first_year + 1
    if length <= lengths["pendek"]:
        return "pendek"
    return "menengah" if length <= lengths["menengah"] else "panjang"


def horizon_end(first_year: int, last_plan_year: int, lengths: Mapping[str, int],
                horizon: str) -> int:
    """The last year of ``horizon``, never past the plan period."""
    return min(first_year + lengths[horizon] - 1, last_plan_year)


def horizon_bands(first_year: int, last_plan_year: int,
                  lengths: Mapping[str, int]) -> list[dict[str, Any]]:
    """Consecutive year ranges of the horizons, clipped to the plan; the last one reaches
    the end of the plan period."""
    bands: list[dict[str, Any]] = []
    first = first_year
    for key in HORIZONS:
        last = horizon_end(first_year, last_plan_year, lengths, key)
        if first <= last:
            bands.append({"jangka": key, "mulai": first, "selesai": last})
        first = max(first, last + 1)
    if bands and bands[-1]["selesai"] < last_plan_year:
        bands[-1]["selesai"] = last_plan_year
    return bands


def band_years(bands: list[dict[str, Any]], horizon: str) -> tuple[int, int] | None:
    """The year range of ``horizon``, or None when the plan period does not reach it."""
    for band in bands:
        if band["jangka"] == horizon:
            return band["mulai"], band["selesai"]
    return None
