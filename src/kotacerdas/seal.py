"""The commitment seal: a fingerprint of the plan's content at the moment it was signed.

Every item with an id (SWOT items, missions, strategies, programmes, action plans by
programme, quick wins) and every other section of stages 1 to 4 (profile, team, vision,
review log, the commitment, the manifest without its stage log) is hashed on its own, as
canonical JSON of the validated model: formatting, comments and key order do not count.
The seal is the SHA-256 of the canonical JSON of those item hashes, written as
``sha256:<hex>`` to ``komitmen.segel``; the item hashes are kept beside it in
``.kotacerdas/segel.json`` so that a later check can name what changed. The yearly
reports of stage 5, indicator ids, waivers of stage 5's rules and the books' front matter
(introduction, legal basis, foreword: often written after the signing) are never part of it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kotacerdas.edits import add_seal_history, set_seal
from kotacerdas.model.common import Waiver
from kotacerdas.plan import Plan
from kotacerdas.stages import is_implementation_code

SEAL_RECORD = ".kotacerdas/segel.json"
_PREFIX = "sha256:"


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: Fields added to the plan format after seals were first recorded. While such a field
#: holds its default it is left out of the fingerprint, so that a plan sealed before the
#: field existed keeps its seal; once a plan uses it, it counts like any other.
ADDED_LATER: dict[str, frozenset[str]] = {
    "Person": frozenset({"status"}),
    "Signatory": frozenset({"nip", "pangkat", "keterangan", "jumlah"}),
    "Commitment": frozenset({"judul"}),
    "QuickWin": frozenset({"diluncurkan", "kriteria", "jadwal"}),
    "Team": frozenset({"pendamping", "sk", "forum", "tugas_dewan", "tugas_pelaksana"}),
    "Rpjmd": frozenset({"id"}),
    "ReadinessItem": frozenset({"sumber"}),
    "SwotItem": frozenset({"sumber"}),
}
#: Fields that record the seal itself, the stage log, an indicator's id and the books'
#: front matter: never part of the content. The id only names an indicator for the yearly
#: reports of stage 5, and a foreword is often written after the signing: neither changes
#: anything that was signed.
_NOT_CONTENT = {"Commitment": frozenset({"segel", "riwayat_segel"}),
                "Manifest": frozenset({"tahapan"}),
                "Indicator": frozenset({"id"}),
                "AnalysisFile": frozenset({"pendahuluan", "dasar_hukum", "kata_pengantar"})}


def content(value: Any) -> Any:
    """``value`` (a model, a list, a scalar) as the canonical data the seal hashes."""
    if isinstance(value, BaseModel):
        later, never = _left_out(type(value))
        fields = type(value).model_fields
        return {key: content(item) for key, item in value.__dict__.items()
                if key in fields and key not in never
                and not (key in later and item == _default(fields[key]))}
    if isinstance(value, list):
        return [content(item) for item in value if not _stage_5_waiver(item)]
    return value.isoformat() if isinstance(value, date) else value


def _stage_5_waiver(item: Any) -> bool:
    """A waiver of one of stage 5's rules: it belongs to the yearly reports, not to what
    was signed."""
    return isinstance(item, Waiver) and is_implementation_code(item.kode)


@functools.cache
def _left_out(model: type) -> tuple[frozenset[str], frozenset[str]]:
    """The fields of ``model`` added later, and those never part of the content."""
    return _fields_of(model, ADDED_LATER), _fields_of(model, _NOT_CONTENT)


def _fields_of(model: type, table: dict[str, frozenset[str]]) -> frozenset[str]:
    """The fields ``table`` names for ``model`` or any class it inherits from."""
    return frozenset().union(*(table.get(cls.__name__, frozenset()) for cls in model.__mro__))


def _default(info: Any) -> Any:
    return info.get_default(call_default_factory=True)


def item_hashes(plan: Plan) -> dict[str, str]:
    """A hash per item or section of the plan, keyed by a readable name."""
    hashes: dict[str, str] = {}
    if plan.manifest is not None:
        hashes["manifest"] = _digest(content(plan.manifest))
    for data in plan.stages.values():
        never = _fields_of(type(data), _NOT_CONTENT)
        for name in type(data).model_fields:
            value = data.__dict__.get(name)
            if name != "versi_skema" and name not in never and value is not None:
                hashes.update(_section_hashes(name, value))
    return dict(sorted(hashes.items()))


def _section_hashes(name: str, value: Any) -> dict[str, str]:
    if name == "swot":
        value = [item for _, item in value.items()]
    if isinstance(value, list) and value and all(_key(v) for v in value):
        return {f"{name} {_key(item)}": _digest(content(item)) for item in value}
    return {name: _digest(content(value))}


def _key(item: Any) -> str | None:
    return getattr(item, "id", None) or getattr(item, "program", None)


def fingerprint(hashes: dict[str, str]) -> str:
    """The seal string for a set of item hashes."""
    return _PREFIX + _digest(hashes)


def sealed_files(plan: Plan, history: tuple[date, str] | None = None
                 ) -> tuple[str, dict[str, str]]:
    """The seal of ``plan`` and the files that record it: the commitment file with
    ``komitmen.segel`` set in place (and, given the date and reason of a new signing, an
    entry added to ``komitmen.riwayat_segel``), and the item hashes beside it."""
    hashes = item_hashes(plan)
    seal = fingerprint(hashes)
    rel = plan.section_files.get((4, "komitmen"), "4-komitmen/komitmen.yaml")
    source = plan.files[rel]
    text = set_seal(source.text, seal, rel)
    if history is not None:
        text = add_seal_history(text, history[0], history[1], seal, rel)
    record = {"segel": seal, "butir": hashes}
    return seal, {rel: source.as_written(text),
                  SEAL_RECORD: json.dumps(record, ensure_ascii=False, indent=2) + "\n"}


def recorded_hashes(root: Path, seal: str) -> dict[str, str] | None:
    """The item hashes kept when ``seal`` was recorded, or None when the record is gone."""
    try:
        record = json.loads((root / SEAL_RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("segel") != seal:
        return None
    items = record.get("butir")
    return items if isinstance(items, dict) else None
