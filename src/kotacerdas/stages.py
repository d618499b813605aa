"""The four workshop stages: folders, file models, and what each stage requires."""

from __future__ import annotations

from dataclasses import dataclass

from kotacerdas.model.action import ActionFile
from kotacerdas.model.analysis import AnalysisFile
from kotacerdas.model.commitment import CommitmentFile
from kotacerdas.model.common import PlanFile
from kotacerdas.model.formulation import FormulationFile


@dataclass(frozen=True)
class Requirement:
    """A section (or a list inside one) that must be present and non-empty at a stage."""

    path: tuple[str, ...]
    key: str  # names the requirement in the message catalogue's `needs` and `todo` tables


@dataclass(frozen=True)
class Stage:
    number: int
    slug: str
    model: type[PlanFile]
    sections: dict[str, str]  # section name -> the file that holds it by default
    requirements: tuple[Requirement, ...]

    @property
    def folder(self) -> str:
        return f"{self.number}-{self.slug}"

    def default_file(self, section: str) -> str:
        return f"{self.folder}/{self.sections[section]}"


def _req(*path: str) -> Requirement:
    return Requirement(path, "_".join(path))


STAGES: tuple[Stage, ...] = (
    Stage(
        1,
        "analisis",
        AnalysisFile,
        {"tim": "tim.yaml", "profil": "profil.yaml", "kesiapan": "kesiapan.yaml",
         "swot": "swot.yaml", "kata_kunci_visi": "swot.yaml"},
        (
            _req("tim", "dewan"), _req("tim", "pelaksana"), _req("profil"),
            _req("kesiapan", "struktur"), _req("kesiapan", "infrastruktur"),
            _req("kesiapan", "suprastruktur"), _req("swot", "kekuatan"),
            _req("swot", "kelemahan"), _req("swot", "peluang"), _req("swot", "ancaman"),
            _req("kata_kunci_visi"),
        ),
    ),
    Stage(
        2,
        "perumusan",
        FormulationFile,
        {"visi": "visi-misi.yaml", "misi": "visi-misi.yaml", "strategi": "strategi.yaml",
         "program": "program.yaml"},
        (_req("visi"), _req("misi"), _req("strategi"), _req("program")),
    ),
    Stage(
        3,
        "finalisasi",
        ActionFile,
        {"rencana_aksi": "rencana-aksi.yaml"},
        (_req("rencana_aksi"),),
    ),
    Stage(
        4,
        "komitmen",
        CommitmentFile,
        {"quick_win": "quick-win.yaml", "reviu": "reviu.yaml", "komitmen": "komitmen.yaml"},
        (
            _req("quick_win"), _req("reviu"), _req("komitmen"),
            _req("komitmen", "pernyataan"), _req("komitmen", "penandatangan"),
        ),
    ),
)

FIRST, LAST = 1, len(STAGES)


def stage(number: int) -> Stage:
    return STAGES[number - 1]
