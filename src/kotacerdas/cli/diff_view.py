"""A plan's semantic diff as the terminal shows it, as Markdown for a pull-request comment,
and as JSON.

Values are printed as the plan writes them; money in Rupiah. An old value is marked
``-`` and a new one ``+``, as in a line diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from kotacerdas.commands.diff import DiffResult, Side, diff_as_dict
from kotacerdas.diagnostics import Diagnostic
from kotacerdas.plan_diff import Delta, FieldChange, ItemChange
from kotacerdas.text_safety import visible

_MARK = {"added": "+", "removed": "-", "changed": "~"}


class _Words:
    """The catalogue sentences of one language, and its Rupiah."""

    def __init__(self, language: str) -> None:
        from kotacerdas.formatting import number_formats
        from kotacerdas.messages import catalogue, say

        self.language = language
        self.kinds: dict[str, str] = catalogue(language)["diff_kinds"]
        self.rupiah = number_formats(language)["rupiah"]
        self._say = say

    def __call__(self, key: str, **params: Any) -> str:
        return self._say(self.language, "diff", key, **params)

    def side(self, side: Side) -> str:
        if not side.revision:
            return self("work_tree")
        return f"{side.revision} ({side.commit[:7]})"

    def signed(self, amount: int) -> str:
        return ("+" if amount > 0 else "-") + self.rupiah(abs(amount))


def as_text(result: DiffResult) -> str:
    words = _Words(result.language)
    lines = [words("title", region=result.region, old=words.side(result.old),
                   new=words.side(result.new)), ""]
    lines.extend(_body(result, words, _text_item, _text_value_lines))
    return "\n".join(lines) + "\n"


def as_markdown(result: DiffResult) -> str:
    from kotacerdas.render.formats.markdown import escape_text

    words = _Words(result.language)
    title = words("title", region=result.region, old=words.side(result.old),
                  new=words.side(result.new))
    lines = [f"### {escape_text(title)}", ""]

    def item(change: ItemChange, words: _Words) -> str:
        # one line, whatever the name holds: a line break would forge a line of the report
        name = f" {escape_text(' '.join(change.name.splitlines()))}" if change.name else ""
        key = f" {change.key}" if change.key else ""
        return f"- **{words(change.change)}** {words.kinds.get(change.kind, change.kind)}" \
               f"{key}{name}"

    def values(change: FieldChange, words: _Words) -> Iterator[str]:
        yield f"  - {escape_text(change.path)}"
        for mark, value in (("−", change.old), ("+", change.new)):
            if value not in (None, []):
                shown = escape_text(_value(value, change.path, words)).replace("\n", "<br>")
                if mark == "−":
                    shown = "~~" + shown.replace("~", "\\~") + "~~"
                yield f"    - **{mark}** {shown}"

    lines.extend(_body(result, words, item, values, heading="#### {}", bullet="- "))
    return "\n".join(lines) + "\n"


def as_json(result: DiffResult) -> str:
    """The comparison as JSON; where a side could not be read, what stopped it
    (``"compared": false`` and its diagnostics, as `check --format json` gives them)."""
    from kotacerdas.report import as_dict

    found = [*result.notes, *result.unreadable]
    said = [as_dict(diagnostic, result.language) for diagnostic in found]
    if result.unreadable:
        whole = diff_as_dict(result)
        payload = {key: whole[key] for key in ("old", "new", "region", "language")}
        payload.update(compared=False, diagnostics=said)
    else:
        payload = {**diff_as_dict(result), "compared": True, "diagnostics": said}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def refusal_as_json(diagnostics: list[Diagnostic], old: str, new: str | None,
                    language: str) -> str:
    """What `as_json` gives when the revisions themselves could not be had (no repository,
    an unknown revision, no plan there): nothing compared, and why. ``new`` is None for
    the working tree."""
    from kotacerdas.report import as_dict

    payload = {"old": {"revision": old, "commit": None},
               "new": {"revision": new, "commit": None},
               "region": None, "language": language, "compared": False,
               "diagnostics": [as_dict(diagnostic, language) for diagnostic in diagnostics]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[DiffResult], str]] = {
    "text": as_text, "markdown": as_markdown, "json": as_json}


ItemView = Callable[[ItemChange, "_Words"], str]
ValueView = Callable[[FieldChange, "_Words"], Iterator[str]]


def _body(result: DiffResult, words: _Words, item: ItemView, values: ValueView,
          heading: str = "{}", bullet: str = "  ") -> list[str]:
    found = result.diff
    if found.empty:
        return [words("none")]
    lines: list[str] = []
    for change in found.items:
        lines.append(item(change, words))
        for field_change in change.fields:
            lines.extend(values(field_change, words))
    budget = found.budget
    if budget.total.change or budget.by_programme:
        lines.extend(["", heading.format(words("budget"))])
        lines.extend(_delta_lines(words, {words("total"): budget.total}, bullet))
        lines.extend(_delta_lines(words, {words("year", year=k): d
                                          for k, d in budget.by_year.items()}, bullet))
        lines.extend(_delta_lines(words, {words("source", source=k): d
                                          for k, d in budget.by_source.items()}, bullet))
        lines.extend(_delta_lines(words, {words("programme", programme=k): d
                                          for k, d in budget.by_programme.items()}, bullet))
    if found.stages:
        lines.extend(["", heading.format(words("stages"))])
        for number, changes in found.stages.items():
            lines.append(f"{bullet}{words('stage', stage=number)}")
            for field_change in changes:
                lines.extend(values(field_change, words))
    if found.seal is not None:
        lines.extend(["", heading.format(words("seal"))])
        lines.extend(values(found.seal, words))
    counts = found.counts()
    lines.extend(["", words("summary", **counts)])
    return lines


def _delta_lines(words: _Words, deltas: dict[str, Delta], bullet: str) -> list[str]:
    return [f"{bullet}{label}: {words.rupiah(d.old)} → {words.rupiah(d.new)} "
            f"({words.signed(d.change)})" for label, d in deltas.items()]


def _text_item(change: ItemChange, words: _Words) -> str:
    key = f" {change.key}" if change.key else ""
    name = f" {visible(change.name)}" if change.name else ""  # on one line, as written
    return f"{_MARK[change.change]} {words.kinds.get(change.kind, change.kind)}{key}{name}"


def _text_value_lines(change: FieldChange, words: _Words) -> Iterator[str]:
    yield f"    {change.path}"
    for mark, value in (("-", change.old), ("+", change.new)):
        if value not in (None, []):
            for number, line in enumerate(_value(value, change.path, words).split("\n")):
                yield f"      {mark if number == 0 else ' '} {line}"


def _value(value: Any, path: str, words: _Words) -> str:
    """One value as the plan writes it: a list by its items, a mapping by its fields,
    an amount of money in Rupiah."""
    if isinstance(value, list):
        return ", ".join(_value(v, path, words) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v, k, words)}" for k, v in value.items())
    if isinstance(value, int) and not isinstance(value, bool) and _is_money(path):
        return words.rupiah(value)
    return str(value)


def _is_money(path: str) -> bool:
    return path.endswith("jumlah") or path.startswith("anggaran[") or ".anggaran[" in path
