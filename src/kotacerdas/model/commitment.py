"""Stage 4, Komitmen: quick wins, the review log and the signed joint commitment."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from kotacerdas.model.common import (
    BudgetLine,
    Id,
    Indicator,
    Model,
    Month,
    Partner,
    Person,
    PlanDate,
    PlanFile,
    Text,
    Waivable,
    describe,
    empty_list,
)

Score = Annotated[int, Field(ge=1, le=5)]


class Criteria(Model):
    """How a quick win scored when it was chosen, from 1 (weak) to 5 (strong)."""

    waktu: Score = Field(description=describe("Dapat selesai cepat", "Can be done quickly"))
    biaya: Score = Field(description=describe("Biaya terjangkau", "Affordable"))
    dampak: Score = Field(description=describe("Dampak yang dirasakan warga", "Felt impact"))
    daya_ungkit: Score = Field(description=describe("Daya ungkit bagi program lain",
                                                    "Leverage for other programmes"))
    kesiapan: Score = Field(description=describe("Kesiapan pelaksanaan", "Readiness"))


class Activity(Model):
    nama: Text = Field(description=describe("Kegiatan", "Activity"))
    mulai: Month = Field(description=describe("Bulan mulai (TTTT-BB)", "First month"))
    selesai: Month = Field(description=describe("Bulan selesai (TTTT-BB)", "Last month"))


class QuickWin(Waivable):
    id: Id = Field(description=describe("Id quick win, misalnya QW-01", "Quick-win id"))
    nama: Text = Field(description=describe("Nama quick win", "Name"))
    program: Id = Field(description=describe("Program induknya", "The programme it starts"))
    masalah: Text = Field(
        description=describe("Masalah yang dijawab (Markdown)", "Problem addressed (Markdown)"))
    inovasi: Text = Field(
        description=describe("Inovasi yang dilakukan (Markdown)", "The innovation (Markdown)"))
    penerima_manfaat: Text = Field(description=describe("Penerima manfaat", "Beneficiaries"))
    opd: Text = Field(description=describe("OPD penanggung jawab", "Responsible agency"))
    mitra: list[Partner] = Field(default_factory=empty_list,
                                 description=describe("Mitra", "Partners"))
    lokasi: Text | None = Field(default=None, description=describe("Lokasi", "Location"))
    mulai: date = Field(description=describe("Tanggal mulai", "Start date"))
    selesai: date = Field(description=describe("Tanggal selesai", "End date"))
    anggaran: list[BudgetLine] = Field(
        default_factory=empty_list, description=describe("Anggaran dan sumbernya", "Budget")
    )
    indikator: list[Indicator] = Field(
        default_factory=empty_list, description=describe("Indikator dampak", "Impact indicators")
    )
    regulasi: Text | None = Field(
        default=None, description=describe("Regulasi pendukung", "Supporting regulation")
    )
    diluncurkan: PlanDate | None = Field(
        default=None,
        description=describe("Sejak kapan inovasi yang dipercepat sudah berjalan (tanggal atau "
                             "bulan)", "Since when the innovation being scaled has run"),
    )
    kriteria: Criteria | None = Field(default=None, description=describe(
        "Skor kriteria pemilihan, 1 sampai 5", "Selection criteria scores, 1 to 5"))
    jadwal: list[Activity] = Field(default_factory=empty_list, description=describe(
        "Jadwal kegiatan per bulan", "Month-by-month schedule"))


class ReviewEntry(Model):
    tanggal: date = Field(description=describe("Tanggal reviu", "Review date"))
    bagian: Text = Field(description=describe("Bagian yang direviu", "Part reviewed"))
    catatan: Text = Field(description=describe("Catatan reviu", "Review note"))
    tindak_lanjut: Text | None = Field(
        default=None, description=describe("Tindak lanjut", "Follow-up")
    )
    status: Literal["terbuka", "selesai"] = Field(
        description=describe("Status tindak lanjut", "Follow-up state")
    )


class Signatory(Person):
    peran: Literal["kepala_daerah", "kepala_opd", "pendamping", "saksi"] = Field(
        description=describe("Peran penanda tangan", "Signatory role")
    )
    nip: Text | None = Field(default=None, description=describe("NIP", "Civil-service number"))
    pangkat: Text | None = Field(
        default=None, description=describe("Pangkat dan golongan", "Civil-service rank")
    )
    keterangan: Text | None = Field(
        default=None, description=describe("Keterangan di bawah tanda tangan", "A note")
    )
    jumlah: int | None = Field(
        default=None, ge=2, le=200,
        description=describe("Untuk sekelompok penanda tangan dengan satu nama bersama "
                             "(misalnya Kepala Perangkat Daerah se-Kabupaten): berapa orang",
                             "For a group signing under one collective name: how many"),
    )


class SealEntry(Model):
    tanggal: date = Field(description=describe("Tanggal segel dicatat", "Date recorded"))
    alasan: Text = Field(description=describe("Mengapa komitmen ditandatangani ulang",
                                              "Why the commitment was signed again"))
    segel: Text = Field(description=describe("Segel yang dicatat", "The seal recorded"))


class Commitment(Model):
    judul: Text | None = Field(
        default=None, description=describe("Judul naskah komitmen", "Title of the commitment")
    )
    tanggal: date = Field(description=describe("Tanggal penandatanganan", "Date signed"))
    tempat: Text = Field(description=describe("Tempat penandatanganan", "Place signed"))
    pernyataan: list[Text] = Field(
        default_factory=empty_list, description=describe("Butir komitmen", "Pledges")
    )
    penandatangan: list[Signatory] = Field(
        default_factory=empty_list, description=describe("Penanda tangan", "Signatories")
    )
    segel: Text | None = Field(
        default=None,
        description=describe("Sidik isi rencana saat ditandatangani", "Content fingerprint"),
    )
    riwayat_segel: list[SealEntry] = Field(
        default_factory=empty_list,
        description=describe("Segel yang dicatat ulang sesudah penandatanganan, dengan alasannya",
                             "Seals recorded again after signing, with their reasons"),
    )


class CommitmentFile(PlanFile):
    quick_win: list[QuickWin] | None = Field(
        default=None, description=describe("Quick win", "Quick wins")
    )
    reviu: list[ReviewEntry] | None = Field(
        default=None, description=describe("Catatan reviu akhir", "Final review log")
    )
    komitmen: Commitment | None = Field(
        default=None, description=describe("Komitmen bersama", "Joint commitment")
    )
