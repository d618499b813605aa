"""KC503-KC512, KC517, KC524: years, horizons, budgets and indicators make planning sense."""

from __future__ import annotations

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import Phrase, term
from kotacerdas.model.action import ActionPlan
from kotacerdas.model.analysis import Rpjmd
from kotacerdas.model.commitment import QuickWin
from kotacerdas.model.common import Indicator
from kotacerdas.model.formulation import Programme
from kotacerdas.model.manifest import Period
from kotacerdas.plan import Plan


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    found = _reversed_periods(plan)
    if upto >= 2:
        found += _unanswered_swot(plan)
    if upto >= 3:
        programmes = _programmes(plan)
        for entry in plan.action_plans:
            found += _action_plan(plan, entry, programmes)
    return found + _past_the_last_rpjmd(plan)


def _reversed_periods(plan: Plan) -> list[Diagnostic]:
    """The plan period and the RPJMD period must not end before they start."""
    periods: list[tuple[str, Period | Rpjmd]] = []
    if plan.manifest:
        periods.append(("masterplan", plan.manifest.periode))
    periods += [("RPJMD", period) for period in plan.rpjmd_periods]
    return [plan.at(period, "selesai", code="KC517", what=what, start=period.mulai,
                    end=period.selesai)
            for what, period in periods if period.selesai < period.mulai]


def _programmes(plan: Plan) -> dict[str, Programme]:
    return {p.id: p for p in plan.programmes}


def _action_plan(
    plan: Plan, entry: ActionPlan, programmes: dict[str, Programme]
) -> list[Diagnostic]:
    found = _outside_period(plan, entry, "tahun_mulai", entry.tahun_mulai)
    found += _outside_period(plan, entry, "tahun_selesai", entry.tahun_selesai)
    if entry.tahun_selesai < entry.tahun_mulai:
        found.append(plan.at(entry, "tahun_selesai", code="KC504", value=entry.tahun_selesai,
                             start=entry.tahun_mulai))
    elif not found:
        found += _budget_years(plan, entry) + _horizon(plan, entry, programmes.get(entry.program))
    if not entry.indikator:
        found.append(plan.at(entry, "indikator", key=True, code="KC507", value=entry.program))
    for index, indicator in enumerate(entry.indikator):
        found += _blank_measures(plan, entry, index, indicator)
    return found


def _outside_period(
    plan: Plan, item: ActionPlan | QuickWin, name: str, year: int
) -> list[Diagnostic]:
    if plan.manifest is None:
        return []
    period = plan.manifest.periode
    if period.mulai <= year <= period.selesai:
        return []
    return [plan.at(item, name, code="KC503", value=Phrase("words", "year_value", {"year": year}),
                    what=term("plan_period"), start=period.mulai, end=period.selesai,
                    advice=Phrase("advice", "within_period", {"start": period.mulai,
                                                              "end": period.selesai}))]


def _budget_years(plan: Plan, entry: ActionPlan) -> list[Diagnostic]:
    return [
        plan.at(entry, "anggaran", index, "tahun", code="KC505", value=line.tahun,
                start=entry.tahun_mulai, end=entry.tahun_selesai)
        for index, line in enumerate(entry.anggaran)
        if not entry.tahun_mulai <= line.tahun <= entry.tahun_selesai
    ]


def _horizon(plan: Plan, entry: ActionPlan, programme: Programme | None) -> list[Diagnostic]:
    if programme is None or plan.manifest is None:
        return []
    band = plan.horizon_of(entry.tahun_selesai)
    if programme.jangka == band:
        return []
    return [plan.at(programme, "jangka", code="KC506", value=programme.jangka, expected=band,
                    year=entry.tahun_selesai, place=plan.place_of(entry, "tahun_selesai"))]


def _blank_measures(
    plan: Plan, entry: ActionPlan, index: int, indicator: Indicator
) -> list[Diagnostic]:
    return [
        plan.at(entry, "indikator", index, name, code="KC512", field_name=name,
                indicator=indicator.nama)
        for name in ("baseline", "target")
        if isinstance(getattr(indicator, name), str) and not getattr(indicator, name).strip()
    ]


def _past_the_last_rpjmd(plan: Plan) -> list[Diagnostic]:
    """KC524 (info) when the plan runs on after the last RPJMD it records."""
    periods = plan.rpjmd_periods
    if plan.manifest is None or not periods:
        return []
    last = max(periods, key=lambda period: period.selesai)
    end = plan.manifest.periode.selesai
    if end <= last.selesai:
        return []
    return [plan.at(last, "selesai", code="KC524", end=end, last=last.selesai)]


def _unanswered_swot(plan: Plan) -> list[Diagnostic]:
    if not (plan.swot_items and plan.strategies):
        return []
    if plan.is_partial(2, "strategi") or plan.is_partial(1, "swot"):
        return []
    known = {item.id for _, item in plan.swot_items}
    answered = {ref for s in plan.strategies for ref in s.swot}
    if answered - known:  # a misspelt reference: KC401 says so, no follow-on warnings
        return []
    return [plan.at(item, "id", code="KC508", value=item.id,
                    quadrant=Phrase("workflow", f"quadrant_{quadrant}"))
            for quadrant, item in plan.swot_items
            if quadrant in ("kelemahan", "ancaman") and item.id not in answered]
