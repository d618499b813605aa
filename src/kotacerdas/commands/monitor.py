"""`monitor`: the plan against its realisation in one year (see `kotacerdas.monitoring`)."""

from __future__ import annotations

from pathlib import Path

from kotacerdas.commands.check import check_plan
from kotacerdas.commands.stage import reporting_year
from kotacerdas.monitoring import (
    INDICATOR_STATES,
    STATES,
    Evaluation,
    IndicatorLine,
    Item,
    Missing,
    Monitor,
    Tally,
    year_figures,
)
from kotacerdas.progress import Ledger
from kotacerdas.stages import IMPLEMENTATION

__all__ = ["INDICATOR_STATES", "STATES", "Evaluation", "IndicatorLine", "Item", "Missing",
           "Monitor", "Tally", "monitor"]


def monitor(start: Path, year: int | None = None, language: str | None = None) -> Monitor:
    """The figures of ``year`` (default: the latest year reported, else this year)."""
    plan, result = check_plan(start, stage=IMPLEMENTATION.number, language=language)
    ledger = Ledger(plan)
    if year is None and plan.realisations:
        year = max(plan.realisations)
    else:
        year = reporting_year(plan, year, ledger)
    return year_figures(plan, year, result, ledger)
