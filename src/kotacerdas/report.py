"""Diagnostics as text (gcc style, for terminals and editors), as JSON (for tools), as
SARIF (for code-scanning services) and as GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kotacerdas.diagnostics import CheckResult, Diagnostic
from kotacerdas.messages import render, templates, term
from kotacerdas.messages import text as phrase_text
from kotacerdas.text_safety import visible


def _plain(role: str, text: str) -> str:
    return text


def as_text(diagnostic: Diagnostic, language: str,
            paint: Callable[[str, str], str] = _plain) -> str:
    """``file:line:col: error[KC201] field: message`` and an indented hint line;
    ``paint(severity, text)`` may colour the severity and code.

    Names and values from the plan are shown with any control character escaped.
    """
    message, hint = (visible(part) for part in render(language, diagnostic.code,
                                                       diagnostic.params))
    severity = phrase_text(language, term(diagnostic.severity))
    field = f" {visible(diagnostic.field)}:" if diagnostic.field else ""
    head = f"{visible(diagnostic.file)}:{diagnostic.line}:{diagnostic.column}: "
    head += paint(diagnostic.severity, f"{severity}[{diagnostic.code}]") + f"{field} {message}"
    if diagnostic.waived:
        head += f" ({phrase_text(language, term('waived'))}: {diagnostic.waived})"
    lines = [head]
    if hint:
        lines.append(f"    {phrase_text(language, term('hint'))}: {hint}")
    return "\n".join(lines)


def text_report(result: CheckResult, paint: Callable[[str, str], str] = _plain,
                notes: bool = True) -> str:
    """Every diagnostic as text; ``notes=False`` leaves out the infos and the waived
    warnings, which need nothing done."""
    return "\n".join(as_text(d, result.language, paint) for d in result.sorted()
                     if notes or (d.severity != "info" and not d.waived))


def as_dict(diagnostic: Diagnostic, language: str) -> dict[str, object]:
    message, hint = render(language, diagnostic.code, diagnostic.params)
    return {
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "file": visible(diagnostic.file),
        "line": diagnostic.line,
        "column": diagnostic.column,
        "field": visible(diagnostic.field),
        "message": visible(message),
        "hint": visible(hint),
        "waived": diagnostic.waived,
    }


def json_report(result: CheckResult, *, strict: bool = False, **extra: object) -> str:
    """The check result, followed by any ``extra`` fields a command adds, as JSON."""
    payload = {
        "ok": result.exit_code(strict=strict) == 0,
        "language": result.language,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "files": result.checked_files,
        "diagnostics": [as_dict(d, result.language) for d in result.sorted()],
        **extra,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: SARIF's name for the folder every result's file is relative to.
PLAN_ROOT = "PLANROOT"


def sarif_report(result: CheckResult, root: Path) -> str:
    """The check result as a SARIF 2.1.0 log: one rule per code that occurs, with the
    catalogue's message as its description and its hint as help."""
    from kotacerdas import __version__
    from kotacerdas.diagnostics import CODES

    found = result.sorted()
    codes = sorted({d.code for d in found})
    index = {code: number for number, code in enumerate(codes)}
    rules = [_sarif_rule(code, CODES[code], result.language) for code in codes]
    log = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kotacerdas", "version": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {PLAN_ROOT: {"uri": root.resolve().as_uri() + "/"}},
            "language": result.language,
            "results": [_sarif_result(d, index[d.code], result.language) for d in found],
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)


def _sarif_rule(code: str, severity: str, language: str) -> dict[str, object]:
    message, hint = templates(language, code)
    rule: dict[str, object] = {
        "id": code,
        "shortDescription": {"text": visible(message)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[severity]},
    }
    if hint:
        rule["help"] = {"text": visible(hint)}
    return rule


def _sarif_result(diagnostic: Diagnostic, rule: int, language: str) -> dict[str, object]:
    from urllib.parse import quote

    message, hint = (visible(part) for part in render(language, diagnostic.code,
                                                       diagnostic.params))
    found: dict[str, object] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule,
        "level": _SARIF_LEVEL[diagnostic.severity],
        "message": {"text": message},
    }
    if diagnostic.line > 0:
        region = {"startLine": diagnostic.line, "startColumn": max(diagnostic.column, 1)}
        found["locations"] = [{"physicalLocation": {
            # a name that is not UTF-8 keeps its bytes, each written as %XX
            "artifactLocation": {"uri": quote(diagnostic.file, errors="surrogateescape"),
                                 "uriBaseId": PLAN_ROOT},
            "region": region}}]
    properties = {"field": visible(diagnostic.field), "hint": hint}
    found["properties"] = {key: value for key, value in properties.items() if value}
    if diagnostic.waived:
        found["suppressions"] = [{"kind": "inSource", "justification": diagnostic.waived}]
    return found


_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def github_report(result: CheckResult, base: str) -> str:
    """The check result as GitHub workflow commands, one annotation per diagnostic, each
    on its file and line; ``base`` is the plan folder as seen from the repository."""
    lines = []
    for diagnostic in result.sorted():
        message, hint = (visible(part) for part in render(result.language, diagnostic.code,
                                                           diagnostic.params))
        kind = "notice" if diagnostic.waived else _GITHUB_COMMAND[diagnostic.severity]
        where = []
        if diagnostic.line > 0:
            where = [f"file={_github_property(_joined(base, diagnostic.file))}",
                     f"line={diagnostic.line}", f"col={max(diagnostic.column, 1)}"]
        field = f"{visible(diagnostic.field)}: " if diagnostic.field else ""
        text = f"{field}{message}" + (f"\n{hint}" if hint else "")
        if diagnostic.waived:
            text += f"\n({phrase_text(result.language, term('waived'))}: {diagnostic.waived})"
        title = f"title={_github_property(diagnostic.code)}"
        lines.append(f"::{kind} {','.join([*where, title])}::{_github_data(text)}")
    return "\n".join(lines)


def _joined(base: str, file: str) -> str:
    return file if base in ("", ".") else f"{base}/{file}"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")
