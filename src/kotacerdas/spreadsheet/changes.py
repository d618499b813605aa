"""What an import changes, item by item, as the report lists it; and a new item waiting
to be written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kotacerdas.messages import Phrase
from kotacerdas.spreadsheet.cells import word

PART_NAMES = {"programme": "programme", "action": "action_plan", "budget": "budget_line",
              "indicator": "indicator"}


@dataclass(frozen=True)
class FieldChange:
    column: str  # header key of the column
    key: str  # the YAML key
    old: Any
    new: Any


@dataclass
class Change:
    """One YAML item the import changes or adds."""

    item: Phrase
    part: str  # programme | action_plan | budget_line | indicator
    file: str
    row: str  # the workbook row it comes from, as Sheet!A5
    added: bool
    fields: list[FieldChange] = field(default_factory=list)
    assigned: tuple[str, str] | None = None  # (id, dimension) when the id was given


@dataclass
class Draft:
    """A new programme or action plan: its values (by column header), where it goes,
    and the budget lines and indicators it will hold."""

    values: dict[str, Any]
    file: str
    row: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    action: Draft | None = None
    dimension: str = ""
    assigned: bool = False  # the id was given by the import


def item_phrase(part: str, ident: str, values: dict[str, Any]) -> Phrase:
    """How the report names an item: ``program GOV-01``, ``anggaran GOV-04 2025 DAK``."""
    if part == "budget":
        return Phrase("sheets", "item_budget", {"id": ident, "year": values.get("year"),
                                                "source": values.get("source")})
    if part == "indicator":
        return Phrase("sheets", "item_indicator", {"id": ident,
                                                   "name": values.get("indicator_name")})
    key = "item_action" if part == "action" else "item_programme"
    return Phrase("sheets", key, {"id": ident})


def same(a: Any, b: Any) -> bool:
    """Whether a cell's value is the plan's value (2 and 2.0 are; 2 and "2" are not)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if b is None and a == []:
        return True
    return type(a) is type(b) and a == b


def show(value: Any) -> Any:
    """A value as a message shows it."""
    if value is None or value == []:
        return word("empty")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
