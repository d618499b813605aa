"""KC301-KC304: dimensions and elements must come from the plan's catalogue."""

from __future__ import annotations

from collections.abc import Iterator

from kotacerdas import catalog as catalogs
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.model.analysis import Gap, SwotItem
from kotacerdas.model.formulation import Programme, Strategy
from kotacerdas.plan import MANIFEST, Plan
from kotacerdas.rules._suggest import near


def check(plan: Plan, upto: int) -> list[Diagnostic]:
    if plan.catalog is None:
        return _unknown_catalog(plan)
    found: list[Diagnostic] = []
    for item in _dimensioned(plan):
        found.extend(_check_item(plan, item))
    return found


def _unknown_catalog(plan: Plan) -> list[Diagnostic]:
    name = plan.manifest.katalog if plan.manifest else "?"
    return [plan.at_path(MANIFEST, ("katalog",), code="KC301", value=name,
                         allowed=catalogs.available())]


def _dimensioned(plan: Plan) -> Iterator[SwotItem | Strategy | Programme | Gap]:
    yield from (item for _, item in plan.swot_items)
    gaps = plan.analysis.analisis_kesenjangan if plan.analysis else None
    yield from (gap for gap in gaps or [] if gap.dimensi is not None)
    yield from plan.strategies
    yield from plan.programmes


def _check_item(plan: Plan, item: SwotItem | Strategy | Programme | Gap) -> list[Diagnostic]:
    catalog = plan.catalog
    assert catalog is not None and item.dimensi is not None
    dimension = catalog.dimension(item.dimensi)
    if dimension is None:
        return [plan.at(item, "dimensi", code="KC302", value=item.dimensi,
                        catalog=catalog.id, allowed=catalog.dimension_ids,
                        suggestion=near(item.dimensi, catalog.dimension_ids))]
    if not isinstance(item, Programme):
        return []
    element_ids = [e.id for e in dimension.elements]
    if item.elemen is None:
        if not element_ids:
            return []
        return [plan.at(item, code="KC304", dimension=dimension.id, allowed=element_ids)]
    if dimension.element(item.elemen) is None:
        return [plan.at(item, "elemen", code="KC303", value=item.elemen, dimension=dimension.id,
                        allowed=element_ids or "—", suggestion=near(item.elemen, element_ids))]
    return []
