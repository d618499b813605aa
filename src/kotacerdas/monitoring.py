"""A year of stage 5 in figures: the plan against its realisation.

For every programme and quick win active in the year: the budget planned and the money
spent (per dimension, agency and funding source), the state reported, how far each
indicator has come against the time elapsed, and what the year's report still lacks;
with the year's evaluation, the index its scores and weights give. `monitor` prints
them; the monitoring book shows them, year by year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kotacerdas.diagnostics import CheckResult
from kotacerdas.model.action import ActionPlan
from kotacerdas.model.commitment import QuickWin
from kotacerdas.model.implementation import EvaluationFile
from kotacerdas.plan import Plan
from kotacerdas.progress import (
    ASPECTS,
    Ledger,
    evaluation_index,
    weight_total,
    year_begun,
    year_ended,
)
from kotacerdas.region import region_words

#: The states a programme or quick win can stand in for a year, in the order shown;
#: ``tanpa_laporan``: active, with no state reported.
STATES = ("selesai", "berjalan", "terlambat", "ditunda", "batal", "belum", "tanpa_laporan")
#: Where an indicator stands (see `progress.IndicatorProgress`), in the order shown.
INDICATOR_STATES = ("reached", "on_track", "behind", "not_numeric", "no_value")


@dataclass
class Tally:
    """Money and states summed over a group of programmes and quick wins."""

    planned: int = 0
    spent: int = 0
    states: Counter[str] = field(default_factory=Counter)
    indicators: Counter[str] = field(default_factory=Counter)

    @property
    def absorbed(self) -> float | None:
        """Money spent as a share of the budget planned (None without a budget)."""
        return self.spent / self.planned if self.planned else None

    def as_dict(self) -> dict[str, Any]:
        return {"planned": self.planned, "spent": self.spent,
                "absorbed": None if self.absorbed is None else round(self.absorbed, 4),
                "states": {s: self.states[s] for s in STATES if self.states[s]},
                "indicators": {s: self.indicators[s] for s in INDICATOR_STATES
                               if self.indicators[s]}}


@dataclass(frozen=True)
class IndicatorLine:
    id: str
    name: str
    state: str
    value: object
    target: object
    progress: float | None
    elapsed: float | None


@dataclass
class Item:
    """One programme or quick win active in the year."""

    id: str
    kind: str  # programme | quick_win
    name: str
    dimension: str
    agency: str
    state: str
    planned: dict[str, int]  # by funding source
    spent: dict[str, int]
    indicators: list[IndicatorLine] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "name": self.name,
                "dimension": self.dimension, "agency": self.agency, "state": self.state,
                "planned": self.planned, "spent": self.spent,
                "indicators": [{"id": i.id, "name": i.name, "state": i.state,
                                "value": i.value, "target": i.target,
                                "progress": _rounded(i.progress),
                                "elapsed": _rounded(i.elapsed)} for i in self.indicators]}


@dataclass(frozen=True)
class Missing:
    """Something the year's report lacks: ``kind`` is file, entry, state, spending or
    value; ``id`` the programme or quick win, ``detail`` the source or indicator."""

    kind: str
    id: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Evaluation:
    scale: float
    weights: dict[str, float]
    scores: dict[str, float | None]
    dimensions: dict[str, float | None]
    index: float | None
    weights_total: float
    notes: dict[str, str | None] = field(default_factory=dict)  # the aspects' `catatan`

    def as_dict(self) -> dict[str, Any]:
        return {"scale": self.scale, "weights": self.weights, "scores": self.scores,
                "dimensions": self.dimensions, "index": self.index,
                "weights_total": self.weights_total}


@dataclass
class Monitor:
    region: str
    language: str
    year: int
    result: CheckResult
    ended: bool
    reported: bool  # the year has a realisation file
    begun: bool = True  # False for a year still to come
    items: list[Item] = field(default_factory=list)
    total: Tally = field(default_factory=Tally)
    by_dimension: dict[str, Tally] = field(default_factory=dict)
    by_agency: dict[str, Tally] = field(default_factory=dict)
    by_source: dict[str, Tally] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)
    evaluation: Evaluation | None = None

    @property
    def quick_wins(self) -> list[Item]:
        return [item for item in self.items if item.kind == "quick_win"]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of every figure."""
        def groups(found: dict[str, Tally]) -> dict[str, Any]:
            return {key: tally.as_dict() for key, tally in found.items()}

        return {
            "region": self.region, "year": self.year, "year_ended": self.ended,
            "year_begun": self.begun,
            "reported": self.reported, "total": self.total.as_dict(),
            "by_dimension": groups(self.by_dimension), "by_agency": groups(self.by_agency),
            "by_source": groups(self.by_source),
            "items": [item.as_dict() for item in self.items],
            "missing": [{"kind": m.kind, "id": m.id, "detail": m.detail}
                        for m in self.missing],
            "evaluation": self.evaluation.as_dict() if self.evaluation else None,
            "errors": len(self.result.errors), "warnings": len(self.result.warnings),
        }


def year_figures(plan: Plan, year: int, result: CheckResult,
                 ledger: Ledger | None = None) -> Monitor:
    """The figures of ``year`` for ``plan``, checked as ``result`` says."""
    ledger = ledger or Ledger(plan)
    manifest = plan.manifest
    region = region_words(manifest.wilayah.jenis, manifest.wilayah.nama).title \
        if manifest else plan.root.name
    found = Monitor(region, result.language, year, result, year_ended(year),
                    year in plan.realisations, begun=year_begun(year))
    found.items = _items(ledger, year)
    for item in found.items:
        _count(found, item)
    order = [d.id for d in plan.catalog.dimensions] if plan.catalog else []
    found.by_dimension = dict(sorted(found.by_dimension.items(), key=lambda pair: (
        order.index(pair[0]) if pair[0] in order else len(order), pair[0])))
    found.by_agency = dict(sorted(found.by_agency.items()))
    found.by_source = dict(sorted(found.by_source.items()))
    found.missing = _missing(ledger, found, year)
    if year in plan.evaluations:
        found.evaluation = _evaluation(plan.evaluations[year])
    return found


def _items(ledger: Ledger, year: int) -> list[Item]:
    rows = [_item(ledger, year, entry.program, "programme", entry)
            for entry in ledger.active_programmes(year)]
    rows += [_item(ledger, year, quick.id, "quick_win", quick)
             for quick in ledger.active_quick_wins(year)]
    return rows


def _item(ledger: Ledger, year: int, owner: str, kind: str,
          holder: ActionPlan | QuickWin) -> Item:
    report = ledger.report(year, owner)
    programme = ledger.programmes.get(owner if kind == "programme" else
                                      getattr(holder, "program", ""))
    name = programme.nama if kind == "programme" and programme else getattr(holder, "nama", "")
    item = Item(owner, kind, name, programme.dimensi if programme else "", holder.opd,
                report.status if report and report.status else "tanpa_laporan",
                ledger.planned_in(owner, year), ledger.spent(report) if report else {})
    for ref in ledger.indicators_of.get(owner, {}).values():
        standing = ledger.progress(ref, year)
        item.indicators.append(IndicatorLine(ref.id, ref.indicator.nama, standing.state,
                                             standing.value, ref.indicator.target,
                                             standing.progress, standing.elapsed))
    return item


def _count(found: Monitor, item: Item) -> None:
    planned, spent = sum(item.planned.values()), sum(item.spent.values())
    states = Counter(line.state for line in item.indicators)
    for tally in (found.total, _tally(found.by_dimension, item.dimension or "—"),
                  _tally(found.by_agency, item.agency)):
        tally.planned += planned
        tally.spent += spent
        tally.states[item.state] += 1
        tally.indicators.update(states)
    for source in sorted({*item.planned, *item.spent}):
        tally = _tally(found.by_source, source)
        tally.planned += item.planned.get(source, 0)
        tally.spent += item.spent.get(source, 0)


def _tally(groups: dict[str, Tally], key: str) -> Tally:
    tally = groups.get(key)
    if tally is None:
        tally = groups[key] = Tally()
    return tally


def _missing(ledger: Ledger, found: Monitor, year: int) -> list[Missing]:
    if not found.reported:
        return [Missing("file")] if found.items else []
    gaps: list[Missing] = []
    for item in found.items:
        report = ledger.report(year, item.id)
        if report is None:
            gaps.append(Missing("entry", item.id))
            continue
        if report.status is None:
            gaps.append(Missing("state", item.id))
        if report.status == "batal":
            continue  # nothing more is spent or measured on a cancelled programme
        reported = {line.sumber for line in report.belanja if line.jumlah is not None}
        gaps += [Missing("spending", item.id, source) for source in item.planned
                 if source not in reported]
        values = {value.id for value in report.indikator if value.nilai is not None}
        gaps += [Missing("value", item.id, line.id) for line in item.indicators
                 if line.id not in values]
    return gaps


def _evaluation(evaluation: EvaluationFile) -> Evaluation:
    return Evaluation(
        scale=evaluation.skala,
        weights={aspect: float(getattr(evaluation.bobot, aspect)) for aspect in ASPECTS},
        scores={aspect: getattr(evaluation.aspek, aspect).nilai for aspect in ASPECTS},
        dimensions={d.dimensi: d.nilai for d in evaluation.dimensi or []},
        index=evaluation_index(evaluation), weights_total=weight_total(evaluation),
        notes={aspect: getattr(evaluation.aspek, aspect).catatan for aspect in ASPECTS})


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
