"""Planning rules over random years and dates: never a crash, always located and worded."""

from __future__ import annotations

import shutil
import string
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kotacerdas.commands.check import check_plan
from kotacerdas.diagnostics import CODES, Diagnostic
from kotacerdas.messages import catalogue

BASE = Path(__file__).parent / "cases" / "rules" / "_base"
ACTIONS = "3-finalisasi/rencana-aksi.yaml"
QUICK_WINS = "4-komitmen/quick-win.yaml"
SIGNED = date(2024, 9, 6)  # the base plan's joint commitment: the first day a quick win may start
years = st.integers(min_value=2000, max_value=2060)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def assert_well_formed(diagnostic: Diagnostic, files: set[str]) -> None:
    assert diagnostic.code in CODES
    assert diagnostic.file in files and diagnostic.line >= 1 and diagnostic.column >= 1
    for language in ("id", "en"):
        entry = catalogue(language)["codes"][diagnostic.code]
        for part in ("message", "hint"):
            assert _placeholders(entry[part]) <= set(diagnostic.params), (diagnostic, part)


@settings(max_examples=40, deadline=None)
@given(start=years, end=years, budget=years,
       qw_start=st.dates(date(2020, 1, 1), date(2040, 1, 1)),
       qw_days=st.integers(min_value=-400, max_value=800))
@example(start=2025, end=2025, budget=2000, qw_start=date(2034, 11, 1), qw_days=61)
@example(start=2025, end=2029, budget=2027, qw_start=date(2024, 10, 1), qw_days=30)
@example(start=2025, end=2029, budget=2027, qw_start=date(2024, 9, 5), qw_days=30)
def test_random_years_and_dates(start: int, end: int, budget: int, qw_start: date,
                                qw_days: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "plan"
        shutil.copytree(BASE, root)
        _replace(root / ACTIONS, "tahun_mulai: 2025\n    tahun_selesai: 2029",
                 f"tahun_mulai: {start}\n    tahun_selesai: {end}")
        _replace(root / ACTIONS, "{tahun: 2027,", f"{{tahun: {budget},")
        _replace(root / QUICK_WINS, "mulai: 2025-02-01\n    selesai: 2025-11-30",
                 f"mulai: {qw_start}\n    selesai: {qw_start + timedelta(days=qw_days)}")
        quick_win_end = qw_start + timedelta(days=qw_days)
        plan, result = check_plan(root)
        codes = [d.code for d in result.diagnostics]
        for diagnostic in result.diagnostics:
            assert_well_formed(diagnostic, set(plan.files))
        in_period = 2025 <= start <= 2034 and 2025 <= end <= 2034
        in_window = SIGNED <= qw_start and quick_win_end.year <= 2034
        assert ("KC503" in codes) == (not in_period or not in_window)
        assert ("KC504" in codes) == (end < start)
        assert ("KC511" in codes) == (qw_days < 0)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
