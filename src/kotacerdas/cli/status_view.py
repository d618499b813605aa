"""The `status` table, drawn with Rich."""

from __future__ import annotations

from kotacerdas.commands.status import PlanStatus, StageStatus
from kotacerdas.messages import catalogue, say


def show_status(found: PlanStatus) -> None:
    from rich.console import Console
    from rich.table import Table

    lang = found.result.language
    words = catalogue(lang)["status"]
    region = _region(found)
    table = Table(title=say(lang, "status", "title", region=region), title_justify="left")
    for key in ("stage", "dates", "state", "contents", "problems"):
        table.add_column(words[key])
    for row in found.stages:
        marker = "▶ " if row.number == found.current and row.state != "selesai" else ""
        table.add_row(
            f"{marker}{row.number} {words['stage_names'][row.number - 1]}",
            _dates(row),
            _state(lang, row),
            " · ".join(say(lang, "status", k, n=n) for k, n in row.counts.items()) or "—",
            say(lang, "status", "problem_count", errors=row.errors, warnings=row.warnings),
        )
    console = Console()
    console.print(table)
    key, params = found.next_step
    console.print(f"{words['next']}: {say(lang, 'status', key, **params)}", markup=False)


def _region(found: PlanStatus) -> str:
    from kotacerdas.region import region_words

    manifest = found.plan.manifest
    if manifest is None:
        return found.plan.root.name
    return region_words(manifest.wilayah.jenis, manifest.wilayah.nama).title


def _dates(row: StageStatus) -> str:
    return " – ".join(d.isoformat() for d in row.workshop[:1] + row.workshop[1:][-1:]) or "—"


def _state(lang: str, row: StageStatus) -> str:
    state = say(lang, "status", row.state)
    if row.closed:
        state += f" ({say(lang, 'status', 'closed', date=row.closed.isoformat())})"
    return state
