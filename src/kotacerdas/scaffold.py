"""The files `init` and `stage advance` write, and what their templates are filled with.

The templates live in ``templates/scaffold``, once per language (``id``, ``en``); they
differ only in their comments and the example text, and a test holds them to the same
YAML. The next stage's files are filled from what the earlier stages hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kotacerdas.errors import WouldOverwrite
from kotacerdas.formatting import number_formats
from kotacerdas.horizons import horizon_end
from kotacerdas.indicator_ids import IndicatorRef
from kotacerdas.legal_basis import national_acts
from kotacerdas.model.action import ActionPlan
from kotacerdas.model.analysis import Swot
from kotacerdas.model.commitment import QuickWin
from kotacerdas.model.formulation import Programme
from kotacerdas.model.implementation import DEFAULT_SCALE, DEFAULT_WEIGHTS
from kotacerdas.plan import Plan
from kotacerdas.progress import ASPECTS, Ledger, suggested_scores
from kotacerdas.region import region_words
from kotacerdas.render.scaffolding import render_one, render_tree
from kotacerdas.resources import templates_dir
from kotacerdas.stages import EVALUATION, IMPLEMENTATION, REALISATION, stage

#: The years a new plan spans unless `init --end` says otherwise.
PLAN_YEARS = 10


@dataclass(frozen=True)
class Region:
    """What `init` is told about a new plan's region."""

    name: str
    kind: str
    province: str
    start: int
    end: int
    code: str | None = None
    language: str = "id"


def scaffold_dir(part: str, language: str) -> Path:
    """The templates of ``part`` ("init", "stage-2", ...) with their comments in ``language``."""
    return templates_dir() / "scaffold" / (language if language == "en" else "id") / part


def refuse_existing(root: Path, names: list[str], code: str = "KC703") -> None:
    """Raise WouldOverwrite (with ``code``) when any of ``names`` exists under ``root``."""
    existing = [root / name for name in names
                if (root / name).exists() or (root / name).is_symlink()]
    if existing:
        raise WouldOverwrite(existing, code)


def init_files(region: Region) -> dict[str, str]:
    """The manifest and the stage-1 files of a new plan, as relative path -> text."""
    return render_tree(scaffold_dir("init", region.language), init_context(region))


def ci_files(region: Region) -> dict[str, str]:
    """The example CI workflow for a plan repository (`init --ci`)."""
    return render_tree(scaffold_dir("ci", region.language), init_context(region))


def init_context(region: Region) -> dict[str, Any]:
    """What the `init` templates are filled with."""
    words = region_words(region.kind, region.name)
    return {
        "nama": region.name,
        "jenis": region.kind,
        "daerah": words.title,
        "pemerintah": words.government,
        "kepala_daerah": words.head,
        "provinsi": region.province,
        "kode": region.code,
        "mulai": region.start,
        "selesai": region.end,
        "bahasa": region.language,
        "dasar_hukum": [act.model_dump() for act in national_acts()],
    }


def stage_scaffold(plan: Plan, number: int, year: int | None = None,
                   evaluation: bool = True) -> dict[str, str]:
    """Every scaffold file of stage ``number`` (stage 1's as `init` writes them; stage
    5's for ``year``)."""
    if number == IMPLEMENTATION.number:
        assert year is not None
        return yearly_files(plan, year, evaluation)
    if number == 1:
        assert plan.manifest is not None
        region = plan.manifest.wilayah
        period = plan.manifest.periode
        context = init_context(Region(region.nama, region.jenis, region.provinsi, period.mulai,
                                      period.selesai, region.kode, plan.language))
        files = render_tree(scaffold_dir("init", plan.language), context)
        return {name: text for name, text in files.items()
                if name.startswith(stage(1).folder + "/")}
    return next_stage_files(plan, number)


def next_stage_files(plan: Plan, number: int) -> dict[str, str]:
    """The files of stage ``number``, rendered from its scaffold templates.

    Stage 3 mirrors stage 2: one action-plan file beside each programme file.
    """
    folder = scaffold_dir(f"stage-{number}", plan.language)
    if number == 3:
        return {f"{stage(3).folder}/{name}": render_one(folder, "rencana-aksi.yaml.j2", context)
                for name, context in _action_files(plan)}
    rendered = render_tree(folder, scaffold_context(plan, number))
    return {f"{stage(number).folder}/{name}": text for name, text in rendered.items()}


def scaffold_context(plan: Plan, number: int) -> dict[str, Any]:
    """What the stage-``number`` templates are filled with, taken from earlier stages
    (stage 3's for all its programmes in one file; `stage advance` writes one per file)."""
    context = _region_context(plan)
    builders = {2: _formulation_context, 3: _action_context, 4: _commitment_context}
    context.update(builders[number](plan))
    return context


def _region_context(plan: Plan) -> dict[str, Any]:
    assert plan.manifest is not None
    region = plan.manifest.wilayah
    words = region_words(region.jenis, region.nama)
    return {"region": region.nama, "daerah": words.title, "kepala": words.head,
            "pemerintah": words.government, "start": plan.manifest.periode.mulai,
            "end": plan.manifest.periode.selesai}


def _formulation_context(plan: Plan) -> dict[str, Any]:
    swot = [(quadrant, [item for q, item in plan.swot_items if q == quadrant])
            for quadrant in Swot.QUADRANT_PREFIX]
    return {
        "keywords": plan.vision_keywords,
        "rpjmd": plan.rpjmd_periods,
        "swot": swot,
        "dimensions": [(d.id, [e.id for e in d.elements]) for d in plan.catalog.dimensions]
        if plan.catalog else [],
    }


def _action_context(plan: Plan, programmes: list[Programme] | None = None) -> dict[str, Any]:
    assert plan.manifest is not None
    period, lengths = plan.manifest.periode, plan.manifest.jangka.model_dump()
    listed = plan.programmes if programmes is None else programmes
    rows = [{"programme": programme, "start": period.mulai,
             "end": horizon_end(period.mulai, period.selesai, lengths, programme.jangka)}
            for programme in _in_catalogue_order(plan, listed)]
    return {"programmes": rows, "source": f"{stage(2).folder}/"}


def _action_files(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    """Each stage-2 programme file's action-plan file name and template context."""
    by_file: dict[str, list[Programme]] = {}
    for programme in plan.programmes:
        by_file.setdefault(plan.origins.of(programme)[0], []).append(programme)
    files = []
    for source in sorted(by_file) or [f"{stage(2).folder}/program.yaml"]:
        context = _region_context(plan) | _action_context(plan, by_file.get(source, []))
        context["source"] = source
        files.append((_action_file_name(source), context))
    return files


def _action_file_name(programme_file: str) -> str:
    """``program-governance.yaml`` -> ``rencana-aksi-governance.yaml``."""
    name = programme_file.rpartition("/")[2].rsplit(".", 1)[0]
    rest = name.removeprefix("program").lstrip("-_")
    return f"rencana-aksi-{rest}.yaml" if rest else "rencana-aksi.yaml"


def _in_catalogue_order(plan: Plan, programmes: list[Programme]) -> list[Programme]:
    """Programmes by dimension, then element, as the catalogue lists them."""
    order: dict[tuple[str, str | None], int] = {}
    for dimension in plan.catalog.dimensions if plan.catalog else ():
        order[(dimension.id, None)] = len(order)
        for element in dimension.elements:
            order[(dimension.id, element.id)] = len(order)
    def place(programme: Programme) -> int:
        return order.get((programme.dimensi, programme.elemen),
                         order.get((programme.dimensi, None), len(order)))
    return sorted(programmes, key=place)


def _commitment_context(plan: Plan) -> dict[str, Any]:
    programmes = {p.id: p for p in plan.programmes}
    candidates: list[dict[str, Any]] = []
    for entry in plan.action_plans:
        programme = programmes.get(entry.program)
        if programme is not None and plan.horizon_of(entry.tahun_selesai) == "pendek":
            candidates.append({"id": f"QW-{len(candidates) + 1:02d}", "programme": programme,
                               "plan": entry})
    return {"candidates": candidates}


def yearly_files(plan: Plan, year: int, evaluation: bool = True) -> dict[str, str]:
    """Stage 5's files for ``year``: the realisation, prefilled from the action plans and
    quick wins active that year, and (with ``evaluation``) the evaluation
    self-assessment, prefilled from that year's realisation where it can answer."""
    ledger = Ledger(plan)
    folder = scaffold_dir(f"stage-{IMPLEMENTATION.number}", plan.language)
    context = _region_context(plan) | {"year": year}
    files = {IMPLEMENTATION.file_name(REALISATION, year): render_one(
        folder, "realisasi.yaml.j2", context | _realisation_context(plan, ledger, year))}
    if evaluation:
        files[IMPLEMENTATION.file_name(EVALUATION, year)] = render_one(
            folder, "evaluasi.yaml.j2", context | _evaluation_context(plan, ledger, year))
    return files


def _realisation_context(plan: Plan, ledger: Ledger, year: int) -> dict[str, Any]:
    rupiah = number_formats(plan.language)["rupiah"]
    planned: dict[str, list[dict[str, Any]]] = {}
    for (who, when, source), amount in sorted(ledger.planned.items()):
        if when == year:
            planned.setdefault(who, []).append({"source": source, "amount": rupiah(amount)})

    def budget(owner: str) -> list[dict[str, Any]]:
        return planned.get(owner, [])

    def indicators(owner: str) -> list[dict[str, Any]]:
        return [_indicator_row(ref, ledger, year)
                for ref in ledger.indicators_of.get(owner, {}).values()]

    active = {entry.program: entry for entry in ledger.active_programmes(year)}
    programmes = [programme for programme in _in_catalogue_order(
        plan, [ledger.programmes[owner] for owner in active if owner in ledger.programmes])]
    return {
        "programmes": [_owner_row(programme.id, programme.nama, active[programme.id],
                                  budget, indicators) for programme in programmes],
        "quick_wins": [_owner_row(quick.id, quick.nama, quick, budget, indicators)
                       for quick in ledger.active_quick_wins(year)],
    }


def _owner_row(ident: str, name: str, holder: ActionPlan | QuickWin, budget: Any,
               indicators: Any) -> dict[str, Any]:
    return {"id": ident, "name": _line(name), "agency": _line(holder.opd),
            "budget": budget(ident), "indicators": indicators(ident)}


def _indicator_row(ref: IndicatorRef, ledger: Ledger, year: int) -> dict[str, Any]:
    indicator, holder = ref.indicator, ref.holder
    due = indicator.tahun_target or (holder.tahun_selesai if isinstance(holder, ActionPlan)
                                     else holder.selesai.year)
    latest = ledger.latest_value(ref, year - 1)
    return {"id": ref.id, "proposed": not ref.written, "name": _line(indicator.nama),
            "unit": _line(indicator.satuan), "baseline": _line(indicator.baseline),
            "target": _line(indicator.target), "due": due,
            "last": _line(latest[1]) if latest else None,
            "last_year": latest[0] if latest else None}


def _line(value: object) -> str:
    """Plan text as it can stand in a one-line comment."""
    return " ".join(str(value).split())


def _evaluation_context(plan: Plan, ledger: Ledger, year: int) -> dict[str, Any]:
    """The year's weights and scale (as the latest earlier evaluation had them, else the
    defaults) and the scores the realisation answers."""
    earlier = [plan.evaluations[y] for y in sorted(plan.evaluations) if y < year]
    weights = {aspect: getattr(earlier[-1].bobot, aspect) for aspect in ASPECTS} \
        if earlier else dict(DEFAULT_WEIGHTS)
    scale = earlier[-1].skala if earlier else DEFAULT_SCALE
    suggested = suggested_scores(ledger, year, scale)
    active = ledger.active_programmes(year)
    carried = sum(1 for entry in active if (report := ledger.report(year, entry.program))
                  is not None and report.status in ("berjalan", "selesai"))
    started = ledger.started_quick_wins(year)
    quick = sum(ledger.latest_state(q.id, year) in ("berjalan", "selesai") for q in started)
    dimensions = [d.id for d in plan.catalog.dimensions] if plan.catalog else []
    dimensions += [d for d in suggested.dimensions if d not in dimensions]
    return {
        "scale": _number(scale),
        "weights": {aspect: _number(weight) for aspect, weight in weights.items()},
        "outcome": _number(suggested.outcome), "quick_win": _number(suggested.quick_win),
        "carried": carried, "active": len(active), "quick_done": quick,
        "quick_started": len(started),
        "dimensions": [{"id": d, "score": _number(suggested.dimensions.get(d))}
                       for d in dimensions],
    }


def _number(value: float | None) -> str:
    """A number as YAML writes it: whole numbers without a decimal point; None empty."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
