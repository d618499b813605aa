"""Finding a plan folder and loading it into typed, located objects."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kotacerdas import catalog as catalogs
from kotacerdas import horizons
from kotacerdas.diagnostics import Diagnostic, field_path
from kotacerdas.errors import PlanNotFound, system_reason
from kotacerdas.messages import term
from kotacerdas.model.action import ActionEntry, ActionFile, ActionPlan, DroppedProgramme
from kotacerdas.model.analysis import (
    AnalysisFile,
    Profile,
    Readiness,
    Rpjmd,
    RpjmdMission,
    SwotItem,
    Team,
)
from kotacerdas.model.commitment import Commitment, CommitmentFile, QuickWin, ReviewEntry
from kotacerdas.model.common import SCHEMA_VERSION, Model, PlanFile
from kotacerdas.model.formulation import FormulationFile, Mission, Programme, Strategy, Vision
from kotacerdas.model.implementation import EvaluationFile, RealisationFile
from kotacerdas.model.manifest import ImplementationEntry, Manifest
from kotacerdas.origins import Origins
from kotacerdas.parse_cache import MISSING
from kotacerdas.source import SourceFile, load_file, parse_read, read_file
from kotacerdas.stages import (
    EVALUATION,
    IMPLEMENTATION,
    LAST,
    REALISATION,
    STAGES,
    Stage,
    YearlyStage,
)
from kotacerdas.validation import Salvage, validate_file

MANIFEST = "kotacerdas.yaml"
MAX_STAGE_FILES = 200
#: Plans larger than this are parsed by several processes at once.
PARALLEL_BYTES = 2 * 1024 * 1024


@dataclass
class Plan:
    """A plan folder loaded up to some stage: merged stage data, sources and positions."""

    root: Path
    manifest: Manifest | None
    language: str
    catalog: catalogs.Catalog | None
    stages: dict[int, PlanFile] = field(default_factory=dict)
    files: dict[str, SourceFile] = field(default_factory=dict)
    section_files: dict[tuple[int, str], str] = field(default_factory=dict)
    # (stage, section) whose content may be incomplete because part of it could not be
    # read or validated; "*" stands for every section of the stage. Rules that would
    # report something *missing* stay silent there, so one typo does not cascade.
    partial: set[tuple[int, str]] = field(default_factory=set)
    # Of those, the items that failed but whose id could be read (a reference to them is
    # not unknown), and the sections where something failed that has no id at all.
    broken_ids: dict[tuple[int, str], set[str]] = field(default_factory=dict)
    opaque: set[tuple[int, str]] = field(default_factory=set)
    origins: Origins = field(default_factory=Origins)
    # Stage 5, by year: what was carried out (`realisasi-YYYY.yaml`) and the year's
    # evaluation self-assessment (`evaluasi-YYYY.yaml`), each in year order.
    realisations: dict[int, RealisationFile] = field(default_factory=dict)
    evaluations: dict[int, EvaluationFile] = field(default_factory=dict)
    yearly_files: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, year)

    def is_partial(self, stage: int, section: str) -> bool:
        return (stage, section) in self.partial or (stage, "*") in self.partial

    def is_opaque(self, stage: int, section: str) -> bool:
        """Whether an id of ``section`` may be missing for a reason no id shows."""
        return (stage, section) in self.opaque or (stage, "*") in self.partial

    def unreadable_ids(self, stage: int, section: str) -> set[str]:
        """The ids of the items of ``section`` that are written but did not validate."""
        return self.broken_ids.get((stage, section), set())

    @property
    def analysis(self) -> AnalysisFile | None:
        data = self.stages.get(1)
        return data if isinstance(data, AnalysisFile) else None

    @property
    def formulation(self) -> FormulationFile | None:
        data = self.stages.get(2)
        return data if isinstance(data, FormulationFile) else None

    @property
    def action(self) -> ActionFile | None:
        data = self.stages.get(3)
        return data if isinstance(data, ActionFile) else None

    @property
    def commitment(self) -> CommitmentFile | None:
        data = self.stages.get(4)
        return data if isinstance(data, CommitmentFile) else None

    # What the plan holds, stage by stage; empty (or None) for a stage not written yet.

    @property
    def team(self) -> Team | None:
        return self.analysis.tim if self.analysis else None

    @property
    def profile(self) -> Profile | None:
        return self.analysis.profil if self.analysis else None

    @property
    def readiness(self) -> Readiness | None:
        return self.analysis.kesiapan if self.analysis else None

    @cached_property
    def swot_items(self) -> list[tuple[str, SwotItem]]:
        """Every SWOT item with its quadrant (``kekuatan``, ...), quadrant by quadrant."""
        swot = self.analysis.swot if self.analysis else None
        return swot.items() if swot else []

    @property
    def vision_keywords(self) -> list[str]:
        return (self.analysis.kata_kunci_visi or []) if self.analysis else []

    @property
    def rpjmd_periods(self) -> list[Rpjmd]:
        """The RPJMD periods recorded (the one in force, and the next), earliest first."""
        written = self.profile.rpjmd if self.profile else None
        periods = written if isinstance(written, list) else [written] if written else []
        return sorted(periods, key=lambda period: period.mulai)

    @property
    def rpjmd_missions(self) -> list[RpjmdMission]:
        return [mission for period in self.rpjmd_periods for mission in period.misi]

    @property
    def vision(self) -> Vision | None:
        return self.formulation.visi if self.formulation else None

    @property
    def missions(self) -> list[Mission]:
        return (self.formulation.misi or []) if self.formulation else []

    @property
    def strategies(self) -> list[Strategy]:
        return (self.formulation.strategi or []) if self.formulation else []

    @property
    def programmes(self) -> list[Programme]:
        return (self.formulation.program or []) if self.formulation else []

    @cached_property
    def action_entries(self) -> list[ActionEntry]:
        """Every stage-3 entry: action plans and dropped programmes, in file order."""
        return (self.action.rencana_aksi or []) if self.action else []

    @cached_property
    def action_plans(self) -> list[ActionPlan]:
        """The stage-3 entries that are action plans (dropped programmes left out)."""
        return [entry for entry in self.action_entries if isinstance(entry, ActionPlan)]

    @cached_property
    def dropped_programmes(self) -> dict[str, DroppedProgramme]:
        """Programme id -> its drop, for the programmes stage 3 drops."""
        return {e.program: e for e in self.action_entries if isinstance(e, DroppedProgramme)}

    @cached_property
    def _entries_by_programme(self) -> dict[str, ActionEntry]:
        return {entry.program: entry for entry in reversed(self.action_entries)}

    def entry_of(self, programme: str) -> ActionEntry | None:
        """The (first) stage-3 entry of ``programme``: its action plan or its drop."""
        return self._entries_by_programme.get(programme)

    @property
    def quick_wins(self) -> list[QuickWin]:
        return (self.commitment.quick_win or []) if self.commitment else []

    @property
    def review_log(self) -> list[ReviewEntry]:
        return (self.commitment.reviu or []) if self.commitment else []

    @property
    def joint_commitment(self) -> Commitment | None:
        return self.commitment.komitmen if self.commitment else None

    def horizon_of(self, last_year: int) -> str:
        """The horizon a programme ending in ``last_year`` falls in (manifest `jangka`)."""
        assert self.manifest is not None
        return horizons.horizon_of(self.manifest.periode.mulai,
                                   self.manifest.jangka.model_dump(), last_year)

    def horizon_bands(self) -> list[dict[str, Any]]:
        """The plan period split into its horizons (empty without a manifest)."""
        if self.manifest is None:
            return []
        period = self.manifest.periode
        return horizons.horizon_bands(period.mulai, period.selesai,
                                      self.manifest.jangka.model_dump())

    def at(self, obj: Model, *path: Any, code: str, key: bool = False, **params: Any) -> Diagnostic:
        """A diagnostic located at ``obj`` (or a field below it) in the file it came from."""
        rel, loc = self.origins.of(obj)
        return self.at_path(rel, (*loc, *path), code=code, key=key, **params)

    def place_of(self, obj: Model, *path: Any) -> str:
        """``file:line`` of ``obj`` (or a field below it), for messages that name a place."""
        rel, loc = self.origins.of(obj)
        source = self.files.get(rel)
        line = source.locate((*loc, *path))[0] if source else 1
        return f"{rel}:{line}"

    def at_path(
        self, rel: str, loc: tuple[Any, ...], *, code: str, key: bool = False, **params: Any
    ) -> Diagnostic:
        source = self.files.get(rel)
        line, col = source.locate(loc, key=key) if source else (1, 1)
        return Diagnostic.new(code, rel, line, col, field=field_path(loc), **params)

    @property
    def implementation_log(self) -> ImplementationEntry | None:
        """Stage 5's entry in the stage log (None without a manifest)."""
        return self.manifest.tahapan.pelaksanaan if self.manifest else None

    @property
    def implementation_open(self) -> bool:
        """Whether stage 5 has been opened (it is never closed)."""
        log = self.implementation_log
        return log is not None and log.status == "berjalan"

    @property
    def current_stage(self) -> int:
        """The first stage not yet closed in the stage log; once all four are closed, 5
        when the implementation stage is open, else 4."""
        if self.manifest is None:
            return LAST
        for stage in STAGES:
            if self.manifest.tahapan.entry(stage.number).status != "selesai":
                return stage.number
        return IMPLEMENTATION.number if self.implementation_open else LAST

    @property
    def checked_stage(self) -> int:
        """The last stage a check covers: the current one, or a later one marked closed
        or, for stage 5, opened (such a stage is always checked, even out of order)."""
        if self.manifest is None:
            return self.current_stage
        closed = [s.number for s in STAGES
                  if self.manifest.tahapan.entry(s.number).status == "selesai"]
        opened = [IMPLEMENTATION.number] if self.implementation_open else []
        return max([self.current_stage, *closed, *opened])

    def yearly_file(self, kind: str, year: int) -> str:
        """The file that holds (or would hold) the ``kind`` file of ``year`` in stage 5."""
        return self.yearly_files.get((kind, year)) or IMPLEMENTATION.file_name(kind, year)


def language_at(start: Path) -> str:
    """The language of the plan at or above ``start`` (its manifest's `bahasa`), else id."""
    try:
        root = find_root(start)
    except (PlanNotFound, OSError):
        return "id"
    source, _ = load_file(root / MANIFEST, root)
    return _language_of(source.data)


def _language_of(data: Any) -> str:
    language = data.get("bahasa") if isinstance(data, dict) else None
    return language if language in ("id", "en") else "id"


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds a manifest, as git finds its repo.
    A ``start`` that does not exist (a name mistyped) is no plan, whatever is above it."""
    start = start.resolve()
    if not start.exists():
        raise PlanNotFound(start)
    for folder in (start, *start.parents):
        if (folder / MANIFEST).is_file():
            return folder
    raise PlanNotFound(start)


def load_plan(root: Path, upto: int | None = None) -> tuple[Plan, list[Diagnostic]]:
    """Load the manifest and the files of stages 1..``upto`` (default: the current stage)."""
    problems: list[Diagnostic] = []
    manifest_source, found = load_file(root / MANIFEST, root)
    problems.extend(found)
    origins = Origins()
    manifest, language = _manifest(manifest_source, origins, problems)
    catalog = catalogs.load(manifest.katalog if manifest else "kominfo-2017")
    plan = Plan(root, manifest, language, catalog, files={MANIFEST: manifest_source},
                origins=origins)
    if manifest is None:  # without the stage log nothing can be said to be missing yet
        plan.partial.update((stage.number, "*") for stage in STAGES)
    last = upto if upto is not None else plan.checked_stage
    paths = {stage.number: _safe_stage_files(plan, stage, problems) for stage in STAGES[:last]}
    yearly = _yearly_files(plan, problems) if last >= IMPLEMENTATION.number else {}
    loaded = read_files([*(p for group in paths.values() for p in group), *yearly], root)
    for stage in STAGES[:last]:
        sources = [loaded[path] for path in paths[stage.number]]
        plan.stages[stage.number] = _load_stage(plan, stage, sources, problems)
    for path, (kind, year) in yearly.items():
        _load_yearly(plan, kind, year, loaded[path], problems)
    return plan, problems


def read_files(paths: list[Path], root: Path) -> dict[Path, tuple[SourceFile, list[Diagnostic]]]:
    """Read and parse ``paths``; a large plan is parsed on every core at once.

    Files parsed before come back from the parse cache at once. Parsing the others
    dominates the time of a check, and each file parses on its own, so they are shared
    out among worker processes when there are enough of them to repay the workers.
    """
    read = {path: read_file(path, root) for path in paths}
    unparsed = [source for source, _ in read.values() if source.data is MISSING]
    parsed = {loaded[0].path: loaded for loaded in _parse_all(unparsed)}
    return {path: parsed.get(path, loaded) for path, loaded in read.items()}


def _parse_all(sources: list[SourceFile]) -> list[tuple[SourceFile, list[Diagnostic]]]:
    cores = min(os.cpu_count() or 1, len(sources))
    if cores < 2 or sum(len(source.text) for source in sources) < PARALLEL_BYTES:
        return [parse_read(source) for source in sources]
    from kotacerdas.lifetime import forked_pool

    with forked_pool(cores) as pool:
        return list(pool.map(parse_read, sources))


def _manifest(
    source: SourceFile, origins: Origins, problems: list[Diagnostic]
) -> tuple[Manifest | None, str]:
    language = _language_of(source.data)
    if source.data is None:
        return None, language
    manifest, found = validate_file(source, Manifest, origins)
    problems.extend(found)
    problems.extend(_version_problems(source, manifest))
    return (None if found else manifest), language


def _load_stage(
    plan: Plan,
    stage: Stage,
    sources: list[tuple[SourceFile, list[Diagnostic]]],
    problems: list[Diagnostic],
) -> PlanFile:
    parts: list[tuple[str, PlanFile]] = []
    for source, found in sources:
        plan.files[source.rel] = source
        problems.extend(found)
        if source.data is None:
            plan.partial.add((stage.number, "*"))
            continue
        salvage = Salvage()
        model, found = validate_file(source, stage.model, plan.origins, salvage)
        problems.extend(found)
        plan.partial.update((stage.number, _section_of(d.field)) for d in found)
        plan.opaque.update((stage.number, section) for section in salvage.opaque)
        for section, ids in salvage.broken_ids.items():
            plan.broken_ids.setdefault((stage.number, section), set()).update(ids)
        problems.extend(_version_problems(source, model))
        parts.append((source.rel, model))
    return _merge(plan, stage, parts, problems)


def _yearly_files(plan: Plan, problems: list[Diagnostic]) -> dict[Path, tuple[str, int]]:
    """Stage 5's files by kind and year, in name order. Any other file there is skipped
    with a warning (KC544), and a second file for the same kind and year is an error
    (KC534)."""
    found: dict[Path, tuple[str, int]] = {}
    seen: dict[tuple[str, int], str] = {}
    for path in _safe_stage_files(plan, IMPLEMENTATION, problems):
        rel = f"{IMPLEMENTATION.folder}/{path.name}"
        named = IMPLEMENTATION.kind_and_year(path.name)
        if named is None:
            problems.append(Diagnostic.new("KC544", rel, 1, 1, name=path.name))
        elif named in seen:
            problems.append(Diagnostic.new("KC534", rel, 1, 1, what=term(f"yearly_{named[0]}"),
                                           value=named[1], other=seen[named]))
            plan.partial.add((IMPLEMENTATION.number, seen[named]))
        else:
            seen[named] = rel
            found[path] = named
    return found


def _load_yearly(plan: Plan, kind: str, year: int,
                 loaded: tuple[SourceFile, list[Diagnostic]], problems: list[Diagnostic]) -> None:
    """Validate one file of stage 5 and keep it under its year."""
    source, found = loaded
    plan.files[source.rel] = source
    plan.yearly_files[(kind, year)] = source.rel
    problems.extend(found)
    number = IMPLEMENTATION.number
    if source.data is None:
        plan.partial.add((number, source.rel))
        return
    salvage = Salvage()
    model, found = validate_file(source, IMPLEMENTATION.kinds[kind], plan.origins, salvage)
    problems.extend(found)
    problems.extend(_version_problems(source, model))
    if found:
        plan.partial.add((number, source.rel))
    if kind == REALISATION and isinstance(model, RealisationFile):
        plan.realisations[year] = model
    elif kind == EVALUATION and isinstance(model, EvaluationFile):
        plan.evaluations[year] = model


def _section_of(field_path: str) -> str:
    return re.split(r"[.\[]", field_path, maxsplit=1)[0] or "*"


def stage_files(root: Path, stage: Stage | YearlyStage) -> tuple[list[Path], list[Diagnostic]]:
    """The YAML files of a stage folder, in name order, and a KC118 warning for every
    entry named like one that is not a file to read (a folder, a pipe, a broken link)."""
    folder = root / stage.folder
    if not folder.is_dir():
        return [], []
    files, skipped = [], []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
        kind = _not_a_file(path)
        if kind is None:
            files.append(path)
        else:
            rel = f"{stage.folder}/{path.name}"
            skipped.append(Diagnostic.new("KC118", rel, 1, 1, kind=term(kind)))
    return files, skipped


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is no plan file to read (a word of the catalogue), or None."""
    try:
        info = path.stat()
    except OSError as error:
        return "link_loop" if error.errno == errno.ELOOP else "broken_link"
    if stat.S_ISREG(info.st_mode):
        return None
    return "folder" if stat.S_ISDIR(info.st_mode) else "special_file"


def _safe_stage_files(plan: Plan, stage: Stage | YearlyStage,
                      problems: list[Diagnostic]) -> list[Path]:
    """The stage's files, unless its folder leads out of the plan or holds too many."""
    found, refusal = _list_stage_folder(plan.root, stage, problems)
    if refusal is None and len(found) > MAX_STAGE_FILES:
        refusal = Diagnostic.new("KC115", stage.folder, 1, 1, count=len(found),
                                 limit=MAX_STAGE_FILES)
    if refusal is None:
        return found
    problems.append(refusal)
    plan.partial.add((stage.number, "*"))
    return []


def _list_stage_folder(root: Path, stage: Stage | YearlyStage, problems: list[Diagnostic]
                       ) -> tuple[list[Path], Diagnostic | None]:
    folder = root / stage.folder
    try:
        if folder.is_dir() and not folder.resolve().is_relative_to(root.resolve()):
            target = os.readlink(folder) if folder.is_symlink() else str(folder.resolve())
            return [], Diagnostic.new("KC114", stage.folder, 1, 1, target=target)
        files, skipped = stage_files(root, stage)
        problems.extend(skipped)
        return files, None
    except (OSError, RuntimeError) as error:  # unreadable folder or a symlink loop
        return [], Diagnostic.new("KC109", stage.folder, 1, 1, detail=system_reason(error))


def _version_problems(source: SourceFile, model: PlanFile) -> list[Diagnostic]:
    version = model.__dict__.get("versi_skema")
    if version in (None, SCHEMA_VERSION) or "versi_skema" not in (source.data or {}):
        return []
    line, col = source.locate(("versi_skema",))
    return [Diagnostic.new("KC211", source.rel, line, col, field="versi_skema",
                           value=version, supported=SCHEMA_VERSION)]


def _merge(
    plan: Plan, stage: Stage, parts: list[tuple[str, PlanFile]], problems: list[Diagnostic]
) -> PlanFile:
    """One model for the stage: lists from several files are joined, other sections unique."""
    merged: dict[str, Any] = {"versi_skema": SCHEMA_VERSION}
    for rel, part in parts:
        for name in stage.model.model_fields:
            value = part.__dict__.get(name)
            if name == "versi_skema" or value is None:
                continue
            owner = plan.section_files.get((stage.number, name))
            if isinstance(value, list):
                merged[name] = [*merged.get(name, []), *value]
            elif owner is not None:
                problems.append(plan.at_path(rel, (name,), code="KC210", key=True,
                                             section=name, other=owner))
                continue
            else:
                merged[name] = value
            plan.section_files.setdefault((stage.number, name), rel)
    return stage.model.model_construct(**merged)
