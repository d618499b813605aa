"""The `status` table."""

from __future__ import annotations

from kotacerdas.cli.tables import draw
from kotacerdas.commands.status import PlanStatus, StageStatus
from kotacerdas.dates import PlanDay, is_month, iso
from kotacerdas.messages import catalogue, say


def show_status(found: PlanStatus) -> None:
    lang = found.result.language
    words = catalogue(lang)["status"]
    headers = [words[key] for key in ("stage", "dates", "state", "contents", "problems")]
    rows = []
    for row in found.stages:
        marker = "▶ " if row.number == found.current and row.state != "selesai" else ""
        rows.append([
            f"{marker}{row.number} {words['stage_names'][row.number - 1]}",
            _dates(lang, row),
            _state(lang, row),
            " · ".join(say(lang, "status", k, n=n) for k, n in row.counts.items()) or "—",
            say(lang, "status", "problem_count", errors=row.errors, warnings=row.warnings),
        ])
    print(draw(say(lang, "status", "title", region=_region(found)), headers, rows))
    key, params = found.next_step
    print(f"{words['next']}: {say(lang, 'status', key, **params)}")


def _region(found: PlanStatus) -> str:
    from kotacerdas.region import region_words

    manifest = found.plan.manifest
    if manifest is None:
        return found.plan.root.name
    return region_words(manifest.wilayah.jenis, manifest.wilayah.nama).title


def _dates(lang: str, row: StageStatus) -> str:
    ends = row.workshop[:1] + row.workshop[1:][-1:]
    return " – ".join(_day(lang, day) for day in ends) or "—"


def _day(lang: str, day: PlanDay) -> str:
    """A date as the plan writes it; a month alone is marked as approximate."""
    return say(lang, "status", "approximate", date=iso(day)) if is_month(day) else iso(day)


def _state(lang: str, row: StageStatus) -> str:
    state = say(lang, "status", row.state)
    if row.closed:
        state += f" ({say(lang, 'status', 'closed', date=_day(lang, row.closed))})"
    return state
