"""What a command line that cannot run got wrong, in the reader's language.

Typer says it in English, in sentences of its own (``No such option: --bogus``); the
kinds a user meets every day (an unknown option or command, a missing argument, an option
without its value, a value that is not a number or not one of a list) are said again
here from the fields of Typer's exception. Anything else keeps Typer's words.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from typer._click import exceptions as click_errors

from kotacerdas.messages import LANGUAGES, say

_NOT_A = re.compile(r"(?P<value>'.*') is not a valid (?P<kind>[a-z ]+)\.")
_NOT_ONE_OF = re.compile(r"(?P<value>'.*') is not one of (?P<choices>.*)\.")
_OUT_OF_RANGE = re.compile(r"(?P<value>\S+) is not in the range (?P<range>.*)\.")
_NO_COMMAND = re.compile(r"No such command (?P<name>'.*')\.(?: Did you mean (?P<close>.*)\?)?")
_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<words>.*)\)")
_NEEDS_VALUE = "requires an argument"
_TAKES_NO_VALUE = "does not take a value"


def described(error: Any, language: str) -> str:
    """What ``error`` (a Typer usage error) says, in ``language``."""
    def words(key: str, **params: Any) -> str:
        return say(language, "usage", key, **params)

    message = getattr(error, "message", "") or ""
    if isinstance(error, click_errors.NoSuchOption):
        said = words("no_such_option", option=error.option_name)
        close = sorted(error.possibilities or ())
        return said + (words("perhaps", choices=", ".join(close)) if close else "")
    if isinstance(error, click_errors.MissingParameter):
        return words("missing", name=_named(error))
    if isinstance(error, click_errors.BadOptionUsage) and _NEEDS_VALUE in message:
        return words("needs_value", option=error.option_name)
    if isinstance(error, click_errors.BadOptionUsage) and _TAKES_NO_VALUE in message:
        return words("takes_no_value", option=error.option_name)
    if isinstance(error, click_errors.BadParameter):
        return words("bad_value", name=_named(error), reason=_reason(message, words))
    if found := _NO_COMMAND.fullmatch(message):
        said = words("no_such_command", name=found["name"])
        return said + (words("perhaps", choices=found["close"]) if found["close"] else "")
    if found := _EXTRA.fullmatch(message):
        return words("extra", words=found["words"])
    return str(error.format_message())


def reader_language(words: list[str]) -> str:
    """The language a command line that cannot run is answered in: its ``--lang`` (either
    form), else that of the plan it names or stands in, as every command decides."""
    for index, word in enumerate(words):
        chosen = word.partition("=")[2] if word.startswith("--lang=") else (
            words[index + 1] if word == "--lang" and index + 1 < len(words) else None)
        if chosen in LANGUAGES:
            return chosen
    from pathlib import Path

    from kotacerdas.plan import language_at

    try:
        folders = [Path(word) for word in words if not word.startswith("-")]
        named = next((folder for folder in reversed(folders) if folder.is_dir()), Path.cwd())
        return language_at(named)
    except (OSError, ValueError):  # a working folder gone, a name the system refuses
        return "id"


def command_path(error: Any) -> str:
    """The command the reader was calling (``kotacerdas stage check``), for its help."""
    context = getattr(error, "ctx", None)
    if context is not None:
        return str(context.command_path)
    import typer

    from kotacerdas.cli import application

    node: Any = typer.main.get_command(application())
    path = ["kotacerdas"]
    for word in sys.argv[1:]:
        inner = getattr(node, "commands", {})
        if word in inner:
            node = inner[word]
            path.append(word)
        elif not word.startswith("-"):
            break
    return " ".join(path)


def _named(error: Any) -> str:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint or "?")


def _reason(message: str, words: Callable[..., str]) -> str:
    if found := _NOT_A.fullmatch(message):
        kind = {"int": "integer", "integer": "integer", "integer range": "integer",
                "float": "number", "float range": "number"}.get(found["kind"])
        return words(f"not_{kind}", value=found["value"]) if kind else message
    if found := _NOT_ONE_OF.fullmatch(message):
        return words("not_one_of", value=found["value"], choices=found["choices"])
    if found := _OUT_OF_RANGE.fullmatch(message):
        return words("out_of_range", value=found["value"], range=found["range"])
    return message
