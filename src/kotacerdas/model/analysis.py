"""Stage 1, Analisis: team, region profile, readiness, SWOT and vision keywords."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from kotacerdas.model.common import (
    Id,
    Model,
    Number,
    Person,
    PlanDate,
    PlanFile,
    Text,
    Waivable,
    Year,
    describe,
    empty_list,
)

Rating = Literal["baik", "sedang", "kurang"]


class Member(Person):
    peran: Literal["pembina", "pengarah", "ketua", "wakil_ketua", "sekretaris", "anggota"] = Field(
        description=describe("Peran dalam tim", "Role in the team")
    )


class Mentor(Model):
    nama: Text = Field(description=describe("Nama lengkap", "Full name"))
    instansi: Text = Field(description=describe("Perguruan tinggi, kementerian, atau lembaga",
                                                "University, ministry or institution"))
    peran: Text = Field(description=describe("Perannya, misalnya pendamping atau penghubung "
                                             "kementerian", "Role, such as mentor or liaison"))


class Decree(Model):
    nomor: Text | int = Field(description=describe("Nomor surat keputusan", "Decree number"))
    tanggal: PlanDate = Field(description=describe("Tanggal ditetapkan", "Date enacted"))
    judul: Text | None = Field(default=None, description=describe("Tentang apa", "What it is on"))


class Forum(Model):
    nama: Text = Field(default="Forum Smart City", description=describe("Nama forum", "Name"))
    frekuensi: Text = Field(description=describe(
        "Seberapa sering forum bertemu, misalnya setiap triwulan", "How often it meets"))
    peserta: Text | None = Field(default=None, description=describe(
        "Siapa yang hadir, misalnya unsur pentahelix", "Who takes part"))


class Team(Model):
    sk: Decree | None = Field(default=None, description=describe(
        "Surat keputusan kepala daerah yang membentuk Dewan dan Tim Pelaksana",
        "The head of region's decree forming the council and the team"))
    forum: Forum | None = Field(default=None, description=describe(
        "Forum Smart City yang bertemu berkala", "The Smart City Forum"))
    tugas_dewan: list[Text] = Field(default_factory=empty_list, description=describe(
        "Tugas Dewan Smart City (bawaan: rumusan buku)", "The council's tasks"))
    tugas_pelaksana: list[Text] = Field(default_factory=empty_list, description=describe(
        "Tugas Tim Pelaksana (bawaan: rumusan buku)", "The team's tasks"))
    dewan: list[Member] = Field(
        default_factory=empty_list, description=describe("Dewan Smart City", "Smart City Council")
    )
    pelaksana: list[Member] = Field(
        default_factory=empty_list, description=describe("Tim Pelaksana", "Implementation team")
    )
    pendamping: list[Mentor] = Field(
        default_factory=empty_list,
        description=describe("Pendamping dan penghubung kementerian", "Mentors and liaisons"),
    )


class Fact(Model):
    label: Text = Field(description=describe("Nama fakta", "What the fact is"))
    nilai: Text | int | Number = Field(description=describe("Nilai", "Value"))
    sumber: Text | None = Field(default=None, description=describe("Sumber data", "Data source"))


class RpjmdMission(Model):
    id: Id = Field(description=describe("Id misi RPJMD, misalnya RM-1", "RPJMD mission id"))
    teks: Text = Field(description=describe("Bunyi misi", "Mission text"))


class Rpjmd(Model):
    id: Id | None = Field(
        default=None,
        description=describe("Id RPJMD, untuk misi smart city yang merujuk visinya, misalnya "
                             "RPJMD-2021", "RPJMD id, for missions that refer to its vision"),
    )
    mulai: Year = Field(description=describe("Tahun awal RPJMD", "First RPJMD year"))
    selesai: Year = Field(description=describe("Tahun akhir RPJMD", "Last RPJMD year"))
    visi: Text = Field(description=describe("Visi RPJMD", "RPJMD vision"))
    misi: list[RpjmdMission] = Field(
        default_factory=empty_list, description=describe("Misi RPJMD", "RPJMD missions")
    )


class Profile(Model):
    ringkasan: Text = Field(
        description=describe("Gambaran umum daerah (Markdown)", "Region overview (Markdown)"))
    fakta: list[Fact] = Field(
        default_factory=empty_list, description=describe("Fakta singkat daerah", "Short facts")
    )
    rpjmd: Rpjmd | list[Rpjmd] | None = Field(
        default=None,
        description=describe("RPJMD yang berlaku (dan yang berikutnya, sebagai daftar)",
                             "The RPJMD in force (and the next, as a list)"),
    )


class ReadinessItem(Waivable):
    aspek: Text = Field(description=describe("Aspek yang dinilai", "Aspect assessed"))
    nilai: Rating = Field(description=describe("Penilaian: baik, sedang, kurang", "Rating"))
    skor: int | None = Field(
        default=None, ge=1, le=5, description=describe("Skor 1 sampai 5 (opsional)", "Score 1-5")
    )
    bukti: Text = Field(description=describe("Bukti atau catatan", "Evidence"))
    sumber: Text | None = Field(default=None, description=describe("Sumber data", "Data source"))


class Readiness(Model):
    struktur: list[ReadinessItem] = Field(
        default_factory=empty_list,
        description=describe("SDM, anggaran, tata kelola", "People, budget, administration"),
    )
    infrastruktur: list[ReadinessItem] = Field(
        default_factory=empty_list,
        description=describe("Infrastruktur fisik, TIK, sosial", "Physical, ICT, social"),
    )
    suprastruktur: list[ReadinessItem] = Field(
        default_factory=empty_list,
        description=describe("Regulasi, kelembagaan, SOP", "Regulation, institutions, procedures"),
    )


class SwotItem(Waivable):
    id: Id = Field(description=describe("Id, misalnya S-01 atau W-03", "Id such as S-01"))
    dimensi: Text = Field(description=describe("Dimensi yang disentuh", "Dimension concerned"))
    teks: Text = Field(description=describe("Uraian", "Statement"))
    sumber: Text | None = Field(default=None, description=describe("Sumber data", "Data source"))


class Swot(Model):
    kekuatan: list[SwotItem] = Field(
        default_factory=empty_list, description=describe("Kekuatan (S-..)", "Strengths")
    )
    kelemahan: list[SwotItem] = Field(
        default_factory=empty_list, description=describe("Kelemahan (W-..)", "Weaknesses")
    )
    peluang: list[SwotItem] = Field(
        default_factory=empty_list, description=describe("Peluang (O-..)", "Opportunities")
    )
    ancaman: list[SwotItem] = Field(
        default_factory=empty_list, description=describe("Ancaman (T-..)", "Threats")
    )

    QUADRANT_PREFIX: ClassVar[dict[str, str]] = {
        "kekuatan": "S", "kelemahan": "W", "peluang": "O", "ancaman": "T"
    }

    def items(self) -> list[tuple[str, SwotItem]]:
        return [(q, item) for q in self.QUADRANT_PREFIX for item in getattr(self, q)]


class Gap(Model):
    aspek: Text = Field(description=describe("Aspek yang dibandingkan", "Aspect compared"))
    dimensi: Text | None = Field(default=None, description=describe("Dimensi", "Dimension"))
    kondisi_kini: Text = Field(description=describe("Kondisi saat ini", "Where it stands"))
    kondisi_harapan: Text = Field(description=describe("Kondisi yang diharapkan", "Where it "
                                                       "should be"))
    kesenjangan: Text = Field(description=describe("Kesenjangan dan yang perlu dilakukan",
                                                   "The gap and what closes it"))
    sumber: Text | None = Field(default=None, description=describe("Sumber data", "Data source"))


class LegalAct(Model):
    jenis: Text = Field(description=describe(
        "Jenis peraturan, misalnya Undang-Undang atau Peraturan Daerah", "Kind of act"))
    nomor: Text | int = Field(description=describe("Nomor peraturan", "Number of the act"))
    tahun: Year = Field(description=describe("Tahun peraturan", "Year of the act"))
    judul: Text = Field(description=describe("Tentang apa peraturan itu", "What the act is on"))


class Introduction(Model):
    latar_belakang: Text | None = Field(
        default=None, description=describe("Latar belakang penyusunan", "Background"))
    maksud: Text | None = Field(default=None, description=describe("Maksud", "Purpose"))
    tujuan: list[Text] = Field(
        default_factory=empty_list, description=describe("Tujuan, satu per butir", "Objectives"))
    ruang_lingkup: Text | None = Field(
        default=None, description=describe("Ruang lingkup", "Scope"))
    metode: Text | None = Field(
        default=None, description=describe("Metode penyusunan, selain empat tahap bimtek",
                                           "Method, beside the four workshop stages"))


class Foreword(Model):
    teks: Text = Field(description=describe("Bunyi kata pengantar", "The foreword"))
    nama: Text | None = Field(default=None, description=describe(
        "Yang menandatangani; bawaannya kepala daerah penanda tangan komitmen",
        "Who signs it; by default the head of region who signed the commitment"))
    jabatan: Text | None = Field(default=None, description=describe("Jabatannya", "Position"))
    tempat: Text | None = Field(default=None, description=describe("Tempat", "Place"))
    tanggal: PlanDate | None = Field(default=None, description=describe("Tanggal", "Date"))


class AnalysisFile(PlanFile):
    tim: Team | None = Field(default=None, description=describe("Tim smart city", "The team"))
    profil: Profile | None = Field(default=None, description=describe("Profil", "Profile"))
    kesiapan: Readiness | None = Field(
        default=None, description=describe("Analisis kesiapan daerah", "Readiness")
    )
    swot: Swot | None = Field(default=None, description=describe("Analisis SWOT", "SWOT analysis"))
    kata_kunci_visi: list[Text] | None = Field(
        default=None, description=describe("Kata kunci visi", "Vision keywords")
    )
    analisis_kesenjangan: list[Gap] | None = Field(default=None, description=describe(
        "Analisis kesenjangan (opsional)", "Gap analysis (optional)"))
    pendahuluan: Introduction | None = Field(
        default=None, description=describe("Pendahuluan buku", "The books' introduction"))
    dasar_hukum: list[LegalAct] | None = Field(
        default=None, description=describe("Dasar hukum penyusunan", "Legal basis"))
    kata_pengantar: Foreword | None = Field(
        default=None, description=describe("Kata pengantar kepala daerah",
                                           "The head of region's foreword"))
