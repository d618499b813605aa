"""Diagnostics as text (gcc style, for terminals and editors) or as JSON (for tools)."""

from __future__ import annotations

import json

from kotacerdas.diagnostics import CheckResult, Diagnostic
from kotacerdas.messages import render, term
from kotacerdas.messages import text as phrase_text
from kotacerdas.text_safety import visible


def as_text(diagnostic: Diagnostic, language: str) -> str:
    """``file:line:col: error[KC201] field: message`` and an indented hint line.

    Names and values from the plan are shown with any control character escaped.
    """
    message, hint = (visible(part) for part in render(language, diagnostic.code,
                                                       diagnostic.params))
    severity = phrase_text(language, term(diagnostic.severity))
    field = f" {visible(diagnostic.field)}:" if diagnostic.field else ""
    head = f"{visible(diagnostic.file)}:{diagnostic.line}:{diagnostic.column}: "
    head += f"{severity}[{diagnostic.code}]{field} {message}"
    if diagnostic.waived:
        head += f" ({phrase_text(language, term('waived'))}: {diagnostic.waived})"
    lines = [head]
    if hint:
        lines.append(f"    {phrase_text(language, term('hint'))}: {hint}")
    return "\n".join(lines)


def text_report(result: CheckResult) -> str:
    return "\n".join(as_text(d, result.language) for d in result.sorted())


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
