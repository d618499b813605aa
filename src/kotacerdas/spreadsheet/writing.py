"""The import's edits to the plan's files, each file parsed once and written in one go.

A changed cell sets its scalar (or list) in place; a new item is appended to its list;
a new file gets the header `stage advance` would write. Nothing here touches the disk:
`texts()` gives every changed file's new text for the transaction to write.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.model.action import ActionPlan
from kotacerdas.model.common import BudgetLine, Indicator, Model
from kotacerdas.model.formulation import Programme
from kotacerdas.plan import Plan
from kotacerdas.source_document import Document
from kotacerdas.spreadsheet.changes import Change, Draft, FieldChange, item_phrase
from kotacerdas.spreadsheet.placement import NEW_FILE
from kotacerdas.spreadsheet.yaml_text import render
from kotacerdas.yaml_spans import SpliceError

MODELS: dict[str, type[Model]] = {"programme": Programme, "action": ActionPlan,
                                  "budget": BudgetLine, "indicator": Indicator}
#: How a new list is written where the file has none of that key to copy.
HINTS = {"anggaran": "flow-items", "strategi": "flow", "misi": "flow",
         "opd_pendukung": "block", "indikator": "block-items"}
_PROGRAMME_KEYS = (("id", "id"), ("programme_name", "nama"), ("description", "deskripsi"),
                   ("dimension", "dimensi"), ("element", "elemen"), ("horizon", "jangka"),
                   ("strategies", "strategi"))
_ACTION_KEYS = (("agency", "opd"), ("supporting_agencies", "opd_pendukung"),
                ("location", "lokasi"), ("first_year", "tahun_mulai"),
                ("last_year", "tahun_selesai"))


class Writer:
    """The documents being edited, one per file, and the new items to append."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.docs: dict[str, Document] = {}

    def set(self, rel: str, path: tuple[Any, ...], part: str, value: Any) -> None:
        """Set the field at ``path`` (its last part the YAML key); SpliceError when the
        file writes that place in a form that cannot be edited in place."""
        after = before(MODELS[part], path[-1])
        if isinstance(value, list):
            self.doc(rel).set_sequence(path, value, after)
        else:
            self.doc(rel).set_scalar(path, value, after)

    def append(self, rel: str, path: tuple[Any, ...], part: str, key: str,
               item: dict[str, Any]) -> None:
        self.doc(rel).append((*path, key), item, before(MODELS[part], key))

    def programme(self, draft: Draft) -> Change:
        values = draft.values
        item = {"id": values["id"], "nama": values["programme_name"],
                "deskripsi": values["description"], "dimensi": values["dimension"]}
        if values.get("element") is not None:
            item["elemen"] = values["element"]
        item["jangka"] = values["horizon"]
        if values.get("strategies"):
            item["strategi"] = values["strategies"]
        self.doc(draft.file).append(("program",), item, ())
        assigned = (values["id"], draft.dimension) if draft.assigned else None
        return Change(item_phrase("programme", values["id"], values), "programme", draft.file,
                      draft.row, True, _shown(_PROGRAMME_KEYS, item), assigned)

    def action(self, ident: str, draft: Draft) -> Change:
        values = draft.values
        item: dict[str, Any] = {"program": ident, "opd": values["agency"]}
        if values.get("supporting_agencies"):
            item["opd_pendukung"] = values["supporting_agencies"]
        if values.get("location") is not None:
            item["lokasi"] = values["location"]
        item["tahun_mulai"], item["tahun_selesai"] = values["first_year"], values["last_year"]
        if draft.lines:
            item["anggaran"] = draft.lines
        if draft.indicators:
            item["indikator"] = draft.indicators
        self.doc(draft.file).append(("rencana_aksi",), item, ())
        shown = _shown(_ACTION_KEYS, item)
        if draft.lines:
            shown.append(FieldChange("amount", "anggaran", None, len(draft.lines)))
        if draft.indicators:
            shown.append(FieldChange("indicator_name", "indikator", None,
                                     len(draft.indicators)))
        return Change(item_phrase("action", ident, values), "action_plan", draft.file,
                      draft.row, True, shown)

    def doc(self, rel: str) -> Document:
        if rel not in self.docs:
            source = self.plan.files.get(rel)
            stage = 2 if rel.startswith("2-") else 3
            text = source.text if source is not None else NEW_FILE[stage]
            self.docs[rel] = Document(text, render, HINTS)
        return self.docs[rel]

    def texts(self) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """The new text of every file that changes, and (file, place) for each file
        whose edits could not be made in place."""
        texts: dict[str, str] = {}
        failed: list[tuple[str, str]] = []
        for rel, document in self.docs.items():
            try:
                text = document.text()
            except SpliceError as problem:
                failed.append((rel, problem.where))
                continue
            source = self.plan.files.get(rel)
            if source is None or text != source.text:
                texts[rel] = text
        return texts, failed


def before(model: type[Model], key: str) -> tuple[str, ...]:
    """The fields that come before ``key`` in the model, where a missing key goes."""
    names = list(model.model_fields)
    return tuple(names[:names.index(key)]) if key in names else tuple(names)


def _shown(keys: tuple[tuple[str, str], ...], item: dict[str, Any]) -> list[FieldChange]:
    return [FieldChange(column, key, None, item[key]) for column, key in keys if key in item]
