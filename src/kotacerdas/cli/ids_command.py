"""`kotacerdas ids`: the indicator ids the yearly reports use; `--write` writes the
proposed ones into the plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kotacerdas.cli.app import app, command, language
from kotacerdas.cli.options import Format, Lang, PlanDir
from kotacerdas.cli.output import here, report

if TYPE_CHECKING:
    from kotacerdas.diagnostics import CheckResult

IdsFormat = Annotated[
    Format, typer.Option("--format", "-f", help="text atau json (stdout). / text or json.")
]
Write = Annotated[
    bool, typer.Option("--write", help="Tulis id usulan ke berkas rencana. / Write the "
                       "proposed ids into the plan's files.")
]


@command(app)
def ids(folder: PlanDir = None, write: Write = False, output: IdsFormat = Format.text,
        lang: Lang = None) -> int:
    """Id indikator untuk laporan tahunan; --write menuliskan id usulan.

    The indicator ids the yearly reports use; --write writes the proposed ones in place.
    """
    from kotacerdas.commands.ids import indicator_ids

    found = indicator_ids(here(folder), write, language())
    if output is Format.json:
        import json

        print(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return 0
    from kotacerdas.cli.tables import draw
    from kotacerdas.messages import say

    lang_ = language()
    if not found.refs:
        print(say(lang_, "ids", "none"))
        return _plan_errors(found.result)
    headers = [say(lang_, "ids", key) for key in ("owner", "id", "name", "place")]
    rows = [[ref.owner, f"{ref.id} ({say(lang_, 'ids', 'written' if ref.written else 'proposed')})",
             ref.indicator.nama, found.places.get(ref.id, "")] for ref in found.refs]
    print(draw(say(lang_, "ids", "title"), headers, rows))
    proposed = sum(not ref.written for ref in found.refs)
    if write:
        if found.written:
            print(say(lang_, "ids", "wrote"))
            for path in found.written:
                print(f"  {path.relative_to(found.root).as_posix()}")
        else:
            print(say(lang_, "ids", "nothing_to_write"))
    elif proposed:
        print(say(lang_, "ids", "proposed_count", count=proposed))
    return _plan_errors(found.result)


def _plan_errors(result: CheckResult) -> int:
    """The plan's errors, if any, after the ids (exit 1): ids may be missing for them."""
    if not result.errors:
        return 0
    result.diagnostics = result.errors
    return report(result, Format.text)
