"""Computed tables of the books: budget per year and source, horizon bands, heatmap.

Every total a book shows is computed here, once, so that tables and charts agree.
"""

from __future__ import annotations

from typing import Any

HORIZONS = ("pendek", "menengah", "panjang")


def budget_table(lines: list[dict[str, Any]], sources: list[str]) -> dict[str, Any]:
    """Amounts per year x funding source with row, column and grand totals.

    ``lines`` are ``{"tahun", "sumber", "jumlah"}`` dicts; ``sources`` fixes the column
    order (sources without any money are left out).
    """
    years = sorted({line["tahun"] for line in lines})
    used = [s for s in sources if any(line["sumber"] == s for line in lines)]
    cells = {(y, s): 0 for y in years for s in used}
    for line in lines:
        cells[(line["tahun"], line["sumber"])] += line["jumlah"]
    rows = [
        {"tahun": y, "jumlah": [cells[(y, s)] for s in used],
         "total": sum(cells[(y, s)] for s in used)}
        for y in years
    ]
    columns = [sum(cells[(y, s)] for y in years) for s in used]
    return {"sumber": used, "baris": rows, "total_sumber": columns,
            "total": sum(columns)}


def group_total(lines: list[dict[str, Any]]) -> int:
    """The sum of ``jumlah`` over budget lines."""
    return sum(line["jumlah"] for line in lines)


def horizon_bands(start: int, end: int, lengths: dict[str, int]) -> list[dict[str, Any]]:
    """Consecutive year ranges of the short, medium and long horizons, clipped to the plan."""
    bands, first = [], start
    for key in HORIZONS:
        last = min(start + lengths[key] - 1, end)
        if first <= last:
            bands.append({"jangka": key, "mulai": first, "selesai": last})
        first = max(first, last + 1)
    if bands and bands[-1]["selesai"] < end:
        bands[-1]["selesai"] = end
    return bands


def band_years(bands: list[dict[str, Any]], horizon: str) -> tuple[int, int] | None:
    """The year range of ``horizon``, or None when the plan period does not reach it."""
    for band in bands:
        if band["jangka"] == horizon:
            return band["mulai"], band["selesai"]
    return None


def heatmap(programmes: list[dict[str, Any]], dimension_ids: list[str]) -> dict[str, Any]:
    """Number of live programmes per dimension x horizon, with row and column totals."""
    counts = {(d, h): 0 for d in dimension_ids for h in HORIZONS}
    for programme in programmes:
        key = (programme["dimensi"], programme["jangka"])
        if key in counts and not programme["batal"]:
            counts[key] += 1
    rows = [{"dimensi": d, "jumlah": [counts[(d, h)] for h in HORIZONS],
             "total": sum(counts[(d, h)] for h in HORIZONS)} for d in dimension_ids]
    columns = [sum(counts[(d, h)] for d in dimension_ids) for h in HORIZONS]
    return {"jangka": list(HORIZONS), "baris": rows, "total_jangka": columns,
            "total": sum(columns), "maks": max([r for row in rows for r in row["jumlah"]] or [0])}


def readiness_counts(items: list[dict[str, Any]]) -> dict[str, int]:
    """How many readiness aspects are rated baik, sedang and kurang."""
    counts = {"baik": 0, "sedang": 0, "kurang": 0}
    for item in items:
        counts[item["nilai"]] += 1
    return counts


def roadmap_years(programmes: list[dict[str, Any]], period: tuple[int, int] | None) -> list[int]:
    """The years a roadmap shows: the plan period widened to every programme's years."""
    years = [y for p in programmes if p["tahun"] for y in p["tahun"]]
    ends = [*years, *(period or ())]
    return list(range(min(ends), max(ends) + 1)) if ends else []
