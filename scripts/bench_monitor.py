"""`make bench`: the speed of `check`, `monitor` and the monitoring books over ten years of
yearly reports.

The 1,000-programme workload of bench_workload.py, signed (stage 4 with a commitment and
one quick win) and with stage 5 open, gets a realisation for every year of its period
(2025-2034): each programme active that year reported running, 90 % of its budget spent
and its indicator on its way. `check` then reads stages 1 to 5; `monitor` counts a year;
`build` writes the masterplan books and the ten monitoring books, Markdown and HTML.

Run alone (``python scripts/bench_monitor.py``) it prints the figures of one run.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

YEARS = range(2025, 2035)
SIGNED_MANIFEST = """\
versi_skema: 1
wilayah:
  nama: Sintetis
  jenis: kota
  provinsi: Kepulauan Riau
periode:
  mulai: 2025
  selesai: 2034
tahapan:
  analisis: {status: selesai, lokakarya: [2024-06-10], ditutup: 2024-06-10}
  perumusan: {status: selesai, lokakarya: [2024-08-12], ditutup: 2024-08-12}
  finalisasi: {status: selesai, lokakarya: [2024-10-14], ditutup: 2024-10-14}
  komitmen: {status: selesai, lokakarya: [2024-12-02], ditutup: 2024-12-02}
  pelaksanaan: {status: berjalan, dibuka: 2025-01-06}
"""
COMMITMENT = """\
versi_skema: 1
komitmen:
  tanggal: 2024-12-02
  tempat: Balai Kota
  pernyataan:
    - Melaksanakan masterplan smart city.
  penandatangan:
    - {nama: Wali Kota, jabatan: Wali Kota, instansi: Pemerintah Kota, peran: kepala_daerah}
"""
REVIEW = """\
versi_skema: 1
reviu:
  - {tanggal: 2024-12-01, bagian: Buku II Bab IV, catatan: Anggaran dirinci., status: selesai}
"""


def monitor_figures(measure: Callable[..., dict], kotacerdas: str, work: Path,
                    repeats: int) -> dict[str, dict]:
    """Time `check`, `monitor --year 2030` and `build` on the 1,000-programme plan with ten
    years reported, with bench.py's ``measure(name, command, repeats, ...)``; keyed
    ``check-1000-reported``, ``monitor-1000`` and ``build-1000-reported``."""
    plan = write_reported_plan(work / "plan-1000-reported", 1000)
    return {
        "check-1000-reported": measure("kotacerdas check (1000, 10 years reported)",
                                       [kotacerdas, "check", str(plan)], repeats),
        "monitor-1000": measure("kotacerdas monitor (1000, 10 years reported)",
                                [kotacerdas, "monitor", str(plan), "--year", "2030"], repeats),
        "build-1000-reported": measure(
            "kotacerdas build md+html (1000, 10 reports)",
            [kotacerdas, "build", str(plan), "--out", str(work / "books-1000-reported")],
            repeats),
    }


def write_reported_plan(root: Path, count: int) -> Path:
    """The workload of ``count`` programmes, signed, with every year of its period
    reported."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_workload import programmes, write_plan

    shutil.rmtree(root, ignore_errors=True)
    items = programmes(count)
    write_plan(root, items)
    quick = next(p for p in items if p.horizon == "pendek")
    files = {"kotacerdas.yaml": SIGNED_MANIFEST, "4-komitmen/komitmen.yaml": COMMITMENT,
             "4-komitmen/reviu.yaml": REVIEW, "4-komitmen/quick-win.yaml": _quick_win(quick.id)}
    for year in YEARS:
        files[f"5-pelaksanaan/realisasi-{year}.yaml"] = _realisation(items, year)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _quick_win(programme: str) -> str:
    return f"""\
versi_skema: 1
quick_win:
  - id: QW-01
    nama: Layanan cepat
    program: {programme}
    masalah: Antrean panjang
    inovasi: Antrean daring
    penerima_manfaat: Warga
    opd: Dinas Komunikasi dan Informatika
    mulai: 2025-02-01
    selesai: 2025-11-30
"""


def _realisation(items: list, year: int) -> str:
    lines = ["versi_skema: 1", f"tahun: {year}", "program:"]
    for p in items:
        if not p.first <= year <= p.last:
            continue
        lines += [f"  - program: {p.id}", "    status: berjalan", "    belanja:"]
        if year == p.first:
            lines.append("      - {sumber: APBD, jumlah: 675000000}")
        if year == p.last:
            lines.append("      - {sumber: CSR, jumlah: 225000000}")
        if p.first < year < p.last:
            lines[-1] = "    belanja: []"
        reached = round(10 * (year - p.first + 1) / (p.last - p.first + 1))
        lines += ["    indikator:", f"      - {{id: {p.id}-I1, nilai: {reached}}}",
                  "    bukti:", f"      - https://contoh.go.id/laporan/{year}/{p.id}"]
    if year == 2025:
        lines += ["quick_win:", "  - {quick_win: QW-01, status: selesai}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    """One run on its own, for a quick look: the figures as bench.py prints them."""
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    from bench import KOTACERDAS, OUT, measure

    work = OUT / "work-monitor"
    figures = monitor_figures(measure, str(KOTACERDAS), work,
                              repeats=int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    for row in figures.values():
        print(f"{row['name']:<46}{row['median_s']:>10.3f}{row['min_s']:>8.3f}"
              f"{row['peak_mb']:>9.1f}  exit {row['exit_codes']}")


if __name__ == "__main__":
    main()
