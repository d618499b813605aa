"""Rules over a loaded plan: each returns located diagnostics with a stable code."""

from __future__ import annotations

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.plan import Plan
from kotacerdas.rules import (
    catalog,
    chronology,
    completeness,
    implementation,
    planning,
    quick_wins,
    references,
    seal,
)

RULES = (completeness.check, catalog.check, references.check, planning.check, quick_wins.check,
         chronology.check, seal.check, implementation.check)


def run(plan: Plan, upto: int) -> list[Diagnostic]:
    """Every rule over stages 1..``upto`` of ``plan``."""
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule(plan, upto))
    return found
