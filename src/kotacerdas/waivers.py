"""Written waivers: a warning the city has decided to accept, with its reason.

A waiver lives on the item the warning is about (`pengecualian` on a SWOT item, a
strategy, a programme, an action plan, a quick win, or a programme's or quick win's
entry in a yearly realisation) or, for warnings about a
dimension or the whole plan, in the manifest's `pengecualian` list (optionally naming
a `dimensi`). A waived warning stays in the report, marked with the reason; errors
cannot be waived.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from kotacerdas.diagnostics import CODES, Diagnostic, field_path
from kotacerdas.model.common import Model, Waivable, Waiver
from kotacerdas.plan import Plan
from kotacerdas.stages import IMPLEMENTATION, LAST, is_implementation_code


def apply_waivers(plan: Plan, diagnostics: list[Diagnostic], upto: int) -> list[Diagnostic]:
    """``diagnostics`` with waived warnings marked, plus problems with the waivers themselves.

    A waiver that matched no warning is reported only by a complete check (every stage,
    every file readable): earlier stages do not run the rules it may be meant for (nor
    does a check of stages 1 to 4 run stage 5's).
    """
    by_file: dict[str, list[tuple[str, Waivable]]] = {}
    waivers: list[Waiver] = []
    for item in _waivable(plan):
        if item.pengecualian:
            rel, loc = plan.origins.of(item)
            by_file.setdefault(rel, []).append((field_path(loc), item))
            waivers += item.pengecualian
    marked, used = [], set()
    for diagnostic in diagnostics:
        waiver = _waiver(plan, by_file, diagnostic) if diagnostic.severity == "warning" else None
        if waiver is not None:
            used.add(id(waiver))
            diagnostic = replace(diagnostic, waived=waiver.alasan)
        marked.append(diagnostic)
    complete = upto >= LAST and not plan.partial
    if upto < IMPLEMENTATION.number:  # stage 5's rules did not run: its waivers are unjudged
        used |= {id(w) for w in [*waivers, *(plan.manifest.pengecualian if plan.manifest
                                               else [])] if is_implementation_code(w.kode)}
    return marked + _bad_waivers(plan, waivers, used if complete else None)


def _waivable(plan: Plan) -> Iterator[Waivable]:
    if not any("pengecualian" in source.text for source in plan.files.values()):
        return  # no file mentions a waiver: skip walking every object of the plan
    for data in [*plan.stages.values(), *plan.realisations.values()]:
        yield from _walk(data)


def _walk(node: Any) -> Iterator[Waivable]:
    if isinstance(node, Waivable):
        yield node
    if isinstance(node, Model):
        for value in node.__dict__.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _waiver(
    plan: Plan, by_file: dict[str, list[tuple[str, Waivable]]], diagnostic: Diagnostic
) -> Waiver | None:
    for prefix, item in by_file.get(diagnostic.file, []):
        if _below(diagnostic.field, prefix):
            found = next((w for w in item.pengecualian if w.kode == diagnostic.code), None)
            if found:
                return found
    for waiver in plan.manifest.pengecualian if plan.manifest else []:
        dimension = diagnostic.params.get("dimension")
        if waiver.kode == diagnostic.code and waiver.dimensi in (None, dimension):
            return waiver
    return None


def _below(field: str, prefix: str) -> bool:
    return field == prefix or field.startswith((prefix + ".", prefix + "["))


def _bad_waivers(
    plan: Plan, item_waivers: list[Waiver], used: set[int] | None
) -> list[Diagnostic]:
    """KC513 errors waived, KC514 unknown codes, KC516 (given ``used``) stale waivers."""
    waivers = [*item_waivers, *(plan.manifest.pengecualian if plan.manifest else [])]
    found = []
    for waiver in waivers:
        if waiver.kode not in CODES:
            found.append(plan.at(waiver, "kode", code="KC514", value=waiver.kode))
        elif CODES[waiver.kode] == "error":
            found.append(plan.at(waiver, "kode", code="KC513", value=waiver.kode))
        elif used is not None and id(waiver) not in used:
            found.append(plan.at(waiver, "kode", code="KC516", value=waiver.kode))
    return found
