"""Charts are well-formed SVG with every label escaped; filters format and escape text."""

from __future__ import annotations

import itertools
import math
import tomllib
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from kotacerdas import formatting, horizons
from kotacerdas.render import charts, filters, totals
from kotacerdas.render.formats import html, markdown
from tests.conftest import ROOT

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
    assert english["rupiah"](1_500_000) == "Rp1,500,000"
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


SVG = "{http://www.w3.org/2000/svg}"
SHIPPED = {language: tomllib.loads((ROOT / "templates" / "books" / "labels" /
                                    f"{language}.toml").read_text("utf-8"))
           for language in ("id", "en")}


def every_chart(labels: dict[str, Any]) -> dict[str, str]:
    """Each chart drawn from a small plan, with the shipped ``labels`` of a language."""
    table = totals.budget_table([
        {"tahun": 2025, "sumber": "APBD", "jumlah": 300},
        {"tahun": 2025, "sumber": "APBD-provinsi", "jumlah": 100},
        {"tahun": 2026, "sumber": "DAK", "jumlah": 200},
    ], ["APBD", "APBD-provinsi", "DAK"])
    heat = totals.heatmap([{"dimensi": "governance", "jangka": h, "batal": None}
                           for h in ("pendek", "pendek", "pendek", "menengah", "panjang")],
                          ["governance", "economy"])
    ready = [{"komponen": k, "jumlah": {"baik": 3, "sedang": 2, "kurang": 1}}
             for k in ("struktur", "infrastruktur", "suprastruktur")]
    bands = horizons.horizon_bands(2025, 2034, {"pendek": 1, "menengah": 5, "panjang": 10})
    programmes = [{"id": "GOV-01", "nama": "Satu", "jangka": j, "tahun": [2025, 2027]}
                  for j in ("pendek", "menengah", "panjang")]
    roadmap_labels = {"jangka": labels["jangka"], "kosong": "-", "grafik": labels["grafik"]}
    return {
        "peta_jalan": charts.roadmap(programmes, list(range(2025, 2035)), bands,
                                     roadmap_labels, "t"),
        "heatmap": charts.heatmap(heat, ["Governance", "Economy"], labels, "t"),
        "anggaran": charts.budget_bars(table, labels, lambda n: f"{n} jt", "t"),
        "kesiapan": charts.readiness(ready, labels, "t"),
    }


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def backdrop(shapes: list[ET.Element], x: float, y: float) -> str:
    """The fill of the last rectangle drawn under the point (x, y), or the white page."""
    under = [r for r in shapes if float(r.get("x", 0)) <= x <= float(r.get("x", 0))
             + float(r.get("width", 0)) and float(r.get("y", 0)) <= y
             <= float(r.get("y", 0)) + float(r.get("height", 0))]
    return under[-1].get("fill", "#000000") if under else "#ffffff"


@pytest.mark.parametrize("language", ["id", "en"])
def test_chart_text_has_4_5_to_1_contrast_on_what_lies_under_it(language: str) -> None:
    for name, svg in every_chart(SHIPPED[language]).items():
        shapes: list[ET.Element] = []
        for node in ET.fromstring(svg).iter():
            if node.tag == f"{SVG}rect":
                assert "opacity" not in "".join(node.attrib), name  # fills are what shows
                shapes.append(node)
            elif node.tag == f"{SVG}text":
                ink = node.get("fill", "#000000")
                ground = backdrop(shapes, float(node.get("x", 0)), float(node.get("y", 0)) - 4)
                assert contrast(ink, ground) >= 4.5, (name, node.text, ink, ground)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_chart_says_what_it_shows_and_every_bar_its_value(language: str) -> None:
    labels = SHIPPED[language]
    for name, svg in every_chart(labels).items():
        root = ET.fromstring(svg)
        assert [c.tag for c in root][:2] == [f"{SVG}title", f"{SVG}desc"], name
        desc = root.findtext(f"{SVG}desc") or ""
        assert len(desc) > 40 and "{" not in desc, (name, desc)
        bars = [r for r in root.iter(f"{SVG}rect") if float(r.get("width", 0)) > 12]
        assert bars and all(r.findtext(f"{SVG}title") for r in bars), name
    svg = every_chart(labels)["anggaran"]
    tips = [t.text for t in ET.fromstring(svg).iter(f"{SVG}title")][1:]
    assert f'2025 · {labels["sumber"]["APBD-provinsi"]}: 100 jt' in tips
    assert "2025" in ET.fromstring(svg).findtext(f"{SVG}desc", "")


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of ``#rrggbb`` (D65), to tell how far apart two colours look."""
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_every_funding_source_has_a_colour_of_its_own() -> None:
    sources = list(SHIPPED["id"]["sumber"])
    table = totals.budget_table([{"tahun": 2025, "sumber": s, "jumlah": 10} for s in sources],
                                sources)
    svg = charts.budget_bars(table, SHIPPED["id"], str, "t")
    swatches = [r.get("fill", "") for r in ET.fromstring(svg).iter(f"{SVG}rect")
                if r.get("width") == "12"]
    assert len(swatches) == len(sources) == 9
    for one, other in itertools.combinations(swatches, 2):
        assert math.dist(lab(one), lab(other)) >= 25, (one, other)  # clearly apart


def test_english_prints_english_numbers_and_plurals() -> None:
    english, indonesian = formatting.number_formats("en"), formatting.number_formats("id")
    assert english["angka"](1_234_567) == "1,234,567" and english["angka"](80.5) == "80.5"
    assert indonesian["angka"](1_234_567) == "1.234.567"
    assert english["persen"](1, 3) == "33.3%"
    assert english["jumlah"](1, "programme|programmes") == "1 programme"
    assert english["jumlah"](3, "programme|programmes") == "3 programmes"
    assert english["jumlah"](0, "programme|programmes") == "0 programmes"
    assert indonesian["jumlah"](3, "program") == "3 program"
    assert english["jumlah"](1_500, "quick win|quick wins") == "1,500 quick wins"
