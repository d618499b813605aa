"""The years of stage 5 against the plan: what was active, planned and spent, and how far
each indicator has come.

The rules, `monitor` and the evaluation scaffold all count through one `Ledger`, built
once per plan, so that they agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from kotacerdas.clock import today
from kotacerdas.dates import first_day
from kotacerdas.indicator_ids import IndicatorRef, by_owner, indicator_refs
from kotacerdas.messages import Phrase
from kotacerdas.model.action import ActionPlan
from kotacerdas.model.commitment import QuickWin
from kotacerdas.model.common import Measure
from kotacerdas.model.formulation import Programme
from kotacerdas.model.implementation import (
    AS_PLANNED,
    DEFAULT_WEIGHTS,
    EvaluationFile,
    Report,
)
from kotacerdas.plan import Plan

#: The aspects of the annual evaluation, in the order the form lists them.
ASPECTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)
_EPSILON = 1e-9


def commitment_day(plan: Plan) -> date | None:
    """The day the commitment was signed (or, before that is written, stage 4 closed)."""
    if plan.joint_commitment is not None:
        return plan.joint_commitment.tanggal
    closed = plan.manifest.tahapan.komitmen.ditutup if plan.manifest else None
    return first_day(closed) if closed is not None else None


def year_ended(year: int) -> bool:
    """Whether ``year`` is over, so that its report is due."""
    return date(year, 12, 31) < today()


def year_begun(year: int) -> bool:
    """Whether ``year`` has begun (it is this year or an earlier one)."""
    return year <= today().year


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class IndicatorProgress:
    """Where an indicator stands in a year: its latest value and its way to the target.

    ``state``: reached · on_track (at least as far as the time elapsed) · behind ·
    no_value (nothing reported yet) · not_numeric (a target in words, not reached yet).
    """

    ref: IndicatorRef
    state: str
    value: Measure | None = None
    measured: int | None = None  # the year the value was reported
    progress: float | None = None  # share of the way from baseline to target
    elapsed: float | None = None  # share of the time from the first year to the due year


class Ledger:
    """The plan and its yearly reports, indexed once for every question about a year."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.programmes: dict[str, Programme] = {}
        for programme in plan.programmes:
            self.programmes.setdefault(programme.id, programme)
        self.action_plans: dict[str, ActionPlan] = {
            entry.program: entry for entry in plan.action_plans
            if plan.entry_of(entry.program) is entry}
        self.quick_wins: dict[str, QuickWin] = {}
        for quick_win in plan.quick_wins:
            self.quick_wins.setdefault(quick_win.id, quick_win)
        self.dropped = set(plan.dropped_programmes)
        self.indicators = indicator_refs(plan)
        self.indicators_of = by_owner(self.indicators)
        self.planned = self._planned()
        self._planned_by: dict[tuple[str, int], dict[str, int]] = {}
        for (owner, year, source), amount in sorted(self.planned.items()):
            self._planned_by.setdefault((owner, year), {})[source] = amount
        self.reports: dict[int, dict[str, Report]] = {}
        for year, realisation in plan.realisations.items():
            mine: dict[str, Report] = {}
            for entry in realisation.program or []:
                mine.setdefault(entry.program, entry)
            for quick in realisation.quick_win or []:
                mine.setdefault(quick.quick_win, quick)
            self.reports[year] = mine
        self.cancelled: dict[str, int] = {}  # owner -> the first year a report cancels it
        for year in sorted(self.reports):
            for owner, report in self.reports[year].items():
                if report.status == "batal":
                    self.cancelled.setdefault(owner, year)
        self._values = self._indicator_values()

    # The years ------------------------------------------------------------------------

    @property
    def first_year(self) -> int | None:
        """The first year a report may be written for: the commitment's (which may come
        before the plan period, for its quick wins), else the plan's first year."""
        if self.plan.manifest is None:
            return None
        signed = commitment_day(self.plan)
        return signed.year if signed is not None else self.plan.manifest.periode.mulai

    @property
    def last_year(self) -> int | None:
        return self.plan.manifest.periode.selesai if self.plan.manifest else None

    def reporting_years(self) -> range:
        first, last = self.first_year, self.last_year
        return range(first, last + 1) if first is not None and last is not None else range(0)

    def unreportable(self, year: int) -> Phrase | None:
        """Why no report can be written for ``year`` (before the commitment, or outside
        the plan period); None when one can."""
        first, last = self.first_year, self.last_year
        if first is None or last is None or first <= year <= last:
            return None
        signed = commitment_day(self.plan)
        if year < first and signed is not None:
            return Phrase("implementation", "before_commitment", {"date": signed.isoformat()})
        start = self.plan.manifest.periode.mulai if self.plan.manifest else first
        return Phrase("implementation", "outside_period", {"start": start, "end": last})

    # What is active ---------------------------------------------------------------------

    def active_programmes(self, year: int) -> list[ActionPlan]:
        """The action plans running in ``year``, not dropped and not cancelled earlier."""
        return [entry for owner, entry in self.action_plans.items()
                if entry.tahun_mulai <= year <= entry.tahun_selesai
                and owner not in self.dropped and self.cancelled.get(owner, year) >= year]

    def active_quick_wins(self, year: int) -> list[QuickWin]:
        """The quick wins whose window reaches into ``year``, not cancelled earlier."""
        return [quick_win for owner, quick_win in self.quick_wins.items()
                if quick_win.mulai.year <= year <= quick_win.selesai.year
                and self.cancelled.get(owner, year) >= year]

    def started_quick_wins(self, year: int) -> list[QuickWin]:
        """The quick wins started by the end of ``year``."""
        return [q for q in self.quick_wins.values() if q.mulai.year <= year]

    def report(self, year: int, owner: str) -> Report | None:
        return self.reports.get(year, {}).get(owner)

    def latest_state(self, owner: str, year: int) -> str | None:
        """The status the latest report up to ``year`` gives ``owner``."""
        for reported in sorted((y for y in self.reports if y <= year), reverse=True):
            found = self.reports[reported].get(owner)
            if found is not None and found.status is not None:
                return found.status
        return None

    # Money ------------------------------------------------------------------------------

    def _planned(self) -> dict[tuple[str, int, str], int]:
        planned: dict[tuple[str, int, str], int] = defaultdict(int)
        for owner, entry in self.action_plans.items():
            for line in entry.anggaran:
                planned[(owner, line.tahun, line.sumber)] += line.jumlah
        for owner, quick_win in self.quick_wins.items():
            for line in quick_win.anggaran:
                planned[(owner, line.tahun, line.sumber)] += line.jumlah
        return dict(planned)

    def planned_in(self, owner: str, year: int) -> dict[str, int]:
        """The budget of ``owner`` for ``year``, per funding source in name order."""
        return dict(self._planned_by.get((owner, year), {}))

    @staticmethod
    def spent(report: Report) -> dict[str, int]:
        """Money a report says was spent, per funding source (unreported lines left out)."""
        found: dict[str, int] = defaultdict(int)
        for line in report.belanja:
            if line.jumlah is not None:
                found[line.sumber] += line.jumlah
        return dict(found)

    # Indicators -------------------------------------------------------------------------

    def _indicator_values(self) -> dict[tuple[str, str], list[tuple[int, Measure]]]:
        values: dict[tuple[str, str], list[tuple[int, Measure]]] = defaultdict(list)
        for year in sorted(self.reports):
            for owner, report in self.reports[year].items():
                for reached in report.indikator:
                    if reached.nilai is not None:
                        values[(owner, reached.id)].append((year, reached.nilai))
        return dict(values)

    def latest_value(self, ref: IndicatorRef, year: int) -> tuple[int, Measure] | None:
        """The last value reported for ``ref`` in ``year`` or before, with its year."""
        for reported, value in reversed(self._values.get((ref.owner, ref.id), [])):
            if reported <= year:
                return reported, value
        return None

    def progress(self, ref: IndicatorRef, year: int) -> IndicatorProgress:
        """Where ``ref`` stands at the end of ``year``."""
        indicator, holder = ref.indicator, ref.holder
        if isinstance(holder, ActionPlan):
            start, end = holder.tahun_mulai, holder.tahun_selesai
        else:
            start, end = holder.mulai.year, holder.selesai.year
        due = indicator.tahun_target or end
        elapsed = 1.0 if due < start else min(max((year - start + 1) / (due - start + 1), 0), 1)
        latest = self.latest_value(ref, year)
        if latest is None:
            return IndicatorProgress(ref, "no_value", elapsed=elapsed)
        measured, value = latest
        baseline, target = indicator.baseline, indicator.target
        if not (is_number(value) and is_number(baseline) and is_number(target)):
            reached = str(value).strip().casefold() == str(target).strip().casefold()
            return IndicatorProgress(ref, "reached" if reached else "not_numeric", value,
                                     measured, elapsed=elapsed)
        share = _share(float(value), float(baseline), float(target))
        state = "reached" if share >= 1 - _EPSILON else \
            "on_track" if share >= elapsed - _EPSILON else "behind"
        return IndicatorProgress(ref, state, value, measured, share, elapsed)


def _share(value: float, baseline: float, target: float) -> float:
    """How far ``value`` has come from ``baseline`` to ``target`` (1: there; more: past)."""
    if target == baseline:
        return 1.0 if value == target else 0.0
    return (value - baseline) / (target - baseline)


# The annual evaluation ------------------------------------------------------------------


def weight_total(evaluation: EvaluationFile) -> float:
    return sum(float(getattr(evaluation.bobot, aspect)) for aspect in ASPECTS)


def evaluation_index(evaluation: EvaluationFile) -> float | None:
    """The year's index: the scores weighted by the year's weights, once every aspect has
    a score and the weights add up to something."""
    scores = [getattr(evaluation.aspek, aspect).nilai for aspect in ASPECTS]
    total = weight_total(evaluation)
    if any(score is None for score in scores) or total <= 0:
        return None
    weighted = sum(float(getattr(evaluation.bobot, aspect)) * float(score)
                   for aspect, score in zip(ASPECTS, scores) if score is not None)
    return round(weighted / total, 2)


@dataclass(frozen=True)
class Suggestion:
    """Scores the plan and its realisation can answer for a year, on a given scale."""

    outcome: float | None
    quick_win: float | None
    dimensions: dict[str, float | None]


def suggested_scores(ledger: Ledger, year: int, scale: float) -> Suggestion:
    """Outcome from the share of the year's reported programmes carried out as planned
    (running or done), per dimension likewise; quick win from the share of the quick wins
    started by then whose latest reported status is running or done. None where nothing
    is reported."""
    active = ledger.active_programmes(year)
    by_dimension: dict[str, list[bool]] = {}
    carried: list[bool] = []
    for entry in active:
        report = ledger.report(year, entry.program)
        if report is None or report.status is None:
            continue  # not reported: the realisation cannot answer for it
        done = report.status in AS_PLANNED
        carried.append(done)
        programme = ledger.programmes.get(entry.program)
        if programme is not None:
            by_dimension.setdefault(programme.dimensi, []).append(done)
    states = [ledger.latest_state(q.id, year) for q in ledger.started_quick_wins(year)]
    quick = [state in AS_PLANNED for state in states if state is not None]
    return Suggestion(_scaled(carried, scale), _scaled(quick, scale),
                      {dimension: _scaled(flags, scale) for dimension, flags in
                       by_dimension.items()})


def _scaled(flags: list[bool], scale: float) -> float | None:
    return round(scale * sum(flags) / len(flags), 2) if flags else None
