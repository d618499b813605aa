"""A workbook is untrusted input: every bad cell is reported at its address with the
reason, in the plan's language, and nothing is written; a file that is no workbook, is
encrypted, is a zip bomb, holds macros, links or a million rows is refused before any
spreadsheet library reads it."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from conftest import EXAMPLE, run_cli
from kotacerdas.commands.sheets import import_workbook
from kotacerdas.errors import KotacerdasError
from kotacerdas.spreadsheet.keys import make_key
from test_spreadsheet import (
    BUDGET,
    INDICATORS,
    PROGRAMMES,
    columns,
    edit,
    export,
    row_of,
    yaml_files,
)

GOOD = {(PROGRAMMES, "GOV-01", "Lokasi"): "Mal Pelayanan Publik dan kantor kecamatan"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exported")
    shutil.copytree(EXAMPLE, folder / "plan", ignore=shutil.ignore_patterns("build"))
    return export(folder / "plan", folder / "kerja.xlsx")


@pytest.fixture
def workbook(exported: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(exported, tmp_path / "kerja.xlsx"))


def address(workbook: Path, sheet: str, ident: str, header: str, new_row: bool = False) -> str:
    book = load_workbook(workbook, read_only=False)
    found = book[sheet]
    column = columns(found)[header]
    row = found.max_row if new_row else row_of(found, ident, "Id" if sheet == PROGRAMMES
                                               else "Program")
    letter = chr(ord("A") + column - 1)
    return f"{sheet}!{letter}{row}"


def rejected(plan: Path, workbook: Path) -> list[tuple[str, str]]:
    """Import ``workbook``; the (code, field) of every error, after checking that nothing
    at all was written."""
    before = yaml_files(plan)
    done = import_workbook(plan, workbook)
    assert yaml_files(plan) == before
    assert done.written == [] and done.rejected
    return [(d.code, d.field) for d in done.result.errors]


BAD_CELLS = [
    ("year as text", PROGRAMMES, "GOV-02", "Tahun mulai", "dua ribu", "KC820"),
    ("year as true", PROGRAMMES, "GOV-02", "Tahun mulai", True, "KC820"),
    ("unknown dimension", PROGRAMMES, "GOV-02", "Dimensi", "pemerintahan", "KC822"),
    ("element of another dimension", PROGRAMMES, "GOV-02", "Elemen", "tourism", "KC823"),
    ("year outside the period", PROGRAMMES, "GOV-02", "Tahun selesai", 2040, "KC824"),
    ("last year before first", PROGRAMMES, "GOV-02", "Tahun mulai", 2030, "KC825"),
    ("amount with separators", BUDGET, "GOV-02", "Jumlah (Rp)", "1.500.000.000", "KC826"),
    ("amount as words", BUDGET, "GOV-02", "Jumlah (Rp)", "Rp 2 miliar", "KC826"),
    ("negative amount", BUDGET, "GOV-02", "Jumlah (Rp)", -5, "KC826"),
    ("amount not whole", BUDGET, "GOV-02", "Jumlah (Rp)", 1500.5, "KC826"),
    ("unknown source", BUDGET, "GOV-02", "Sumber dana", "APBX", "KC821"),
    ("decimal comma", INDICATORS, "GOV-02", "Target", "2,5", "KC827"),
    ("unknown indicator kind", INDICATORS, "GOV-02", "Jenis", "dampak", "KC821"),
    ("id of an existing row", PROGRAMMES, "GOV-02", "Id", "GOV-20", "KC838"),
    ("programme of a budget line", BUDGET, "GOV-02", "Program", "GOV-01", "KC838"),
    ("formula", PROGRAMMES, "GOV-02", "Nama program", "=A1&B1", "KC832"),
    ("bidi control", PROGRAMMES, "GOV-02", "Nama program", "Aplikasi \u202eWarga", "KC833"),
    ("too long", PROGRAMMES, "GOV-02", "Deskripsi", "kata " * 1200, "KC834"),
    ("required emptied", PROGRAMMES, "GOV-02", "OPD", None, "KC835"),
    ("unknown strategy", PROGRAMMES, "GOV-02", "Strategi", "STR-01; STR-99", "KC836"),
    ("key typed over", PROGRAMMES, "GOV-02", "Kunci", "P:GOV-02:0a0b:1c2d3e", "KC831"),
]


@pytest.mark.parametrize(("sheet", "ident", "header", "value", "code"),
                         [case[1:] for case in BAD_CELLS], ids=[case[0] for case in BAD_CELLS])
def test_one_bad_cell_among_good_ones_is_reported_and_nothing_is_written(
        exported: Path, workbook: Path, tmp_path: Path, sheet: str, ident: str, header: str,
        value: Any, code: str) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    cell = address(workbook, sheet, ident, header)
    edit(workbook, {**GOOD, (sheet, ident, header): value})
    assert rejected(plan, workbook) == [(code, cell)]


def test_a_year_that_is_a_real_date_is_refused(exported: Path, workbook: Path,
                                               tmp_path: Path) -> None:
    from datetime import datetime

    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    edit(workbook, {(BUDGET, "GOV-03", "Tahun"): datetime(2024, 3, 1)})
    assert rejected(plan, workbook) == [("KC820", address(workbook, BUDGET, "GOV-03", "Tahun"))]


NEW_ROWS = [
    ("id already in the plan", {PROGRAMMES: [{"Id": "GOV-01"}]}, "KC829", "Id"),
    ("id in the wrong form", {PROGRAMMES: [{"Id": "gov 7"}]}, "KC828", "Id"),
    ("no description", {PROGRAMMES: [{"Deskripsi": None}]}, "KC835", "Deskripsi"),
    ("budget of no programme", {BUDGET: [{"Program": "GOV-99"}]}, "KC836", "Program"),
    ("budget of a dropped programme", {BUDGET: [{"Program": "BRD-07"}]}, "KC839", "Program"),
    ("indicator without a name", {INDICATORS: [{"Nama indikator": None}]}, "KC835",
     "Nama indikator"),
]
NEW = {
    PROGRAMMES: {"Dimensi": "governance", "Elemen": "policy", "Id": "GOV-08",
                 "Nama program": "Satu Peta", "Deskripsi": "Peta dasar bersama.",
                 "Jangka": "pendek", "Strategi": "STR-01"},
    BUDGET: {"Program": "GOV-01", "Tahun": 2023, "Jumlah (Rp)": 5, "Sumber dana": "APBD"},
    INDICATORS: {"Program": "GOV-01", "Jenis": "output", "Nama indikator": "Lapisan peta",
                 "Satuan": "lapisan", "Baseline": 0, "Target": 12},
}


@pytest.mark.parametrize(("rows", "code", "header"), [case[1:] for case in NEW_ROWS],
                         ids=[case[0] for case in NEW_ROWS])
def test_a_bad_new_row_is_reported_and_nothing_is_written(
        exported: Path, workbook: Path, tmp_path: Path, rows: dict[str, list[dict[str, Any]]],
        code: str, header: str) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    sheet, [changes] = next(iter(rows.items()))
    edit(workbook, GOOD, {sheet: [{**NEW[sheet], **changes}]})
    assert rejected(plan, workbook) == [(code, address(workbook, sheet, "", header, True))]


def test_two_new_rows_with_one_id_and_a_copied_row(exported: Path, workbook: Path,
                                                   tmp_path: Path) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    edit(workbook, rows={PROGRAMMES: [NEW[PROGRAMMES], NEW[PROGRAMMES]]})
    book = load_workbook(workbook)
    sheet = book[PROGRAMMES]
    copied = [cell.value for cell in sheet[row_of(sheet, "GOV-03")]]
    sheet.append(copied)  # a row copied with its hidden key
    book.save(workbook)
    found = rejected(plan, workbook)
    assert [code for code, _ in found] == ["KC829", "KC831"]


def test_a_key_to_an_item_that_is_gone(exported: Path, workbook: Path, tmp_path: Path) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    book = load_workbook(workbook)
    sheet = book[PROGRAMMES]
    row = row_of(sheet, "GOV-03")
    sheet.cell(row, columns(sheet)["Kunci"]).value = make_key("P", "GOV-77", [""] * 12)
    book.save(workbook)
    assert rejected(plan, workbook) == [("KC830", f"{PROGRAMMES}!N{row}")]


def test_the_text_form_names_the_cell_in_the_plans_language(exported: Path, workbook: Path,
                                                            tmp_path: Path) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    edit(workbook, {**GOOD, (BUDGET, "GOV-05", "Jumlah (Rp)"): "350.000.000"})
    cell = address(workbook, BUDGET, "GOV-05", "Jumlah (Rp)")
    run = run_cli("import", "xlsx", workbook, plan)
    assert run.exit_code == 1, run
    assert f"kerja.xlsx:{cell[len(BUDGET) + 2:]}:3: galat[KC826] {cell}: jumlah '350.000.000'" \
        in run.stdout
    assert "saran: Tulis Rupiah utuh" in run.stdout
    assert "Tidak ada yang ditulis" in run.stderr
    run = run_cli("import", "xlsx", workbook, plan, "--lang", "en")
    assert f"error[KC826] {cell}: amount '350.000.000' uses separators" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_missing_sheet_or_column_is_reported(exported: Path, workbook: Path,
                                               tmp_path: Path) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    book = load_workbook(workbook)
    del book[INDICATORS]
    sheet = book[BUDGET]
    sheet.delete_cols(columns(sheet)["Sumber dana"])
    book.save(workbook)
    assert sorted(code for code, _ in rejected(plan, workbook)) == ["KC812", "KC813"]


# Files that are refused before they are opened --------------------------------------

def rezip(source: Path, target: Path, replace: dict[str, bytes | None] | None = None,
          add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = (replace or {}).get(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def _first_sheet_with_a_million_rows(workbook: Path) -> dict[str, bytes | None]:
    with zipfile.ZipFile(workbook) as archive:
        name = "xl/worksheets/sheet2.xml"
        data = archive.read(name)
    start = data.index(b'<dimension ref="')
    end = data.index(b'"', start + 16)
    return {name: data[:start] + b'<dimension ref="A1:N1000000' + data[end:]}


def _with_doctype(workbook: Path, after: bytes = b"") -> dict[str, bytes | None]:
    with zipfile.ZipFile(workbook) as archive:
        data = archive.read("xl/workbook.xml")
    entity = after + b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    if data.startswith(b"<?xml"):
        head, rest = data.split(b"?>", 1)
        return {"xl/workbook.xml": head + b"?>" + entity + rest}
    return {"xl/workbook.xml": entity + data}


BAD_FILES = {
    "text": ("KC802", lambda wb, t: _write(t / "kerja.xlsx", b"Program;Anggaran\n")),
    "empty": ("KC802", lambda wb, t: _write(t / "kerja.xlsx", b"")),
    "truncated": ("KC802", lambda wb, t: _write(t / "kerja.xlsx", wb.read_bytes()[:5000])),
    "old xls": ("KC802", lambda wb, t: _write(t / "kerja.xls", b"\xd0\xcf\x11\xe0\xa1\xb1"
                                              b"\x1a\xe1" + b"\0" * 4096)),
    "password": ("KC803", lambda wb, t: _write(t / "kerja.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1"
                                               b"\x1a\xe1" + b"\0" * 512 +
                                               "EncryptionInfo".encode("utf-16-le"))),
    "zip bomb": ("KC804", lambda wb, t: rezip(wb, t / "kerja.xlsx",
                                              add={"xl/media/image1.bin": b"\0" * 8_000_000})),
    "many entries": ("KC804", lambda wb, t: rezip(wb, t / "kerja.xlsx", add={
        f"customXml/item{n}.xml": b"<a/>" for n in range(1001)})),
    "xlsm": ("KC805", lambda wb, t: Path(shutil.copyfile(wb, t / "kerja.xlsm"))),
    "macros": ("KC805", lambda wb, t: rezip(wb, t / "kerja.xlsx",
                                            add={"xl/vbaProject.bin": b"\0" * 64})),
    "external link": ("KC806", lambda wb, t: rezip(wb, t / "kerja.xlsx", add={
        "xl/externalLinks/externalLink1.xml": b"<externalLink/>"})),
    "million rows": ("KC807", lambda wb, t: rezip(wb, t / "kerja.xlsx",
                                                  _first_sheet_with_a_million_rows(wb))),
    "entity declarations": ("KC810", lambda wb, t: rezip(wb, t / "kerja.xlsx",
                                                         _with_doctype(wb))),
    "entity declarations after a long comment": ("KC810", lambda wb, t: rezip(
        wb, t / "kerja.xlsx", _with_doctype(wb, b"<!--" + b"x" * 70_000 + b"-->"))),
    "not ours": ("KC808", lambda wb, t: _plain_workbook(t / "kerja.xlsx")),
    "other plan": ("KC809", lambda wb, t: _other_region(wb, t / "kerja.xlsx")),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _plain_workbook(path: Path) -> Path:
    book = Workbook()
    book.active.append(["Id", "Nama program"])
    book.save(path)
    return path


def _other_region(workbook: Path, path: Path) -> Path:
    book = load_workbook(workbook)
    book["kotacerdas"]["B2"] = "Tanjungpinang"
    book.save(path)
    return path


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_before_it_is_read(exported: Path, tmp_path: Path,
                                                 case: str) -> None:
    code, make = BAD_FILES[case]
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    before = yaml_files(plan)
    bad = make(exported, tmp_path)
    with pytest.raises(KotacerdasError) as refused:
        import_workbook(plan, bad)
    assert [d.code for d in refused.value.diagnostics] == [code]
    assert yaml_files(plan) == before


def test_a_refused_file_is_a_diagnostic_with_exit_2(exported: Path, tmp_path: Path) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    bomb = rezip(exported, tmp_path / "kerja.xlsx", add={"xl/media/a.bin": b"\0" * 8_000_000})
    run = run_cli("import", "xlsx", bomb, plan, "--lang", "en")
    assert run.exit_code == 2, run
    assert "kotacerdas:0:0: error[KC804] kerja.xlsx is too large to read: compression ratio" \
        in run.stderr
    assert "Traceback" not in run.stderr


def test_rows_past_the_limit_are_refused_while_read(exported: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet whose dimension says little but which holds too many rows."""
    from kotacerdas.spreadsheet import reader

    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    monkeypatch.setattr(reader, "MAX_ROWS", 20)
    with pytest.raises(KotacerdasError) as refused:
        import_workbook(plan, exported)
    assert [d.code for d in refused.value.diagnostics] == ["KC807"]


@pytest.mark.parametrize("escape", [b"_x001B_[2J", b"abc_xD800_def", b"abc_xFFFE_def"])
def test_an_escaped_control_character_is_refused(exported: Path, tmp_path: Path,
                                                 escape: bytes) -> None:
    """Excel writes a control character in a cell as `_x001B_`: it is read as one. A lone
    surrogate or a noncharacter so written is no text at all, and refused the same way."""
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    with zipfile.ZipFile(exported) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml")
    at = sheet.index(b"<t>", sheet.index(b"<t>Kalender"))
    bad = rezip(exported, tmp_path / "kerja.xlsx",
                {"xl/worksheets/sheet2.xml": sheet[:at] + b"<t>" + escape + sheet[at + 3:]})
    assert rejected(plan, bad) == [("KC833", f"{PROGRAMMES}!D2")]


def test_text_that_looks_like_an_escape_comes_back_as_written(exported: Path,
                                                              tmp_path: Path) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    path = plan / "2-perumusan" / "program-governance.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "nama: Aplikasi Layanan Warga Terpadu Batam", "nama: Aplikasi _x0041_ Warga"), "utf-8")
    workbook = export(plan, tmp_path / "kerja.xlsx")
    before = yaml_files(plan)
    done = import_workbook(plan, workbook)
    assert done.changes == [] and yaml_files(plan) == before
    book = load_workbook(io.BytesIO(workbook.read_bytes()))
    sheet = book[PROGRAMMES]
    assert sheet.cell(row_of(sheet, "GOV-02"), 4).value == "Aplikasi _x005F_x0041_ Warga"


def test_a_workbook_name_is_shown_escaped(exported: Path, tmp_path: Path) -> None:
    """A file that came by e-mail may carry escape sequences in its name."""
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    hostile = Path(shutil.copyfile(exported, tmp_path / "ok\x1b]0;judul\x07.xlsx"))
    book = load_workbook(hostile)
    book[PROGRAMMES]["D2"] = "Kalender Acara Kota"
    book.save(hostile)
    run = run_cli("import", "xlsx", hostile, plan, "--dry-run")
    assert run.exit_code == 0, run
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr
    assert "ok\\x1b]0;judul\\x07.xlsx:" in run.stdout


def test_export_replaces_only_an_earlier_workbook(exported: Path, tmp_path: Path) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    actions = plan / "3-finalisasi" / "rencana-aksi-branding.yaml"
    before = actions.read_bytes()
    (tmp_path / "link.xlsx").symlink_to(exported)
    (tmp_path / "folder.xlsx").mkdir()
    for target in (actions, tmp_path / "link.xlsx", tmp_path / "folder.xlsx"):
        run = run_cli("export", "xlsx", plan, "--out", target)
        assert run.exit_code == 2 and "galat[KC846]" in run.stderr, run
    assert actions.read_bytes() == before
    assert (tmp_path / "link.xlsx").is_symlink()
    mine = tmp_path / "anggaran-dinas.xlsx"  # a workbook of the user's own
    own = Workbook()
    own.active["A1"] = "jangan ditimpa"
    own.save(mine)
    kept = mine.read_bytes()
    run = run_cli("export", "xlsx", plan, "--out", mine)
    assert run.exit_code == 2 and "galat[KC846]" in run.stderr, run
    assert mine.read_bytes() == kept
    earlier = Path(shutil.copyfile(exported, tmp_path / "lama.xlsx"))
    resaved = load_workbook(earlier)  # opened and saved again in a spreadsheet program
    resaved[PROGRAMMES]["D2"] = "Kalender Acara Kota"
    resaved.save(earlier)
    run = run_cli("export", "xlsx", plan, "--out", earlier, "--quiet")
    assert run.exit_code == 0 and run.stdout == "", run


@pytest.mark.parametrize("copy", ["Budget", "anggaran "])
def test_a_data_sheet_held_twice_is_refused(exported: Path, tmp_path: Path, copy: str) -> None:
    """A copy of a sheet (or the sheet under its name in the other language) is never
    read in place of the other, nor silently left out."""
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    book = load_workbook(exported)
    twin = book.copy_worksheet(book[BUDGET])
    twin.title = copy
    twin["C2"] = 1
    book.save(tmp_path / "kerja.xlsx")
    assert rejected(plan, tmp_path / "kerja.xlsx") == [("KC815", "")]


def test_a_row_with_only_a_total_filled_down_is_an_empty_row(exported: Path,
                                                             tmp_path: Path) -> None:
    """Excel's fill-down copies the total's formula into the row below the last."""
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    book = load_workbook(exported)
    sheet = book[PROGRAMMES]
    below = sheet.max_row + 1
    total = next(c.column_letter for c in sheet[1] if c.value == "Total anggaran (Rp)")
    sheet[f"{total}{below}"] = str(sheet[f"{total}{below - 1}"].value).replace(
        str(below - 1), str(below))
    book.save(tmp_path / "kerja.xlsx")
    done = import_workbook(plan, tmp_path / "kerja.xlsx")
    assert done.result.errors == [] and done.changes == [], done.result


@pytest.mark.parametrize(("lang", "reason"), [("id", "berkas atau folder itu tidak ada"),
                                              ("en", "no such file or folder")])
def test_what_the_system_refused_is_said_in_the_reader_language(
        exported: Path, tmp_path: Path, lang: str, reason: str) -> None:
    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    run = run_cli("import", "xlsx", tmp_path / "tidak-ada.xlsx", plan, "--lang", lang)
    said = run.stdout + run.stderr
    assert run.exit_code == 2 and "[KC802]" in said and reason in said, run
    assert "No such file or directory" not in said


def test_export_over_a_damaged_workbook_is_refused_not_a_traceback(exported: Path,
                                                                   tmp_path: Path) -> None:
    import zipfile

    plan = shutil.copytree(exported.parent / "plan", tmp_path / "plan")
    damaged = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(exported) as archive:
        info = archive.getinfo("docProps/core.xml")
    data = bytearray(exported.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # the deflated properties no longer inflate
    damaged.write_bytes(bytes(data))
    run = run_cli("export", "xlsx", plan, "--out", damaged)
    assert run.exit_code == 2 and "galat[KC846]" in run.stderr, run
    assert "Traceback" not in run.stderr and damaged.read_bytes() == bytes(data)
