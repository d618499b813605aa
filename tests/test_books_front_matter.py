"""The front matter of every book: a foreword, then the table of contents, then an
introduction whose six parts come from the plan (or the shipped wording), with the legal
basis, the four workshops, and a reading guide of this book's own chapters."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLE, run_cli
from tests.regen_golden import KABUPATEN

BOOKS = ("1-analisis-strategis", "2-masterplan", "3-quick-win")
PARTS = {"id": ["Latar Belakang", "Maksud dan Tujuan", "Ruang Lingkup", "Dasar Hukum",
                "Metode Penyusunan", "Sistematika Penulisan"],
         "en": ["Background", "Purpose and Objectives", "Scope", "Legal Basis", "Method",
                "Outline of This Book"]}


class Outline(HTMLParser):
    """The headings of a book in order, the text under each, and its list items."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.text: dict[str, list[str]] = {}
        self.items: dict[str, list[str]] = {}
        self._open: str | None = None
        self._item: list[str] | None = None
        self._heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        if tag in ("h2", "h3"):
            self._open, self._heading = tag, ""
        elif tag == "li":
            self._item = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            title = " ".join(self._heading.split())
            self.headings.append((tag, title))
            self.text.setdefault(title, [])
            self.items.setdefault(title, [])
            self._open = None
        elif tag == "li" and self._item is not None and self.headings:
            self.items[self.headings[-1][1]].append(" ".join("".join(self._item).split()))
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._heading += data
            return
        if self._item is not None:
            self._item.append(data)
        if self.headings:
            self.text[self.headings[-1][1]].append(data)

    def under(self, title: str) -> str:
        return " ".join(" ".join(self.text[title]).split())


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("front")
    folders = {}
    for name, plan, lang in (("batam", EXAMPLE, "id"), ("kabupaten", KABUPATEN, "id"),
                             ("batam-en", EXAMPLE, "en")):
        target = out / name
        run = run_cli("build", plan, "--format", "html", "--lang", lang, "--out", target)
        assert run.exit_code == 0, run
        folders[name] = target
    return folders


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def _h3_after(found: Outline, chapter: str) -> list[str]:
    titles = [title for _, title in found.headings]
    start = titles.index(chapter)
    following = found.headings[start + 1:]
    end = next((i for i, (tag, _) in enumerate(following) if tag == "h2"), len(following))
    return [re.sub(r"^[IVX\d]+\.\d+ ", "", title) for _, title in following[:end]]


@pytest.mark.parametrize(("name", "lang"), [("batam", "id"), ("kabupaten", "id"),
                                            ("batam-en", "en")])
@pytest.mark.parametrize("book", BOOKS)
def test_foreword_then_contents_then_the_six_parts_of_the_introduction(
        built: dict[str, Path], name: str, lang: str, book: str) -> None:
    found = outline(built[name] / f"{book}.html")
    h2 = [title for tag, title in found.headings if tag == "h2"]
    foreword, contents = ("Kata Pengantar", "Daftar Isi") if lang == "id" else \
        ("Foreword", "Contents")
    assert h2.index(foreword) < h2.index(contents) < h2.index(_introduction(h2, lang))
    assert _h3_after(found, _introduction(h2, lang)) == PARTS[lang]


def _introduction(h2: list[str], lang: str) -> str:
    word = "Pendahuluan" if lang == "id" else "Introduction"
    return next(title for title in h2 if title.endswith(word))


def test_the_foreword_is_the_plan_s_own_signed_by_the_head_of_region(
        built: dict[str, Path]) -> None:
    written = _yaml(EXAMPLE / "1-analisis" / "pendahuluan.yaml")["kata_pengantar"]
    signers = _yaml(EXAMPLE / "4-komitmen" / "komitmen.yaml")["komitmen"]["penandatangan"]
    head = next(s for s in signers if s["peran"] == "kepala_daerah")
    for book in BOOKS:
        text = outline(built["batam"] / f"{book}.html").under("Kata Pengantar")
        assert " ".join(written["teks"].split()) in text
        assert head["nama"] in text and head["jabatan"] in text and "6 September 2022" in text


def test_without_a_foreword_the_books_word_it_and_the_acting_head_signs(
        built: dict[str, Path]) -> None:
    text = outline(built["kabupaten"] / "2-masterplan.html").under("Kata Pengantar")
    assert text.startswith("Puji syukur") and "Kabupaten Sumberjaya" in text
    assert "Plt. Bupati Sumberjaya" in text and "Hartono Wibisono" in text


def test_the_legal_basis_is_the_plan_s_list_in_its_order(built: dict[str, Path]) -> None:
    acts = _yaml(KABUPATEN / "1-analisis" / "pendahuluan.yaml")["dasar_hukum"]
    expected = [f"{a['jenis']} Nomor {a['nomor']} Tahun {a['tahun']} tentang {a['judul']}"
                for a in acts]
    found = outline(built["kabupaten"] / "1-analisis-strategis.html")
    title = next(t for _, t in found.headings if t.endswith("Dasar Hukum"))
    assert found.items[title] == expected
    assert "belum dipastikan" not in found.under(title)


def test_a_plan_without_a_legal_basis_gets_the_national_list_marked_unconfirmed(
        tmp_path: Path) -> None:
    plan = tmp_path / "batam"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    (plan / "1-analisis" / "pendahuluan.yaml").unlink()
    run = run_cli("build", plan, "--format", "html", "--out", tmp_path / "out")
    assert run.exit_code == 0, run
    found = outline(tmp_path / "out" / "2-masterplan.html")
    title = next(t for _, t in found.headings if t.endswith("Dasar Hukum"))
    assert "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah" in found.items[title]
    assert "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis " \
        "Elektronik" in found.items[title]
    assert "belum dipastikan daerah" in found.under(title)


def test_the_method_lists_the_four_workshops_with_dates_and_places(
        built: dict[str, Path]) -> None:
    found = outline(built["kabupaten"] / "1-analisis-strategis.html")
    title = next(t for _, t in found.headings if t.endswith("Metode Penyusunan"))
    text = found.under(title)
    for words in ("1. Analisis", "20–21 Juni 2022", "Pendopo Kabupaten Sumberjaya",
                  "2. Perumusan", "Juli 2022", "3. Finalisasi", "23–24 Agustus 2022",
                  "4. Komitmen", "20 Oktober 2022", "Aula Bappeda Kabupaten Sumberjaya"):
        assert words in text, words
    method = _yaml(KABUPATEN / "1-analisis" / "pendahuluan.yaml")["pendahuluan"]["metode"]
    assert " ".join(method.split()) in text
    mentors = _yaml(KABUPATEN / "1-analisis" / "tim.yaml")["tim"]["pendamping"]
    assert all(m["nama"] in text for m in mentors)


@pytest.mark.parametrize("book", BOOKS)
def test_each_book_says_what_it_holds_and_guides_through_its_own_chapters(
        built: dict[str, Path], book: str) -> None:
    found = outline(built["batam"] / f"{book}.html")
    chapters = [title for tag, title in found.headings
                if tag == "h2" and title.startswith("BAB")]
    guide = next(t for _, t in found.headings if t.endswith("Sistematika Penulisan"))
    listed = [item.split(":")[0] for item in found.items[guide]]
    assert listed == [re.sub(r"^BAB ([IVX]+) ", r"BAB \1 · ", c) for c in chapters]
    purpose = next(t for _, t in found.headings if t.endswith("Maksud dan Tujuan"))
    numeral = {"1-analisis-strategis": "Buku I ", "2-masterplan": "Buku II ",
               "3-quick-win": "Buku III "}[book]
    assert numeral in found.under(purpose)


def test_a_new_plan_starts_with_the_national_legal_basis_to_confirm(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path / "kota", "--name", "Contoh", "--province", "Jambi",
                  "--start", "2026", "--end", "2030")
    assert run.exit_code == 0, run
    written = tmp_path / "kota" / "1-analisis" / "pendahuluan.yaml"
    acts = _yaml(written)["dasar_hukum"]
    assert {"jenis": "Peraturan Pemerintah", "nomor": "59", "tahun": 2022,
            "judul": "Perkotaan"} in acts
    check = json.loads(run_cli("check", tmp_path / "kota", "--format", "json").stdout)
    assert "1-analisis/pendahuluan.yaml" in check["files"]
    assert not [d for d in check["diagnostics"] if d["file"] == "1-analisis/pendahuluan.yaml"]


def test_a_foreword_written_after_the_signing_keeps_the_seal(tmp_path: Path) -> None:
    plan = tmp_path / "batam"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    front = plan / "1-analisis" / "pendahuluan.yaml"
    front.write_text(front.read_text("utf-8").replace(
        "  tempat: Batam\n", "  tempat: Kota Batam\n"), "utf-8")
    run = run_cli("stage", "check", "4", plan)
    assert run.exit_code == 0, run
    assert "KC" not in run.stdout.replace("KC524", "").replace("KC539", "")
