"""Synthetic workloads for `make bench`: a valid plan of N programmes, and the same
programmes shaped for Doorstop, MkDocs and StrictDoc.

The plan has stages 1 to 3 complete (stage 3 open), so `check` runs every rule, and is
split over files the way a real plan is: one programme file and one action-plan file
per dimension. The peer documents carry the same programmes with the same fields.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

DIMENSIONS = {
    "governance": ("GOV", ["service", "bureaucracy", "policy"]),
    "branding": ("BRD", ["tourism", "business", "cityscape"]),
    "economy": ("ECO", ["industry", "welfare", "transaction"]),
    "living": ("LIV", ["harmony", "health", "mobility"]),
    "society": ("SOC", ["community", "learning", "security"]),
    "environment": ("ENV", ["protection", "waste", "energy"]),
}
HORIZONS = (("pendek", 2025, 2025), ("menengah", 2026, 2029), ("panjang", 2027, 2034))
STRATEGIES_PER_DIMENSION = 5

MANIFEST = """\
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
  finalisasi: {status: berjalan, lokakarya: [2024-10-14]}
"""
STAGE_ONE = {
    "tim.yaml": """\
versi_skema: 1
tim:
  dewan:
    - {nama: Wali Kota, jabatan: Wali Kota, instansi: Pemerintah Kota, peran: pembina}
  pelaksana:
    - {nama: Kepala Diskominfo, jabatan: Kepala Dinas, instansi: Diskominfo, peran: ketua}
""",
    "profil.yaml": """\
versi_skema: 1
profil:
  ringkasan: Kota sintetis untuk mengukur kecepatan.
  rpjmd:
    - id: RPJMD-2025
      mulai: 2025
      selesai: 2029
      visi: Kota yang cepat
      misi:
        - {id: RM-1, teks: Layanan publik yang cepat}
    - id: RPJMD-2030
      mulai: 2030
      selesai: 2034
      visi: Kota yang lebih cepat
      misi:
        - {id: RM-2, teks: Layanan publik yang lebih cepat}
""",
    "kesiapan.yaml": """\
versi_skema: 1
kesiapan:
  struktur: [{aspek: SDM TIK, nilai: sedang, skor: 3, bukti: Cukup}]
  infrastruktur: [{aspek: Jaringan, nilai: baik, bukti: Semua kantor terhubung}]
  suprastruktur: [{aspek: Regulasi, nilai: kurang, bukti: Belum ada Perwal}]
""",
}


@dataclass(frozen=True)
class Programme:
    """One synthetic programme with its action plan, shared by every workload."""

    id: str
    dimension: str
    element: str
    horizon: str
    first: int
    last: int
    strategy: str
    name: str
    text: str


def programmes(count: int) -> list[Programme]:
    """``count`` programmes spread evenly over the six dimensions and three horizons."""
    found = []
    names = list(DIMENSIONS)
    for index in range(count):
        dimension = names[index % len(names)]
        code, elements = DIMENSIONS[dimension]
        number = index // len(names) + 1
        horizon, first, last = HORIZONS[index % len(HORIZONS)]
        strategy = f"STR-{code}-{number % STRATEGIES_PER_DIMENSION + 1}"
        found.append(Programme(
            f"{code}-{number:05d}", dimension, elements[index % 3], horizon, first, last,
            strategy, f"Program {dimension} nomor {number}",
            f"Deskripsi singkat program {number} pada dimensi {dimension}, dengan OPD dan mitra.",
        ))
    return found


def write_plan(root: Path, items: list[Programme]) -> Path:
    """A complete, valid plan (stages 1 to 3) holding ``items``."""
    files = {"kotacerdas.yaml": MANIFEST, **{f"1-analisis/{k}": v for k, v in STAGE_ONE.items()}}
    files["1-analisis/swot.yaml"] = _swot()
    files["2-perumusan/visi-misi.yaml"] = (
        "versi_skema: 1\nvisi: {teks: Kota yang cepat dan terhubung}\n"
        "misi:\n  - {id: M-1, teks: Layanan publik digital, rpjmd: [RM-1]}\n")
    files["2-perumusan/strategi.yaml"] = _strategies()
    for dimension in DIMENSIONS:
        mine = [p for p in items if p.dimension == dimension]
        files[f"2-perumusan/program-{dimension}.yaml"] = _programme_file(mine)
        files[f"3-finalisasi/rencana-aksi-{dimension}.yaml"] = _action_file(mine)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _swot() -> str:
    lines = ["versi_skema: 1", "swot:"]
    for quadrant, prefix in (("kekuatan", "S"), ("kelemahan", "W"), ("peluang", "O"),
                             ("ancaman", "T")):
        lines.append(f"  {quadrant}:")
        for code, (dimension, _) in enumerate(DIMENSIONS.items(), start=1):
            lines.append(f"    - {{id: {prefix}-{code:02d}, dimensi: {dimension}, "
                         f"teks: Butir {prefix} untuk {dimension}}}")
    lines.append("kata_kunci_visi: [cepat, terhubung]")
    return "\n".join(lines) + "\n"


def _strategies() -> str:
    lines = ["versi_skema: 1", "strategi:"]
    for code, (dimension, (short, _)) in enumerate(DIMENSIONS.items(), start=1):
        for number in range(1, STRATEGIES_PER_DIMENSION + 1):
            lines += [f"  - id: STR-{short}-{number}", f"    nama: Strategi {number} {dimension}",
                      f"    dimensi: {dimension}", f"    swot: [W-{code:02d}, T-{code:02d}]"]
    return "\n".join(lines) + "\n"


def _programme_file(items: list[Programme]) -> str:
    lines = ["versi_skema: 1", "program:"]
    for p in items:
        lines += [f"  - id: {p.id}", f"    nama: {p.name}", f"    deskripsi: {p.text}",
                  f"    dimensi: {p.dimension}", f"    elemen: {p.element}",
                  f"    jangka: {p.horizon}", f"    strategi: [{p.strategy}]", "    misi: [M-1]"]
    return "\n".join(lines) + "\n"


def _action_file(items: list[Programme]) -> str:
    lines = ["versi_skema: 1", "rencana_aksi:"]
    for p in items:
        lines += [
            f"  - program: {p.id}", "    opd: Dinas Komunikasi dan Informatika",
            "    opd_pendukung:", "      - Bappeda", "    mitra:",
            "      - {nama: Universitas setempat, peran: akademisi}",
            f"    tahun_mulai: {p.first}", f"    tahun_selesai: {p.last}", "    anggaran:",
            f"      - {{tahun: {p.first}, jumlah: 750000000, sumber: APBD}}",
            f"      - {{tahun: {p.last}, jumlah: 250000000, sumber: CSR}}", "    indikator:",
            "      - jenis: output", "        nama: Layanan yang berjalan",
            "        satuan: layanan", "        baseline: 0", "        target: 10",
            f"        tahun_target: {p.last}",
        ]
    return "\n".join(lines) + "\n"


def write_doorstop(root: Path, items: list[Programme]) -> Path:
    """One Doorstop document PRG with one YAML item per programme, in a git work tree."""
    document = root / "prg"
    document.mkdir(parents=True, exist_ok=True)
    (document / ".doorstop.yml").write_text(
        "settings:\n  digits: 5\n  prefix: PRG\n  sep: '-'\n", encoding="utf-8")
    for number, p in enumerate(items, start=1):
        (document / f"PRG-{number:05d}.yml").write_text(
            f"active: true\nderived: false\nheader: '{p.name}'\nlevel: 1.{number}\n"
            f"links: []\nnormative: true\nref: ''\nreviewed: null\n"
            f"text: |\n  {p.text}\n\n  Dimensi {p.dimension}, elemen {p.element}, "
            f"jangka {p.horizon} ({p.first}-{p.last}), strategi {p.strategy}.\n",
            encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def write_mkdocs(root: Path, items: list[Programme]) -> Path:
    """Six Markdown pages (one per dimension), each a table of its programmes."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    nav = ["index.md"]
    (docs / "index.md").write_text("# Masterplan sintetis\n", encoding="utf-8")
    for dimension in DIMENSIONS:
        rows = ["| Id | Nama | Deskripsi | Elemen | Jangka | Tahun | Strategi |",
                "|---|---|---|---|---|---|---|"]
        rows += [f"| {p.id} | {p.name} | {p.text} | {p.element} | {p.horizon} | "
                 f"{p.first}–{p.last} | {p.strategy} |"
                 for p in items if p.dimension == dimension]
        (docs / f"{dimension}.md").write_text(f"# {dimension}\n\n" + "\n".join(rows) + "\n",
                                              encoding="utf-8")
        nav.append(f"{dimension}.md")
    (root / "mkdocs.yml").write_text(
        "site_name: Masterplan sintetis\nnav:\n" + "".join(f"  - {n}\n" for n in nav),
        encoding="utf-8")
    return root


def write_strictdoc(root: Path, items: list[Programme]) -> Path:
    """One .sdoc document with one requirement per programme."""
    root.mkdir(parents=True, exist_ok=True)
    parts = ["[DOCUMENT]", "TITLE: Masterplan sintetis", ""]
    for p in items:
        parts += ["[REQUIREMENT]", f"UID: {p.id}", f"TITLE: {p.name}",
                  f"STATEMENT: {p.text} Dimensi {p.dimension}, elemen {p.element}, jangka "
                  f"{p.horizon} ({p.first}-{p.last}), strategi {p.strategy}.", ""]
    (root / "masterplan.sdoc").write_text("\n".join(parts), encoding="utf-8")
    return root
