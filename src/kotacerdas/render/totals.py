"""Computed tables of the books: budget per year and source, horizon bands, heatmap.

Every total a book shows is computed here, once, so that tables and charts agree.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.budget import sum_lines
from kotacerdas.horizons import HORIZONS


def budget_table(lines: list[dict[str, Any]], sources: list[str]) -> dict[str, Any]:
    """Amounts per year x funding source with row, column and grand totals.

    ``lines`` are ``{"tahun", "sumber", "jumlah"}`` dicts; ``sources`` fixes the column
    order (sources without any money are left out).
    """
    sums = sum_lines((line["tahun"], line["sumber"], line["jumlah"]) for line in lines)
    used = [s for s in sources if s in sums.by_source]
    rows = [{"tahun": year, "jumlah": [sums.cells.get((year, s), 0) for s in used],
             "total": total} for year, total in sums.by_year.items()]
    return {"sumber": used, "baris": rows, "total_sumber": [sums.by_source[s] for s in used],
            "total": sums.total}


def programme_budget(lines: list[dict[str, Any]], sources: list[str]) -> dict[str, Any]:
    """One programme's budget as a book lists it: per year (with the amount per source in
    that year) and per funding source, both in order."""
    sums = sum_lines((line["tahun"], line["sumber"], line["jumlah"]) for line in lines)
    years = [{"tahun": year, "jumlah": total,
              "sumber": [{"sumber": s, "jumlah": sums.cells[(year, s)]}
                         for s in sources if (year, s) in sums.cells]}
             for year, total in sums.by_year.items()]
    used = [{"sumber": s, "jumlah": sums.by_source[s]} for s in sources if s in sums.by_source]
    return {"tahun": years, "sumber": used}


def group_total(lines: list[dict[str, Any]]) -> int:
    """The sum of ``jumlah`` over budget lines."""
    return sum(line["jumlah"] for line in lines)


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
            "total": sum(columns), "maks": max(counts.values(), default=0)}


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
