"""Buku II as a mentor reads it: the programme matrix shows every fact of every action
plan, taken here from the plan's own files, under its dimension and element in catalogue
order; the indicators chapter follows the same order; the Markdown book keeps the
supporting agencies, partners and location."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from ruamel.yaml import YAML

from conftest import EXAMPLE, ROOT, run_cli
from kotacerdas.formatting import number_formats

KABUPATEN = ROOT / "tests" / "fixtures" / "kabupaten-sumberjaya"
CATALOGS = ROOT / "src" / "kotacerdas" / "catalog"
L = tomllib.loads((ROOT / "templates" / "books" / "labels" / "id.toml").read_text("utf-8"))
RUPIAH = number_formats("id")["rupiah"]
ANGKA = number_formats("id")["angka"]
#: Which plan each built book comes from; "no-plan" is the regency with one action plan
#: taken out, so that a programme without one is shown.
PLANS = ("batam", "kabupaten", "no-plan")
UNPLANNED = "ENV-01"


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


@dataclass
class Facts:
    """What the plan files say: programmes in catalogue order, their entries, names."""

    programmes: list[dict[str, Any]]
    entries: dict[str, dict[str, Any]]
    dimensions: dict[str, str]
    elements: dict[tuple[str, str], str]


def plan_facts(plan: Path) -> Facts:
    manifest = load(plan / "kotacerdas.yaml")
    catalog = load(CATALOGS / f"{manifest['katalog']}.yaml")
    regency = manifest["wilayah"]["jenis"] == "kabupaten"
    rank, elements = {}, {}
    for d, dim in enumerate(catalog["dimensi"]):
        for e, element in enumerate(dim["elemen"]):
            rank[(dim["id"], element["id"])] = (d, e)
            names = element.get("nama_kabupaten") if regency else None
            elements[(dim["id"], element["id"])] = (names or element["nama"])["id"]
    programmes = [p for path in sorted((plan / "2-perumusan").glob("program*.yaml"))
                  for p in load(path)["program"]]
    entries = {entry["program"]: entry for path in sorted((plan / "3-finalisasi").glob("*.yaml"))
               for entry in load(path)["rencana_aksi"] or []}
    return Facts(sorted(programmes, key=lambda p: rank[(p["dimensi"], p["elemen"])]), entries,
                 {d["id"]: d["nama"]["id"] for d in catalog["dimensi"]}, elements)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Facts]]:
    root = tmp_path_factory.mktemp("matrix")
    no_plan = root / "no-plan"
    shutil.copytree(KABUPATEN, no_plan)
    actions = no_plan / "3-finalisasi" / "rencana-aksi.yaml"
    text = actions.read_text("utf-8")
    actions.write_text(text[:text.index(f"  - program: {UNPLANNED}")], "utf-8")
    books = {}
    for name, plan in zip(PLANS, (EXAMPLE, KABUPATEN, no_plan)):
        out = root / f"{name}-books"
        if name == "no-plan":  # the missing action plan is an error the build reports
            run = run_cli("build", plan, "--out", out, "--format", "html,md", "--force")
            assert run.exit_code == 1 and UNPLANNED in run.stdout, run
        else:
            run = run_cli("build", plan, "--out", out, "--format", "html,md")
            assert run.exit_code == 0, run
        books[name] = (out, plan_facts(plan))
    return books


def words(node_or_text: Any) -> str:
    text = node_or_text if isinstance(node_or_text, str) else node_or_text.text_content()
    return " ".join(text.split())


def chapter(book: Path, name: str) -> Any:
    return html.fromstring(book.read_bytes()).get_element_by_id(f"bab-{name}")


def matrix_rows(book: Path) -> list[tuple[str, str, Any, Any]]:
    """(dimension heading, element heading, programme row, its detail row or None)."""
    found, dimension, element = [], "", ""
    for node in chapter(book, "program").iter("h3", "h4", "tr"):
        if node.tag == "h3":
            dimension, element = words(node), ""
        elif node.tag == "h4":
            element = words(node)
        elif node.get("id"):
            after = node.getnext()
            detail = after if after is not None and after.get("class") == "rincian" else None
            found.append((dimension, element, node, detail))
    return found


def years_shown(entry: dict[str, Any]) -> str:
    first, last = entry["tahun_mulai"], entry["tahun_selesai"]
    return str(first) if first == last else f"{first}–{last}"


@pytest.mark.parametrize("name", PLANS)
def test_matrix_is_in_catalogue_order_under_its_headings(built, name: str) -> None:
    out, facts = built[name]
    rows = matrix_rows(out / "2-masterplan.html")
    assert [row.get("id") for _, _, row, _ in rows] == [p["id"] for p in facts.programmes]
    for (dimension, element, _, _), programme in zip(rows, facts.programmes):
        assert dimension.endswith(" " + facts.dimensions[programme["dimensi"]])
        assert element == facts.elements[(programme["dimensi"], programme["elemen"])]


def test_batam_catalogue_order_is_not_id_order(built) -> None:
    ids = [p["id"] for p in built["batam"][1].programmes]
    assert ids != sorted(ids)  # the example does tell the two orders apart


@pytest.mark.parametrize("name", PLANS)
def test_every_programme_row_shows_its_plan(built, name: str) -> None:
    out, facts = built[name]
    rows = {row.get("id"): (row, detail)
            for _, _, row, detail in matrix_rows(out / "2-masterplan.html")}
    for programme in facts.programmes:
        row, detail = rows[programme["id"]]
        cells = [words(td) for td in row.findall("td")]
        entry = facts.entries.get(programme["id"])
        assert cells[0] == programme["id"]
        assert words(programme["nama"]) in cells[1] and words(programme["deskripsi"]) in cells[1]
        assert cells[2] == L["jangka"][programme["jangka"]]
        assert cells[6] == ", ".join(programme.get("strategi", []))
        if entry is None:
            assert L["teks"]["tanpa_rencana"] in cells[1] and detail is None
            assert cells[3] == L["belum"]
        elif "batal" in entry:
            assert L["batal"].format(alasan=words(entry["batal"])) in cells[1] and detail is None
        else:
            assert cells[3:6] == [entry["opd"], years_shown(entry),
                                  RUPIAH(sum(line["jumlah"] for line in entry["anggaran"]))]
            assert detail is not None, programme["id"]
            check_detail(detail, entry)
    if name == "no-plan":
        assert UNPLANNED not in facts.entries


def check_detail(detail: Any, entry: dict[str, Any]) -> None:
    shown = {words(p.find("strong")).rstrip(":"): words(p).split(": ", 1)[-1]
             for p in detail.iter("p")}
    expected = [label for label, key in (
        (L["kolom"]["opd_pendukung"], "opd_pendukung"), (L["kolom"]["mitra"], "mitra"),
        (L["kolom"]["lokasi"], "lokasi"), (L["kolom"]["anggaran_tahun"], "anggaran"),
        (L["kolom"]["sumber"], "anggaran"), (L["kolom"]["indikator"], "indikator"))
        if entry.get(key)]
    assert list(shown) == expected  # every part, in this order
    if entry.get("opd_pendukung"):
        assert shown[L["kolom"]["opd_pendukung"]] == "; ".join(entry["opd_pendukung"])
    if entry.get("mitra"):
        assert shown[L["kolom"]["mitra"]] == "; ".join(
            f"{m['nama']} ({L['peran'][m['peran']]})" for m in entry["mitra"])
    if entry.get("lokasi"):
        assert shown[L["kolom"]["lokasi"]] == words(entry["lokasi"])
    if entry["anggaran"]:
        assert per_year(shown[L["kolom"]["anggaran_tahun"]]) == expected_years(entry["anggaran"])
        assert per_source(shown[L["kolom"]["sumber"]]) == expected_sources(entry["anggaran"])
    assert [words(li) for li in detail.iter("li")] == [
        indicator_line(i) for i in entry.get("indikator", [])]


YEAR = re.compile(r"(\d{4}) (Rp[\d.]+) \((.+)\)")
AMOUNT = re.compile(r"(.+?)(?: (Rp[\d.]+))?")


def per_year(text: str) -> list[tuple[int, str, dict[str, str]]]:
    """``2023 Rp400.000.000 (APBD Rp300.000.000, CSR Rp100.000.000); 2024 ...`` as
    (year, total, {source: amount or ""})."""
    shown = []
    for part in text.split("; "):
        found = YEAR.fullmatch(part)
        assert found, part
        sources = dict(source_amount(source) for source in found.group(3).split(", "))
        shown.append((int(found.group(1)), found.group(2), sources))
    return shown


def source_amount(text: str) -> tuple[str, str]:
    """``APBD Provinsi Rp300.000.000`` as its source and amount; a lone source has none."""
    found = AMOUNT.fullmatch(text)
    assert found, text
    return found.group(1), found.group(2) or ""


def expected_years(lines: list[dict[str, Any]]) -> list[tuple[int, str, dict[str, str]]]:
    cells: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in lines:
        cells[line["tahun"]][line["sumber"]] += line["jumlah"]
    return [(year, RUPIAH(sum(sources.values())),
             {L["sumber"][s]: RUPIAH(a) if len(sources) > 1 else "" for s, a in sources.items()})
            for year, sources in sorted(cells.items())]


def per_source(text: str) -> dict[str, str]:
    return dict(part.rsplit(" ", 1) for part in text.split("; "))


def expected_sources(lines: list[dict[str, Any]]) -> dict[str, str]:
    sums: dict[str, int] = defaultdict(int)
    for line in lines:
        sums[line["sumber"]] += line["jumlah"]
    return {L["sumber"][s]: RUPIAH(a) for s, a in sums.items()}


def indicator_line(indicator: dict[str, Any]) -> str:
    values = {"baseline": ANGKA(indicator["baseline"]), "target": ANGKA(indicator["target"]),
              "satuan": indicator["satuan"], "tahun": indicator.get("tahun_target")}
    label = L["teks"]["capaian_tahun" if values["tahun"] else "capaian"]
    return f"{indicator['nama']} ({indicator['jenis']}): {label.format(**values)}"


@pytest.mark.parametrize("name", PLANS)
def test_indicator_chapter_is_in_catalogue_order(built, name: str) -> None:
    out, facts = built[name]
    table = chapter(out / "2-masterplan.html", "monev").find(".//div[@class='lebar']//table")
    rows = [[words(td) for td in tr.findall("td")] for tr in table.iter("tr") if tr.findall("td")]
    expected = [[p["id"], i["jenis"], i["nama"], i["satuan"], ANGKA(i["baseline"]),
                 ANGKA(i["target"]), str(i.get("tahun_target") or L["belum"])]
                for p in facts.programmes
                for entry in [facts.entries.get(p["id"])] if entry and "batal" not in entry
                for i in entry.get("indikator", [])]
    assert rows == expected and expected


@pytest.mark.parametrize("name", PLANS)
def test_markdown_book_keeps_agencies_partners_and_location(built, name: str) -> None:
    out, facts = built[name]
    lines = (out / "2-masterplan.md").read_text("utf-8").splitlines()
    checked = 0
    for programme in facts.programmes:
        entry = facts.entries.get(programme["id"])
        head = f"- **{programme['id']}** {programme['nama']}"
        if entry is None or "batal" in entry:
            assert head not in lines
            continue
        start = lines.index(head)
        block = lines[start + 1:]
        block = block[:next(n for n, line in enumerate(block) if not line.startswith("  "))]
        wanted = {L["kolom"]["opd_pendukung"]: "; ".join(entry.get("opd_pendukung", [])),
                  L["kolom"]["mitra"]: "; ".join(f"{m['nama']} ({L['peran'][m['peran']]})"
                                                for m in entry.get("mitra", [])),
                  L["kolom"]["lokasi"]: entry.get("lokasi") or ""}
        for label, value in wanted.items():
            if value:
                assert f"  - {label}: {value}" in block, (programme["id"], label)
                checked += 1
    assert checked  # the plan has such programmes, and they were looked at
