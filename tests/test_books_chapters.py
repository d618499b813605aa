"""Chapters that carry their weight, and the signature page as signed: governance with its
decree, tasks, forum and chart; monitoring with its reporting line and the national
evaluation; readiness with its scale and averages; the gap analysis and TOWS matrix;
quick-win profiles with criteria and a month-by-month schedule; the commitment with its
acknowledgers; the review log as an appendix."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html

from kotacerdas.model.implementation import DEFAULT_WEIGHTS
from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.regen_golden import KABUPATEN

LABELS = tomllib.loads((ROOT / "templates/books/labels/id.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("chapters")
    folders = {}
    for name, plan in (("batam", EXAMPLE), ("kabupaten", KABUPATEN)):
        run = run_cli("build", plan, "--format", "html", "--out", out / name)
        assert run.exit_code == 0, run
        folders[name] = out / name
    return folders


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def _page(path: Path) -> Any:
    return lxml_html.fromstring(path.read_bytes())


def _words(node: Any) -> str:
    return " ".join(node.text_content().split())


def _section(page: Any, ident: str) -> Any:
    (found,) = page.xpath(f"//section[@id='{ident}']")
    return found


def _table(page: Any, caption_start: str) -> Any:
    tables = [t for t in page.xpath("//table[caption]")
              if _words(t.find("caption")).split(" ", 2)[-1].startswith(caption_start)]
    assert len(tables) == 1, caption_start
    return tables[0]


def _rows(table: Any) -> list[list[str]]:
    return [[_words(cell) for cell in row.xpath("./td|./th")] for row in table.xpath(".//tr")]


def test_governance_names_its_decree_tasks_forum_and_chart(built: dict[str, Path]) -> None:
    team = _yaml(KABUPATEN / "1-analisis" / "tim.yaml")["tim"]
    chapter = _section(_page(built["kabupaten"] / "2-masterplan.html"), "bab-tata_kelola")
    text = _words(chapter)
    assert f"Keputusan Bupati Nomor {team['sk']['nomor']} tanggal 30 Mei 2022 tentang " \
        f"{team['sk']['judul']}" in text
    lists = [[_words(li) for li in ol.findall("li")] for ol in chapter.findall(".//ol")]
    assert team["tugas_pelaksana"] in lists  # the plan's own tasks
    assert list(LABELS["tata_kelola"]["tugas_dewan"].values()) in lists  # the default ones
    assert f"{team['forum']['nama']} mempertemukan" in text and team["forum"]["frekuensi"] in text
    (chart,) = chapter.xpath(".//figure//*[local-name()='svg']")
    tips = ".//*[local-name()='rect']/*[local-name()='title']"
    boxes = [_words(title) for title in chart.xpath(tips)]
    chair = next(m["nama"] for m in team["pelaksana"] if m["peran"] == "ketua")
    assert f"Tim Pelaksana Smart City: {chair}" in boxes
    assert team["forum"]["nama"] in boxes


def test_monitoring_says_who_reports_to_whom_and_how_the_nation_weighs_it(
        built: dict[str, Path]) -> None:
    page = _page(built["batam"] / "2-masterplan.html")
    flow = _rows(_table(page, LABELS["monev"]["alur_tabel"]))
    assert [row[:2] for row in flow[1:]] == [[r["pelapor"], r["kepada"]]
                                            for r in LABELS["monev"]["alur"].values()]
    aspects = _rows(_table(page, LABELS["monev"]["aspek_tabel"]))[1:]
    assert [row[0] for row in aspects] == [a["nama"] for a in LABELS["monev"]["aspek"].values()]
    assert [row[1] for row in aspects] == [f"{w:g}%" for w in DEFAULT_WEIGHTS.values()]
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_readiness_states_its_scale_and_the_average_per_component(
        built: dict[str, Path]) -> None:
    readiness = _yaml(EXAMPLE / "1-analisis" / "kesiapan.yaml")["kesiapan"]
    text = _words(_section(_page(built["batam"] / "1-analisis-strategis.html"), "bab-kesiapan"))
    assert LABELS["analisis"]["skala"] in text
    for component, items in readiness.items():
        scores = [item["skor"] for item in items if "skor" in item]
        mean = f"{round(sum(scores) / len(scores), 2):g}".replace(".", ",")
        name = LABELS["komponen"][component]
        assert f"Rata-rata skor {name}: {mean} dari 5." in text


def test_the_gap_analysis_and_the_tows_matrix_come_from_the_plan(
        built: dict[str, Path]) -> None:
    page = _page(built["batam"] / "1-analisis-strategis.html")
    gaps = _yaml(EXAMPLE / "1-analisis" / "kesenjangan.yaml")["analisis_kesenjangan"]
    rows = _rows(_table(page, LABELS["analisis"]["kesenjangan_tabel"]))[1:]
    assert [row[1:] for row in rows] == [[g["kondisi_kini"], g["kondisi_harapan"],
                                          g["kesenjangan"]] for g in gaps]
    strategies = _yaml(EXAMPLE / "2-perumusan" / "strategi.yaml")["strategi"]
    tows = {row[0]: row[1] for row in _rows(_table(page, LABELS["analisis"]["tows_tabel"]))}
    for strategy in strategies:
        sides = {ident[0] for ident in strategy.get("swot", [])}
        for cell in ("SO", "ST", "WO", "WT"):
            placed = strategy["id"] in tows.get(LABELS["analisis"][cell], "")
            assert placed == ({cell[0], cell[1]} <= sides), (strategy["id"], cell)


def test_a_quick_win_profile_shows_its_element_criteria_and_schedule(
        built: dict[str, Path]) -> None:
    wins = _yaml(EXAMPLE / "4-komitmen" / "quick-win.yaml")["quick_win"]
    page = _page(built["batam"] / "3-quick-win.html")
    for win in wins:
        profile = _rows(_table(page, f"Profil {win['id']} "))
        assert any(row[0] == "Dimensi dan elemen" and " · " in row[1] for row in profile)
        criteria = _rows(_table(page, f"Skor kriteria pemilihan {win['id']}"))
        scores = [int(v) for v in criteria[1][:-1]]
        assert scores == [win["kriteria"][k] for k in ("waktu", "biaya", "dampak",
                                                       "daya_ungkit", "kesiapan")]
        schedule = _table(page, f"Jadwal kegiatan {win['id']}")
        months = [_words(th) for th in schedule.xpath(".//thead//th")][1:]
        first, last = str(win["mulai"])[:7], str(win["selesai"])[:7]
        assert len(months) == _month_count(first, last)
        for activity, row in zip(win["jadwal"], schedule.xpath(".//tbody/tr")):
            cells = row.findall("td")
            assert _words(cells[0]) == activity["nama"]
            marked = [i for i, cell in enumerate(cells[1:]) if "aktif" in cell.get("class")]
            start = _month_count(first, activity["mulai"]) - 1
            assert marked == list(range(start, start + _month_count(activity["mulai"],
                                                                    activity["selesai"])))


def _month_count(first: str, last: str) -> int:
    (y1, m1), (y2, m2) = (map(int, first.split("-")), map(int, last.split("-")))
    return (y2 - y1) * 12 + m2 - m1 + 1


def test_the_signature_page_puts_mentors_under_acknowledgement(built: dict[str, Path]) -> None:
    page = _page(built["batam"] / "3-quick-win.html")
    (sheet,) = page.xpath("//div[@class='lembar-komitmen']")
    signers = _yaml(EXAMPLE / "4-komitmen" / "komitmen.yaml")["komitmen"]["penandatangan"]
    grids = sheet.xpath("./div[@class='tanda-tangan']")
    names = [[_words(s) for s in grid.xpath(".//strong")] for grid in grids]
    assert names == [[s["nama"] for s in signers if s["peran"] not in ("pendamping", "saksi")],
                     [s["nama"] for s in signers if s["peran"] in ("pendamping", "saksi")]]
    (acknowledge,) = sheet.xpath("./p[@class='mengetahui']")
    assert acknowledge.getnext() is grids[1]
    pledges = _yaml(EXAMPLE / "4-komitmen" / "komitmen.yaml")["komitmen"]["pernyataan"]
    assert [_words(li) for li in sheet.xpath("./ol/li")] == [" ".join(p.split()) for p in pledges]


@pytest.mark.parametrize("name", ["batam", "kabupaten"])
def test_the_review_log_is_an_appendix_with_its_real_columns(built: dict[str, Path],
                                                             name: str) -> None:
    plan = EXAMPLE if name == "batam" else KABUPATEN
    log = _yaml(plan / "4-komitmen" / "reviu.yaml")["reviu"]
    page = _page(built[name] / "3-quick-win.html")
    sections = page.xpath("//main/section")
    assert sections[-1].get("id") == "lampiran-reviu"  # after every chapter
    assert not _section(page, "bab-komitmen").xpath(".//table[contains(@class, 'reviu')]")
    table = sections[-1].find(".//table")
    rows = _rows(table)
    assert rows[0] == ["Tanggal", "Bagian", "Catatan", "Tindak lanjut", "Status"]
    for entry, row, tr in zip(log, rows[1:], table.xpath(".//tbody/tr")):
        assert row[1:4] == [" ".join(entry["bagian"].split()), " ".join(entry["catatan"].split()),
                            " ".join((entry.get("tindak_lanjut") or "—").split())]
        is_open = entry.get("status", "selesai") == "terbuka"
        assert row[4] == ("Terbuka" if is_open else "Selesai")
        assert (tr.get("class") == "terbuka") == is_open
    contents = [_words(a) for a in page.xpath("//nav[@class='daftar-isi']//a")]
    assert "Catatan Reviu Akhir" in contents
    assert re.search(r"Tabel L\.1 ", _words(table.find("caption")))
