"""The front matter of every book: foreword, introduction, legal basis, the four workshops.

What the plan writes in ``1-analisis/pendahuluan.yaml`` is printed as written; what it
leaves out falls back on the shipped wording (labels) and the national legal basis.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kotacerdas.legal_basis import national_acts
from kotacerdas.model.analysis import Foreword, Introduction
from kotacerdas.plan import Plan
from kotacerdas.stages import STAGES

Data = dict[str, Any]


def front_matter(plan: Plan, signatories: list[Data]) -> Data:
    """``pendahuluan``, ``dasar_hukum``, ``kata_pengantar`` and ``bimtek`` for the books.

    ``signatories`` are the commitment's, titled as the books print them: the head of
    region among them signs the foreword unless the plan names someone else.
    """
    analysis = plan.analysis
    written = analysis.dasar_hukum if analysis else None
    acts = written if written else list(national_acts())
    return {
        "pendahuluan": _plain(analysis.pendahuluan if analysis and analysis.pendahuluan
                              else Introduction()),
        "dasar_hukum": {"butir": [_plain(act) for act in acts], "bawaan": not written},
        "kata_pengantar": _foreword(_plain(analysis.kata_pengantar if analysis else None),
                                    signatories),
        "bimtek": _workshops(plan),
    }


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if value is not None else None


def _foreword(written: Data | None, signatories: list[Data]) -> Data:
    """The foreword as written, or an empty one (the books print their own wording), signed
    by the person named, else by the head of region who signed the commitment."""
    foreword = written or dict.fromkeys(Foreword.model_fields)
    head = next((s for s in signatories if s.get("peran") == "kepala_daerah"), None)
    if not foreword["nama"] and head:
        foreword = {**foreword, "nama": head["nama"],
                    "jabatan": foreword["jabatan"] or head["sebutan"]}
    return foreword


def _workshops(plan: Plan) -> list[Data]:
    """The four workshop stages with their dates and places, as the stage log holds them."""
    log = plan.manifest.tahapan if plan.manifest else None
    found = []
    for stage in STAGES:
        entry = getattr(log, stage.slug) if log else None
        days = entry.lokakarya if entry else []
        found.append({"nomor": stage.number, "tahap": stage.slug,
                      "tanggal": [str(day) for day in days], "rentang": _run_of_days(days),
                      "tempat": entry.tempat if entry else None})
    return found


def _run_of_days(days: list[Any]) -> Data | None:
    """Consecutive days of one month, as the books print them ("13–14 Juni 2022"): the
    first day's number and the last date; None for anything else."""
    if len(days) < 2 or not all(isinstance(day, date) for day in days):
        return None
    first, last = days[0], days[-1]
    consecutive = all((b - a).days == 1 for a, b in zip(days, days[1:]))
    if not consecutive or (first.year, first.month) != (last.year, last.month):
        return None
    return {"hari": first.day, "sampai": last.isoformat()}
