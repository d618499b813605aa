"""`make bench`: the speed of `export xlsx` and `import xlsx`, as bench.py measures the rest.

For the worked example and for the 1,000-programme plan, each on a copy of the plan:
`export xlsx` as a user runs it, then `import xlsx` of the exported workbook lightly
edited (a programme renamed, an amount changed, a budget line added). Every import run
starts from the plan as it was exported (the stage folders are copied back first, a few
milliseconds), so that each run writes and checks the same change.

Run alone (``python scripts/bench_sheets.py``) it prints the figures of one run.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDERS = ("2-perumusan", "3-finalisasi")


def sheet_figures(measure: Callable[..., dict], kotacerdas: str, batam: Path, plan_1000: Path,
                  work: Path, repeats: int) -> dict[str, dict]:
    """Time `export xlsx` and `import xlsx` on Batam and on the 1,000-programme plan with
    bench.py's ``measure(name, command, repeats, ...)``; keyed ``export-xlsx-batam``,
    ``import-xlsx-batam``, ``export-xlsx-1000``, ``import-xlsx-1000``."""
    results: dict[str, dict] = {}
    for label, source in (("batam", batam), ("1000", plan_1000)):
        folder = work / f"sheets-{label}"
        shutil.rmtree(folder, ignore_errors=True)
        pristine = shutil.copytree(source, folder / "pristine",
                                   ignore=shutil.ignore_patterns("build"))
        plan = shutil.copytree(pristine, folder / "plan")
        workbook = folder / "matriks.xlsx"
        results[f"export-xlsx-{label}"] = measure(
            f"kotacerdas export xlsx ({label})",
            [kotacerdas, "export", "xlsx", str(plan), "--out", str(workbook)], repeats)
        edited = lightly_edited(workbook, folder / "diedit.xlsx")
        restore = " && ".join(f'rm -rf "{plan / name}" && cp -R "{pristine / name}" "{plan}/"'
                              for name in FOLDERS)
        results[f"import-xlsx-{label}"] = measure(
            f"kotacerdas import xlsx ({label})",
            ["sh", "-c", f'{restore} && exec "$0" import xlsx "$1" "$2"', kotacerdas,
             str(edited), str(plan)], repeats)
    return results


def lightly_edited(workbook: Path, target: Path) -> Path:
    """The workbook with a programme renamed, an amount changed and a budget line added,
    as an agency sends it back."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    programmes, budget = book.worksheets[1], book.worksheets[2]
    name = _column(programmes, ("Nama program", "Programme name"))
    programmes.cell(2, name).value = f"{programmes.cell(2, name).value} (revisi)"
    amount = _column(budget, ("Jumlah (Rp)", "Amount (Rp)"))
    budget.cell(2, amount).value = int(budget.cell(2, amount).value) + 1000
    new = budget.max_row + 1
    for column in range(1, amount + 2):  # programme, year, amount, source: a second line
        budget.cell(new, column).value = budget.cell(2, column).value
    budget.cell(new, amount).value = 25_000_000
    book.save(target)
    return target


def _column(sheet: Any, names: tuple[str, ...]) -> int:
    return next(cell.column for cell in sheet[1] if cell.value in names)


def main() -> None:
    """One run on its own, for a quick look: the figures as bench.py prints them."""
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    from bench import KOTACERDAS, OUT, ROOT, measure
    from bench_workload import programmes, write_plan

    work = OUT / "work-sheets"
    shutil.rmtree(work, ignore_errors=True)
    plan_1000 = write_plan(work / "plan-1000", programmes(1000))
    figures = sheet_figures(measure, str(KOTACERDAS), ROOT / "examples" / "batam-2022",
                            plan_1000, work, repeats=int(sys.argv[1]) if len(sys.argv) > 1
                            else 5)
    for row in figures.values():
        print(f"{row['name']:<38}{row['median_s']:>10.3f}{row['min_s']:>8.3f}"
              f"{row['peak_mb']:>9.1f}  exit {row['exit_codes']}")


if __name__ == "__main__":
    main()
