"""Building blocks shared by every plan file: ids, text, money, indicators, waivers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kotacerdas.dates import MONTH_PATTERN

SCHEMA_VERSION = 1

ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
ID_EXAMPLE = "GOV-01, S-01, QW-01"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: The years a plan may name.
FIRST_YEAR, LAST_YEAR = 1945, 2100
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
#: No single budget line comes near this: a thousand trillion Rupiah, about a third of a
#: whole national budget. It keeps every sum and chart in numbers that print.
MAX_RUPIAH = 10**15
Rupiah = Annotated[int, Field(ge=0, le=MAX_RUPIAH,
                              description="Jumlah dalam Rupiah / Amount in Rupiah")]
Number = Annotated[float, Field(allow_inf_nan=False)]
#: A day, or the month alone (``2022-07``) where the day is not known.
Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
PlanDate = date | Month

FundingSource = Literal[
    "APBD", "APBD-provinsi", "APBN", "DAK", "KPBU", "CSR", "swasta", "hibah", "lainnya"
]


def empty_list() -> list[Any]:
    """A new empty list, the default of every list field. Pydantic reads a default
    factory's signature; a Python function's reads at once, the built-in `list`'s only
    through the tokenizer, a tenth of a second at start-up over all models."""
    return []


def describe(indonesian: str, english: str) -> str:
    """A field description in both languages, shown as hover text in editors."""
    return f"{indonesian} / {english}"


class Model(BaseModel):
    """Strict, closed base: unknown keys are errors and YAML types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False, defer_build=True)


class Waiver(Model):
    kode: Annotated[str, StringConstraints(pattern=r"^KC\d{3}$")] = Field(
        description=describe("Kode peringatan yang dikecualikan", "Code of the waived warning")
    )
    alasan: Text = Field(
        description=describe("Alasan tertulis pengecualian", "Written reason for the waiver")
    )


class Waivable(Model):
    pengecualian: list[Waiver] = Field(
        default_factory=empty_list,
        description=describe(
            "Peringatan yang sengaja dikecualikan untuk unsur ini",
            "Warnings deliberately waived for this item",
        ),
    )


class Person(Model):
    nama: Text = Field(description=describe("Nama lengkap", "Full name"))
    jabatan: Text = Field(description=describe("Jabatan", "Position"))
    instansi: Text = Field(description=describe("Instansi atau OPD", "Agency or organisation"))
    status: Literal["plt", "pj"] | None = Field(
        default=None,
        description=describe("Pelaksana tugas (plt) atau penjabat (pj) dalam jabatan itu",
                             "Acting (plt) or interim (pj) holder of the position"),
    )


class BudgetLine(Model):
    tahun: Year = Field(description=describe("Tahun anggaran", "Budget year"))
    jumlah: Rupiah = Field(description=describe("Jumlah dalam Rupiah", "Amount in Rupiah"))
    sumber: FundingSource = Field(description=describe("Sumber pendanaan", "Funding source"))


Measure = int | Number | str


class Indicator(Model):
    jenis: Literal["output", "outcome"] = Field(
        description=describe("Jenis indikator", "Kind of indicator")
    )
    nama: Text = Field(description=describe("Nama indikator", "Indicator name"))
    satuan: Text = Field(description=describe("Satuan ukur", "Unit of measure"))
    baseline: Measure = Field(description=describe("Nilai awal", "Baseline value"))
    target: Measure = Field(description=describe("Nilai target", "Target value"))
    tahun_target: Year | None = Field(
        default=None, description=describe("Tahun target dicapai", "Year the target is due")
    )
    id: Id | None = Field(
        default=None,
        description=describe("Id indikator untuk laporan tahunan, misalnya GOV-01-I1",
                             "Indicator id the yearly reports use, for example GOV-01-I1"),
    )


class Partner(Model):
    nama: Text = Field(description=describe("Nama mitra", "Partner name"))
    peran: Literal["pemerintah", "akademisi", "bisnis", "komunitas", "media"] = Field(
        description=describe("Unsur pentahelix", "Pentahelix role")
    )


class PlanFile(Model):
    """Every plan file states the schema version it was written for."""

    versi_skema: int = Field(
        description=describe("Versi skema berkas ini", "Schema version of this file")
    )
