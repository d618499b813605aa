"""Stage 3, Finalisasi: an action plan for every programme, or the reason it was dropped."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag

from kotacerdas.model.common import (
    BudgetLine,
    Id,
    Indicator,
    Model,
    Partner,
    PlanFile,
    Text,
    Waivable,
    Year,
    describe,
    empty_list,
)


class ActionPlan(Waivable):
    program: Id = Field(description=describe("Id program", "Programme id"))
    opd: Text = Field(description=describe("OPD penanggung jawab", "Responsible agency"))
    opd_pendukung: list[Text] = Field(
        default_factory=empty_list, description=describe("OPD pendukung", "Supporting agencies")
    )
    mitra: list[Partner] = Field(default_factory=empty_list,
                                 description=describe("Mitra", "Partners"))
    lokasi: Text | None = Field(default=None, description=describe("Lokasi", "Location"))
    tahun_mulai: Year = Field(description=describe("Tahun mulai", "First year"))
    tahun_selesai: Year = Field(description=describe("Tahun selesai", "Last year"))
    anggaran: list[BudgetLine] = Field(
        default_factory=empty_list,
        description=describe("Anggaran per tahun dan sumbernya", "Budget per year and source"),
    )
    indikator: list[Indicator] = Field(
        default_factory=empty_list,
        description=describe("Indikator output dan outcome", "Indicators"),
    )


class DroppedProgramme(Model):
    program: Id = Field(description=describe("Id program", "Programme id"))
    batal: Text = Field(
        description=describe("Alasan program tidak dilanjutkan", "Why the programme is dropped")
    )


def _entry_kind(value: Any) -> str:
    if isinstance(value, dict) and "batal" in value:
        return "batal"
    return "rencana"


ActionEntry = Annotated[
    Union[Annotated[ActionPlan, Tag("rencana")], Annotated[DroppedProgramme, Tag("batal")]],
    Discriminator(_entry_kind),
]

#: Names pydantic inserts into error locations for the union above.
UNION_TAGS = frozenset({"rencana", "batal"})


class ActionFile(PlanFile):
    rencana_aksi: list[ActionEntry] | None = Field(
        default=None, description=describe("Rencana aksi per program", "Action plans")
    )
