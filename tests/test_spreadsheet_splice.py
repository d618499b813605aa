"""Many edits of one YAML text at once (`source_document.Document`), written as the value
they replace was written (`spreadsheet.yaml_text.render`): only the edited characters
change, new lines follow the file's indentation, list style and line endings."""

from __future__ import annotations

import textwrap

import pytest

from kotacerdas.source_document import Document
from kotacerdas.source_events import compose
from kotacerdas.source_splice import set_value
from kotacerdas.spreadsheet.yaml_text import render
from kotacerdas.yaml_spans import SpliceError

ITEMS = textwrap.dedent("""\
    # komentar di atas
    rencana_aksi:
      - program: GOV-01   # komentar di baris
        opd: 'Dinas Kominfo'
        opd_pendukung:
          - Bappeda
          - "Dinas Kependudukan"
        anggaran:
          - {tahun: 2023, jumlah: 650000000, sumber: APBD}
        indikator:
          - jenis: output
            nama: Layanan
            satuan: layanan
            baseline: 0
            target: 40

      - program: GOV-02
        opd: Dinas Kominfo
        deskripsi: >-
          Satu pintu masuk digital untuk layanan kependudukan, perizinan, pengaduan,
          dan informasi kota.
        tahun_mulai: 2023
    # penutup
    """)


def document(text: str = ITEMS) -> Document:
    return Document(text, render, {"anggaran": "flow-items", "strategi": "flow"})


def test_a_scalar_keeps_its_quotes_and_only_it_changes() -> None:
    doc = document()
    doc.set_scalar(("rencana_aksi", 0, "opd"), "Dinas Komunikasi dan Informatika")
    doc.set_scalar(("rencana_aksi", 1, "opd"), "Dinas: Kominfo")
    doc.set_scalar(("rencana_aksi", 0, "anggaran", 0, "jumlah"), 700000000)
    text = doc.text()
    assert "    opd: 'Dinas Komunikasi dan Informatika'\n" in text
    assert '    opd: "Dinas: Kominfo"\n' in text
    assert "      - {tahun: 2023, jumlah: 700000000, sumber: APBD}\n" in text
    assert text.replace("'Dinas Komunikasi dan Informatika'", "'Dinas Kominfo'").replace(
        '"Dinas: Kominfo"', "Dinas Kominfo").replace("700000000", "650000000") == ITEMS


def test_a_folded_scalar_stays_folded_in_its_indentation() -> None:
    doc = document()
    value = ("Satu aplikasi untuk layanan kependudukan, perizinan, pengaduan, pajak daerah, "
             "dan informasi kota, dengan satu akun warga.")
    doc.set_scalar(("rencana_aksi", 1, "deskripsi"), value)
    text = doc.text()
    assert "    deskripsi: >-\n      Satu aplikasi untuk layanan" in text
    assert "\n    tahun_mulai: 2023\n" in text
    assert compose(text)["rencana_aksi"][1]["deskripsi"] == value


def test_a_folded_scalar_in_a_windows_file_keeps_its_line_endings() -> None:
    doc = document(ITEMS.replace("\n", "\r\n"))
    value = ("Satu aplikasi untuk layanan kependudukan, perizinan, pengaduan, pajak daerah, "
             "dan informasi kota, dengan satu akun warga.")
    doc.set_scalar(("rencana_aksi", 1, "deskripsi"), value)
    text = doc.text()
    assert text.count("\n") == text.count("\r\n") == ITEMS.count("\n")
    assert compose(text)["rencana_aksi"][1]["deskripsi"] == value


@pytest.mark.parametrize("value", ["yes", "null", "2023", "1e3", "2024-01-01", "- a", "a #b",
                                   "[x]", "{y}", "'q'", '"d"', "a: b", "…", "=SUM(A1)",
                                   "multi\nline", " spaced ", "tab\there", "@at", "%p"])
def test_whatever_the_text_it_reads_back_as_that_text(value: str) -> None:
    doc = document()
    doc.set_scalar(("rencana_aksi", 1, "opd"), value)
    doc.set_scalar(("rencana_aksi", 0, "anggaran", 0, "sumber"), value)
    data = compose(doc.text())
    assert data["rencana_aksi"][1]["opd"] == value
    assert data["rencana_aksi"][0]["anggaran"][0]["sumber"] == value


def test_a_missing_key_goes_after_the_key_before_it_in_the_mapping_indentation() -> None:
    doc = document()
    doc.set_scalar(("rencana_aksi", 0, "lokasi"), "Kota Batam",
                   after=("program", "opd", "opd_pendukung", "mitra"))
    doc.set_scalar(("rencana_aksi", 1, "tahun_selesai"), 2026,
                   after=("program", "opd", "tahun_mulai"))
    text = doc.text()
    assert "      - \"Dinas Kependudukan\"\n    lokasi: Kota Batam\n    anggaran:" in text
    assert "    tahun_mulai: 2023\n    tahun_selesai: 2026\n# penutup\n" in text


def test_a_block_list_grows_shrinks_and_empties_in_place() -> None:
    doc = document()
    doc.set_sequence(("rencana_aksi", 0, "opd_pendukung"),
                     ["Bappeda", "Dinas Kependudukan", "BPKAD"])
    assert '      - "Dinas Kependudukan"\n      - BPKAD\n    anggaran:' in doc.text()
    doc = document()
    doc.set_sequence(("rencana_aksi", 0, "opd_pendukung"), ["Bappeda"])
    assert "    opd_pendukung:\n      - Bappeda\n    anggaran:" in doc.text()
    doc = document()
    doc.set_sequence(("rencana_aksi", 0, "opd_pendukung"), [])
    assert "    opd_pendukung: []\n    anggaran:" in doc.text()
    doc = document()
    doc.set_sequence(("rencana_aksi", 1, "opd_pendukung"), ["Bappeda", "A, B"],
                     after=("program", "opd"))
    assert "    opd: Dinas Kominfo\n    opd_pendukung:\n      - Bappeda\n      - A, B\n" \
        in doc.text()
    assert compose(doc.text())["rencana_aksi"][1]["opd_pendukung"] == ["Bappeda", "A, B"]


def test_a_flow_list_stays_a_flow_list() -> None:
    text = "program:\n  - id: A-01\n    strategi: [STR-01, STR-02]\n"
    doc = Document(text, render)
    doc.set_sequence(("program", 0, "strategi"), ["STR-02"])
    assert doc.text() == "program:\n  - id: A-01\n    strategi: [STR-02]\n"


def test_mappings_are_appended_in_the_style_of_their_list() -> None:
    doc = document()
    doc.append(("rencana_aksi", 1, "anggaran"), {"tahun": 2024, "jumlah": 1, "sumber": "DAK"})
    doc.append(("rencana_aksi", 0, "anggaran"), {"tahun": 2024, "jumlah": 2, "sumber": "CSR"})
    doc.append(("rencana_aksi",), {"program": "GOV-03", "opd": "Dinas",
                                   "opd_pendukung": ["Bappeda"],
                                   "anggaran": [{"tahun": 2025, "jumlah": 3, "sumber": "APBD"}],
                                   "indikator": [{"jenis": "output", "nama": "N: x",
                                                  "satuan": "u", "baseline": 0,
                                                  "target": 1}]})
    text = doc.text()
    assert "      - {tahun: 2023, jumlah: 650000000, sumber: APBD}\n" \
           "      - {tahun: 2024, jumlah: 2, sumber: CSR}\n    indikator:" in text
    assert "    tahun_mulai: 2023\n    anggaran:\n      - {tahun: 2024, jumlah: 1, sumber: DAK}\n" \
           "\n  - program: GOV-03\n    opd: Dinas\n    opd_pendukung:\n      - Bappeda\n" \
           "    anggaran:\n      - {tahun: 2025, jumlah: 3, sumber: APBD}\n    indikator:\n" \
           "      - jenis: output\n        nama: \"N: x\"\n        satuan: u\n" \
           "        baseline: 0\n        target: 1\n# penutup\n" in text
    assert compose(text)["rencana_aksi"][2]["indikator"][0]["nama"] == "N: x"


def test_an_empty_list_becomes_a_block_list_and_its_comment_stays_below() -> None:
    text = ("rencana_aksi:\r\n  - program: A-01\r\n    anggaran: []\r\n"
            "    # - {tahun: 2023, jumlah: 1, sumber: APBD}\r\n    indikator: []\r\n")
    doc = Document(text, render, {"anggaran": "flow-items"})
    doc.append(("rencana_aksi", 0, "anggaran"), {"tahun": 2024, "jumlah": 5, "sumber": "APBD"})
    doc.append(("rencana_aksi", 0, "anggaran"), {"tahun": 2025, "jumlah": 6, "sumber": "APBD"})
    assert doc.text() == (
        "rencana_aksi:\r\n  - program: A-01\r\n    anggaran:\r\n"
        "      - {tahun: 2024, jumlah: 5, sumber: APBD}\r\n"
        "      - {tahun: 2025, jumlah: 6, sumber: APBD}\r\n"
        "    # - {tahun: 2023, jumlah: 1, sumber: APBD}\r\n    indikator: []\r\n")


def test_a_new_list_in_an_empty_section() -> None:
    doc = Document("versi_skema: 1\n\nprogram: []\n", render)
    doc.append(("program",), {"id": "GOV-01", "nama": "Satu", "strategi": ["STR-01"]})
    assert doc.text() == ("versi_skema: 1\n\nprogram:\n  - id: GOV-01\n    nama: Satu\n"
                          "    strategi:\n      - STR-01\n")


def test_what_cannot_be_edited_in_place_is_refused() -> None:
    doc = document()
    with pytest.raises(SpliceError) as found:
        doc.set_scalar(("rencana_aksi", 0, "indikator"), "x")
    assert found.value.where == "rencana_aksi[0].indikator"
    with pytest.raises(SpliceError):
        doc.set_sequence(("rencana_aksi", 0, "indikator"), ["x"])
    with pytest.raises(SpliceError):
        doc.set_scalar(("rencana_aksi", 5, "opd"), "x")


def test_openpyxl_is_imported_only_inside_the_spreadsheet_package() -> None:
    """The optional extra stays in its room (until import-linter holds this wall too)."""
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "src" / "kotacerdas"
    found = []
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] == "openpyxl" for name in names):
                found.append(path.relative_to(source).parts[0])
    assert found and set(found) == {"spreadsheet"}


def test_a_comment_lined_up_after_a_value_keeps_its_column() -> None:
    text = ("anggaran:\n"
            "  - {tahun: 2023}\n"
            "jumlah: 650000000      # Rp, dari RKA\n"
            "sumber: APBD           # APBD Kota\n"
            "opd: Kominfo # satu spasi\n"
            "nama: Dinas Komunikasi dan Informatika  # panjang\n")
    doc = document(text)
    doc.set_scalar(("jumlah",), 1250000000)
    doc.set_scalar(("sumber",), "APBN")
    doc.set_scalar(("opd",), "Dinas Kominfo")
    doc.set_scalar(("nama",), "Dinas Komunikasi, Informatika, Statistik dan Persandian")
    lines = doc.text().splitlines()
    assert lines[2] == "jumlah: 1250000000     # Rp, dari RKA"
    assert lines[3] == "sumber: APBN           # APBD Kota"
    assert lines[4] == "opd: Dinas Kominfo # satu spasi"
    assert lines[5] == "nama: Dinas Komunikasi, Informatika, Statistik dan Persandian # panjang"
    shorter = document(text)
    shorter.set_scalar(("jumlah",), 5)
    assert shorter.text().splitlines()[2] == "jumlah: 5              # Rp, dari RKA"
    closed = set_value("tahap:\n  ditutup: 2022-07    # bulan saja\n", ("tahap", "ditutup"),
                       "2022-07-28")
    assert closed == "tahap:\n  ditutup: 2022-07-28 # bulan saja\n"
