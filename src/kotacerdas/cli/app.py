"""The Typer application every command module registers itself on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kotacerdas",
    help="Tulis, periksa, dan terbitkan Masterplan Smart City dari berkas YAML di git.\n\n"
    "Write, check and publish a smart-city masterplan from YAML files in git.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

stage_app = typer.Typer(
    help="Periksa atau tutup satu tahap bimtek. / Check or close one workshop stage.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(stage_app, name="stage")
