"""`diff`: the semantic difference of a plan between two git revisions."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kotacerdas.cli.app import EXIT_PLAN_ERRORS, app, command, language, speak_for
from kotacerdas.cli.options import Lang
from kotacerdas.cli.output import err, report_notes


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@command(app)
def diff(
    arguments: Annotated[Optional[list[str]], typer.Argument(
        help="[REV_A] [REV_B] [DIR]: revisi lama (bawaan: HEAD), revisi baru (bawaan: pohon "
        "kerja), dan folder rencana; argumen terakhir yang berupa folder adalah folder "
        "rencana. / Old revision (default: HEAD), new revision (default: the working "
        "tree), plan folder: a last argument that is a folder is the plan folder.",
        show_default=False, metavar="[REV_A] [REV_B] [DIR]")] = None,
    output: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text, markdown (untuk komentar pull request / for a pull "
        "request comment) atau json.")] = DiffFormat.text,
    lang: Lang = None,
) -> int:
    """Perubahan isi rencana antara dua revisi git, per id. / What changed in the plan
    between two git revisions, by id."""
    from kotacerdas.cli import diff_view
    from kotacerdas.commands.diff import diff_plan
    from kotacerdas.errors import KotacerdasError, UsageError

    revisions, folder = _split(arguments or [])
    old = revisions[0] if revisions else "HEAD"
    new = revisions[1] if len(revisions) > 1 else None  # None: the working tree
    try:
        if len(revisions) > 2:
            raise UsageError.about("KC906", value=" ".join(revisions[2:]))
        speak_for(folder, lang)
        result = diff_plan(folder, old, new, language=language())
    except KotacerdasError as refused:
        if output is DiffFormat.json:  # nothing could be compared: said in JSON too
            print(diff_view.refusal_as_json(refused.diagnostics, old, new, language()), end="")
        raise

    report_notes(result.notes)
    if result.unreadable:
        from kotacerdas.messages import say

        report_notes(result.unreadable)
        if output is DiffFormat.json:  # a reader of the JSON learns why there is no diff
            print(diff_view.as_json(result), end="")
        err(say(result.language, "diff", "unreadable"))
        return EXIT_PLAN_ERRORS
    print(diff_view.FORMATS[output.value](result), end="")
    return 0


def _split(arguments: list[str]) -> tuple[list[str], Path]:
    """Revisions and the plan folder: the last argument, when it names a folder."""
    if arguments and _is_folder(arguments[-1]):
        return arguments[:-1], Path(arguments[-1])
    return arguments, Path.cwd()


def _is_folder(argument: str) -> bool:
    if not argument.strip():  # not the current folder: an empty revision
        return False
    try:
        return Path(argument).is_dir()
    except (OSError, ValueError):  # a name too long to be a path, a NUL in it
        return False
