"""A year's realisation in Excel, out to the agencies and back in: what an agency sees,
edited cells that change exactly their scalars of `realisasi-YYYY.yaml`, a year without
a file that the import starts from its scaffold, and bad cells that write nothing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, get_args

from openpyxl import load_workbook
from ruamel.yaml import YAML

from conftest import run_cli
from kotacerdas.model.implementation import ProgrammeState
from test_spreadsheet import changed_lines, columns, row_of, yaml_files

REPORTS, SPENDING, VALUES = "Realisasi", "Belanja", "Capaian indikator"
REALISED = "5-pelaksanaan/realisasi-2024.yaml"


def export(plan: Path, target: Path, *args: str) -> Path:
    done = run_cli("export", "xlsx", plan, "--realisation", *args, "--out", target)
    assert done.exit_code == 0, done.stderr
    return target


def realisation(plan: Path, rel: str = REALISED) -> dict[str, Any]:
    data = YAML(typ="safe").load((plan / rel).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def sheet_rows(sheet: Any) -> list[dict[str, Any]]:
    heads = [cell.value for cell in sheet[1]]
    return [dict(zip(heads, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def set_cells(workbook: Path, cells: dict[tuple[str, str, str, str], Any]) -> Path:
    """Set ``cells`` ((sheet, column naming the row, its value, column) -> value) with
    openpyxl, as an agency's spreadsheet would."""
    book = load_workbook(workbook)
    for (name, key, ident, header), value in cells.items():
        sheet = book[name]
        sheet.cell(row_of(sheet, ident, key), columns(sheet)[header]).value = value
    book.save(workbook)
    return workbook


def test_the_workbook_shows_the_year_as_the_file_has_it(example_copy: Path,
                                                        tmp_path: Path) -> None:
    book = load_workbook(export(example_copy, tmp_path / "r.xlsx", "2024"))
    assert book.sheetnames[:4] == ["Petunjuk", REPORTS, SPENDING, VALUES]
    assert book.active.title == REPORTS
    data = realisation(example_copy)
    reports = sheet_rows(book[REPORTS])
    assert [(r["Id"], r["Status"]) for r in reports] == \
        [(entry["program"], entry["status"]) for entry in data["program"]]
    eco = next(r for r in reports if r["Id"] == "ECO-06")
    assert eco["Alasan"].startswith("Digabung ke program literasi keuangan")
    assert eco["OPD"] == "Dinas Koperasi dan Usaha Mikro"
    spending = sheet_rows(book[SPENDING])
    assert [(r["Program"], r["Sumber dana"], r["Realisasi (Rp)"]) for r in spending] == \
        [(entry["program"], line["sumber"], line["jumlah"]) for entry in data["program"]
         for line in entry["belanja"]]
    gov = next(r for r in spending if r["Program"] == "GOV-02")
    assert gov["Anggaran (Rp)"] == 2750000000  # the action plan's budget for 2024
    values = sheet_rows(book[VALUES])
    assert [(r["Id indikator"], r["Nilai capaian"]) for r in values] == \
        [(value["id"], value["nilai"]) for entry in data["program"]
         for value in entry["indikator"]]
    spbe = next(r for r in values if r["Id indikator"] == "GOV-03-I2")
    assert (spbe["Baseline"], spbe["Target"], spbe["Tahun target"]) == (2.6, 3.5, 2025)

    sheet = book[SPENDING]
    heads = columns(sheet)
    planned, spent = sheet.cell(2, heads["Anggaran (Rp)"]), sheet.cell(2, heads["Realisasi (Rp)"])
    assert planned.number_format == spent.number_format == '"Rp"#,##0'
    assert planned.fill.fgColor.rgb != spent.fill.fgColor.rgb  # read-only looks apart
    assert sheet.column_dimensions[chr(64 + heads["Kunci"])].hidden
    (rule,) = book[REPORTS].data_validations.dataValidation
    assert rule.type == "list" and rule.formula1 == "list_state"
    state = chr(64 + columns(book[REPORTS])["Status"])
    assert str(rule.sqref).startswith(f"{state}2:{state}")
    lists = book["Daftar"]
    assert lists.sheet_state == "hidden"
    assert tuple(c.value for (c,) in lists.iter_rows(min_row=2)) == get_args(ProgrammeState)
    meta = dict(book["kotacerdas"].iter_rows(values_only=True))
    assert (meta["jenis"], meta["tahun"], meta["opd"]) == ("realisasi", 2024, None)


def test_edited_cells_change_exactly_their_scalars(example_copy: Path, tmp_path: Path) -> None:
    before = yaml_files(example_copy)
    workbook = set_cells(export(example_copy, tmp_path / "r.xlsx", "2024"), {
        (REPORTS, "Id", "GOV-02", "Status"): "terlambat",
        (REPORTS, "Id", "GOV-02", "Alasan"): "Pengadaan server mundur ke triwulan IV.",
        (SPENDING, "Program", "GOV-03", "Realisasi (Rp)"): 999000000,
        (VALUES, "Id indikator", "GOV-03-I1", "Nilai capaian"): 41,
        (SPENDING, "Program", "GOV-04", "Anggaran (Rp)"): 1,  # read-only: not read back
    })
    dry = run_cli("import", "xlsx", workbook, example_copy, "--dry-run")
    assert dry.exit_code == 0, dry.stdout + dry.stderr
    assert "Status: berjalan → terlambat" in dry.stdout
    assert yaml_files(example_copy) == before

    done = run_cli("import", "xlsx", workbook, example_copy)
    assert done.exit_code == 0, done.stdout + done.stderr
    after = yaml_files(example_copy)
    assert {rel for rel in before if before[rel] != after[rel]} == {REALISED}
    assert set(after) == set(before)
    removed, added = changed_lines(before[REALISED], after[REALISED])
    assert removed == [
        "    status: berjalan",
        "        jumlah: 957000000        # anggaran 2024: Rp1.100.000.000",
        "        nilai: 39                # OPD yang memakai naskah dinas elektronik (OPD): "
        "baseline 5, target 52 pada 2025; 2023: 22"]
    assert added == [
        "    status: terlambat",
        "    alasan: Pengadaan server mundur ke triwulan IV.",
        "        jumlah: 999000000        # anggaran 2024: Rp1.100.000.000",
        "        nilai: 41                # OPD yang memakai naskah dinas elektronik (OPD): "
        "baseline 5, target 52 pada 2025; 2023: 22"]
    checked = run_cli("stage", "check", "5", example_copy)
    assert checked.exit_code == 0, checked.stdout


def test_a_year_without_its_file_starts_it_from_the_scaffold(example_copy: Path,
                                                            tmp_path: Path) -> None:
    rel = "5-pelaksanaan/realisasi-2025.yaml"
    scaffolded = tmp_path / "scaffolded"
    shutil.copytree(example_copy, scaffolded)
    assert run_cli("stage", "scaffold", "5", scaffolded, "--year", "2025").exit_code == 0
    scaffold = (scaffolded / rel).read_bytes()
    before = yaml_files(example_copy)

    workbook = export(example_copy, tmp_path / "r.xlsx", "2025")
    book = load_workbook(workbook)
    assert [r["Id"] for r in sheet_rows(book[REPORTS])] == \
        [entry["program"] for entry in realisation(scaffolded, rel)["program"]]
    assert {r["Status"] for r in sheet_rows(book[REPORTS])} == {None}
    set_cells(workbook, {(REPORTS, "Id", "SOC-03", "Status"): "berjalan",
                         (SPENDING, "Program", "SOC-03", "Realisasi (Rp)"): "3000000000"})
    done = run_cli("import", "xlsx", workbook, example_copy)
    assert done.exit_code == 0, done.stdout + done.stderr
    after = yaml_files(example_copy)
    assert set(after) - set(before) == {rel}
    assert all(after[name] == before[name] for name in before)
    old, new = scaffold.decode().splitlines(), after[rel].decode().splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert [(a.split("#")[0].rstrip(), b.split("#")[0].rstrip()) for a, b in changed] == [
        ("    status:", "    status: berjalan"), ("        jumlah:", "        jumlah: 3000000000")]
    assert changed[1][1].endswith("# anggaran 2025: Rp2.500.000.000")


def test_a_workbook_whose_year_file_is_gone_never_says_the_plan_matches(
        example_copy: Path, tmp_path: Path) -> None:
    workbook = export(example_copy, tmp_path / "r.xlsx", "2024")
    (example_copy / REALISED).unlink()
    done = run_cli("import", "xlsx", workbook, example_copy)
    assert done.exit_code == 0, done
    said = done.stdout + done.stderr
    assert "peringatan[KC849]" in said and REALISED in said
    assert "sudah sama" not in done.stdout and "Tidak ada yang ditulis" in done.stdout
    assert not (example_copy / REALISED).exists()


def test_a_bad_cell_is_reported_by_its_address_and_nothing_is_written(
        example_copy: Path, tmp_path: Path) -> None:
    before = yaml_files(example_copy)
    workbook = set_cells(export(example_copy, tmp_path / "r.xlsx", "2024"), {
        (REPORTS, "Id", "GOV-02", "Status"): "selesai",
        (SPENDING, "Program", "GOV-03", "Realisasi (Rp)"): "sembilan ratus juta",
        (SPENDING, "Program", "GOV-04", "Sumber dana"): "APBN",
        (REPORTS, "Id", "GOV-03", "Status"): "hampir",
    })
    done = run_cli("import", "xlsx", workbook, example_copy)
    assert done.exit_code == 1
    spending = columns(load_workbook(workbook)[SPENDING])
    amount = chr(64 + spending["Realisasi (Rp)"])
    assert f"galat[KC826] {SPENDING}!{amount}3:" in done.stdout
    assert f"galat[KC838] {SPENDING}!{chr(64 + spending['Sumber dana'])}4:" in done.stdout
    assert f"galat[KC821] {REPORTS}!D3:" in done.stdout
    assert yaml_files(example_copy) == before


def test_a_new_row_is_refused(example_copy: Path, tmp_path: Path) -> None:
    workbook = export(example_copy, tmp_path / "r.xlsx", "2024")
    book = load_workbook(workbook)
    sheet = book[SPENDING]
    heads = columns(sheet)
    number = sheet.max_row + 1
    sheet.cell(number, heads["Program"]).value = "GOV-02"
    sheet.cell(number, heads["Sumber dana"]).value = "CSR"
    sheet.cell(number, heads["Realisasi (Rp)"]).value = 5000000
    book.save(workbook)
    before = yaml_files(example_copy)
    done = run_cli("import", "xlsx", workbook, example_copy)
    assert done.exit_code == 1
    assert f"galat[KC843] {SPENDING}!A{number}:" in done.stdout
    assert yaml_files(example_copy) == before


def test_exports_are_the_same_bytes_and_keep_one_agency(example_copy: Path,
                                                        tmp_path: Path) -> None:
    first = export(example_copy, tmp_path / "a.xlsx", "2024")
    second = export(example_copy, tmp_path / "b.xlsx", "2024")
    assert first.read_bytes() == second.read_bytes()

    health = load_workbook(export(example_copy, tmp_path / "h.xlsx", "2024", "--agency",
                                  "dinas KESEHATAN"))
    for name in (REPORTS, SPENDING, VALUES):
        assert {r["OPD"] for r in sheet_rows(health[name])} == {"Dinas Kesehatan"}, name
    assert [r["Id"] for r in sheet_rows(health[REPORTS])] == ["LIV-03", "LIV-04"]
    # The Indonesian spellings of the options are kept as aliases.
    nobody = run_cli("export", "xlsx", example_copy, "--realisasi", "2024", "--opd", "Dinas X")
    assert nobody.exit_code == 2 and "KC844" in nobody.stderr + nobody.stdout
    matrix = run_cli("export", "xlsx", example_copy, "--agency", "Dinas Kesehatan")
    assert matrix.exit_code == 2 and "KC845" in matrix.stderr + matrix.stdout


def test_a_year_no_report_can_be_for_is_refused(example_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "realisasi.xlsx"
    for year, why in (("2050", "di luar periode rencana 2023–2032"),
                      ("2021", "sebelum komitmen ditandatangani")):
        run = run_cli("export", "xlsx", "--realisation", year, example_copy, "--out", out)
        assert run.exit_code == 2, run
        assert f"galat[KC549] tahun {year} tidak dapat dilaporkan: {why}" in run.stderr
        assert "Pilih tahun 2022 sampai 2032." in run.stderr
        assert not out.exists()
