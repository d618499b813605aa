"""Pydantic validation of one plan file, with every error turned into a located diagnostic."""

from __future__ import annotations

import difflib
import re
import types
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from kotacerdas.diagnostics import Diagnostic, field_path
from kotacerdas.messages import advice, term
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


def validate_file(
    source: SourceFile, model: type[M], origins: Origins
) -> tuple[M, list[Diagnostic]]:
    """Validate a whole file; on failure, salvage every section and list item that is valid.

    Salvaging keeps one bad programme from hiding the other hundred from later rules.
    Every object kept is queued in ``origins`` with the place it was read from.
    """
    data = source.data
    try:
        valid = model.model_validate(data)
    except ValidationError as failure:
        whole_file = _errors(failure)
    else:
        origins.queue(valid, source.rel)
        return valid, []
    kept: dict[str, Any] = {"versi_skema": data.get("versi_skema", 0)}
    errors: list[dict[str, Any]] = []
    for key, value in data.items():
        good, found = _validate_section(model, key, value, source.rel, origins)
        errors.extend(found)
        if good is not None:
            kept[key] = good
    errors.extend(_missing(name) for name, info in model.model_fields.items()
                  if info.is_required() and name not in data)
    if not errors:  # no section alone failed, yet the whole did: say what the whole found
        errors = whole_file
    salvaged = typing.cast(M, model.model_construct(**kept))  # the plugin types it as Model
    origins.place(salvaged, source.rel, ())
    return salvaged, diagnostics_for(errors, source, model)


def _validate_section(
    model: type[Model], key: str, value: Any, rel: str, origins: Origins
) -> tuple[Any, list[dict[str, Any]]]:
    try:
        built = getattr(model.model_validate({"versi_skema": 1, key: value}), key, None)
        origins.queue(built, rel, (key,))
        return built, []
    except ValidationError as error:
        if not isinstance(value, list) or key not in model.model_fields:
            return None, [e for e in _errors(error) if e["loc"][:1] == (key,)]
    items: list[Any] = []
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        try:
            (good,) = getattr(model.model_validate({"versi_skema": 1, key: [item]}), key)
            origins.queue(good, rel, (key, index))
            items.append(good)
        except ValidationError as error:
            errors.extend(_reindex(e, index) for e in _errors(error) if e["loc"][:1] == (key,))
    return items, errors


def _errors(failure: ValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors, with a key that is not text (``~``, ``5``, ``true``) located as
    written: pydantic puts ``'None'`` or ``1`` in its place."""
    errors: list[dict[str, Any]] = [dict(error) for error in failure.errors()]
    for error in errors:
        if error["type"] == "invalid_key":
            error["loc"] = (*error["loc"][:-1], error["input"])
    return errors


def _reindex(error: dict[str, Any], index: int) -> dict[str, Any]:
    loc = list(error["loc"])
    if len(loc) > 1 and loc[1] == 0:
        loc[1] = index
    return {**error, "loc": tuple(loc)}


def _missing(name: str) -> dict[str, Any]:
    return {"type": "missing", "loc": (name,), "msg": "Field required", "input": None}


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
        "expected": [term(e) for e in unique] if len(unique) > 1 else term(unique[0]),
        "found": term(_kind_of(value)),
        "advice": advice(tip, value=_show(value)) if tip else "",
    }


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
