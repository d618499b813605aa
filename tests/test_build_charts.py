"""Charts are well-formed SVG with every label escaped; filters format and escape text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kotacerdas import formatting, horizons
from kotacerdas.render import charts, filters, totals
from kotacerdas.render.formats import html, markdown

HOSTILE = '<b>"Tata & Kelola"</b>'
LABELS = {
    "jangka": {"pendek": "Pendek", "menengah": "Menengah", "panjang": "Panjang"},
    "kosong": "Belum ada program.",
    "sumber": {"APBD": HOSTILE, "CSR": "CSR"},
    "komponen": {"struktur": HOSTILE, "infrastruktur": "Infra", "suprastruktur": "Supra"},
    "nilai": {"baik": "Baik", "sedang": "Sedang", "kurang": "Kurang"},
}


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def test_roadmap_draws_one_bar_per_scheduled_programme_over_ten_years() -> None:
    programmes = [
        {"id": "GOV-01", "nama": HOSTILE, "jangka": "pendek", "tahun": [2025, 2025]},
        {"id": "GOV-02", "nama": "Dua", "jangka": "panjang", "tahun": [2027, 2034]},
        {"id": "GOV-03", "nama": "Batal", "jangka": "menengah", "tahun": None},
    ]
    bands = horizons.horizon_bands(2025, 2034, {"pendek": 1, "menengah": 5, "panjang": 10})
    svg = charts.roadmap(programmes, list(range(2025, 2035)), bands, LABELS, HOSTILE)
    shown = texts(svg)
    assert [str(y) for y in range(2025, 2035)] == [t for t in shown if t.isdigit()]
    assert f"GOV-01  {HOSTILE}" in shown and not any("GOV-03" in t for t in shown)
    assert svg.count('rx="3"') == 2  # two bars
    assert "<b>" not in svg


def test_empty_charts_still_draw() -> None:
    bands = horizons.horizon_bands(2025, 2029, {"pendek": 1, "menengah": 5, "panjang": 10})
    assert "Belum ada program." in texts(charts.roadmap([], [2025], bands, LABELS, "t"))
    empty = totals.budget_table([], ["APBD"])
    ET.fromstring(charts.budget_bars(empty, LABELS, str, "t"))
    nothing = [{"komponen": k, "jumlah": {"baik": 0, "sedang": 0, "kurang": 0}}
               for k in ("struktur", "infrastruktur", "suprastruktur")]
    ET.fromstring(charts.readiness(nothing, LABELS, "t"))


def test_budget_bars_stack_sources_and_escape_the_legend() -> None:
    table = totals.budget_table([
        {"tahun": 2025, "sumber": "APBD", "jumlah": 300},
        {"tahun": 2025, "sumber": "CSR", "jumlah": 100},
        {"tahun": 2026, "sumber": "APBD", "jumlah": 200},
    ], ["APBD", "CSR"])
    svg = charts.budget_bars(table, LABELS, str, "t")
    assert HOSTILE in texts(svg) and "<b>" not in svg
    assert ["0", "100", "200", "300", "400"] == [t for t in texts(svg) if t.isdigit()][:5]


def test_heatmap_prints_every_count() -> None:
    data = totals.heatmap([
        {"dimensi": "governance", "jangka": "pendek", "batal": None},
        {"dimensi": "governance", "jangka": "pendek", "batal": None},
        {"dimensi": "governance", "jangka": "panjang", "batal": "alasan"},
    ], ["governance", "economy"])
    assert data["baris"][0]["jumlah"] == [2, 0, 0] and data["total"] == 2
    shown = texts(charts.heatmap(data, [HOSTILE, "Economy"], LABELS, "t"))
    assert shown.count("0") == 5 and "2" in shown and HOSTILE in shown


def test_money_dates_and_numbers_in_both_languages() -> None:
    indonesian, english = formatting.number_formats("id"), formatting.number_formats("en")
    assert indonesian["rupiah"](1_500_000) == "Rp1.500.000"
    assert english["rupiah"](1_500_000) == "Rp1.500.000"
    assert indonesian["tanggal"]("2022-06-13") == "13 Juni 2022"
    assert english["tanggal"]("2022-06-13") == "13 June 2022"
    assert indonesian["angka"](80.5) == "80,5" and indonesian["angka"]("n/a") == "n/a"
    assert indonesian["persen"](1, 3) == "33,3%"


def test_labels_fill_only_plain_placeholders() -> None:
    assert filters.fill("Kota {nama}", nama="Batam") == "Kota Batam"
    assert filters.fill("{nama.__class__} {0} {x}", nama="B") == "{nama.__class__} {0} {x}"


def test_markdown_escaping_of_plan_text() -> None:
    assert markdown.escape_text("# judul\n* butir <b>") == "\\# judul\n\\* butir \\<b>"
    assert markdown.cell_text("a | b\nc") == "a \\| b c"
    assert markdown.markdown_field("**tebal** [x](https://a.id)") == "**tebal** [x](https://a.id)"
    assert markdown.markdown_field("**tebal** <script>") == "\\*\\*tebal\\*\\* \\<script>"
    assert markdown.markdown_cell("a | `b \\| c`") == "a \\| `b \\| c`"
    assert "<script>" not in html.markdown_to_html("<script>alert(1)</script>")
    assert filters.roman(9) == "IX" and filters.roman(14) == "XIV"
