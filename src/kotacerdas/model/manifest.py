"""The manifest `kotacerdas.yaml`: region, period, language, catalogue and stage log."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kotacerdas.model.common import (
    Model,
    PlanDate,
    PlanFile,
    Text,
    Waiver,
    Year,
    describe,
    empty_list,
)

StageState = Literal["belum", "berjalan", "selesai"]

#: A Kemendagri region code: "21.71".
REGION_CODE = r"^\d{2}\.\d{2}$"


class Region(Model):
    nama: Text = Field(description=describe("Nama daerah, tanpa 'Kota'/'Kabupaten'", "Region name"))
    jenis: Literal["kota", "kabupaten"] = Field(
        description=describe("Kota atau kabupaten", "City or regency")
    )
    provinsi: Text = Field(description=describe("Provinsi", "Province"))
    kode: Annotated[str, StringConstraints(pattern=REGION_CODE)] | None = Field(
        default=None,
        description=describe("Kode wilayah Kemendagri, misalnya \"34.04\"", "Official region code"),
    )


class Period(Model):
    mulai: Year = Field(description=describe("Tahun pertama rencana", "First plan year"))
    selesai: Year = Field(description=describe("Tahun terakhir rencana", "Last plan year"))


class HorizonBands(Model):
    """Length of each horizon in years, counted from the first plan year."""

    pendek: int = Field(default=1, ge=1, description=describe("Jangka pendek (tahun)", "Short"))
    menengah: int = Field(
        default=5, ge=1, description=describe("Jangka menengah (tahun)", "Medium")
    )
    panjang: int = Field(default=10, ge=1, description=describe("Jangka panjang (tahun)", "Long"))


class StageEntry(Model):
    status: StageState = Field(
        default="belum", description=describe("Keadaan tahap", "State of the stage")
    )
    lokakarya: list[PlanDate] = Field(
        default_factory=empty_list,
        description=describe("Tanggal bimtek (TTTT-BB-HH, atau TTTT-BB bila hanya bulannya "
                             "diketahui)", "Workshop dates (or the month alone)"),
    )
    tempat: Text | None = Field(
        default=None, description=describe("Tempat bimtek", "Where the workshop was held")
    )
    ditutup: PlanDate | None = Field(
        default=None, description=describe("Tanggal tahap ditutup", "Date the stage was closed")
    )


ImplementationState = Literal["belum", "berjalan"]


class ImplementationEntry(Model):
    """Stage 5, opened after the commitment and never closed."""

    status: ImplementationState = Field(
        default="belum",
        description=describe("Keadaan tahap pelaksanaan: belum atau berjalan (tidak pernah "
                             "ditutup)", "State of the implementation stage (never closed)"),
    )
    dibuka: PlanDate | None = Field(
        default=None, description=describe("Tanggal tahap dibuka", "Date the stage was opened")
    )


class StageLog(Model):
    analisis: StageEntry = Field(
        default_factory=StageEntry, description=describe("Tahap 1, Analisis", "Stage 1, Analysis")
    )
    perumusan: StageEntry = Field(
        default_factory=StageEntry,
        description=describe("Tahap 2, Perumusan", "Stage 2, Formulation"),
    )
    finalisasi: StageEntry = Field(
        default_factory=StageEntry,
        description=describe("Tahap 3, Finalisasi", "Stage 3, Finalisation"),
    )
    komitmen: StageEntry = Field(
        default_factory=StageEntry, description=describe("Tahap 4, Komitmen", "Stage 4, Commitment")
    )
    pelaksanaan: ImplementationEntry = Field(
        default_factory=ImplementationEntry,
        description=describe("Tahap 5, Pelaksanaan: laporan tahunan sesudah komitmen",
                             "Stage 5, Implementation: the yearly reports after the commitment"),
    )

    def entry(self, number: int) -> StageEntry:
        return (self.analisis, self.perumusan, self.finalisasi, self.komitmen)[number - 1]


class PlanWaiver(Waiver):
    """A waiver of a plan-wide warning, optionally for one dimension only."""

    dimensi: Text | None = Field(
        default=None,
        description=describe("Dimensi yang dikecualikan (kosong: semua)", "Dimension waived"),
    )


class Manifest(PlanFile):
    wilayah: Region = Field(description=describe("Daerah penyusun", "The region"))
    periode: Period = Field(description=describe("Periode masterplan", "Plan period"))
    bahasa: Literal["id", "en"] = Field(
        default="id", description=describe("Bahasa keluaran", "Output language")
    )
    katalog: Text = Field(
        default="kominfo-2017",
        description=describe("Katalog dimensi dan elemen", "Dimension catalogue"),
    )
    jangka: HorizonBands = Field(
        default_factory=HorizonBands, description=describe("Panjang jangka waktu", "Horizons")
    )
    tahapan: StageLog = Field(
        default_factory=StageLog, description=describe("Catatan tahapan", "Stage log")
    )
    pengecualian: list[PlanWaiver] = Field(
        default_factory=empty_list,
        description=describe(
            "Peringatan tingkat rencana atau dimensi yang sengaja dikecualikan",
            "Plan-wide or per-dimension warnings deliberately waived",
        ),
    )
