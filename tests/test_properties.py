"""Bad input at scale: mutated plan files always end in located diagnostics, never a crash.

Hypothesis takes a valid plan (a small one built here, and the worked example when it is
present and clean), damages one file the way hands and editors do (keys renamed, deleted
or duplicated, values of another type, indentation shifted, bytes inserted or flipped,
the file cut short) and checks that `check` still ends in diagnostics that point at a
real place, quickly and in bounded memory. Runs are derandomised so CI is stable.
"""

from __future__ import annotations

import json
import resource
import shutil
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, build_tree, run_cli
from kotacerdas.commands.check import check_plan
from kotacerdas.diagnostics import CODES, CheckResult
from kotacerdas.plan import Plan
from kotacerdas.report import json_report, text_report
from kotacerdas.stages import STAGES

SMALL_PLAN = {
    "kotacerdas.yaml": """\
        # Rencana kecil untuk uji sifat.
        versi_skema: 1
        wilayah:
          nama: Sukamaju
          jenis: kabupaten          # kota | kabupaten
          provinsi: Jawa Tengah
          kode: "33.01"
        periode: {mulai: 2025, selesai: 2029}
        tahapan:
          analisis:
            status: selesai
            lokakarya: [2024-05-06, 2024-05-07]
            ditutup: 2024-05-07
          perumusan:
            status: berjalan
        """,
    "1-analisis/tim.yaml": """\
        versi_skema: 1
        tim:
          dewan:
            - nama: Bupati Sukamaju
              jabatan: Bupati
              instansi: Pemerintah Kabupaten Sukamaju
              peran: pembina
          pelaksana:
            - {nama: Kepala Diskominfo, jabatan: Kepala Dinas, instansi: Diskominfo, peran: ketua}
        """,
    "1-analisis/profil.yaml": """\
        versi_skema: 1
        profil:
          ringkasan: >-
            Kabupaten agraris di pesisir utara.
          fakta:
            - label: Jumlah penduduk
              nilai: 950000
              sumber: BPS 2024
          rpjmd:
            mulai: 2025
            selesai: 2029
            visi: Sukamaju sejahtera
            misi:
              - id: RM-1
                teks: Layanan publik yang cepat
        """,
    "1-analisis/kesiapan.yaml": """\
        versi_skema: 1
        kesiapan:
          struktur:
            - {aspek: SDM TIK, nilai: sedang, skor: 3, bukti: Sepuluh pranata komputer}
          infrastruktur:
            - aspek: Jaringan
              nilai: baik
              bukti: 'Semua kecamatan terhubung'
          suprastruktur:
            - aspek: Regulasi SPBE
              nilai: kurang
              bukti: "Perbup belum ada"
        """,
    "1-analisis/swot.yaml": """\
        versi_skema: 1
        swot:
          kekuatan: [{id: S-01, dimensi: governance, teks: Perizinan daring}]
          kelemahan: [{id: W-01, dimensi: governance, teks: Data tersebar}]
          peluang: [{id: O-01, dimensi: economy, teks: Pasar digital tumbuh}]
          ancaman: [{id: T-01, dimensi: society, teks: Hoaks}]
        kata_kunci_visi: [sejahtera, terhubung]
        """,
    "2-perumusan/visi-misi.yaml": """\
        versi_skema: 1
        visi:
          teks: Sukamaju sejahtera dan terhubung
        misi:
          - id: M-1
            teks: Layanan publik digital
            rpjmd: [RM-1]
        """,
    "2-perumusan/strategi.yaml": """\
        versi_skema: 1
        strategi:
          - id: STR-01
            nama: Satukan data
            dimensi: governance
            swot: [W-01, S-01, T-01]
        """,
    "2-perumusan/program.yaml": """\
        versi_skema: 1
        program:
          - id: GOV-01
            nama: Satu Data Sukamaju
            deskripsi: Portal data terpadu.
            dimensi: governance
            elemen: policy
            jangka: menengah
            strategi: [STR-01]
            misi: [M-1]
        """,
}

OTHER_VALUES = [
    "123", "-1", "1.5", "1e400", ".inf", ".nan", "true", "no", "null", "~", "[]", "{}", '""',
    "''", "2022-13-45", "2022-06-13", "12:30:00", "[1, [2, [3]]]", "{a: {b: c}}", "!!int x",
    "!!python/object/apply:os.system [id]", "*jangkar", "&jangkar nilai", "|\n  blok",
    '"\\ud800"', "'tanpa tutup", "[tanpa, tutup", "0x1F", "0o17", "+12_000", "ÿÿ", "- butir",
    "? kunci", "@", "`", "%YAML 1.1", "--- ", "...", "<<: {a: 1}", '"' + "x" * 300 + '"',
    "Batam [/]", "'[link=https://x]Klik[/link]'", '"\\e]0;judul\\a"', '"\\u202e sinilam"',
    '"\\0"', "10000000000000000000000000", "9" * 5000, "2022-02-30", "0000-01-01",
    "'[x](javascript:alert(1))'", "'![p](http://127.0.0.1:9/p.png)'", "'**tebal**'",
]
OTHER_KEYS = ["", "versi_skema", "tim", "id", "nama", "Nama", "name", "program", "1", "~", "'k'",
              "[a]", "{a: b}", "? x", "ö", "a" * 200, "pengecualian", "- x"]
MAX_SECONDS_PER_CHECK = 10.0
MAX_RSS_KB = 1_500_000


def _example_files() -> dict[str, str]:
    """The worked example's YAML files, when the example exists and checks clean."""
    if not (EXAMPLE / "kotacerdas.yaml").is_file():
        return {}
    _, result = check_plan(EXAMPLE)
    if result.errors:
        return {}
    return {p.relative_to(EXAMPLE).as_posix(): p.read_text("utf-8")
            for p in sorted(EXAMPLE.rglob("*.y*ml")) if "build" not in p.parts}


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


@st.composite
def mutations(draw: st.DrawFn, files: dict[str, str]) -> tuple[str, bytes]:
    """One file of the plan and the damaged bytes to put in its place."""
    name = draw(st.sampled_from(sorted(files)))
    text = files[name]
    lines = _lines(text)
    index = draw(st.integers(0, max(len(lines) - 1, 0)))
    line = lines[index] if lines else ""
    kind = draw(st.sampled_from(
        ["rename", "delete", "duplicate", "value", "indent", "insert", "flip", "truncate"]))
    if kind == "rename" and ":" in line:
        indent = line[: len(line) - len(line.lstrip(" -"))]
        lines[index] = indent + draw(st.sampled_from(OTHER_KEYS)) + line[line.index(":"):]
    elif kind == "delete":
        count = draw(st.integers(1, 4))
        del lines[index:index + count]
    elif kind == "duplicate":
        lines[index:index] = lines[index:index + draw(st.integers(1, 4))]
    elif kind == "value" and ":" in line:
        value = draw(st.sampled_from(OTHER_VALUES) | st.text(max_size=20))
        lines[index] = line[: line.index(":") + 1] + " " + value + "\n"
    elif kind == "indent":
        shift = draw(st.integers(-4, 6))
        stripped = line.lstrip(" ")
        lines[index] = " " * max(0, len(line) - len(stripped) + shift) + stripped
    else:
        return name, _byte_mutation(draw, kind, text.encode("utf-8"))
    return name, "".join(lines).encode("utf-8")


def _byte_mutation(draw: st.DrawFn, kind: str, raw: bytes) -> bytes:
    at = draw(st.integers(0, len(raw)))
    if kind == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=12)) + raw[at:]
    if kind == "flip" and raw:
        at = min(at, len(raw) - 1)
        return raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1:]
    return raw[:at]


def _allowed_files(plan: Plan) -> set[str]:
    """Where a diagnostic may point: a file read, a stage folder, or a stage's default file."""
    allowed = set(plan.files)
    for stage in STAGES:
        allowed.add(stage.folder)
        allowed.update(stage.default_file(section) for section in stage.sections)
    return allowed


def assert_well_formed(plan: Plan, result: CheckResult) -> None:
    """Every diagnostic is known, located in the plan, and renders in both languages."""
    allowed = _allowed_files(plan)
    for diagnostic in result.diagnostics:
        assert diagnostic.code in CODES, diagnostic
        assert diagnostic.file in allowed, diagnostic
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
        source = plan.files.get(diagnostic.file)
        if source is not None and source.text:
            assert diagnostic.line <= source.text.count("\n") + 2, diagnostic
    for language in ("id", "en"):
        result.language = language
        assert "Traceback" not in text_report(result)
        json_report(result)
    assert result.exit_code() in (0, 1)
    assert (result.exit_code() == 0) == (not result.errors)


def check_mutated(base: Path, scratch: Path, name: str, damaged: bytes) -> None:
    root = scratch / "rencana"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root)
    (root / name).write_bytes(damaged)
    started = time.perf_counter()
    plan, result = check_plan(root)
    assert time.perf_counter() - started < MAX_SECONDS_PER_CHECK
    assert_well_formed(plan, result)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MAX_RSS_KB


@pytest.fixture(scope="module")
def small_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("kecil"), SMALL_PLAN)


def test_the_small_plan_is_valid(small_plan: Path) -> None:
    _, result = check_plan(small_plan)
    assert result.diagnostics == []


SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(mutations({k: textwrap.dedent(v) for k, v in SMALL_PLAN.items()}))
def test_a_damaged_small_plan_ends_in_located_diagnostics(
    small_plan: Path, mutation: tuple[str, bytes]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        check_mutated(small_plan, Path(scratch), *mutation)


_EXAMPLE_FILES = _example_files()


@pytest.mark.skipif(not _EXAMPLE_FILES, reason="the worked example is missing or not clean")
@settings(SETTINGS, max_examples=40)
@given(mutations(_EXAMPLE_FILES or {"-": ""}))
def test_a_damaged_example_ends_in_located_diagnostics(mutation: tuple[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        check_mutated(EXAMPLE, Path(scratch), *mutation)


@settings(SETTINGS, max_examples=12)
@given(mutations({k: textwrap.dedent(v) for k, v in SMALL_PLAN.items()}))
def test_the_cli_exits_with_one_or_two_and_never_a_traceback(
    small_plan: Path, mutation: tuple[str, bytes]
) -> None:
    name, damaged = mutation
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "rencana"
        shutil.copytree(small_plan, root)
        (root / name).write_bytes(damaged)
        text = run_cli("check", root)
        assert "Traceback" not in text.stderr, text
        assert text.exit_code in (0, 1, 2), text
        assert (text.exit_code == 0) == ("galat[" not in text.stdout), text
        as_json = run_cli("stage", "check", "2", root, "--format", "json")
        assert "Traceback" not in as_json.stderr, as_json
        assert as_json.exit_code == text.exit_code, as_json
        report = json.loads(as_json.stdout)
        assert report["ok"] == (as_json.exit_code == 0)
        assert all(d["line"] >= 1 and d["file"] for d in report["diagnostics"]), report
