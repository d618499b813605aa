"""The monitoring book, "Laporan Pemantauan dan Evaluasi Tahun YYYY": one per year with a
realisation file, its parts in order, its figures those `monitor` prints, in English too,
none for a plan without reports, and the PDF and Word writers taking it as it is."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.regen_golden import GOLDEN

CHAPTERS = ["laporan-ringkasan", "laporan-anggaran", "laporan-indikator", "laporan-program",
            "laporan-quick_win", "laporan-kendala", "laporan-evaluasi"]


class Walk(HTMLParser):
    """The chapters' ids in order, each table's rows as cell texts (by table id), the
    figures' ids, and the page's title."""

    def __init__(self) -> None:
        super().__init__()
        self.chapters: list[str] = []
        self.figures: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.title = ""
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and "bab" in (found.get("class") or ""):
            self.chapters.append(found.get("id") or "")
        elif tag == "figure":
            self.figures.append(found.get("id") or "")
        elif tag == "table":
            self._table = found.get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        self._in_title = tag == "title" and not self.title

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_title:
            self.title += data


def walk(path: Path) -> Walk:
    found = Walk()
    found.feed(path.read_text("utf-8"))
    return found


def rupiah(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("laporan") / "out"
    run = run_cli("build", EXAMPLE, "--out", out)
    assert run.exit_code == 0, run
    return out


def test_one_report_per_year_reported_and_the_index_links_them(built: Path) -> None:
    reports = sorted(p.name for p in built.glob("laporan-pemantauan-*"))
    assert reports == [f"laporan-pemantauan-{y}.{f}" for y in (2023, 2024) for f in ("html", "md")]
    index = built.joinpath("index.html").read_text("utf-8")
    assert index.index('href="laporan-pemantauan-2023.html"') \
        < index.index('href="laporan-pemantauan-2024.html"')
    assert ">Laporan Pemantauan dan Evaluasi Tahun 2024</a>" in index


def test_the_report_shows_its_parts_in_order_with_the_figures_monitor_prints(built: Path) -> None:
    figures = json.loads(run_cli("monitor", EXAMPLE, "--year", "2024", "--format", "json").stdout)
    page = walk(built / "laporan-pemantauan-2024.html")
    assert page.title.startswith("Laporan Pemantauan dan Evaluasi Tahun 2024 · Kota Batam")
    assert page.chapters == CHAPTERS
    assert page.figures == ["gambar-2-1", "gambar-3-1", "gambar-7-1"]
    states = {row[0]: int(row[1]) + int(row[2]) for row in page.tables["tabel-1-1"][1:-1]}
    assert states == {"selesai": 1, "berjalan": 25, "terlambat": 1, "batal": 1}
    assert {"selesai": 1, "berjalan": 25, "terlambat": 1, "batal": 1} == figures["total"]["states"]
    total = figures["total"]
    assert page.tables["tabel-2-1"][-1] == ["2024", "Jumlah", rupiah(total["planned"]),
                                            rupiah(total["spent"]), "84,4%"]
    words = {"reached": "tercapai", "on_track": "sesuai jalur", "behind": "tertinggal",
             "no_value": "belum diukur", "not_numeric": "belum tercapai"}
    shown = {row[0]: row[-1] for row in page.tables["tabel-3-1"][1:]}
    expected = {line["id"]: words[line["state"]] for item in figures["items"]
                for line in item["indicators"]}
    assert shown == expected and len(shown) == 57
    matrix = {row[0]: row[1:] for row in page.tables["tabel-4-1"][1:]}
    assert matrix["Smart Economy"] == ["0", "4", "0", "1", "5"]  # selesai berjalan terlambat batal
    assert figures["by_dimension"]["economy"]["states"] == {"berjalan": 4, "batal": 1}
    index = page.tables["tabel-7-1"][-1]
    assert index[0] == "Indeks" and index[3] == "3,36"
    assert figures["evaluation"]["index"] == 3.36
    carried = [carried_share(year) for year in (2023, 2024)]
    assert page.tables["tabel-7-3"][1:] == [["2023", "—", carried[0]],
                                            ["2024", "3,36 / 4", carried[1]]]
    assert carried[1] == "92,9%"  # 26 of 28, as the 2024 evaluation's outcome says


def carried_share(year: int) -> str:
    """The share of the year's programmes carried out as planned, from `monitor`'s JSON."""
    figures = json.loads(run_cli("monitor", EXAMPLE, "--year", str(year), "--format",
                                 "json").stdout)
    states = [item["state"] for item in figures["items"]
              if item["kind"] == "programme" and item["state"] != "tanpa_laporan"]
    share = sum(state in ("berjalan", "selesai") for state in states) / len(states)
    return f"{share:.1%}".replace(".", ",")


def test_obstacles_and_reasons_are_printed_as_written(built: Path) -> None:
    html = (built / "laporan-pemantauan-2024.html").read_text("utf-8")
    assert "Sebagian tiang lampu lama perlu diganti lebih dulu." in html
    assert "Digabung ke program literasi keuangan Pemerintah Provinsi Kepulauan Riau dan OJK; " \
        "kota tidak lagi menganggarkannya." in html
    md = (built / "laporan-pemantauan-2023.md").read_text("utf-8")
    assert "Tiga puskesmas belum memiliki jaringan internet yang stabil." in md


def test_every_light_has_its_word(built: Path) -> None:
    html = (built / "laporan-pemantauan-2024.html").read_text("utf-8")
    lights = re.findall(r'<span class="lampu lampu-(\w+)" aria-hidden="true"></span>([^<]*)<', html)
    assert lights and all(word.strip() for _, word in lights)
    md = (built / "laporan-pemantauan-2024.md").read_text("utf-8")
    assert "| 🔴 batal | Digabung ke program" in md


def test_the_report_charts_carry_a_title_and_a_description(built: Path) -> None:
    for n in (1, 2, 3):
        svg = (built / "gambar" / f"laporan-pemantauan-2024-{n}.svg").read_text("utf-8")
        assert re.search(r"<title>[^<]+</title><desc>[^<]+</desc>", svg), n


def test_the_golden_report_is_the_one_built(built: Path) -> None:
    for name in ("laporan-pemantauan-2024.md", "laporan-pemantauan-2024.html"):
        assert (built / name).read_bytes() == (GOLDEN / name).read_bytes(), \
            f"{name} differs from tests/golden; see make golden"


def test_the_english_report(tmp_path: Path) -> None:
    run = run_cli("build", EXAMPLE, "--lang", "en", "--format", "html", "--out", tmp_path)
    assert run.exit_code == 0, run
    page = walk(tmp_path / "laporan-pemantauan-2024.html")
    assert page.title.startswith("Monitoring and Evaluation Report 2024 · Batam City")
    assert page.chapters == CHAPTERS
    assert {row[0] for row in page.tables["tabel-1-1"][1:-1]} == {
        "done", "running", "late", "cancelled"}
    assert page.tables["tabel-7-3"][-1] == ["2024", "3.36 / 4", "92.9%"]
    text = (tmp_path / "laporan-pemantauan-2024.html").read_text("utf-8")
    assert "Budget and Spending" in text and "Anggaran dan Realisasi" not in text


def test_a_plan_without_reports_gets_no_report(tmp_path: Path) -> None:
    plan = ROOT / "tests" / "fixtures" / "build-plan"
    assert run_cli("build", plan, "--out", tmp_path).exit_code == 0
    assert not list(tmp_path.glob("laporan-*")) and not list(tmp_path.glob("gambar/laporan-*"))
    assert "laporan-pemantauan" not in (tmp_path / "index.html").read_text("utf-8")


def test_a_report_no_longer_reported_is_removed(example_copy: Path, tmp_path: Path) -> None:
    assert run_cli("build", example_copy, "--out", tmp_path / "out").exit_code == 0
    (example_copy / "5-pelaksanaan" / "realisasi-2024.yaml").unlink()
    (example_copy / "5-pelaksanaan" / "evaluasi-2024.yaml").unlink()
    run_cli("build", example_copy, "--out", tmp_path / "out", "--force")
    assert sorted(p.name for p in (tmp_path / "out").glob("laporan-*")) == [
        "laporan-pemantauan-2023.html", "laporan-pemantauan-2023.md"]


SHORT_OUTLINE = """\
[[buku]]
id = "ringkasan"
berkas = "0-ringkasan-eksekutif"
judul = "ringkasan"
bernomor = false
bab = ["ringkasan"]
"""


def test_the_report_builds_as_pdf_and_word(example_copy: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    docx = pytest.importorskip("docx")
    pytest.importorskip("weasyprint")
    pytest.importorskip("resvg_py")
    (example_copy / "templates").mkdir()  # one short masterplan book beside the reports
    (example_copy / "templates" / "outline.toml").write_text(SHORT_OUTLINE, "utf-8")
    run = run_cli("build", example_copy, "--format", "pdf,docx", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    reader = pypdf.PdfReader(tmp_path / "out" / "laporan-pemantauan-2024.pdf")
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "Laporan Pemantauan dan Evaluasi Tahun 2024" in text and "Penilaian Mandiri" in text
    word = (tmp_path / "out" / "laporan-pemantauan-2024.docx").read_bytes()
    document = docx.Document(io.BytesIO(word))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert any("Kemajuan Indikator" in h for h in headings), headings
    assert any("Kendala dan Tindak Lanjut" in h for h in headings), headings
