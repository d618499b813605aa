"""The `status` table."""

from __future__ import annotations

from collections.abc import Callable

from kotacerdas.cli.tables import draw
from kotacerdas.commands.status import PlanStatus, StageStatus
from kotacerdas.dates import PlanDay, is_month, iso
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.messages import catalogue, say


def show_status(found: PlanStatus) -> None:
    lang = found.result.language
    words = catalogue(lang)["status"]
    print(draw(say(lang, "status", "title", region=_region(found)), _headers(lang),
               _rows(found, marker="▶ ")))
    key, params = found.next_step
    print(f"{words['next']}: {say(lang, 'status', key, **params)}")


def status_markdown(found: PlanStatus, link: Callable[[str, int], str]) -> str:
    """The status as Markdown for a CI job summary: a verdict in one sentence, the stage
    table, then every problem linked to its line (``link(file, line)`` gives the address)."""
    from kotacerdas.render.formats.markdown import cell_text, escape_text

    lang = found.result.language
    words = catalogue(lang)["status"]
    lines = [f"## {escape_text(say(lang, 'status', 'title', region=_region(found)))}", "",
             _verdict(found), ""]
    headers = _headers(lang)
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "---|" * len(headers))
    lines.extend("| " + " | ".join(cell_text(cell) for cell in row) + " |"
                 for row in _rows(found, marker=""))
    for severity, heading in (("error", "to_fix"), ("warning", "to_consider")):
        found_here = [d for d in found.result.sorted()
                      if d.severity == severity and not d.waived]
        if found_here:
            lines.extend(["", f"### {words[heading]}", ""])
            lines.extend(_problem(d, lang, link) for d in found_here)
    key, params = found.next_step
    lines.extend(["", f"**{words['next']}:** {escape_text(say(lang, 'status', key, **params))}"])
    return "\n".join(lines) + "\n"


def _verdict(found: PlanStatus) -> str:
    lang = found.result.language
    errors, warnings = len(found.result.errors), len(found.result.warnings)
    if errors:
        return "❌ " + say(lang, "status", "verdict_errors", errors=errors, warnings=warnings)
    if warnings:
        return "⚠️ " + say(lang, "status", "verdict_warnings", warnings=warnings)
    return "✅ " + say(lang, "status", "verdict_ok", files=len(found.result.checked_files))


def _problem(diagnostic: Diagnostic, lang: str, link: Callable[[str, int], str]) -> str:
    from kotacerdas.messages import render, term
    from kotacerdas.messages import text as phrase_text
    from kotacerdas.render.formats.markdown import escape_text
    from kotacerdas.text_safety import visible

    message, hint = (visible(part) for part in render(lang, diagnostic.code, diagnostic.params))
    place = f"{diagnostic.file}:{diagnostic.line}"
    where = f"[{escape_text(place)}]({link(diagnostic.file, diagnostic.line)})" \
        if diagnostic.line > 0 else escape_text(diagnostic.file)
    field = f" {escape_text(visible(diagnostic.field))}:" if diagnostic.field else ""
    line = f"- {where} **{diagnostic.code}**{field} {escape_text(message)}"
    if hint:
        line += f"<br>{phrase_text(lang, term('hint')).capitalize()}: {escape_text(hint)}"
    return line


def _headers(lang: str) -> list[str]:
    words = catalogue(lang)["status"]
    return [words[key] for key in ("stage", "dates", "state", "contents", "problems")]


def _rows(found: PlanStatus, marker: str) -> list[list[str]]:
    lang = found.result.language
    words = catalogue(lang)["status"]
    rows = []
    for row in found.stages:
        current = marker if row.number == found.current and row.state != "selesai" else ""
        rows.append([
            f"{current}{row.number} {words['stage_names'][row.number - 1]}",
            _dates(lang, row),
            _state(lang, row),
            " · ".join(say(lang, "status", k, n=n) for k, n in row.counts.items()) or "—",
            say(lang, "status", "problem_count", errors=row.errors, warnings=row.warnings),
        ])
    return rows


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
