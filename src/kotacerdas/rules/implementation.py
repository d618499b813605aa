"""KC530-KC546: the yearly reports of stage 5, checked against what was signed.

A realisation names programmes, quick wins and indicators that exist, for a year from
the commitment to the end of the plan; it spends within each year's budget per source
and nothing on a cancelled programme; "done" means the indicators reached their
targets; evidence is a link or a file under `bukti/`. Once a year is over, every
programme and quick win active in it has its report. An evaluation's weights add up to
100 and no score exceeds its scale. The seal covers stages 1 to 4 only: nothing here
touches it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from kotacerdas.clock import calendar_today
from kotacerdas.dates import first_day, iso, surely_before
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.formatting import number_formats
from kotacerdas.messages import Phrase, term
from kotacerdas.model.common import Model
from kotacerdas.model.implementation import (
    OFF_TRACK,
    AspectScore,
    EvaluationFile,
    RealisationFile,
    Report,
)
from kotacerdas.plan import MANIFEST, Plan
from kotacerdas.progress import ASPECTS, Ledger, weight_total, year_ended
from kotacerdas.rules._suggest import near, suggestion
from kotacerdas.stages import EVALUATION, IMPLEMENTATION, LAST, REALISATION

#: The folder evidence files live in.
EVIDENCE_FOLDER = "bukti"
_LINK_SCHEMES = ("http", "https")


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    if upto < IMPLEMENTATION.number or plan.manifest is None:
        return []
    ledger = Ledger(plan)
    found = _opening(plan) + _indicator_ids(plan, ledger)
    for year, realisation in plan.realisations.items():
        found += _realisation(plan, ledger, year, realisation)
    for year, evaluation in plan.evaluations.items():
        found += _evaluation(plan, ledger, year, evaluation)
    return found + _unreported(plan, ledger)


# The stage log ---------------------------------------------------------------------------


def _opening(plan: Plan) -> list[Diagnostic]:
    """KC545: stage 5 opened while stage 4 is open, before it closed, or in the future."""
    log = plan.implementation_log
    if log is None or log.status != "berjalan" or plan.manifest is None:
        return []
    commitment = plan.manifest.tahapan.entry(LAST)
    if commitment.status != "selesai":
        return [plan.at(log, "status", code="KC545",
                        why=Phrase("implementation", "opened_before_commitment"))]
    found = []
    if log.dibuka is not None and commitment.ditutup is not None and \
            surely_before(log.dibuka, commitment.ditutup):
        found.append(plan.at(log, "dibuka", code="KC545", why=Phrase(
            "implementation", "opened_before_closing",
            {"date": iso(log.dibuka), "closed": iso(commitment.ditutup)})))
    if log.dibuka is not None and first_day(log.dibuka) > calendar_today():
        found.append(plan.at(log, "dibuka", code="KC545", why=Phrase(
            "implementation", "opened_in_the_future", {"date": iso(log.dibuka)})))
    return found


# Indicator ids ---------------------------------------------------------------------------


def _indicator_ids(plan: Plan, ledger: Ledger) -> list[Diagnostic]:
    """KC402 for an indicator id written twice; KC546 (info) for indicators without one."""
    found: list[Diagnostic] = []
    first: dict[str, Model] = {}
    unnamed = []
    for ref in ledger.indicators:
        if not ref.written:
            unnamed.append(ref)
        elif ref.id in first:
            found.append(plan.at(ref.holder, "indikator", ref.index, "id", code="KC402",
                                 value=ref.id, other=plan.place_of(first[ref.id])))
        else:
            first[ref.id] = ref.holder
    if unnamed:
        ref = unnamed[0]
        found.append(plan.at(ref.holder, "indikator", ref.index, code="KC546",
                             count=len(unnamed), example=ref.id))
    return found


# A year's realisation ----------------------------------------------------------------------


def _year(plan: Plan, ledger: Ledger, year: int, data: RealisationFile | EvaluationFile,
          kind: str) -> list[Diagnostic]:
    """KC533 when `tahun` is not the file's year; KC532 for a year no report can be for."""
    if data.__dict__.get("tahun") is None:
        return []
    if data.tahun != year:
        return [plan.at(data, "tahun", code="KC533", value=data.tahun, year=year,
                        kind=term(f"yearly_{kind}"))]
    why = ledger.unreportable(year)
    if why is None:
        return []
    return [plan.at(data, "tahun", code="KC532", value=year, why=why, first=ledger.first_year,
                    last=ledger.last_year)]


def _realisation(plan: Plan, ledger: Ledger, year: int,
                 realisation: RealisationFile) -> list[Diagnostic]:
    found = _year(plan, ledger, year, realisation, REALISATION)
    seen: dict[str, Report] = {}
    for index, report in enumerate(realisation.program or []):
        found += _entry(plan, ledger, year, ("program", index), report, report.program,
                        "programme", seen)
    for index, quick in enumerate(realisation.quick_win or []):
        found += _entry(plan, ledger, year, ("quick_win", index), quick, quick.quick_win,
                        "quick_win", seen)
    return found


def _entry(plan: Plan, ledger: Ledger, year: int, path: tuple[str, int], report: Report,
           owner: str, kind: str, seen: dict[str, Report]) -> list[Diagnostic]:
    field = "program" if kind == "programme" else "quick_win"
    if owner in seen:
        return [plan.at(report, field, code="KC534", what=term(f"reported_{kind}"), value=owner,
                        other=plan.place_of(seen[owner], field))]
    seen[owner] = report
    known = ledger.programmes if kind == "programme" else ledger.quick_wins
    if owner not in known:
        return _unknown_owner(plan, report, field, owner, kind, list(known))
    found: list[Diagnostic] = []
    if report.status in OFF_TRACK and report.alasan is None:
        found.append(plan.at(report, "status", code="KC535", value=owner,
                             state=term(f"state_{report.status}")))
    found += _spending(plan, ledger, year, report, owner)
    found += _indicators(plan, ledger, year, report, owner)
    found += _evidence(plan, report, ("bukti",), report.bukti)
    return found


def _unknown_owner(plan: Plan, report: Report, field: str, owner: str, kind: str,
                   known: list[str]) -> list[Diagnostic]:
    section = (2, "program") if kind == "programme" else (4, "quick_win")
    if plan.is_opaque(*section) or owner in plan.unreadable_ids(*section):
        return []  # it may be the item that could not be read
    return [plan.at(report, field, code="KC530", kind=term(f"reported_{kind}"), value=owner,
                    suggestion=suggestion(owner, known))]


def _spending(plan: Plan, ledger: Ledger, year: int, report: Report,
              owner: str) -> list[Diagnostic]:
    """KC537 for money spent on a cancelled programme; KC536 above the year's budget."""
    spent = ledger.spent(report)
    if not any(spent.values()):
        return []
    cancelled = ledger.cancelled.get(owner)
    rupiah = number_formats(plan.language)["rupiah"]
    if owner in ledger.dropped or (cancelled is not None and cancelled < year):
        why = Phrase("implementation", "dropped_in_stage_3") if owner in ledger.dropped else \
            Phrase("implementation", "cancelled_in", {"year": cancelled})
        return [plan.at(report, "belanja", key=True, code="KC537", value=owner, why=why,
                        amount=rupiah(sum(spent.values())))]
    found = []
    for source, amount in spent.items():
        planned = ledger.planned.get((owner, year, source), 0)
        if amount > planned:
            index = next(i for i, line in enumerate(report.belanja) if line.sumber == source)
            found.append(plan.at(report, "belanja", index, "jumlah", code="KC536", value=owner,
                                 year=year, source=source, amount=rupiah(amount),
                                 planned=rupiah(planned)))
    return found


def _indicators(plan: Plan, ledger: Ledger, year: int, report: Report,
                owner: str) -> list[Diagnostic]:
    """KC531 for an indicator the owner does not have, KC534 for one reported twice, and
    KC538 when the owner is reported done while an indicator falls short of its target."""
    own = ledger.indicators_of.get(owner, {})
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for index, reached in enumerate(report.indikator):
        if reached.id in seen:
            found.append(plan.at(report, "indikator", index, "id", code="KC534",
                                 what=term("reported_indicator"), value=reached.id,
                                 other=plan.place_of(report, "indikator")))
        elif reached.id not in own:
            found.append(plan.at(report, "indikator", index, "id", code="KC531",
                                 value=reached.id, owner=owner,
                                 suggestion=suggestion(reached.id, list(own))))
        seen.add(reached.id)
    if report.status != "selesai":
        return found
    for ref in own.values():
        standing = ledger.progress(ref, year)
        if standing.progress is not None and standing.state != "reached":
            found.append(plan.at(report, "status", code="KC538", value=owner, indicator=ref.id,
                                 name=ref.indicator.nama, reached=str(standing.value),
                                 target=str(ref.indicator.target)))
    return found


# Evidence ----------------------------------------------------------------------------------


def _evidence(plan: Plan, holder: Model, path: tuple[object, ...],
              items: list[str]) -> list[Diagnostic]:
    """KC540 for evidence that is neither a link nor a file under bukti/ inside the plan
    folder; KC541 for an evidence file that is not there."""
    found = []
    for index, text in enumerate(items):
        verdict = evidence_problem(plan.root, text)
        if verdict is not None:
            code, why = verdict
            found.append(plan.at(holder, *path, index, code=code, value=text,
                                 why=Phrase("implementation", why)))
    return found


def evidence_problem(root: Path, text: str) -> tuple[str, str] | None:
    """``(code, reason)`` when ``text`` is no usable evidence; None when it is."""
    value = text.strip()
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme in _LINK_SCHEMES:
        return _link_problem(value)
    if len(scheme) > 1 and scheme.isalpha():  # mailto:, file:, javascript:, ...
        return "KC540", "other_scheme"
    path = value.replace("\\", "/")
    if path.startswith("/") or (len(scheme) == 1 and scheme.isalpha()):
        return "KC540", "outside"
    normal = PurePosixPath(os.path.normpath(path))
    if normal.parts[:1] == ("..",):
        return "KC540", "outside"
    if normal.parts[:1] != (EVIDENCE_FOLDER,) or len(normal.parts) < 2:
        return "KC540", "not_under_evidence"
    target = root / normal
    try:
        if not target.is_file():
            return ("KC541", "missing") if not target.exists() and not target.is_symlink() \
                else ("KC541", "not_a_file")
        if not target.resolve().is_relative_to((root / EVIDENCE_FOLDER).resolve()):
            return "KC540", "outside"
    except (OSError, RuntimeError):  # a link loop, a name too long
        return "KC541", "not_a_file"
    return None


@lru_cache(maxsize=4096)
def _link_problem(value: str) -> tuple[str, str] | None:
    """KC540 for an http(s) link without a host or with spaces in it."""
    parts = urlsplit(value)
    return None if parts.netloc and value.split() == [value] else \
        ("KC540", "not_a_link")


# The annual evaluation ---------------------------------------------------------------------


def _evaluation(plan: Plan, ledger: Ledger, year: int,
                evaluation: EvaluationFile) -> list[Diagnostic]:
    found = _year(plan, ledger, year, evaluation, EVALUATION)
    total = weight_total(evaluation)
    if abs(total - 100) > 1e-6:
        found.append(plan.at(evaluation, "bobot", key=True, code="KC542",
                             total=_number(total)))
    scale = evaluation.skala
    for aspect in ASPECTS:
        score: AspectScore = getattr(evaluation.aspek, aspect)
        found += _score(plan, score, scale, aspect)
        found += _evidence(plan, score, ("bukti",), score.bukti)
    seen: dict[str, AspectScore] = {}
    for dimension in evaluation.dimensi or []:
        found += _dimension(plan, dimension.dimensi, dimension, seen)
        found += _score(plan, dimension, scale, dimension.dimensi)
        found += _evidence(plan, dimension, ("bukti",), dimension.bukti)
    return found


def _score(plan: Plan, score: AspectScore, scale: float, name: str) -> list[Diagnostic]:
    if score.nilai is None or score.nilai <= scale:
        return []
    return [plan.at(score, "nilai", code="KC543", value=_number(score.nilai), name=name,
                    scale=_number(scale))]


def _dimension(plan: Plan, name: str, score: AspectScore,
               seen: dict[str, AspectScore]) -> list[Diagnostic]:
    if name in seen:
        return [plan.at(score, "dimensi", code="KC534", what=term("reported_dimension"),
                        value=name, other=plan.place_of(seen[name], "dimensi"))]
    seen[name] = score
    catalog = plan.catalog
    if catalog is None or catalog.dimension(name) is not None:
        return []
    return [plan.at(score, "dimensi", code="KC302", value=name, catalog=catalog.id,
                    allowed=catalog.dimension_ids, suggestion=near(name, catalog.dimension_ids))]


def _number(value: float) -> str:
    return f"{value:g}"


# Reports due -------------------------------------------------------------------------------


def _unreported(plan: Plan, ledger: Ledger) -> list[Diagnostic]:
    """KC539 for every programme and quick win active in a year that has ended without
    its report (one diagnostic for a year with no realisation file at all)."""
    found: list[Diagnostic] = []
    for year in ledger.reporting_years():
        if not year_ended(year):
            break
        due = [(entry.program, "programme") for entry in ledger.active_programmes(year)]
        due += [(quick.id, "quick_win") for quick in ledger.active_quick_wins(year)]
        if not due:
            continue
        rel = plan.yearly_file(REALISATION, year)
        if plan.is_partial(IMPLEMENTATION.number, rel) or \
                plan.is_partial(IMPLEMENTATION.number, "*"):
            continue
        realisation = plan.realisations.get(year)
        if realisation is None:
            found.append(_no_file(plan, year, due))
            continue
        found += _missing_entries(plan, ledger, year, realisation, due)
    return found


def _no_file(plan: Plan, year: int, due: list[tuple[str, str]]) -> Diagnostic:
    """KC539 for a year with no realisation file, at stage 5's entry in the stage log."""
    programmes = sum(kind == "programme" for _, kind in due)
    what = Phrase("implementation", "active_count",
                  {"programmes": programmes, "quick_wins": len(due) - programmes})
    return plan.at_path(MANIFEST, ("tahapan", IMPLEMENTATION.slug), key=True, code="KC539",
                        what=what, year=year)


def _missing_entries(plan: Plan, ledger: Ledger, year: int, realisation: RealisationFile,
                     due: list[tuple[str, str]]) -> Iterator[Diagnostic]:
    rel = plan.yearly_file(REALISATION, year)
    for owner, kind in due:
        report = ledger.report(year, owner)
        what = Phrase("implementation", f"one_{kind}", {"id": owner})
        if report is not None and report.status is None:
            yield plan.at(report, "status", code="KC539", what=what, year=year)
        elif report is None:
            section = "program" if kind == "programme" else "quick_win"
            yield plan.at_path(rel, (section,), key=True, code="KC539", what=what, year=year)

