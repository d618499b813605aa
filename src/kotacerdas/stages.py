"""The stages of a plan: the four workshop stages (folders, file models, what each
requires) and, beside them, stage 5, the yearly implementation after the commitment.

Stage 5 is of another kind: it is opened once stage 4 is closed and never closed, its
files are one per year and kind rather than sections merged across files, it has no
workshop, and the commitment seal does not cover it. So `STAGES` (and `LAST`, the
commitment) keep the four workshop stages, and `IMPLEMENTATION` stands beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kotacerdas.model.action import ActionFile
from kotacerdas.model.analysis import AnalysisFile
from kotacerdas.model.commitment import CommitmentFile
from kotacerdas.model.common import PlanFile
from kotacerdas.model.formulation import FormulationFile
from kotacerdas.model.implementation import EvaluationFile, RealisationFile


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
         "swot": "swot.yaml", "kata_kunci_visi": "swot.yaml",
         "pendahuluan": "pendahuluan.yaml", "dasar_hukum": "pendahuluan.yaml",
         "kata_pengantar": "pendahuluan.yaml", "analisis_kesenjangan": "kesenjangan.yaml"},
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


@dataclass(frozen=True)
class YearlyStage:
    """A stage whose files are one per year and kind: ``<kind>-YYYY.yaml``."""

    number: int
    slug: str
    kinds: dict[str, type[PlanFile]]  # file name prefix -> model

    @property
    def folder(self) -> str:
        return f"{self.number}-{self.slug}"

    def file_name(self, kind: str, year: int) -> str:
        """``5-pelaksanaan/realisasi-2024.yaml``."""
        return f"{self.folder}/{kind}-{year}.yaml"

    def kind_and_year(self, name: str) -> tuple[str, int] | None:
        """``("realisasi", 2024)`` for ``realisasi-2024.yaml``; None for any other name."""
        found = _YEARLY_NAME.fullmatch(name)
        if found is None or found.group(1) not in self.kinds:
            return None
        return found.group(1), int(found.group(2))


_YEARLY_NAME = re.compile(r"([a-z]+)-([0-9]{4})\.ya?ml")

IMPLEMENTATION = YearlyStage(
    LAST + 1, "pelaksanaan", {"realisasi": RealisationFile, "evaluasi": EvaluationFile}
)
REALISATION, EVALUATION = "realisasi", "evaluasi"
#: Every stage number a command can name: the four workshop stages and stage 5.
FINAL = IMPLEMENTATION.number


def is_implementation_code(code: str) -> bool:
    """Whether ``code`` is one of stage 5's rules (KC530-KC549)."""
    return "KC530" <= code <= "KC549"
