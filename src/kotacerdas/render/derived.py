"""Figures the chapters derive from what the plan holds: the TOWS matrix of the
strategies, readiness averages, and a quick win's criteria and month-by-month schedule."""

from __future__ import annotations

from typing import Any

Data = dict[str, Any]

#: A TOWS cell from the internal and the external side a strategy answers.
TOWS_CELLS = {("S", "O"): "SO", ("S", "T"): "ST", ("W", "O"): "WO", ("W", "T"): "WT"}
CRITERIA = ("waktu", "biaya", "dampak", "daya_ungkit", "kesiapan")
#: The longest schedule a book draws; a longer window is already an error (KC510).
MAX_MONTHS = 24


def tows(strategies: list[Data]) -> Data | None:
    """The strategies by TOWS cell (SO, ST, WO, WT), each with the SWOT ids it pairs; None
    when no strategy answers both an internal and an external item."""
    cells: dict[str, list[Data]] = {cell: [] for cell in TOWS_CELLS.values()}
    for strategy in strategies:
        ids = strategy.get("swot", [])
        sides = {prefix: [i for i in ids if i.startswith(prefix + "-")] for prefix in "SWOT"}
        for (inner, outer), cell in TOWS_CELLS.items():
            if sides[inner] and sides[outer]:
                cells[cell].append({"id": strategy["id"], "nama": strategy["nama"],
                                    "swot": sides[inner] + sides[outer]})
    return cells if any(cells.values()) else None


def average_score(items: list[Data]) -> float | None:
    """The mean of the scores written (1 to 5), or None when none is."""
    scores = [item["skor"] for item in items if item.get("skor") is not None]
    return round(sum(scores) / len(scores), 2) if scores else None


def criteria(quick_win: Data) -> Data | None:
    """A quick win's five criteria scores in order, with their mean."""
    written = quick_win.get("kriteria")
    if not written:
        return None
    rows = [{"kriteria": name, "skor": written[name]} for name in CRITERIA]
    return {"baris": rows, "rata_rata": round(sum(r["skor"] for r in rows) / len(rows), 2)}


def schedule(quick_win: Data) -> Data | None:
    """The months of a quick win's window and, per activity, which of them it runs in."""
    activities = quick_win.get("jadwal") or []
    if not activities:
        return None
    first, last = _month(quick_win["mulai"]), _month(quick_win["selesai"])
    span = [*(a["mulai"] for a in activities), *(a["selesai"] for a in activities)]
    first, last = min(first, *span), max(last, *span)
    months = _months(first, last)
    rows = [{"nama": a["nama"], "bulan": [a["mulai"] <= m <= a["selesai"] for m in months]}
            for a in activities]
    return {"bulan": [m + "-01" for m in months], "kegiatan": rows}


def _month(day: str) -> str:
    return day[:7]


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    found: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(found) < MAX_MONTHS:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


