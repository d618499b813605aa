"""The programme matrix in Excel, out and back in: an edited cell changes exactly its
scalar, a new row becomes a new item in the right file, a deleted row is only reported,
and everything else in the plan stays byte for byte."""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import run_cli
from kotacerdas.commands.sheets import Imported, export_workbook, import_workbook

PROGRAMMES, BUDGET, INDICATORS = "Program", "Anggaran", "Indikator"


# Helpers shared by the other spreadsheet tests ----------------------------------------

def export(plan: Path, target: Path, language: str | None = None) -> Path:
    export_workbook(plan, target, language=language)
    return target


def yaml_files(plan: Path) -> dict[str, bytes]:
    return {p.relative_to(plan).as_posix(): p.read_bytes() for p in sorted(plan.rglob("*"))
            if p.is_file() and "build" not in p.parts}


def columns(sheet: Any) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1] if cell.value is not None}


def row_of(sheet: Any, ident: str, header: str = "Id", occurrence: int = 0) -> int:
    """The row of the sheet whose ``header`` column shows ``ident`` (the nth such row)."""
    column = columns(sheet)[header]
    rows = [cell.row for (cell,) in sheet.iter_rows(min_row=2, min_col=column,
                                                     max_col=column) if cell.value == ident]
    return rows[occurrence]


def edit(workbook: Path, cells: dict[tuple[str, str, str], Any] | None = None,
         rows: dict[str, list[dict[str, Any]]] | None = None, target: Path | None = None,
         occurrence: int = 0) -> Path:
    """Set ``cells`` ((sheet, id in the first id column, header) -> value) and append
    ``rows`` (sheet -> [header -> value]) with openpyxl, as a user's spreadsheet would."""
    book = load_workbook(workbook)
    for (sheet_name, ident, header), value in (cells or {}).items():
        sheet = book[sheet_name]
        key = "Id" if sheet_name == PROGRAMMES else "Program"
        sheet.cell(row_of(sheet, ident, key, occurrence), columns(sheet)[header]).value = value
    for sheet_name, new_rows in (rows or {}).items():
        sheet = book[sheet_name]
        for new in new_rows:
            number = sheet.max_row + 1
            for header, value in new.items():
                sheet.cell(number, columns(sheet)[header]).value = value
    out = target or workbook
    book.save(out)
    return out


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    old = before.decode("utf-8").splitlines()
    new = after.decode("utf-8").splitlines()
    removed, added = [], []
    for line in difflib.unified_diff(old, new, n=0, lineterm=""):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


def codes(done: Imported) -> list[str]:
    return sorted(d.code for d in done.result.diagnostics)


def sheet_errors(done: Imported) -> list[str]:
    """The errors found in the workbook (not by the plan's check afterwards)."""
    return sorted(d.code for d in done.result.errors if d.code.startswith("KC8"))


# Out and back in ------------------------------------------------------------------------

def test_three_edited_cells_and_one_new_row_change_only_those(example_copy: Path,
                                                              tmp_path: Path) -> None:
    before = yaml_files(example_copy)
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    edit(workbook, {(PROGRAMMES, "GOV-03", "Nama program"): "Naskah Dinas Elektronik Terpadu",
                    (PROGRAMMES, "ENV-02", "OPD"): "Dinas Lingkungan Hidup, Bidang Persampahan",
                    (BUDGET, "GOV-04", "Jumlah (Rp)"): 4750000000},
         {PROGRAMMES: [{"Dimensi": "economy", "Elemen": "industry", "Id": "ECO-07",
                        "Nama program": "Inkubator Usaha Digital", "Deskripsi":
                        "Pendampingan usaha rintisan digital selama dua tahun.",
                        "Jangka": "menengah", "Strategi": "STR-05",
                        "OPD": "Dinas Koperasi dan UKM", "Tahun mulai": 2024,
                        "Tahun selesai": 2025}]})
    done = import_workbook(example_copy, workbook)
    assert not done.result.errors or {d.code for d in done.result.errors} == {"KC507"}, \
        done.result.diagnostics
    after = yaml_files(example_copy)
    changed = {rel for rel in before if before[rel] != after.get(rel)}
    expected = {"2-perumusan/program-governance.yaml", "3-finalisasi/rencana-aksi-environment.yaml",
                "3-finalisasi/rencana-aksi-governance.yaml", "2-perumusan/program-economy.yaml",
                "3-finalisasi/rencana-aksi-economy.yaml"}
    assert changed == expected
    assert set(after) == set(before)
    assert changed_lines(before["2-perumusan/program-governance.yaml"],
                         after["2-perumusan/program-governance.yaml"]) == (
        ["    nama: Perkantoran Elektronik dan Tanda Tangan Elektronik"],
        ["    nama: Naskah Dinas Elektronik Terpadu"])
    removed, added = changed_lines(before["3-finalisasi/rencana-aksi-environment.yaml"],
                                   after["3-finalisasi/rencana-aksi-environment.yaml"])
    assert len(removed) == 1 and removed[0].startswith("    opd: ")
    assert added == ["    opd: Dinas Lingkungan Hidup, Bidang Persampahan"]
    assert changed_lines(before["3-finalisasi/rencana-aksi-governance.yaml"],
                         after["3-finalisasi/rencana-aksi-governance.yaml"]) == (
        ["      - {tahun: 2024, jumlah: 4500000000, sumber: APBD}"],
        ["      - {tahun: 2024, jumlah: 4750000000, sumber: APBD}"])
    removed, added = changed_lines(before["2-perumusan/program-economy.yaml"],
                                   after["2-perumusan/program-economy.yaml"])
    assert removed == []
    assert added == ["  - id: ECO-07", "    nama: Inkubator Usaha Digital",
                     "    deskripsi: Pendampingan usaha rintisan digital selama dua tahun.",
                     "    dimensi: economy", "    elemen: industry", "    jangka: menengah",
                     "    strategi: [STR-05]"]
    removed, added = changed_lines(before["3-finalisasi/rencana-aksi-economy.yaml"],
                                   after["3-finalisasi/rencana-aksi-economy.yaml"])
    assert removed == []
    assert added == ["", "  - program: ECO-07", "    opd: Dinas Koperasi dan UKM",
                     "    tahun_mulai: 2024", "    tahun_selesai: 2025"]
    # the file before the new item is the file as it was: the item is only appended
    economy = after["2-perumusan/program-economy.yaml"]
    assert economy.startswith(before["2-perumusan/program-economy.yaml"])
    items = sorted((c.part, c.file, c.added) for c in done.changes)
    assert items == [("action_plan", "3-finalisasi/rencana-aksi-economy.yaml", True),
                     ("action_plan", "3-finalisasi/rencana-aksi-environment.yaml", False),
                     ("budget_line", "3-finalisasi/rencana-aksi-governance.yaml", False),
                     ("programme", "2-perumusan/program-economy.yaml", True),
                     ("programme", "2-perumusan/program-governance.yaml", False)]
    assert "KC515" in codes(done)  # the example is sealed: the check says it changed
    assert done.sealed


def test_a_workbook_read_back_unedited_changes_nothing(example_copy: Path,
                                                       tmp_path: Path) -> None:
    before = yaml_files(example_copy)
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    done = import_workbook(example_copy, workbook)
    assert done.changes == [] and done.written == [] and done.result.diagnostics == []
    assert yaml_files(example_copy) == before
    run = run_cli("import", "xlsx", workbook, example_copy)
    assert run.exit_code == 0, run
    assert "Tidak ada perubahan" in run.stdout
    assert yaml_files(example_copy) == before


def test_export_is_deterministic_and_pins_its_dates(example_copy: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first = export(example_copy, tmp_path / "a.xlsx").read_bytes()
    second = export(example_copy, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pinned = export(example_copy, tmp_path / "c.xlsx").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(pinned))
    assert {info.date_time[:3] for info in archive.infolist()} == {(2023, 11, 14)}
    assert b"2023-11-14T00:00:00Z" in archive.read("docProps/core.xml")
    assert {info.date_time[:3] for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} \
        == {(2000, 1, 1)}


def test_the_workbook_has_its_sheets_dropdowns_formats_and_totals(example_copy: Path,
                                                                   tmp_path: Path) -> None:
    book = load_workbook(export(example_copy, tmp_path / "kerja.xlsx"))
    assert book.sheetnames == ["Petunjuk", "Program", "Anggaran", "Indikator", "Ringkasan",
                               "Daftar", "kotacerdas"]
    assert book.active.title == "Program"
    assert [book[n].sheet_state for n in ("Daftar", "kotacerdas")] == ["hidden", "hidden"]
    assert "Matriks program Masterplan Smart City Batam 2023–2032" == book["Petunjuk"]["A1"].value
    programmes = book["Program"]
    heads = columns(programmes)
    assert list(heads) == ["Dimensi", "Elemen", "Id", "Nama program", "Deskripsi", "Jangka",
                           "Strategi", "OPD", "OPD pendukung", "Lokasi", "Tahun mulai",
                           "Tahun selesai", "Total anggaran (Rp)", "Kunci"]
    assert programmes.freeze_panes == "D2"
    assert programmes.auto_filter.ref == "A1:N38"
    assert programmes.column_dimensions["N"].hidden
    assert 10 <= programmes.column_dimensions["D"].width <= 50
    gov04 = row_of(programmes, "GOV-04")
    assert programmes.cell(gov04, heads["Total anggaran (Rp)"]).value == \
        f"=SUMIFS('Anggaran'!$C:$C,'Anggaran'!$A:$A,$C{gov04})"
    assert programmes.cell(gov04, heads["Total anggaran (Rp)"]).number_format == '"Rp"#,##0'
    formulas = {str(rule.sqref).split(":")[0]: rule.formula1
                for rule in programmes.data_validations.dataValidation}
    assert formulas["A2"] == "list_dimension" and formulas["F2"] == "list_horizon"
    assert formulas["B2"] == 'INDIRECT("list_element_"&MATCH($A2,list_dimension,0))'
    assert formulas["K2"] == "2023"  # years: a whole number within the period
    budget = book["Anggaran"]
    assert budget.cell(2, 3).number_format == '"Rp"#,##0'
    assert {str(r.sqref).split(":")[0]: r.formula1 for r in
            budget.data_validations.dataValidation}["D2"] == "list_source"
    assert {str(r.sqref).split(":")[0]: r.formula1 for r in
            book["Indikator"].data_validations.dataValidation}["B2"] == "list_kind"
    lists = book["Daftar"]
    assert [c.value for c in lists["C"]][1:] == ["APBD", "APBD-provinsi", "APBN", "DAK",
                                                 "KPBU", "CSR", "swasta", "hibah", "lainnya"]
    assert book.defined_names["list_element_1"].attr_text == "'Daftar'!$E$2:$E$4"
    totals = book["Ringkasan"]
    assert totals["A2"].value == 2023 and totals["B1"].value == "APBD"
    assert totals["B2"].value.startswith("=SUMIFS('Anggaran'!$C:$C,'Anggaran'!$B:$B,$A2,")
    assert totals["A12"].value == "Jumlah" and totals["B12"].value == "=SUM(B2:B11)"


def test_an_english_workbook_is_read_back_like_an_indonesian_one(example_copy: Path,
                                                                 tmp_path: Path) -> None:
    workbook = export(example_copy, tmp_path / "work.xlsx", language="en")
    book = load_workbook(workbook)
    assert book.sheetnames[:5] == ["Read me", "Programmes", "Budget", "Indicators", "Totals"]
    sheet = book["Programmes"]
    sheet.cell(row_of(sheet, "SOC-02"), columns(sheet)["Location"]).value = "Seluruh sekolah"
    book.save(workbook)
    done = import_workbook(example_copy, workbook)
    assert [(c.item.params["id"], [f.key for f in c.fields]) for c in done.changes] == [
        ("SOC-02", ["lokasi"])]


def test_what_applications_do_to_a_workbook_is_read_as_the_same_values(example_copy: Path,
                                                                       tmp_path: Path) -> None:
    """Numbers as text, years as dates, whole numbers as decimals, reordered columns, an
    extra sheet and column: nothing to change, except the one real edit."""
    before = yaml_files(example_copy)
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    book = load_workbook(workbook)
    sheet = book["Anggaran"]
    for (year, amount) in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        amount.value = str(amount.value) if amount.row % 2 else float(amount.value)
        if year.row % 3 == 0:  # the year 2024 formatted as a date: serial 2024 is 1905-07-16
            year.value = _serial_date(int(year.value))
            year.number_format = "yyyy-mm-dd"
        elif year.row % 3 == 1:
            year.value = str(year.value)
    sheet.move_range("A1:A400", rows=0, cols=7)  # the programme column moves to the right
    sheet.cell(1, 1).value = "Catatan OPD"
    book.create_sheet("Catatan").append(["Diperiksa oleh Dinas Kominfo"])
    programmes = book["Program"]
    programmes.cell(row_of(programmes, "GOV-01"), columns(programmes)["Jangka"]).value = \
        "Menengah"  # a choice in other letter case is still the choice
    book.save(workbook)
    done = import_workbook(example_copy, workbook)
    assert sheet_errors(done) == [], done.result.diagnostics
    assert [(c.item.params["id"], [(f.old, f.new) for f in c.fields]) for c in done.changes] \
        == [("GOV-01", [("pendek", "menengah")])]
    assert "KC506" in codes(done)  # the check after the import: horizon and years disagree
    after = yaml_files(example_copy)
    assert [rel for rel in before if before[rel] != after[rel]] == [
        "2-perumusan/program-governance.yaml"]


def _serial_date(serial: int) -> datetime:
    from datetime import timedelta

    return datetime(1899, 12, 30) + timedelta(days=serial)


def test_a_new_budget_line_indicator_and_programme_without_id(example_copy: Path,
                                                              tmp_path: Path) -> None:
    before = yaml_files(example_copy)
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    edit(workbook, rows={
        PROGRAMMES: [{"Dimensi": "living", "Elemen": "health", "Nama program":
                      "Posyandu Digital", "Deskripsi": "Pencatatan tumbuh kembang balita.",
                      "Jangka": "pendek", "Strategi": "STR-07"}],
        BUDGET: [{"Program": "GOV-01", "Tahun": 2023, "Jumlah (Rp)": "150000000",
                  "Sumber dana": "APBN"}],
        INDICATORS: [{"Program": "GOV-01", "Jenis": "outcome", "Nama indikator":
                      "Kepuasan warga: \"puas\" atau lebih", "Satuan": "persen",
                      "Baseline": 60, "Target": "85.5", "Tahun target": 2023}]})
    done = import_workbook(example_copy, workbook)
    after = yaml_files(example_copy)
    new = [c for c in done.changes if c.part == "programme"]
    assert new[0].assigned == ("LIV-07", "living")
    removed, added = changed_lines(before["3-finalisasi/rencana-aksi-governance.yaml"],
                                   after["3-finalisasi/rencana-aksi-governance.yaml"])
    assert removed == [] and len(added) == 7
    governance = after["3-finalisasi/rencana-aksi-governance.yaml"].decode("utf-8")
    assert "      - {tahun: 2023, jumlah: 650000000, sumber: APBD}\n" \
           "      - {tahun: 2023, jumlah: 150000000, sumber: APBN}\n    indikator:\n" in governance
    assert "        tahun_target: 2023\n        id: GOV-01-I2\n" \
           "      - jenis: outcome\n" \
           '        nama: "Kepuasan warga: \\"puas\\" atau lebih"\n' \
           "        satuan: persen\n        baseline: 60\n        target: 85.5\n" \
           "        tahun_target: 2023\n\n  - program: GOV-02\n" in governance
    assert b"  - id: LIV-07\n" in after["2-perumusan/program-living.yaml"]
    run = run_cli("check", example_copy)
    assert "KC502" in run.stdout  # the new programme has no action plan yet: check says so


def test_a_deleted_row_is_reported_and_not_deleted(example_copy: Path, tmp_path: Path) -> None:
    before = yaml_files(example_copy)
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    book = load_workbook(workbook)
    sheet = book["Program"]
    sheet.delete_rows(row_of(sheet, "ECO-03"))
    book.save(workbook)
    done = import_workbook(example_copy, workbook)
    assert codes(done) == ["KC841"] and done.changes == []
    warning = done.result.diagnostics[0]
    assert warning.file == "2-perumusan/program-economy.yaml" and warning.line > 1
    assert yaml_files(example_copy) == before


def test_dry_run_prints_the_changes_and_writes_nothing(example_copy: Path,
                                                       tmp_path: Path) -> None:
    before = yaml_files(example_copy)
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    edit(workbook, {(PROGRAMMES, "SOC-01", "Tahun selesai"): 2026})
    run = run_cli("import", "xlsx", workbook, example_copy, "--dry-run")
    assert run.exit_code == 0, run
    assert "~ rencana aksi SOC-01 · 3-finalisasi/rencana-aksi-society.yaml · Program!L" \
        in run.stdout
    assert "Tahun selesai: " in run.stdout and "→ 2026" in run.stdout
    assert "--dry-run" in run.stdout and "disegel" in run.stdout
    assert yaml_files(example_copy) == before
    assert not (example_copy / ".kotacerdas" / "kunci").exists()
    run = run_cli("import", "xlsx", workbook, example_copy, "--format", "json", "--lang", "en")
    import json

    report = json.loads(run.stdout)
    assert report["changes"][0]["fields"][0]["field"] == "tahun_selesai"
    assert report["changes"][0]["item"] == "action plan SOC-01"
    assert report["written"] == ["3-finalisasi/rencana-aksi-society.yaml"]
    assert report["sealed"] is True
    assert any(d["code"] == "KC515" for d in report["diagnostics"])


def test_a_cell_changed_in_the_plan_since_the_export_is_not_reverted(example_copy: Path,
                                                                     tmp_path: Path) -> None:
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    programmes = example_copy / "2-perumusan" / "program-society.yaml"
    text = programmes.read_text("utf-8")
    programmes.write_text(text.replace("jangka: menengah", "jangka: panjang", 1), "utf-8")
    changed = programmes.read_bytes()
    done = import_workbook(example_copy, workbook)  # the workbook still shows "menengah"
    assert done.changes == [] and programmes.read_bytes() == changed
    first = text.split("jangka: menengah", 1)[0].rsplit("- id: ", 1)[1].split("\n", 1)[0]
    edit(workbook, {(PROGRAMMES, first, "Jangka"): "pendek"})
    done = import_workbook(example_copy, workbook)
    assert codes(done) == ["KC837"] and programmes.read_bytes() == changed
    assert "program-society.yaml" in str(done.result.diagnostics[0].params["target"])


def test_line_endings_and_byte_order_mark_are_kept(example_copy: Path, tmp_path: Path) -> None:
    path = example_copy / "3-finalisasi" / "rencana-aksi-living.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    edit(workbook, {(INDICATORS, "LIV-02", "Target"): 75},
         {BUDGET: [{"Program": "LIV-02", "Tahun": 2025, "Jumlah (Rp)": 1000,
                    "Sumber dana": "hibah"}]})
    import_workbook(example_copy, workbook)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    old, new = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(new) == len(old) + 1
    diff = list(difflib.diff_bytes(difflib.unified_diff, old, new, n=0))
    assert sum(1 for line in diff if line.startswith(b"-") and not line.startswith(b"---")) == 1


def test_an_action_plan_scaffold_is_filled_from_the_workbook(example_copy: Path,
                                                             tmp_path: Path) -> None:
    """Stage 3 as `stage advance` writes it: `opd: …` and empty lists to fill in."""
    path = example_copy / "3-finalisasi" / "rencana-aksi-environment.yaml"
    text = path.read_text("utf-8")
    start = text.index("  - program: ENV-06")
    path.write_text(text[:start] + (
        "  # ENV-06 · isi rencana aksinya\n"
        "  - program: ENV-06\n"
        "    opd: …                       # OPD penanggung jawab program ini\n"
        "    tahun_mulai: 2024\n    tahun_selesai: 2027\n    anggaran: []\n"
        "    # - {tahun: 2024, jumlah: 500000000, sumber: APBD}\n    indikator: []\n"
        "    # - {jenis: output, nama: Nama indikator, satuan: unit, baseline: 0, target: 1}\n"),
        "utf-8")
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    edit(workbook, {(PROGRAMMES, "ENV-06", "OPD"): "Dinas Lingkungan Hidup"},
         {BUDGET: [{"Program": "ENV-06", "Tahun": y, "Jumlah (Rp)": amount,
                    "Sumber dana": "APBD"} for y, amount in ((2024, 3), (2025, 6))],
          INDICATORS: [{"Program": "ENV-06", "Jenis": "output", "Nama indikator": "Sensor",
                        "Satuan": "unit", "Baseline": 0, "Target": 40}]})
    done = import_workbook(example_copy, workbook)
    assert not [d for d in done.result.errors if d.file.endswith("environment.yaml")], \
        done.result.diagnostics
    written = path.read_text("utf-8")
    assert written.endswith(
        "    opd: Dinas Lingkungan Hidup  # OPD penanggung jawab program ini\n"
        "    tahun_mulai: 2024\n    tahun_selesai: 2027\n    anggaran:\n"
        "      - {tahun: 2024, jumlah: 3, sumber: APBD}\n"
        "      - {tahun: 2025, jumlah: 6, sumber: APBD}\n"
        "    # - {tahun: 2024, jumlah: 500000000, sumber: APBD}\n    indikator:\n"
        "      - jenis: output\n        nama: Sensor\n        satuan: unit\n"
        "        baseline: 0\n        target: 40\n"
        "    # - {jenis: output, nama: Nama indikator, satuan: unit, baseline: 0, target: 1}\n")


def test_a_workbook_saved_by_libreoffice_comes_back_unchanged(example_copy: Path,
                                                              tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or not _calc_converts(soffice, tmp_path):
        pytest.skip("LibreOffice Calc (soffice) is not installed")
    before = yaml_files(example_copy)
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    done = import_workbook(example_copy, _through_calc(soffice, tmp_path, workbook))
    assert done.result.errors == [] and done.changes == [], done.result.diagnostics
    assert yaml_files(example_copy) == before


def _through_calc(soffice: str, tmp_path: Path, workbook: Path) -> Path:
    """``workbook`` opened and saved again as .xlsx by LibreOffice Calc."""
    out = tmp_path / "calc"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    str(workbook)], capture_output=True, timeout=180)
    return out / workbook.name


def _calc_converts(soffice: str, tmp_path: Path) -> bool:
    """Whether this LibreOffice has Calc (a Writer-only install cannot load a workbook)."""
    from openpyxl import Workbook

    probe = tmp_path / "probe.xlsx"
    book = Workbook()
    book.active.append([1])
    book.save(probe)
    return _through_calc(soffice, tmp_path, probe).exists()


def test_an_element_or_dimension_by_its_name_is_written_as_its_id(example_copy: Path,
                                                                  tmp_path: Path) -> None:
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    edit(workbook, {(PROGRAMMES, "GOV-06", "Elemen"): "Pelayanan publik",
                    (PROGRAMMES, "GOV-05", "Elemen"): "POLICY",
                    (PROGRAMMES, "GOV-04", "Dimensi"): "Smart Governance"})
    done = import_workbook(example_copy, workbook)
    assert [(c.item.params["id"], [(f.old, f.new) for f in c.fields]) for c in done.changes] \
        == [("GOV-06", [("policy", "service")])]
    text = (example_copy / "2-perumusan" / "program-governance.yaml").read_text("utf-8")
    assert "    elemen: service\n    jangka: menengah\n    strategi: [STR-01]\n    misi: [M-1]\n" \
        in text.split("id: GOV-06", 1)[1]


def test_a_line_added_above_in_the_plan_since_the_export_stops_the_row(
        example_copy: Path, tmp_path: Path) -> None:
    """Budget lines and indicators are keyed by their place in the list; a line added
    above one since the export, equal to it in the edited column, would take its edit."""
    workbook = export(example_copy, tmp_path / "kerja.xlsx")
    path = example_copy / "3-finalisasi" / "rencana-aksi-branding.yaml"
    line = "      - {tahun: 2023, jumlah: 750000000, sumber: APBD}\n"
    text = path.read_text("utf-8")
    assert line in text
    path.write_text(text.replace(line, line.replace("APBD", "DAK") + line, 1), "utf-8")
    before = path.read_bytes()
    edit(workbook, {(BUDGET, "BRD-01", "Jumlah (Rp)"): 999000000})
    done = import_workbook(example_copy, workbook)
    assert [(d.code, d.line, d.column) for d in done.result.errors] == [("KC847", 2, 4)]
    assert done.written == [] and path.read_bytes() == before


def test_the_same_new_line_imported_twice_is_added_once(example_copy: Path,
                                                         tmp_path: Path) -> None:
    workbook = edit(export(example_copy, tmp_path / "kerja.xlsx"), rows={BUDGET: [
        {"Program": "BRD-01", "Tahun": 2023, "Jumlah (Rp)": 5, "Sumber dana": "DAK"}]})
    first = import_workbook(example_copy, workbook)
    path = example_copy / "3-finalisasi" / "rencana-aksi-branding.yaml"
    assert first.written == [path], first.result
    after_first = path.read_bytes()
    again = import_workbook(example_copy, workbook)
    assert [(d.code, d.line) for d in again.result.errors] == [("KC848", 171)]
    assert again.result.errors[0].params["place"].startswith(
        "3-finalisasi/rencana-aksi-branding.yaml:")
    assert again.written == [] and path.read_bytes() == after_first
