"""The `coverage` view: the chains as a table, the gaps, and the budget totals."""

from __future__ import annotations

from kotacerdas.cli.tables import draw
from kotacerdas.commands.coverage import Coverage
from kotacerdas.messages import say


def show_coverage(found: Coverage) -> None:
    lang = found.language
    lines = [_chain_table(found), f"\n{say(lang, 'coverage', 'gaps')}:"]
    if not found.gaps:
        lines.append(f"  {say(lang, 'coverage', 'no_gaps')}")
    lines += [f"  - {say(lang, 'coverage', 'gap_' + gap.kind, id=gap.id)}" for gap in found.gaps]
    if found.budget.total:
        lines += ["\n" + table for table in _budget_tables(found)]
    print("\n".join(lines))


def _chain_table(found: Coverage) -> str:
    lang = found.language
    none = say(lang, "coverage", "none")
    dropped = f" ({say(lang, 'coverage', 'dropped')})"
    rows = [[link.swot or none, link.strategy or none,
             (link.programme or none) + (dropped if link.dropped else ""),
             "; ".join(link.indicators) or none] for link in found.links]
    headers = [say(lang, "coverage", key) for key in ("swot", "strategy", "programme",
                                                       "indicator")]
    return draw(say(lang, "coverage", "title", region=found.region), headers, rows)


def _budget_tables(found: Coverage) -> list[str]:
    """Two narrow tables, totals per year and per funding source, in whole Rupiah."""
    from kotacerdas.formatting import number_formats

    amount = number_formats("id")["angka"]
    lang, budget = found.language, found.budget
    tables = []
    for title, first, sums in (
        ("budget_per_year", "year", {str(y): v for y, v in budget.by_year.items()}),
        ("budget_per_source", "source", budget.by_source),
    ):
        rows = [[label, amount(value)] for label, value in sums.items()]
        rows.append([say(lang, "coverage", "total"), amount(budget.total)])
        tables.append(draw(say(lang, "coverage", title), [say(lang, "coverage", first), "Rp"],
                           rows, align=("left", "right")))
    return tables
