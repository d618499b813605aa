"""What changed between two versions of a plan, item by item and field by field.

Items are matched by id (an action plan by its programme), never by position, and they
are compared as the seal sees them: the validated content, so that formatting, comments,
key order, the order of a list and the file an item lives in do not count. Lists inside
an item are matched by a key where they have one (a budget line by year and source, a
person by name) and otherwise as a set of values.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kotacerdas.budget import BudgetTotals, budget_totals
from kotacerdas.plan import Plan
from kotacerdas.seal import content

#: A value absent on one side of a change.
ABSENT = None
#: Item kinds in the order the stages bring them; sections without ids come as one item.
KINDS = ("manifest", "tim", "profil", "kesiapan", "swot", "kata_kunci_visi", "visi", "misi",
         "strategi", "program", "rencana_aksi", "quick_win", "reviu", "komitmen",
         "realisasi", "realisasi_program", "realisasi_quick_win", "evaluasi")
#: Stage 5's items, keyed ``YEAR/ID``, are named after the programme or quick win they
#: report on.
_REPORTS = {"realisasi_program": "program", "realisasi_quick_win": "quick_win"}
#: The keys a list of mappings is matched by, tried in this order.
_LIST_KEYS = (("tahun", "sumber"), ("id",), ("program",), ("nama",), ("kode",))


@dataclass(frozen=True)
class FieldChange:
    """One value that differs: ``old`` or ``new`` is None where it is absent."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ItemChange:
    kind: str  # one of KINDS
    key: str  # the id ('' for a section)
    name: str  # the item's name or text, as the newer side writes it
    change: str  # added | removed | changed
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Delta:
    """A sum before and after."""

    old: int
    new: int

    @property
    def change(self) -> int:
        return self.new - self.old


@dataclass
class BudgetDiff:
    total: Delta
    by_year: dict[int, Delta] = field(default_factory=dict)
    by_source: dict[str, Delta] = field(default_factory=dict)
    by_programme: dict[str, Delta] = field(default_factory=dict)


@dataclass
class PlanDiff:
    items: list[ItemChange] = field(default_factory=list)
    budget: BudgetDiff = field(default_factory=lambda: BudgetDiff(Delta(0, 0)))
    stages: dict[int, tuple[FieldChange, ...]] = field(default_factory=dict)
    seal: FieldChange | None = None

    @property
    def empty(self) -> bool:
        return not (self.items or self.stages or self.seal or self.budget.total.change
                    or self.budget.by_programme)

    def counts(self) -> dict[str, int]:
        found = Counter(item.change for item in self.items)
        return {kind: found[kind] for kind in ("added", "removed", "changed")}


def compare(old: Plan, new: Plan) -> PlanDiff:
    """Everything that differs from ``old`` to ``new``."""
    before, after = _items(old), _items(new)
    diff = PlanDiff(budget=_budget(budget_totals(old), budget_totals(new)))
    for kind, key in _ordered_keys(before, after):
        change = _item_change(kind, key, before.get((kind, key)), after.get((kind, key)),
                              _reported_name(kind, key, before, after))
        if change is not None:
            diff.items.append(change)
    diff.stages = _stages(old, new)
    old_seal, new_seal = _seal_of(old), _seal_of(new)
    if old_seal != new_seal:
        diff.seal = FieldChange("segel", old_seal, new_seal)
    return diff


def _items(plan: Plan) -> dict[tuple[str, str], Any]:
    """Every item and section of ``plan`` as its model (or list of models), keyed by
    (kind, id); `content` makes canonical data of the few that differ. Items that share
    an id (an error `check` reports) are told apart by their place: ``GOV-02 #2``."""
    found: dict[tuple[str, str], Any] = {}
    if plan.manifest is not None:
        found[("manifest", "")] = plan.manifest
    for data in plan.stages.values():
        for name in type(data).model_fields:
            value = data.__dict__.get(name)
            if name == "versi_skema" or value is None:
                continue
            if name == "swot":
                value = [item for _, item in value.items()]
            if isinstance(value, list) and value and all(_id_of(v) for v in value):
                for item in value:
                    _add(found, name, str(_id_of(item)), item)
            else:
                found[(name, "")] = value
    for year, report in plan.realisations.items():
        found[("realisasi", str(year))] = {
            name: content(value) for name, value in report.__dict__.items()
            if name in type(report).model_fields and name not in _REPORTS.values()}
        for kind, field_name in _REPORTS.items():
            for item in getattr(report, field_name) or []:
                _add(found, kind, f"{year}/{getattr(item, field_name)}", item)
    found.update((("evaluasi", str(year)), evaluation)
                 for year, evaluation in plan.evaluations.items())
    return found


def _add(found: dict[tuple[str, str], Any], kind: str, key: str, item: Any) -> None:
    numbered, number = key, 1
    while (kind, numbered) in found:
        number += 1
        numbered = f"{key} #{number}"
    found[(kind, numbered)] = item


def _id_of(item: Any) -> str | None:
    return getattr(item, "id", None) or getattr(item, "program", None)


def _ordered_keys(before: dict[tuple[str, str], Any], after: dict[tuple[str, str], Any]
                  ) -> list[tuple[str, str]]:
    rank = {kind: index for index, kind in enumerate(KINDS)}
    keys = dict.fromkeys([*after, *before])
    return sorted(keys, key=lambda k: (rank.get(k[0], len(KINDS)), _natural(k[1])))


def _natural(key: str) -> tuple[Any, ...]:
    """``GOV-2`` before ``GOV-10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key))


def _reported_name(kind: str, key: str, before: dict[tuple[str, str], Any],
                   after: dict[tuple[str, str], Any]) -> str:
    """An action plan is named after its programme, a yearly report after the programme
    or quick win it reports on; other items carry their own name ('')."""
    if kind == "rencana_aksi":
        subject = ("program", key)
    elif kind in _REPORTS:
        subject = (_REPORTS[kind], key.partition("/")[2].partition(" #")[0])
    else:
        return ""
    return _name_of(after.get(subject) or before.get(subject))


def _item_change(kind: str, key: str, old: Any, new: Any, name: str = ""
                 ) -> ItemChange | None:
    name = name or _name_of(new if new is not None else old)
    if old is None:
        return ItemChange(kind, key, name, "added")
    if new is None:
        return ItemChange(kind, key, name, "removed")
    if old == new:  # the same model values: the same content, without working it out
        return None
    fields = tuple(compare_values(content(old), content(new)))
    return ItemChange(kind, key, name, "changed", fields) if fields else None


def _name_of(value: Any) -> str:
    for key in ("nama", "teks", "judul"):
        if isinstance(found := getattr(value, key, None), str):
            return found
    return ""


def compare_values(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """The field changes from ``old`` to ``new`` (canonical content)."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in dict.fromkeys([*new, *old]):
            inner = f"{path}.{key}" if path else str(key)
            if key not in old:
                changes.append(FieldChange(inner, ABSENT, new[key]))
            elif key not in new:
                changes.append(FieldChange(inner, old[key], ABSENT))
            else:
                changes.extend(compare_values(old[key], new[key], inner))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(old, new, path)
    return [] if old == new and type(old) is type(new) else [FieldChange(path, old, new)]


def _compare_lists(old: list[Any], new: list[Any], path: str) -> list[FieldChange]:
    keys = _list_key([*old, *new])
    if keys is None:
        return _compare_as_sets(old, new, path)
    before, after = _keyed(old, keys), _keyed(new, keys)
    changes: list[FieldChange] = []
    for key in dict.fromkeys([*after, *before]):
        inner = f"{path}[{key}]"
        if key not in before:
            changes.append(FieldChange(inner, ABSENT, after[key]))
        elif key not in after:
            changes.append(FieldChange(inner, before[key], ABSENT))
        else:
            changes.extend(compare_values(before[key], after[key], inner))
    return changes


def _list_key(items: list[Any]) -> tuple[str, ...] | None:
    """The fields that tell the mappings of a list apart, if every item has them."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for keys in _LIST_KEYS:
        if all(all(k in item and item[k] is not None for k in keys) for item in items):
            return keys
    return None


def _keyed(items: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """Items by key; budget lines of one year and source are added up, and items that
    share another key are told apart by their place among those that share it."""
    found: dict[str, Any] = {}
    for item in items:
        key = ", ".join(str(item[k]) for k in keys)
        if keys == ("tahun", "sumber"):
            found[key] = found.get(key, 0) + item.get("jumlah", 0)
            continue
        suffix, number = key, 1
        while suffix in found:
            number += 1
            suffix = f"{key} #{number}"
        found[suffix] = item
    return found


def _compare_as_sets(old: list[Any], new: list[Any], path: str) -> list[FieldChange]:
    """A list without keys changes only by what it gains or loses, not by its order."""
    def canonical(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    before, after = Counter(map(canonical, old)), Counter(map(canonical, new))
    if before == after:
        return []
    lost = [json.loads(text) for text in (before - after).elements()]
    gained = [json.loads(text) for text in (after - before).elements()]
    if all(not isinstance(v, (dict, list)) for v in [*old, *new]):
        return [FieldChange(path, sorted(lost, key=str), sorted(gained, key=str))]
    return ([FieldChange(path, item, ABSENT) for item in lost]
            + [FieldChange(path, ABSENT, item) for item in gained])


def _budget(old: BudgetTotals, new: BudgetTotals) -> BudgetDiff:
    return BudgetDiff(Delta(old.total, new.total),
                      _deltas(old.by_year, new.by_year),
                      _deltas(old.by_source, new.by_source),
                      _deltas(old.by_programme, new.by_programme))


def _deltas(old: dict[Any, int], new: dict[Any, int]) -> dict[Any, Delta]:
    keys = sorted(set(old) | set(new), key=lambda k: _natural(str(k)))
    pairs = {key: Delta(old.get(key, 0), new.get(key, 0)) for key in keys}
    return {key: delta for key, delta in pairs.items() if delta.change}


def _stages(old: Plan, new: Plan) -> dict[int, tuple[FieldChange, ...]]:
    if old.manifest is None or new.manifest is None:
        return {}
    changes = {}
    for number in range(1, 5):
        found = compare_values(content(old.manifest.tahapan.entry(number)),
                               content(new.manifest.tahapan.entry(number)))
        if found:
            changes[number] = tuple(found)
    return changes


def _seal_of(plan: Plan) -> str | None:
    commitment = plan.joint_commitment
    return commitment.segel if commitment is not None else None
