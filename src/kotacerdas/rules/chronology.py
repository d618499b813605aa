"""KC518-KC522, KC527: the stage log tells a story that can have happened.

Workshops follow each other, a stage closes after its own workshop and after the stage
before it, never in the future, and not while an earlier stage is still open; the
commitment is signed at the last workshop, and sealed again only after that, each time
after the time before, never on a day to come. A date known only by its month stands for any
day in it, so only what is surely out of order is reported.
"""

from __future__ import annotations

from datetime import date

from kotacerdas.clock import calendar_today
from kotacerdas.dates import PlanDay, first_day, iso, last_day, surely_before
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import Phrase
from kotacerdas.model.commitment import Commitment
from kotacerdas.model.manifest import StageEntry
from kotacerdas.plan import Plan
from kotacerdas.stages import LAST, STAGES


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    if plan.manifest is None:
        return []
    entries = [plan.manifest.tahapan.entry(stage.number) for stage in STAGES]
    found = _workshops_in_order(plan, entries)
    for number, entry in enumerate(entries, 1):
        found += _closing(plan, entries, number, entry)
    found += _open_before_closed(plan, entries)
    if upto >= LAST:
        found += _commitment_at_the_workshop(plan, entries[LAST - 1])
        found += _reseals_in_order(plan)
    return found


def reseal_out_of_order(commitment: Commitment, day: date) -> Phrase | None:
    """Why a seal recorded on ``day``, after those ``commitment`` has, could not have
    happened; None when it could."""
    if day > calendar_today():
        return Phrase("workflow", "reseal_future")
    if day < commitment.tanggal:
        return Phrase("workflow", "reseal_before_signing", {"other": commitment.tanggal})
    latest = max((entry.tanggal for entry in commitment.riwayat_segel), default=day)
    if day < latest:
        return Phrase("workflow", "reseal_before_previous", {"other": latest})
    return None


def _reseals_in_order(plan: Plan) -> list[Diagnostic]:
    commitment = plan.joint_commitment
    if commitment is None:
        return []
    found = []
    history = commitment.riwayat_segel
    for index, entry in enumerate(history):
        before = commitment.model_copy(update={"riwayat_segel": history[:index]})
        why = reseal_out_of_order(before, entry.tanggal)
        if why is not None:
            found.append(plan.at(entry, "tanggal", code="KC527",
                                 value=entry.tanggal.isoformat(), what=why))
    return found


def _workshops_in_order(plan: Plan, entries: list[StageEntry]) -> list[Diagnostic]:
    found = []
    last_seen: tuple[int, PlanDay] | None = None
    for number, entry in enumerate(entries, 1):
        for index, day in enumerate(entry.lokakarya):
            if last_seen is not None and surely_before(day, last_seen[1]):
                found.append(plan.at(entry, "lokakarya", index, code="KC518", stage=number,
                                     value=iso(day), other=iso(last_seen[1]),
                                     other_stage=last_seen[0]))
            else:
                last_seen = (number, day)
    return found


def _closing(plan: Plan, entries: list[StageEntry], number: int,
             entry: StageEntry) -> list[Diagnostic]:
    closed = entry.ditutup
    if closed is None:
        return []
    found = []
    workshop = max(entry.lokakarya, key=last_day) if entry.lokakarya else None
    if workshop is not None and surely_before(closed, workshop):
        found.append(plan.at(entry, "ditutup", code="KC519", stage=number, value=iso(closed),
                             other=iso(workshop), what=Phrase("workflow", "before_workshop")))
    earlier = entries[number - 2].ditutup if number > 1 else None
    if earlier is not None and surely_before(closed, earlier):
        found.append(plan.at(entry, "ditutup", code="KC519", stage=number, value=iso(closed),
                             other=iso(earlier), what=Phrase("workflow", "before_previous")))
    if first_day(closed) > calendar_today():
        found.append(plan.at(entry, "ditutup", code="KC520", stage=number, value=iso(closed)))
    return found


def _open_before_closed(plan: Plan, entries: list[StageEntry]) -> list[Diagnostic]:
    closed = [n for n, entry in enumerate(entries, 1) if entry.status == "selesai"]
    if not closed:
        return []
    last = max(closed)
    return [plan.at(entry, "status", code="KC521", stage=number, later=last)
            for number, entry in enumerate(entries[:last - 1], 1) if entry.status != "selesai"]


def _commitment_at_the_workshop(plan: Plan, entry: StageEntry) -> list[Diagnostic]:
    commitment = plan.joint_commitment
    if commitment is None or not entry.lokakarya:
        return []
    signed = commitment.tanggal
    if any(first_day(day) <= signed <= last_day(day) for day in entry.lokakarya):
        return []
    return [plan.at(commitment, "tanggal", code="KC522", value=signed.isoformat(),
                    workshop=", ".join(iso(day) for day in entry.lokakarya))]
