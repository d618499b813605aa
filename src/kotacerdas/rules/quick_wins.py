"""KC503, KC509-KC511, KC523, KC525-KC526: quick wins fit their window, their dimensions,
their budget, and their own schedule.

A quick win runs from the day the commitment is signed (which may come before the plan
period begins) to the end of the plan, lasts at most twelve months (counted over its
acceleration window, `mulai` to `selesai`, however long the innovation itself has run),
and spends no more than its programme's action plan.
"""

from __future__ import annotations

import calendar
from datetime import date

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.formatting import number_formats
from kotacerdas.messages import Phrase, term
from kotacerdas.model.commitment import QuickWin
from kotacerdas.plan import Plan

QUICK_WIN_MONTHS = 12
_DIMENSION_SOURCES = ((2, "program"), (3, "rencana_aksi"), (4, "quick_win"))


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    if upto < 4 or plan.commitment is None:
        return []
    found: list[Diagnostic] = []
    for quick_win in plan.quick_wins:
        found += _window(plan, quick_win) + _length(plan, quick_win)
        found += _budget_years(plan, quick_win) + _budget_beyond_the_plan(plan, quick_win)
        found += _schedule(plan, quick_win)
    return found + _dimensions_without_quick_win(plan)


def _first_day(plan: Plan) -> date | None:
    """The first day a quick win may start: the signing, or the plan's first year."""
    if plan.manifest is None:
        return None
    first = date(plan.manifest.periode.mulai, 1, 1)
    signed = plan.joint_commitment.tanggal if plan.joint_commitment else None
    return min(first, signed) if signed else first


def _outside(plan: Plan, quick_win: QuickWin, path: tuple[object, ...], value: object,
             first: date) -> Diagnostic:
    """KC503 at ``path``: ``value`` (a date, or a year) lies outside the quick win's window."""
    assert plan.manifest is not None
    end = plan.manifest.periode.selesai
    advice = Phrase("advice", "quick_win_window", {"start": first.isoformat(), "end": end})
    shown = value.isoformat() if isinstance(value, date) else \
        Phrase("words", "year_value", {"year": value})
    return plan.at(quick_win, *path, code="KC503", value=shown, what=term("quick_win_window"),
                   start=first.isoformat(), end=end, advice=advice)


def _window(plan: Plan, quick_win: QuickWin) -> list[Diagnostic]:
    first = _first_day(plan)
    if first is None or plan.manifest is None:
        return []
    if quick_win.mulai < first:
        return [_outside(plan, quick_win, ("mulai",), quick_win.mulai, first)]
    if quick_win.selesai.year > plan.manifest.periode.selesai:
        return [_outside(plan, quick_win, ("selesai",), quick_win.selesai, first)]
    return []


def _length(plan: Plan, quick_win: QuickWin) -> list[Diagnostic]:
    if quick_win.selesai < quick_win.mulai:
        return [plan.at(quick_win, "selesai", code="KC511", value=quick_win.selesai,
                        start=quick_win.mulai)]
    if quick_win.selesai >= _months_later(quick_win.mulai, QUICK_WIN_MONTHS):
        return [plan.at(quick_win, "selesai", code="KC510", value=quick_win.selesai,
                        start=quick_win.mulai, months=QUICK_WIN_MONTHS)]
    return []


def _budget_years(plan: Plan, quick_win: QuickWin) -> list[Diagnostic]:
    first = _first_day(plan)
    if first is None or plan.manifest is None:
        return []
    end = plan.manifest.periode.selesai
    return [_outside(plan, quick_win, ("anggaran", index, "tahun"), line.tahun, first)
            for index, line in enumerate(quick_win.anggaran)
            if not first.year <= line.tahun <= end]


def _budget_beyond_the_plan(plan: Plan, quick_win: QuickWin) -> list[Diagnostic]:
    """KC523 when a quick win spends more than its programme's whole action plan."""
    entry = next((e for e in plan.action_plans if e.program == quick_win.program), None)
    spent = sum(line.jumlah for line in quick_win.anggaran)
    if entry is None or not spent:
        return []
    planned = sum(line.jumlah for line in entry.anggaran)
    if spent <= planned:
        return []
    rupiah = number_formats(plan.language)["rupiah"]
    return [plan.at(quick_win, "anggaran", key=True, code="KC523", value=quick_win.id,
                    amount=rupiah(spent), programme=quick_win.program, planned=rupiah(planned))]


def _schedule(plan: Plan, quick_win: QuickWin) -> list[Diagnostic]:
    """KC526 for an activity that ends before it starts; KC525 for one that runs outside
    the quick win's own months (``mulai`` to ``selesai``)."""
    first, last = quick_win.mulai.isoformat()[:7], quick_win.selesai.isoformat()[:7]
    found = []
    for index, activity in enumerate(quick_win.jadwal):
        if activity.selesai < activity.mulai:
            found.append(plan.at(quick_win, "jadwal", index, "selesai", code="KC526",
                                 value=activity.selesai, start=activity.mulai))
        elif activity.mulai < first or activity.selesai > last:
            side = "mulai" if activity.mulai < first else "selesai"
            found.append(plan.at(quick_win, "jadwal", index, side, code="KC525",
                                 value=getattr(activity, side), start=first, end=last,
                                 activity=activity.nama))
    return found


def _months_later(day: date, months: int) -> date:
    """The same day ``months`` later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _dimensions_without_quick_win(plan: Plan) -> list[Diagnostic]:
    """KC509 for each dimension with planned programmes but no quick win among them."""
    quick_wins = plan.quick_wins
    if not quick_wins or any(plan.is_partial(n, s) for n, s in _DIMENSION_SOURCES):
        return []
    programmes = {p.id: p for p in plan.programmes}
    planned = {entry.program for entry in plan.action_plans}
    if any(q.program not in programmes for q in quick_wins):
        return []  # KC401 names the unknown programme; the dimension is not known
    covered = {programmes[q.program].dimensi for q in quick_wins if q.program in planned}
    working = dict.fromkeys(p.dimensi for p in programmes.values() if p.id in planned)
    rel = plan.section_files.get((4, "quick_win"), "4-komitmen/quick-win.yaml")
    return [plan.at_path(rel, ("quick_win",), key=True, code="KC509", dimension=dimension)
            for dimension in working if dimension not in covered]
