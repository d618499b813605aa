"""The view model computes every total once; tables and charts must add up to it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kotacerdas import horizons
from kotacerdas.plan import load_plan
from kotacerdas.render import totals, viewmodel
from tests.conftest import EXAMPLE, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "build-plan"


def context_of(root: Path) -> dict:
    plan, problems = load_plan(root)
    assert not [p for p in problems if p.severity == "error"]
    return viewmodel.build_context(plan, "id", None)


def assert_budget_adds_up(table: dict) -> None:
    assert sum(row["total"] for row in table["baris"]) == table["total"]
    assert sum(table["total_sumber"]) == table["total"]
    for row in table["baris"]:
        assert sum(row["jumlah"]) == row["total"]
    for index, column_total in enumerate(table["total_sumber"]):
        assert sum(row["jumlah"][index] for row in table["baris"]) == column_total


def test_fixture_budget_per_year_and_source() -> None:
    table = context_of(FIXTURE)["anggaran"]
    assert table["sumber"] == ["APBD", "APBN", "CSR", "hibah"]
    assert [(r["tahun"], r["jumlah"], r["total"]) for r in table["baris"]] == [
        (2025, [1_800_000_000, 0, 0, 125_000_000], 1_925_000_000),
        (2026, [750_000_000, 0, 250_000_000, 0], 1_000_000_000),
        (2027, [0, 500_000_000, 0, 0], 500_000_000),
    ]
    assert table["total"] == 3_425_000_000
    assert_budget_adds_up(table)


def test_dropped_programmes_carry_no_budget_and_no_roadmap_bar() -> None:
    context = context_of(FIXTURE)
    dropped = next(p for p in context["program"] if p["id"] == "SOC-02")
    assert dropped["batal"] and dropped["total"] == 0 and dropped["tahun"] is None
    assert context["heatmap"]["total"] == 2


def test_example_totals_agree_everywhere() -> None:
    context = context_of(EXAMPLE)
    table = context["anggaran"]
    assert_budget_adds_up(table)
    assert context["anggaran_dimensi"]["total"] == table["total"]
    assert sum(d["anggaran"] for d in context["dimensi"]) == table["total"]
    assert sum(p["total"] for p in context["program"]) == table["total"]
    heat = context["heatmap"]
    assert sum(row["total"] for row in heat["baris"]) == heat["total"] == sum(heat["total_jangka"])
    assert heat["total"] == context["anggaran_dimensi"]["program"]
    assert_budget_adds_up(context["anggaran_quick_win"])


lines = st.lists(st.fixed_dictionaries({
    "tahun": st.integers(2020, 2035),
    "sumber": st.sampled_from(viewmodel.SOURCES),
    "jumlah": st.integers(0, 10**13),
}), max_size=60)


@given(lines)
def test_any_budget_lines_add_up(budget: list[dict]) -> None:
    table = totals.budget_table(budget, viewmodel.SOURCES)
    assert table["total"] == sum(line["jumlah"] for line in budget)
    assert_budget_adds_up(table)


@given(st.integers(2000, 2050), st.integers(0, 30), st.integers(1, 5), st.integers(1, 10),
       st.integers(1, 20))
def test_horizon_bands_cover_the_plan_without_overlap(start: int, span: int, short: int,
                                                      medium: int, long: int) -> None:
    end = start + span
    bands = horizons.horizon_bands(start, end, {"pendek": short, "menengah": medium,
                                              "panjang": long})
    assert bands[0]["mulai"] == start and bands[-1]["selesai"] == end
    for before, after in zip(bands, bands[1:]):
        assert after["mulai"] == before["selesai"] + 1
