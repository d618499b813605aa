"""Stage 5, Pelaksanaan: what each year carried out, spent and reached, and the annual
evaluation's self-assessment.

One file per year and kind in `5-pelaksanaan/`: `realisasi-YYYY.yaml` reports every
programme and quick win active that year, `evaluasi-YYYY.yaml` scores the year as the
national evaluation does. A value left empty is not reported yet.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kotacerdas.model.common import (
    FundingSource,
    Id,
    Measure,
    Model,
    PlanFile,
    Rupiah,
    Text,
    Waivable,
    Year,
    describe,
    empty_list,
)

#: belum: not started · berjalan: running as planned · selesai: done · terlambat: late ·
#: ditunda: postponed · batal: cancelled.
ProgrammeState = Literal["belum", "berjalan", "selesai", "terlambat", "ditunda", "batal"]
#: The states that are not on track, and so need a reason (`alasan`).
OFF_TRACK: frozenset[str] = frozenset({"terlambat", "ditunda", "batal"})
#: The states of a programme carried out as planned.
AS_PLANNED: frozenset[str] = frozenset({"berjalan", "selesai"})

Score = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class Spending(Model):
    sumber: FundingSource = Field(description=describe("Sumber pendanaan", "Funding source"))
    jumlah: Rupiah | None = Field(
        default=None,
        description=describe("Realisasi belanja dalam Rupiah (kosong: belum dilaporkan)",
                             "Money spent in Rupiah (empty: not reported yet)"),
    )


class IndicatorValue(Model):
    id: Id = Field(description=describe("Id indikator, misalnya GOV-01-I1", "Indicator id"))
    nilai: Measure | None = Field(
        default=None,
        description=describe("Nilai yang dicapai tahun ini (kosong: belum diukur)",
                             "Value reached this year (empty: not measured yet)"),
    )


class Report(Waivable):
    """What one programme or quick win did in the year."""

    status: ProgrammeState | None = Field(
        default=None,
        description=describe(
            "Keadaan: belum | berjalan | selesai | terlambat | ditunda | batal "
            "(kosong: belum dilaporkan)",
            "State: not started | running | done | late | postponed | cancelled"),
    )
    alasan: Text | None = Field(
        default=None,
        description=describe("Alasan bila terlambat, ditunda, atau batal",
                             "Why, when late, postponed or cancelled"),
    )
    belanja: list[Spending] = Field(
        default_factory=empty_list,
        description=describe("Realisasi belanja per sumber dana", "Money spent per source"),
    )
    indikator: list[IndicatorValue] = Field(
        default_factory=empty_list,
        description=describe("Nilai indikator yang dicapai", "Indicator values reached"),
    )
    bukti: list[Text] = Field(
        default_factory=empty_list,
        description=describe("Bukti: tautan https://… atau berkas di bawah bukti/",
                             "Evidence: an https:// link or a file under bukti/"),
    )
    kendala: Text | None = Field(
        default=None, description=describe("Kendala yang dihadapi", "Obstacles met")
    )
    catatan: Text | None = Field(default=None, description=describe("Catatan", "Notes"))


class ProgrammeReport(Report):
    program: Id = Field(description=describe("Id program", "Programme id"))


class QuickWinReport(Report):
    quick_win: Id = Field(description=describe("Id quick win", "Quick-win id"))


class RealisationFile(PlanFile):
    tahun: Year = Field(description=describe("Tahun yang dilaporkan", "Year reported"))
    program: list[ProgrammeReport] | None = Field(
        default=None, description=describe("Realisasi per program", "Per programme")
    )
    quick_win: list[QuickWinReport] | None = Field(
        default=None, description=describe("Realisasi per quick win", "Per quick win")
    )


#: The aspects of the annual evaluation and their default weights in percent (the
#: weights vary from year to year; an evaluation file states the year's own).
DEFAULT_WEIGHTS: dict[str, float] = {"baseline": 10, "output": 20, "outcome": 30,
                                     "impact": 30, "quick_win": 10}
DEFAULT_SCALE = 4.0


class Weights(Model):
    baseline: Percent = Field(default=DEFAULT_WEIGHTS["baseline"], description=describe(
        "Bobot baseline (%): kemajuan sejak evaluasi sebelumnya", "Baseline weight (%)"))
    output: Percent = Field(default=DEFAULT_WEIGHTS["output"], description=describe(
        "Bobot output (%): kebijakan, kelembagaan, anggaran", "Output weight (%)"))
    outcome: Percent = Field(default=DEFAULT_WEIGHTS["outcome"], description=describe(
        "Bobot outcome (%): seberapa jauh masterplan dilaksanakan", "Outcome weight (%)"))
    impact: Percent = Field(default=DEFAULT_WEIGHTS["impact"], description=describe(
        "Bobot impact (%): manfaat bagi warga, partisipasi, keberlanjutan",
        "Impact weight (%)"))
    quick_win: Percent = Field(default=DEFAULT_WEIGHTS["quick_win"], description=describe(
        "Bobot quick win (%): inovasi dan kreativitas quick win", "Quick-win weight (%)"))


class AspectScore(Model):
    nilai: Score | None = Field(
        default=None,
        description=describe("Nilai pada skala evaluasi (kosong: belum dinilai)",
                             "Score on the evaluation's scale (empty: not scored yet)"),
    )
    bukti: list[Text] = Field(
        default_factory=empty_list,
        description=describe("Bukti: tautan https://… atau berkas di bawah bukti/",
                             "Evidence: an https:// link or a file under bukti/"),
    )
    catatan: Text | None = Field(default=None, description=describe("Catatan", "Notes"))


class Aspects(Model):
    baseline: AspectScore = Field(default_factory=AspectScore,
                                  description=describe("Baseline", "Baseline"))
    output: AspectScore = Field(default_factory=AspectScore,
                                description=describe("Output", "Output"))
    outcome: AspectScore = Field(default_factory=AspectScore,
                                 description=describe("Outcome", "Outcome"))
    impact: AspectScore = Field(default_factory=AspectScore,
                                description=describe("Impact (dampak)", "Impact"))
    quick_win: AspectScore = Field(default_factory=AspectScore,
                                   description=describe("Quick win", "Quick win"))


class DimensionScore(AspectScore):
    dimensi: Text = Field(description=describe("Dimensi", "Dimension"))


class EvaluationFile(PlanFile):
    tahun: Year = Field(description=describe("Tahun yang dievaluasi", "Year evaluated"))
    skala: float = Field(
        default=DEFAULT_SCALE, gt=0, le=100, allow_inf_nan=False,
        description=describe("Nilai tertinggi skala evaluasi", "Highest score of the scale"),
    )
    bobot: Weights = Field(
        default_factory=Weights,
        description=describe("Bobot tiap aspek tahun ini, dalam persen (jumlahnya 100)",
                             "This year's weight of each aspect, in percent (adding to 100)"),
    )
    aspek: Aspects = Field(
        default_factory=Aspects,
        description=describe("Nilai dan bukti per aspek", "Score and evidence per aspect"),
    )
    dimensi: list[DimensionScore] | None = Field(
        default=None,
        description=describe("Nilai dan bukti per dimensi", "Score and evidence per dimension"),
    )
