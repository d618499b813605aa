"""Written waivers: a warning the city has decided to accept, with its reason.

A waiver lives on the item the warning is about (`pengecualian` on a SWOT item, a
strategy, a programme, an action plan or a quick win) or, for warnings about a
dimension or the whole plan, in the manifest's `pengecualian` list (optionally naming
a `dimensi`). A waived warning stays in the report, marked with the reason; errors
cannot be waived.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from kotacerdas.diagnostics import CODES, Diagnostic
from kotacerdas.model.common import Model, Waivable, Waiver
from kotacerdas.plan import Plan
from kotacerdas.validation import field_path


def apply_waivers(plan: Plan, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` with waived warnings marked, plus problems with the waivers themselves."""
    by_file: dict[str, list[tuple[str, Waivable]]] = {}
    waivers: list[Waiver] = []
    for item in _waivable(plan):
        if item.pengecualian:
            by_file.setdefault(item.origin[0], []).append((field_path(item.origin[1]), item))
            waivers += item.pengecualian
    marked = []
    for diagnostic in diagnostics:
        reason = _reason(plan, by_file, diagnostic) if diagnostic.severity == "warning" else None
        marked.append(replace(diagnostic, waived=reason) if reason else diagnostic)
    return marked + _bad_waivers(plan, waivers)


def _waivable(plan: Plan) -> Iterator[Waivable]:
    for data in plan.stages.values():
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


def _reason(
    plan: Plan, by_file: dict[str, list[tuple[str, Waivable]]], diagnostic: Diagnostic
) -> str | None:
    for prefix, item in by_file.get(diagnostic.file, []):
        if _below(diagnostic.field, prefix):
            found = next((w.alasan for w in item.pengecualian if w.kode == diagnostic.code), None)
            if found:
                return found
    for waiver in plan.manifest.pengecualian if plan.manifest else []:
        dimension = diagnostic.params.get("dimension")
        if waiver.kode == diagnostic.code and waiver.dimensi in (None, dimension):
            return waiver.alasan
    return None


def _below(field: str, prefix: str) -> bool:
    return field == prefix or field.startswith((prefix + ".", prefix + "["))


def _bad_waivers(plan: Plan, item_waivers: list[Waiver]) -> list[Diagnostic]:
    waivers = [*item_waivers, *(plan.manifest.pengecualian if plan.manifest else [])]
    found = []
    for waiver in waivers:
        if waiver.kode not in CODES:
            found.append(plan.at(waiver, "kode", code="KC514", value=waiver.kode))
        elif CODES[waiver.kode] == "error":
            found.append(plan.at(waiver, "kode", code="KC513", value=waiver.kode))
    return found
