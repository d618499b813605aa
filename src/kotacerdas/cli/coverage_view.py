"""The `coverage` view: the chains as a table, the gaps, and the budget totals, drawn with Rich."""

from __future__ import annotations

from typing import Any


def show_coverage(found: Any) -> None:
    from rich.console import Console

    from kotacerdas.messages import say

    lang = found.language
    console = Console()
    console.print(_chain_table(found))
    console.print(f"\n{say(lang, 'coverage', 'gaps')}:", markup=False)
    if not found.gaps:
        console.print(f"  {say(lang, 'coverage', 'no_gaps')}", markup=False)
    for gap in found.gaps:
        console.print(f"  - {say(lang, 'coverage', 'gap_' + gap.kind, id=gap.id)}", markup=False)
    if found.budget.total:
        for table in _budget_tables(found):
            console.print()
            console.print(table)


def _chain_table(found: Any) -> Any:
    from rich.table import Table

    from kotacerdas.messages import say

    lang = found.language
    none = say(lang, "coverage", "none")
    table = Table(title=say(lang, "coverage", "title", region=found.region),
                  title_justify="left")
    for key in ("swot", "strategy", "programme", "indicator"):
        table.add_column(say(lang, "coverage", key))
    for link in found.links:
        programme = link.programme or none
        if link.dropped:
            programme += f" ({say(lang, 'coverage', 'dropped')})"
        table.add_row(link.swot or none, link.strategy or none, programme,
                      "; ".join(link.indicators) or none)
    return table


def _budget_tables(found: Any) -> list[Any]:
    """Two narrow tables, totals per year and per funding source, in whole Rupiah."""
    from rich.table import Table

    from kotacerdas.messages import say

    lang, budget = found.language, found.budget
    tables = []
    for title, first, rows in (
        ("budget_per_year", "year", {str(y): v for y, v in budget.by_year.items()}),
        ("budget_per_source", "source", budget.by_source),
    ):
        table = Table(title=say(lang, "coverage", title), title_justify="left")
        table.add_column(say(lang, "coverage", first))
        table.add_column("Rp", justify="right", no_wrap=True)
        for label, amount in rows.items():
            table.add_row(label, _rupiah(amount))
        table.add_row(say(lang, "coverage", "total"), _rupiah(budget.total))
        tables.append(table)
    return tables


def _rupiah(amount: int) -> str:
    from kotacerdas.formatting import number_formats

    return number_formats("id")["angka"](amount)
