"""Pydantic validation of one plan file, with every error turned into a located diagnostic."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from kotacerdas.diagnostics import Diagnostic, field_path
from kotacerdas.messages import Phrase, advice, term
from kotacerdas.model.action import UNION_TAGS
from kotacerdas.model.common import ID_EXAMPLE, ID_PATTERN, MAX_RUPIAH, Model
from kotacerdas.origins import Origins
from kotacerdas.source import SourceFile
from kotacerdas.source_events import HugeNumber

_SCALAR_TAGS = frozenset({"str", "int", "float", "bool", "date", "none", "constrained-str"})

_EXPECTED = {
    "string_type": "string",
    "int_type": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "bool_type": "boolean",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}
_ADVICE = {
    "string": "quote_text",
    "integer": "write_number",
    "number": "write_number",
    "list": "write_list",
    "mapping": "write_mapping",
}
_DATE_ERRORS = frozenset({"date_type", "date_parsing", "date_from_datetime_inexact",
                          "date_from_datetime_parsing"})
_RANGE_ERRORS = {"greater_than_equal": "≥ {ge}", "greater_than": "> {gt}",
                 "less_than_equal": "≤ {le}", "less_than": "< {lt}"}
_PATTERN_EXAMPLES = {ID_PATTERN: ID_EXAMPLE, r"^KC\d{3}$": "KC501", r"^\d{2}\.\d{2}$": '"21.71"'}


M = typing.TypeVar("M", bound=Model)


@dataclass
class Salvage:
    """What a file's validation had to leave out: the ids of the list items that failed,
    by top-level section, and the sections where something failed that has no id."""

    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    opaque: set[str] = field(default_factory=set)

    def lost(self, section: str, item: Any) -> None:
        """``item`` of ``section`` failed: remember its id, or that the section is opaque."""
        ident = item.get("id") or item.get("program") if isinstance(item, dict) else None
        if isinstance(ident, str):
            self.broken_ids.setdefault(section, set()).add(ident)
        else:
            self.opaque.add(section)


@dataclass
class _Context:
    rel: str
    origins: Origins
    salvage: Salvage
    errors: list[dict[str, Any]] = field(default_factory=list)


_FAILED = object()


def validate_file(
    source: SourceFile, model: type[M], origins: Origins, salvage: Salvage | None = None
) -> tuple[M, list[Diagnostic]]:
    """Validate a whole file; on failure, salvage every part that is valid.

    Salvaging keeps one bad programme from hiding the other hundred from later rules:
    list items are kept one by one, and a section that is a mapping keeps every field
    and item that validates, as deep as the fields that fail have defaults. Every object
    kept is queued in ``origins`` with the place it was read from; ``salvage`` learns
    what was left out.
    """
    data = source.data
    try:
        valid = model.model_validate(data)
    except ValidationError as failure:
        whole_file = _errors(failure)
    else:
        origins.queue(valid, source.rel)
        return valid, []
    context = _Context(source.rel, origins, salvage if salvage is not None else Salvage())
    kept = _salvage_fields(model, data, (), context)
    kept.setdefault("versi_skema", data.get("versi_skema", 0))
    errors = context.errors or whole_file  # nothing alone failed: say what the whole found
    salvaged = typing.cast(M, model.model_construct(**kept))  # the plugin types it as Model
    origins.place(salvaged, source.rel, ())
    return salvaged, diagnostics_for(errors, source, model)


def _salvage_fields(model: type[BaseModel], data: dict[Any, Any], loc: tuple[Any, ...],
                    context: _Context) -> dict[str, Any]:
    """The fields of ``data`` that validate for ``model``; the others become errors."""
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or key not in model.model_fields:
            kind = "extra_forbidden" if isinstance(key, str) else "invalid_key"
            context.errors.append({"type": kind, "loc": (*loc, key), "input": key})
            context.salvage.opaque.add(loc[0] if loc else str(key))
            continue
        part = _salvage_field(model, key, value, (*loc, key), context)
        if part is not _FAILED:
            kept[key] = part
    for name, info in model.model_fields.items():
        if info.is_required() and name not in data:
            context.errors.append(_missing((*loc, name)))
            context.salvage.opaque.add(loc[0] if loc else name)
    return kept


def _salvage_field(model: type[BaseModel], key: str, value: Any, loc: tuple[Any, ...],
                   context: _Context) -> Any:
    """The validated value of one field, or what of it can be kept, or _FAILED."""
    try:
        good = _field_value(model, key, value)
    except ValidationError as failure:
        errors = _relocated(failure, loc[:-1])
    else:
        context.origins.queue(good, context.rel, loc)
        return good
    inner = _model_in(model.model_fields[key].annotation)
    if isinstance(value, list) and key in _list_fields(model):
        return _salvage_items(model, key, value, loc, context)
    if inner is not None and isinstance(value, dict):
        kept = _salvage_fields(inner, value, loc, context)
        missing = [n for n, info in inner.model_fields.items() if info.is_required()
                   and n not in kept]
        if not missing:
            salvaged = inner.model_construct(**kept)
            context.origins.place(salvaged, context.rel, loc)
            return salvaged
        return _FAILED
    context.errors.extend(errors)
    context.salvage.opaque.add(loc[0])
    return _FAILED


def _salvage_items(model: type[BaseModel], key: str, items: list[Any], loc: tuple[Any, ...],
                   context: _Context) -> list[Any]:
    kept = []
    for index, item in enumerate(items):
        try:
            (good,) = _field_value(model, key, [item])
        except ValidationError as failure:
            context.errors.extend(_reindex(e, len(loc) - 1, index)
                                  for e in _relocated(failure, loc[:-1]))
            context.salvage.lost(loc[0], item)
            continue
        context.origins.queue(good, context.rel, (*loc, index))
        kept.append(good)
    return kept


def _field_value(model: type[BaseModel], key: str, value: Any) -> Any:
    """``value`` validated as field ``key`` of ``model``, with the model's own rules."""
    probe = model.model_construct()
    model.__pydantic_validator__.validate_assignment(probe, key, value)
    return getattr(probe, key)


def _relocated(failure: ValidationError, prefix: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{**error, "loc": (*prefix, *error["loc"])} for error in _errors(failure)]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The one model class a field holds directly (``Profile`` or ``Profile | None``)."""
    found = [a for a in (typing.get_args(annotation) or (annotation,))
             if isinstance(a, type) and issubclass(a, BaseModel)]
    return found[0] if len(found) == 1 else None


@functools.cache
def _list_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold a list."""
    return frozenset(name for name, info in model.model_fields.items()
                     if any(typing.get_origin(a) is list
                            for a in (typing.get_args(info.annotation) or ()))
                     or typing.get_origin(info.annotation) is list)


def _errors(failure: ValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors, with a key that is not text (``~``, ``5``, ``true``) located as
    written: pydantic puts ``'None'`` or ``1`` in its place."""
    errors: list[dict[str, Any]] = [dict(error) for error in failure.errors()]
    for error in errors:
        if error["type"] == "invalid_key":
            error["loc"] = (*error["loc"][:-1], error["input"])
    return errors


def _reindex(error: dict[str, Any], position: int, index: int) -> dict[str, Any]:
    """An item's error, validated as the only item of its list, at its real ``index``."""
    loc = list(error["loc"])
    if len(loc) > position + 1 and loc[position + 1] == 0:
        loc[position + 1] = index
    return {**error, "loc": tuple(loc)}


def _missing(loc: tuple[Any, ...]) -> dict[str, Any]:
    return {"type": "missing", "loc": loc, "msg": "Field required", "input": None}


def diagnostics_for(
    errors: list[dict[str, Any]], source: SourceFile, model: type[BaseModel]
) -> list[Diagnostic]:
    """Turn pydantic errors into diagnostics, one per location."""
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in errors:
        grouped.setdefault(_clean_loc(error["loc"], source.data), []).append(error)
    return [_diagnostic(loc, group, source, model) for loc, group in grouped.items()]


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop the names pydantic inserts for union members; keep every real key of the data."""
    cleaned: list[Any] = []
    node = data
    for part in loc:
        is_key = isinstance(node, dict) and part in node
        after_index = bool(cleaned) and isinstance(cleaned[-1], int)
        if not is_key and isinstance(part, str) and (
            part in _SCALAR_TAGS or "[" in part or (after_index and part in UNION_TAGS)
        ):
            continue
        cleaned.append(part)
        node = _child(node, part)
    return tuple(cleaned)


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _diagnostic(
    loc: tuple[Any, ...], group: list[dict[str, Any]], source: SourceFile, model: type[BaseModel]
) -> Diagnostic:
    error = group[0]
    kind = error["type"]
    path = field_path(loc)
    if kind == "missing":
        line, col = source.locate(loc[:-1])
        return Diagnostic.new("KC201", source.rel, line, col, field=path, name=loc[-1])
    if kind in ("extra_forbidden", "invalid_key"):
        line, col = source.locate(loc, key=True)
        name = _key_text(loc[-1])
        suggestion = _key_suggestion(name, allowed_keys(model, loc[:-1]))
        path = field_path((*loc[:-1], name))
        return Diagnostic.new(
            "KC202", source.rel, line, col, field=path, name=name, suggestion=suggestion
        )
    line, col = source.locate(loc)
    code, params = _value_problem(group)
    return Diagnostic.new(code, source.rel, line, col, field=path, **params)


def _key_text(key: Any) -> str:
    """A key as it is written in YAML: ``~``, ``true``, ``5``, ``nama``."""
    if key is None:
        return "~"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _value_problem(group: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    error = group[0]
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    expected = [_EXPECTED[e["type"]] for e in group if e["type"] in _EXPECTED]
    if isinstance(value, HugeNumber):
        return "KC206", {"value": _show(value), "bound": term("fewer_digits")}
    if kind in _DATE_ERRORS and not isinstance(value, (list, dict)):
        return "KC208", {"value": _show(value)}
    if kind == "less_than_equal" and ctx.get("le") == MAX_RUPIAH:
        return "KC212", {"value": _show(value), "limit": advice("rupiah_limit")}
    if any(e["type"] == "finite_number" for e in group):
        return "KC206", {"value": _show(value), "bound": term("finite_number")}
    if expected:
        return "KC203", _type_params(expected, value)
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return "KC204", {"value": _show(value), "allowed": allowed}
    if kind == "string_pattern_mismatch":
        example = _PATTERN_EXAMPLES.get(str(ctx.get("pattern")), str(ctx.get("pattern")))
        return "KC205", {"value": _show(value), "example": example}
    if kind in _RANGE_ERRORS:
        return "KC206", {"value": _show(value), "bound": _RANGE_ERRORS[kind].format(**ctx)}
    if kind in ("too_short", "string_too_short"):
        return "KC207", {"minimum": ctx.get("min_length", 1)}
    return "KC209", {"detail": error.get("msg", kind)}


def _type_params(expected: list[str], value: Any) -> dict[str, Any]:
    unique = list(dict.fromkeys(expected))
    tip = _ADVICE.get(unique[0])
    return {
        "expected": _either([term(e) for e in unique]),
        "found": term(_kind_of(value)),
        "advice": advice(tip, value=_show(value)) if tip else "",
    }


def _either(terms: list[Phrase]) -> list[Phrase]:
    """``a``, ``a atau b``, ``a, b atau c``: the terms as one phrase."""
    joined = [terms[0]]
    for index, following in enumerate(terms[1:], start=1):
        joined += [term("list_joint" if index < len(terms) - 1 else "or_joint"),
                   following]
    return joined


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, date):
        return "date"
    return "unknown"


def _show(value: Any) -> str:
    if value is None or isinstance(value, bool):  # as YAML writes them, not as Python does
        return {None: "null", True: "true", False: "false"}[value]
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _key_suggestion(name: str, allowed: list[str]) -> Any:
    if not allowed:
        return advice("no_keys")
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    listing = advice("allowed_keys", allowed=", ".join(allowed))
    return (advice("did_you_mean", candidate=close[0]), listing) if close else listing


def allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model(s) found by walking ``loc`` through the annotations."""
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in current:
            if part in cls.model_fields:
                nxt.extend(_models_in(cls.model_fields[part].annotation))
        current = nxt
    names: list[str] = []
    for cls in current:
        names.extend(n for n in cls.model_fields if n not in names)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found
