"""Stage 2, Perumusan: vision, missions, strategies and the programme long list."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kotacerdas.model.common import Id, Model, PlanFile, Text, Waivable, describe, empty_list

Horizon = Literal["pendek", "menengah", "panjang"]


class Vision(Model):
    teks: Text = Field(description=describe("Bunyi visi smart city", "Smart-city vision"))
    penjelasan: Text | None = Field(
        default=None, description=describe("Penjelasan visi (Markdown)", "Explanation (Markdown)")
    )


class Mission(Model):
    id: Id = Field(description=describe("Id misi, misalnya M-1", "Mission id"))
    teks: Text = Field(description=describe("Bunyi misi", "Mission text"))
    rpjmd: list[Id] = Field(
        default_factory=empty_list,
        description=describe("Misi RPJMD yang diselaraskan", "Linked RPJMD missions"),
    )


class Strategy(Waivable):
    id: Id = Field(description=describe("Id strategi, misalnya STR-01", "Strategy id"))
    nama: Text = Field(description=describe("Rumusan strategi", "Strategy statement"))
    dimensi: Text = Field(description=describe("Dimensi", "Dimension"))
    swot: list[Id] = Field(
        default_factory=empty_list,
        description=describe("Id SWOT yang dijawab", "SWOT items this strategy answers"),
    )


class Programme(Waivable):
    id: Id = Field(description=describe("Id program, misalnya GOV-01", "Programme id"))
    nama: Text = Field(description=describe("Nama program", "Programme name"))
    deskripsi: Text = Field(
        description=describe("Deskripsi singkat (Markdown)", "Short description (Markdown)"))
    dimensi: Text = Field(description=describe("Dimensi", "Dimension"))
    elemen: Text | None = Field(default=None, description=describe("Elemen", "Element"))
    jangka: Horizon = Field(description=describe("Jangka waktu", "Horizon"))
    strategi: list[Id] = Field(
        default_factory=empty_list,
        description=describe("Strategi yang dilayani", "Strategies served"),
    )
    misi: list[Id] = Field(
        default_factory=empty_list, description=describe("Misi yang didukung", "Missions supported")
    )


class FormulationFile(PlanFile):
    visi: Vision | None = Field(default=None, description=describe("Visi", "Vision"))
    misi: list[Mission] | None = Field(default=None, description=describe("Misi", "Missions"))
    strategi: list[Strategy] | None = Field(
        default=None, description=describe("Strategi", "Strategies")
    )
    program: list[Programme] | None = Field(
        default=None, description=describe("Daftar panjang program", "Programme long list")
    )
